"""0-dimensional sublevel-set persistence of a graph: the merge tree, all levels at once.

The filtration: vertex ``i`` enters at level ``f[i]``, edge ``e`` at level
``w[e] >= max(f[u_e], f[v_e])`` (``w`` is larger than the endpoints when the
loss along the segment was checked, :mod:`critcheck.numeric.graphs`). The
components of the sublevel graph at level ``c`` are the connected pieces of
the sampled sublevel set ``{F <= c}`` (seed 003, Def. IV.2).

Algorithm (Notes): every vertex points to its lowest neighbour reachable by
an edge already present at its own level (steepest descent on the graph);
following the pointers labels each vertex with the local minimum of its
*basin*, and inside a basin everything is connected below the vertex's own
value. Only edges between different basins remain; they are sorted by
weight and merged with a union-find that keeps the older (lower) minimum as
representative -- the elder rule -- which yields the persistence pairs
``(birth, death)`` of the merge tree. Ties are broken by vertex index, so
the order is total. On 2-D grids (edge level = max of the ends) no edge is
materialised. One pass over the rows, written without branches on the data
so that it vectorises, computes the descent pointers (int32) and the
lower-link mask of every vertex (bit ``r``: ring neighbour ``r`` is below
it), and keeps the local minima and the *candidates*: vertices whose lower
link has two or more local components (a 256-entry table per
connectivity). Only candidates can merge components, so only they reach the
union-find, with one query per local component of the lower link (a second
256-entry table of representatives), not one per lower neighbour. Each
candidate becomes one 32-byte row -- the basins of itself and of its
representatives, built in index order so the lookups walk memory forward --
and a stable bucket sort on the value moves the rows into level order, so
the union-find (path halving, int32) reads them in sequence. Basins are
found by following the descent pointers when candidates are few (smooth
losses), or labelled for every vertex first when they are many (noise), by
pointer jumping in forward and backward sweeps. Basin labels for the caller
are computed lazily (:attr:`MergeTree.basin`).

The kernels are compiled with Numba (``cache=True``). Measured against
GUDHI's routine for top cells in the same run, interleaved
(``benchmarks/bench_persistence.py``, ``benchmarks/RESULTS.md``): below its
time on smooth, rugged and white-noise grids of 1000^2-4000^2 on the 2-core
development machine, with identical pairs -- and this returns the merge
tree (minima positions, merge partners, death edges), which GUDHI does not.

References
----------
H. Edelsbrunner, J. Harer, *Computational Topology*, Sec. VII.1 (0-dim
persistence by union-find, the elder rule). Seed 003 (Sun et al.), Def. IV.2
(spurious valley).
"""

from __future__ import annotations

import dataclasses
import functools

import numba
import numpy as np

from ..errors import InvalidArgument

__all__ = ["MergeTree", "merge_tree", "grid_merge_tree"]


@numba.njit(cache=True, inline="always")
def _less(f, a, b):
    return f[a] < f[b] or (f[a] == f[b] and a < b)


@numba.njit(cache=True)
def _descent_edges(f, u, v, w):
    n = f.shape[0]
    parent = np.full(n, -1, dtype=np.int64)
    for e in range(u.shape[0]):
        a = u[e]
        b = v[e]
        if a == b:
            continue
        if _less(f, a, b):
            lo, hi = a, b
        else:
            lo, hi = b, a
        if w[e] <= f[hi]:
            p = parent[hi]
            if p < 0 or _less(f, lo, p):
                parent[hi] = lo
    return parent


@numba.njit(cache=True)
def _label(parent):
    n = parent.shape[0]
    root = np.full(n, -1, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    for i in range(n):
        if root[i] >= 0:
            continue
        top = 0
        j = i
        while root[j] < 0 and parent[j] >= 0:
            stack[top] = j
            top += 1
            j = parent[j]
        r = root[j] if root[j] >= 0 else j
        root[j] = r
        for t in range(top):
            root[stack[t]] = r
    return root


@numba.njit(cache=True)
def _find(uf, x):
    while uf[x] != x:
        uf[x] = uf[uf[x]]
        x = uf[x]
    return x


@numba.njit(cache=True)
def _kruskal(k, bu, bv, ew):
    """Union-find over basins 0..k-1 (position = age: lower is older) along
    edges sorted by weight; the elder rule keeps the lower position."""
    uf = np.arange(k)
    death = np.full(k, np.inf)
    into = np.full(k, -1, dtype=np.int64)
    which = np.full(k, -1, dtype=np.int64)
    for e in range(bu.shape[0]):
        ra = _find(uf, bu[e])
        rb = _find(uf, bv[e])
        if ra == rb:
            continue
        old = min(ra, rb)
        young = max(ra, rb)
        uf[young] = old
        death[young] = ew[e]
        into[young] = old
        which[young] = e
    return death, into, which


_RING = np.array([[-1, 0], [-1, 1], [0, 1], [1, 1], [1, 0], [1, -1], [0, -1], [-1, -1]],
                 dtype=np.int64)  # N, NE, E, SE, S, SW, W, NW: axis at even positions


def _link_components_table(conn8: bool) -> np.ndarray:
    """Number of local components of a lower link, for each of the 256 masks of
    the 8-ring (bit r: ring neighbour r is lower). 8-neighbour graph: ring
    neighbours r, r+1 are adjacent, and so are two axis neighbours around a
    corner. 4-neighbour graph: only axis neighbours count, two of them joined
    through the corner between them when that corner is lower too."""
    out = np.zeros(256, dtype=np.int8)
    for m in range(256):
        low = [(m >> r) & 1 == 1 for r in range(8)]
        if conn8:
            eff = [low[r] or (r % 2 == 1 and low[r - 1] and low[(r + 1) % 8]) for r in range(8)]
            cnt = sum(1 for r in range(8) if eff[r] and not eff[r - 1])
            if cnt == 0 and any(eff):
                cnt = 1
        else:
            n_a = sum(1 for r in range(0, 8, 2) if low[r])
            links = sum(1 for r in range(0, 8, 2) if low[r] and low[(r + 2) % 8] and low[r + 1])
            cnt = n_a - links
            if cnt == 0 and n_a > 0:
                cnt = 1
        out[m] = cnt
    return out


_LINK8 = _link_components_table(True)
_LINK4 = _link_components_table(False)


def _link_representatives(conn8: bool) -> np.ndarray:
    """For each 8-ring mask, one lower neighbour per local component of the
    lower link (as counted by :func:`_link_components_table`); -1 pads.

    Neighbours in one local component are joined through vertices below the
    centre inside the 3x3 block, hence already lie in one sublevel component
    when the centre enters: the union-find needs one of them only."""
    out = np.full((256, 8), -1, dtype=np.int64)
    for m in range(256):
        low = [(m >> r) & 1 == 1 for r in range(8)]
        nodes = [r for r in range(8) if low[r] and (conn8 or r % 2 == 0)]
        comp = {r: r for r in nodes}

        def find(r):
            while comp[r] != r:
                r = comp[r]
            return r

        def join(a, b):
            comp[find(a)] = find(b)

        for r in nodes:
            if conn8:
                if low[(r + 1) % 8]:
                    join(r, (r + 1) % 8)
                if r % 2 == 0 and low[(r + 2) % 8]:   # axis neighbours around a corner touch
                    join(r, (r + 2) % 8)
            elif low[(r + 1) % 8] and low[(r + 2) % 8]:  # axis pair joined through the corner
                join(r, (r + 2) % 8)
        reps = sorted({find(r) for r in nodes})
        out[m, :len(reps)] = reps
    return out


_REP8 = _link_representatives(True)
_REP4 = _link_representatives(False)


@numba.njit(cache=True)
def _edge_vertex(f, i, j, n0, n1, conn8, parent, low):
    """Descent pointer and lower-link mask of a vertex on the grid's border
    (neighbours outside the grid skipped); ``parent`` -1 at a local minimum."""
    me = i * n1 + j
    fm = f[me]
    best = me
    fb = fm
    mask = 0
    for r in range(8):
        ii = i + _RING[r, 0]
        jj = j + _RING[r, 1]
        if ii < 0 or ii >= n0 or jj < 0 or jj >= n1:
            continue
        o = ii * n1 + jj
        fo = f[o]
        if fo < fm or (fo == fm and o < me):
            mask |= 1 << r
            if (conn8 or (r & 1) == 0) and (fo < fb or (fo == fb and o < best)):
                best = o
                fb = fo
    parent[me] = best if best != me else -1
    low[j] = mask


@numba.njit(cache=True)
def _inner_row(up, mid, dn, prow, base, n1, conn8, low):
    """Descent pointers and lower-link masks of the inner vertices of one
    inner row (``up``, ``mid``, ``dn``: the rows above, at and below it;
    ``prow``: its slice of the pointers; ``base``: its first vertex), with no
    branch on the data and no negative index, so the compiler vectorises it.

    Neighbour ``o`` is below ``me`` when ``(f[o], o) < (f[me], me)``: ``<=``
    for the neighbours before ``me`` in C order (NW, N, NE, W), ``<`` for
    those after. The steepest lower neighbour is the first minimum of the
    3x3 block in index order -- the least (value, index) -- with ``me`` in
    its place (then ``me`` is a local minimum, pointer -1)."""
    for j in range(1, n1 - 1):
        fm = mid[j]
        a0 = up[j - 1]
        a1 = up[j]
        a2 = up[j + 1]
        a3 = mid[j - 1]
        a5 = mid[j + 1]
        a6 = dn[j - 1]
        a7 = dn[j]
        a8 = dn[j + 1]
        mask = ((1 if a1 <= fm else 0) | (2 if a2 <= fm else 0) | (4 if a5 < fm else 0)
                | (8 if a8 < fm else 0) | (16 if a7 < fm else 0) | (32 if a6 < fm else 0)
                | (64 if a3 <= fm else 0) | (128 if a0 <= fm else 0))
        if conn8:
            fb = a0
            b = j - 1 - n1
            if a1 < fb:
                fb = a1
                b = j - n1
            if a2 < fb:
                fb = a2
                b = j + 1 - n1
            if a3 < fb:
                fb = a3
                b = j - 1
        else:
            fb = a1
            b = j - n1
            if a3 < fb:
                fb = a3
                b = j - 1
        if fm < fb:
            fb = fm
            b = -1 - base
        if a5 < fb:
            fb = a5
            b = j + 1
        if conn8:
            if a6 < fb:
                fb = a6
                b = j - 1 + n1
            if a7 < fb:
                fb = a7
                b = j + n1
            if a8 < fb:
                fb = a8
                b = j + 1 + n1
        elif a7 < fb:
            fb = a7
            b = j + n1
        prow[j] = base + b
        low[j] = mask


@numba.njit(cache=True)
def _grid2d_scan(F, conn8, table):
    """One pass over the grid: the descent pointer of every vertex (-1 at local
    minima), the local minima, and the candidates -- vertices whose lower link
    (neighbours below them in the (value, index) order) has two or more local
    components, the only places where components can merge -- with their
    lower-link masks. Minima and candidates come out in index order.

    A vertex whose lower neighbours are joined to each other through vertices
    below it inside its 3x3 neighbourhood merges nothing when it enters: by
    induction on the level those neighbours already lie in one component."""
    n0, n1 = F.shape
    n = n0 * n1
    f = F.ravel()
    parent = np.empty(n, dtype=np.int32)
    # room for every vertex; the OS commits only the pages written (the used
    # part and one row beyond), so no growing and no bounds checks per row
    minima = np.empty(n, dtype=np.int32)
    cand = np.empty(n, dtype=np.int32)
    cmask = np.empty(n, dtype=np.uint8)
    low = np.empty(n1, dtype=np.uint8)
    nmin = 0
    ncand = 0
    dense = True
    for i in range(n0):
        base = i * n1
        prow = parent[base:base + n1]
        if 0 < i < n0 - 1 and n1 > 2:
            _inner_row(f[base - n1:base], f[base:base + n1], f[base + n1:base + 2 * n1], prow,
                       base, n1, conn8, low)
            _edge_vertex(f, i, 0, n0, n1, conn8, parent, low)
            _edge_vertex(f, i, n1 - 1, n0, n1, conn8, parent, low)
        else:
            for j in range(n1):
                _edge_vertex(f, i, j, n0, n1, conn8, parent, low)
        before = nmin + ncand
        if dense:   # written always, kept when it counts: no branch to mispredict
            for j in range(n1):
                is_min = prow[j] < 0
                minima[nmin] = base + j
                nmin += 1 if is_min else 0
                cand[ncand] = base + j
                cmask[ncand] = low[j]
                ncand += 1 if (table[low[j]] >= 2 and not is_min) else 0
        else:       # few kept (smooth losses): a branch that is nearly always right is cheaper
            for j in range(n1):
                if prow[j] < 0:
                    minima[nmin] = base + j
                    nmin += 1
                elif table[low[j]] >= 2:
                    cand[ncand] = base + j
                    cmask[ncand] = low[j]
                    ncand += 1
        dense = (nmin + ncand - before) * 16 > n1   # this row decides for the next
    return parent, minima[:nmin].copy(), cand[:ncand].copy(), cmask[:ncand].copy()


@numba.njit(cache=True)
def _root(parent, x):
    r = x
    while parent[r] >= 0:
        r = parent[r]
    while parent[x] >= 0 and parent[x] != r:  # shortcut to the minimum: still descending
        nxt = parent[x]
        parent[x] = r
        x = nxt
    return r


@numba.njit(cache=True)
def _basin_positions(parent, minima):
    """``lab[v]``: position in ``minima`` of the local minimum of ``v``'s basin.

    Pointer jumping in place, sweeping forward then backward over the grid:
    a vertex takes its target's current pointer (a minimum's entry holds
    ``-1 - position``). Descent pointers lead to a grid neighbour, so each
    sweep reads memory near where it writes, and a path whose steps all go
    one way is resolved in one sweep; every sweep at least halves the rest."""
    n = parent.shape[0]
    lab = parent.copy()
    for t in range(minima.shape[0]):
        lab[minima[t]] = -1 - t
    pending = 1
    while pending:
        pending = 0
        for i in range(n):
            p = lab[i]
            if p >= 0:
                q = lab[p]
                lab[i] = q
                pending += 1 if q >= 0 else 0
        if pending == 0:
            break
        pending = 0
        for i in range(n - 1, -1, -1):
            p = lab[i]
            if p >= 0:
                q = lab[p]
                lab[i] = q
                pending += 1 if q >= 0 else 0
    for i in range(n):
        lab[i] = -1 - lab[i]
    return lab


@numba.njit(cache=True)
def _candidate_records(n1, parent, minima, cand, cmask, reps, use_lab):
    """For each candidate (index order), one 32-byte row: the minima positions
    of its own basin and of the basins of its lower-link representatives
    (-1 pads), the vertex and its mask. Built in index order, so the basin
    lookups walk memory forward; the union-find then reads one row per
    candidate.

    Basins: labelled in one sweep when candidates are many (noisy grids),
    else found by following the descent pointers (smooth grids)."""
    m = cand.shape[0]
    rec = np.full((m, 8), -1, dtype=np.int32)
    if use_lab:
        lab = _basin_positions(parent, minima)
        pos = lab
    else:
        lab = np.empty(0, dtype=np.int32)
        pos = np.empty(parent.shape[0], dtype=np.int32)
        for t in range(minima.shape[0]):
            pos[minima[t]] = t
    step = np.empty(8, dtype=np.int64)
    for r in range(8):
        step[r] = _RING[r, 0] * n1 + _RING[r, 1]
    for c in range(m):
        me = cand[c]
        mk = cmask[c]
        rec[c, 0] = lab[me] if use_lab else pos[_root(parent, me)]
        for q in range(4):
            r = reps[mk, q]
            if r < 0:
                break
            o = me + step[r]
            rec[c, 1 + q] = lab[o] if use_lab else pos[_root(parent, o)]
        rec[c, 5] = me
        rec[c, 6] = mk
    return rec


@numba.njit(cache=True)
def _find32(uf, x):
    """Root of ``x`` with path halving."""
    p = uf[x]
    while p != x:
        g = uf[p]
        uf[x] = g
        x = g
        p = uf[x]
    return x


@numba.njit(cache=True)
def _grid2d_union(rec, level, reps, n1, k):
    """Union-find over basins, visiting the candidates' rows ``rec`` in
    increasing value ``level`` (both already in that order). Each candidate's own
    component is looked up once and carried through its unions; one query
    per local component of its lower link. The elder rule keeps the lower
    position (the older minimum)."""
    uf = np.arange(k).astype(np.int32)
    death = np.full(k, np.inf)
    into = np.full(k, -1, dtype=np.int64)
    du = np.full(k, -1, dtype=np.int64)
    dv = np.full(k, -1, dtype=np.int64)
    step = np.empty(8, dtype=np.int64)
    for r in range(8):
        step[r] = _RING[r, 0] * n1 + _RING[r, 1]
    for c in range(rec.shape[0]):
        rb = _find32(uf, rec[c, 0])
        for q in range(4):
            a = rec[c, 1 + q]
            if a < 0:
                break
            ra = _find32(uf, a)
            if ra == rb:
                continue
            if ra < rb:
                old, young = ra, rb
            else:
                old, young = rb, ra
            uf[young] = old
            death[young] = level[c]
            into[young] = old
            me = rec[c, 5]
            du[young] = me + step[reps[rec[c, 6], q]]
            dv[young] = me
            rb = old
    return death, into, du, dv


@numba.njit(cache=True)
def _bucket_map(v):
    """``(lo, hi, nb, scale)`` of the bucket map of :func:`_bucket`: about four
    values a bucket when they are spread evenly."""
    lo = np.inf
    hi = -np.inf
    for t in range(v.shape[0]):
        x = v[t]
        if x > -np.inf and x < lo:
            lo = x
        if x < np.inf and x > hi:
            hi = x
    nb = v.shape[0] // 4 + 1
    span = hi - lo
    scale = (nb - 1) / span if (span > 0.0 and span < np.inf) else 0.0
    return lo, hi, nb, scale


@numba.njit(cache=True)
def _bucket(x, lo, hi, nb, scale):
    """Bucket ``floor((x - lo) * (nb - 1) / (hi - lo))`` of ``x``, clamped to
    ``0..nb-1``: non-decreasing in ``x`` (each step rounds monotonically;
    infinities go to the end buckets)."""
    if x <= lo:
        return 0
    if x >= hi:
        return nb - 1
    return min(int((x - lo) * scale), nb - 1)


@numba.njit(cache=True)
def _merge_order(v):
    """Stable argsort of ``v`` by bottom-up merge sort (ties keep their order)."""
    m = v.shape[0]
    a = np.arange(m)
    b = np.empty(m, dtype=np.int64)
    width = 1
    while width < m:
        for lo in range(0, m, 2 * width):
            mid = min(lo + width, m)
            hi = min(lo + 2 * width, m)
            i, j, t = lo, mid, lo
            while i < mid and j < hi:
                if v[a[j]] < v[a[i]]:
                    b[t] = a[j]
                    j += 1
                else:
                    b[t] = a[i]
                    i += 1
                t += 1
            while i < mid:
                b[t] = a[i]
                i += 1
                t += 1
            while j < hi:
                b[t] = a[j]
                j += 1
                t += 1
        a, b = b, a
        width *= 2
    return a


@numba.njit(cache=True)
def _rows_by_value(v, rec):
    """The rows of ``rec`` stably sorted by ``v`` (float64, no NaN), and ``v``
    sorted. ``rec`` is overwritten with the result (its buffer is reused).

    Two-level bucket sort, so that every scatter stays in cache: a stable
    counting scatter of values and rows into at most 2048 coarse buckets,
    then inside each coarse bucket (a few thousand rows) a stable counting
    scatter into the fine buckets of :func:`_bucket`, insertion sort in small
    fine buckets and merge sort in large ones (skewed values), and the rows
    copied into their places. Moving the rows themselves lets the union-find
    read them in order."""
    m = v.shape[0]
    w = rec.shape[1]
    lo, hi, nb, scale = _bucket_map(v)
    shift = 0
    while ((nb - 1) >> shift) >= 2048:
        shift += 1
    nc = ((nb - 1) >> shift) + 1
    fine = np.empty(m, dtype=np.int32)
    cstart = np.zeros(nc + 1, dtype=np.int64)
    for t in range(m):
        b = _bucket(v[t], lo, hi, nb, scale)
        fine[t] = b
        cstart[(b >> shift) + 1] += 1
    for c in range(nc):
        cstart[c + 1] += cstart[c]
    at = cstart[:nc].copy()
    tv = np.empty(m, dtype=np.float64)
    tf = np.empty(m, dtype=np.int32)
    trows = np.empty_like(rec)
    for t in range(m):
        b = fine[t]
        d = at[b >> shift]
        at[b >> shift] = d + 1
        tv[d] = v[t]
        tf[d] = b
        for q in range(w):
            trows[d, q] = rec[t, q]
    out = np.empty(m, dtype=np.float64)
    src = np.empty(m, dtype=np.int64)   # row of trows that lands at each sorted place
    nf = 1 << shift
    fstart = np.empty(nf + 1, dtype=np.int64)
    fat = np.empty(nf, dtype=np.int64)
    for c in range(nc):
        s0 = cstart[c]
        e0 = cstart[c + 1]
        if e0 == s0:
            continue
        first = c << shift
        fstart[:] = 0
        for t in range(s0, e0):
            fstart[tf[t] - first + 1] += 1
        fstart[0] = s0
        for b in range(nf):
            fstart[b + 1] += fstart[b]
        fat[:] = fstart[:nf]
        for t in range(s0, e0):
            b = tf[t] - first
            d = fat[b]
            fat[b] = d + 1
            out[d] = tv[t]
            src[d] = t
        for b in range(nf):
            s = fstart[b]
            e = fstart[b + 1]
            if e - s <= 32:
                for t in range(s + 1, e):
                    x = out[t]
                    y = src[t]
                    u = t - 1
                    while u >= s and out[u] > x:
                        out[u + 1] = out[u]
                        src[u + 1] = src[u]
                        u -= 1
                    out[u + 1] = x
                    src[u + 1] = y
            else:
                p = _merge_order(out[s:e])
                keep_v = out[s:e].copy()
                keep_s = src[s:e].copy()
                for t in range(e - s):
                    out[s + t] = keep_v[p[t]]
                    src[s + t] = keep_s[p[t]]
        for d in range(s0, e0):   # rows of this coarse bucket: all in cache
            r = src[d]
            for q in range(w):
                rec[d, q] = trows[r, q]
    return rec, out


@numba.njit(cache=True)
def _value_order(v):
    """Stable argsort of ``v`` (float64, no NaN) and the sorted values
    (:func:`_rows_by_value` moving the positions)."""
    pos = np.arange(v.shape[0]).astype(np.int32).reshape(v.shape[0], 1)   # one compiled type
    rows, out = _rows_by_value(v, pos)
    return rows[:, 0].copy(), out


def _order_by_value(f, idx):
    """Positions ``0..len(idx)-1`` ordered by ``f[idx]``, ties by position
    (``idx`` increasing: ties in index order)."""
    return _value_order(np.ascontiguousarray(f[idx], dtype=np.float64))[0]


@dataclasses.dataclass(frozen=True)
class MergeTree:
    """The 0-dim persistence of a vertex/edge-filtered graph.

    Attributes
    ----------
    values : ndarray, shape (n,)
        the vertex values ``f``.
    basin : ndarray, shape (n,)
        for each vertex, the vertex index of the local minimum of its basin
        (a property; on grids computed on first use from ``descent``).
    descent : ndarray, shape (n,) or None
        grids only: for each vertex a lower vertex of its basin (-1 at local
        minima) -- its steepest-descent neighbour, or, after a basin lookup
        on a grid with few merge candidates, a shortcut further down the
        same descent path.
    minima : ndarray, shape (k,)
        the local minima (basin roots), sorted by value (ties by index).
    birth, death : ndarray, shape (k,)
        birth ``f[minima]``; death is the level at which the component born
        there merges into an older one (``inf``: it never does -- an
        essential class, one per connected piece of the graph).
    merged_into : ndarray, shape (k,)
        position in ``minima`` of the older component it merges into (-1).
    death_edge : ndarray, shape (k, 2)
        the vertices of the edge whose entry causes the merge (-1 if none).
    """

    values: np.ndarray
    basin_: np.ndarray | None = dataclasses.field(repr=False)
    minima: np.ndarray
    birth: np.ndarray
    death: np.ndarray
    merged_into: np.ndarray
    death_edge: np.ndarray
    descent: np.ndarray | None = dataclasses.field(default=None, repr=False)

    @functools.cached_property
    def basin(self) -> np.ndarray:
        """For each vertex, the vertex index of the local minimum of its basin
        (computed on first use from the descent pointers)."""
        if self.basin_ is not None:
            return self.basin_
        return self.minima[_basin_positions(self.descent, self.minima.astype(np.int32))]

    @property
    def n_vertices(self) -> int:
        return int(self.values.shape[0])

    def pairs(self, min_persistence: float = 0.0) -> np.ndarray:
        """``(birth, death)`` rows with ``death - birth > min_persistence``
        (essential classes have ``death = inf``), as GUDHI reports them."""
        keep = (self.death - self.birth) > min_persistence
        keep &= np.isfinite(self.birth)
        return np.stack([self.birth[keep], self.death[keep]], axis=1)

    def _rep_at(self, level: float) -> np.ndarray:
        """For each minimum, the position of its component's oldest minimum at ``level``."""
        rep = np.arange(self.minima.shape[0])
        for _ in range(self.minima.shape[0] + 1):
            move = (self.death[rep] <= level) & (self.merged_into[rep] >= 0)
            if not move.any():
                return rep
            rep = np.where(move, self.merged_into[rep], rep)
        return rep  # pragma: no cover - chains are at most k long

    def components_at(self, level: float) -> np.ndarray:
        """Component label per vertex at ``level`` (-1 above it); labels are
        positions in ``minima`` of each component's lowest minimum."""
        pos = np.full(self.n_vertices, -1, dtype=np.int64)
        pos[self.minima] = np.arange(self.minima.shape[0])
        rep = self._rep_at(level)
        lab = rep[pos[self.basin]]
        lab[~(self.values <= level)] = -1
        return lab

    def n_components(self, level: float) -> int:
        """Number of components of the sampled sublevel set at ``level``."""
        alive = (self.birth <= level) & ~((self.death <= level) & (self.merged_into >= 0))
        return int(alive.sum())

    def alive_at(self, level: float) -> np.ndarray:
        """Positions (in ``minima``) of the components present at ``level``."""
        alive = (self.birth <= level) & ~((self.death <= level) & (self.merged_into >= 0))
        return np.flatnonzero(alive)

    def to_networkx(self):
        """The merge tree as a :class:`networkx.DiGraph` (edge: younger -> older minimum).

        Node ``i`` is the minimum ``minima[i]`` with attributes ``vertex``,
        ``birth``, ``death``; the edge carries ``level`` (the death level).
        """
        import networkx as nx

        g = nx.DiGraph()
        for i, m in enumerate(self.minima):
            g.add_node(i, vertex=int(m), birth=float(self.birth[i]), death=float(self.death[i]))
        for i, j in enumerate(self.merged_into):
            if j >= 0:
                g.add_edge(i, int(j), level=float(self.death[i]))
        return g


def _finish(f, parent, root, eu, ev, ew) -> MergeTree:
    minima = np.flatnonzero(parent < 0)
    minima = minima[np.lexsort((minima, f[minima]))]
    k = minima.shape[0]
    pos = np.empty(f.shape[0], dtype=np.int64)
    pos[minima] = np.arange(k)
    order = np.argsort(ew, kind="stable")
    eu, ev, ew = eu[order], ev[order], ew[order]
    death, into, which = _kruskal(k, pos[root[eu]], pos[root[ev]], ew)
    has = which >= 0
    du = np.where(has, eu[np.maximum(which, 0)] if eu.size else -1, -1)
    dv = np.where(has, ev[np.maximum(which, 0)] if ev.size else -1, -1)
    return MergeTree(values=f, basin_=root, minima=minima, birth=f[minima],
                     death=death, merged_into=into, death_edge=np.stack([du, dv], axis=1))


def _as_values(values) -> np.ndarray:
    from .backend import to_numpy

    f = np.ascontiguousarray(to_numpy(values), dtype=np.float64)
    if f.size and np.isnan(np.min(f)):   # min propagates NaN; no n-sized mask on the way
        raise InvalidArgument(
            f"values contain {int(np.isnan(f).sum())} NaN; map non-finite losses to +inf first "
            "(CompiledLoss(..., nonfinite='inf') does)")
    return f


def merge_tree(values, edges, weights=None) -> MergeTree:
    """0-dim sublevel persistence of a graph with vertex values and edge weights.

    Parameters
    ----------
    values : array, shape (n,)
        loss at the vertices (``+inf`` allowed: never in a sublevel set).
    edges : int array, shape (m, 2)
    weights : array, shape (m,), optional
        level at which each edge enters; default ``max`` of its endpoints.
        Values below that maximum are raised to it.

    Returns
    -------
    MergeTree

    Notes
    -----
    Two linear passes (descent pointers, basin labels) plus a sort of the
    edges between different basins and a union-find over them:
    ``O(n + m + m' log m')`` with ``m'`` the number of inter-basin edges.
    """
    f = _as_values(values).ravel()
    e = np.ascontiguousarray(np.asarray(edges, dtype=np.int64))
    if e.ndim != 2 or (e.size and e.shape[1] != 2):
        raise InvalidArgument(f"edges of shape {e.shape} must be (m, 2) vertex indices")
    e = e.reshape(-1, 2)
    if e.size and (e.min() < 0 or e.max() >= f.shape[0]):
        raise InvalidArgument(f"edges refer to vertices outside 0..{f.shape[0] - 1}")
    u, v = e[:, 0].copy(), e[:, 1].copy()
    base = np.maximum(f[u], f[v])
    if weights is None:
        w = base
    else:
        w = np.asarray(weights, dtype=np.float64).ravel()
        if w.shape != base.shape or np.isnan(w).any():
            raise InvalidArgument(f"weights must be {base.shape[0]} numbers without NaN")
        w = np.maximum(w, base)
    parent = _descent_edges(f, u, v, w)
    root = _label(parent)
    cross = root[u] != root[v]
    return _finish(f, parent, root, u[cross], v[cross], w[cross])


def grid_merge_tree(values, connectivity: int = 4) -> MergeTree:
    """Merge tree of a 2-D grid of values, edges weighted by the max of their ends.

    ``connectivity=4`` joins axis neighbours (GUDHI's cubical complex with
    ``vertices=values``); ``8`` adds the diagonals (the same components as
    GUDHI's cubical complex with ``top_dimensional_cells=values``).
    Vertex ``k`` is ``values.ravel()[k]`` (C order).
    """
    F = _as_values(values)
    if F.ndim != 2:
        raise InvalidArgument(f"grid_merge_tree takes a 2-D array, got shape {F.shape}; "
                              "use merge_tree with graphs.grid_edges for other dimensions")
    if connectivity not in (4, 8):
        raise InvalidArgument(f"connectivity={connectivity!r}; use 4 or 8")
    if F.size >= 2 ** 31 - 1:
        raise InvalidArgument(f"grid of shape {F.shape} has {F.size} vertices; the grid kernel "
                              "indexes them with int32 (at most 2**31 - 2): use merge_tree "
                              "with graphs.grid_edges")
    F = np.ascontiguousarray(F)
    conn8 = connectivity == 8
    parent, minima, cand, cmask = _grid2d_scan(F, conn8, _LINK8 if conn8 else _LINK4)
    f = F.ravel()
    minima = minima[_value_order(f[minima])[0]]   # index order among ties
    k = minima.shape[0]
    reps = _REP8 if conn8 else _REP4
    many = cand.shape[0] * 8 > f.shape[0]   # noisy grids: label every vertex once
    rec = _candidate_records(F.shape[1], parent, minima, cand, cmask, reps, many)
    rec, level = _rows_by_value(f[cand], rec)
    death, into, du, dv = _grid2d_union(rec, level, reps, F.shape[1], k)
    return MergeTree(values=f, basin_=None, minima=minima.astype(np.int64), birth=f[minima],
                     death=death, merged_into=into, death_edge=np.stack([du, dv], axis=1),
                     descent=parent)

"""The grid merge tree's kernels (numeric/persistence.py): tables, sorts, scan,
basin labels, whole trees."""

import numpy as np
import pytest

from critcheck.errors import InvalidArgument
from critcheck.numeric.persistence import (_LINK4, _LINK8, _REP4, _REP8, _basin_positions,
                                           _grid2d_scan, _order_by_value, _rows_by_value,
                                           _value_order, grid_merge_tree, merge_tree)


@pytest.mark.parametrize("reps,counts", [(_REP8, _LINK8), (_REP4, _LINK4)])
def test_one_representative_per_local_component(reps, counts):
    np.testing.assert_array_equal((reps >= 0).sum(axis=1), counts)
    for m in range(256):   # every representative is a lower neighbour
        for r in reps[m][reps[m] >= 0]:
            assert (m >> r) & 1


def test_radix_order_is_the_stable_value_order():
    rng = np.random.default_rng(0)
    f = np.concatenate([rng.standard_normal(3000), np.round(rng.standard_normal(3000), 1),
                        [0.0, -0.0, np.inf, -np.inf, 1e-310, -1e-310, 0.0, -0.0]])
    idx = np.flatnonzero(rng.random(f.size) < 0.7)
    got = idx[_order_by_value(f, idx)]
    want = idx[np.lexsort((idx, f[idx]))]
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("shape", [(1, 40), (40, 1), (2, 2), (37, 53)])
def test_merge_tree_paths_agree_on_ties(shape):
    """Quantised values (many ties) on both basin-lookup paths give one answer:
    the pairs of the 8-neighbour tree equal those of the same grid as a graph."""
    from critcheck.numeric.graphs import grid_edges
    from critcheck.numeric.persistence import merge_tree

    a = np.round(np.random.default_rng(1).random(shape) * 4) / 4
    t = grid_merge_tree(a, 8)
    g = merge_tree(a.ravel(), grid_edges(a.shape, diagonals=True))
    np.testing.assert_array_equal(np.sort(t.pairs(), axis=0), np.sort(g.pairs(), axis=0))


def _lexsorted(v):
    return np.lexsort((np.arange(v.size), v))


@pytest.mark.parametrize("case", ["spread", "ties", "skewed", "specials", "one", "empty"])
def test_bucket_sorts_are_the_stable_value_order(case):
    """Both sorts against NumPy's lexsort; 40000 values take both levels of
    buckets (coarse ones of 8 fine ones); "skewed" puts almost everything in
    one bucket (the merge-sort branch), "specials" mixes +-0, +-inf and
    subnormals (infinities outside the bucket map)."""
    rng = np.random.default_rng(3)
    v = {"spread": rng.standard_normal(40000),
         "ties": np.round(rng.standard_normal(40000), 1),
         "skewed": np.concatenate([rng.random(3000), [1e9, -1e9], rng.random(37000)]),
         "specials": np.array([0.0, -0.0, np.inf, -np.inf, 1e-310, -1e-310, 0.0, -0.0, np.inf,
                               2.0, -np.inf, 5e-324] * 40),
         "one": np.array([4.0]),
         "empty": np.zeros(0)}[case]
    order, out = _value_order(v)
    np.testing.assert_array_equal(order, _lexsorted(v))
    np.testing.assert_array_equal(out, v[_lexsorted(v)])
    rec = np.stack([np.arange(v.size, dtype=np.int32)] * 8, axis=1)
    rows, out2 = _rows_by_value(v, rec)
    np.testing.assert_array_equal(rows[:, 0], _lexsorted(v))
    np.testing.assert_array_equal(rows[:, 7], _lexsorted(v))
    np.testing.assert_array_equal(out2, out)


def _naive_descent(a, conn8):
    """Steepest lower neighbour by the (value, index) order, -1 at minima:
    the definition, one vertex at a time."""
    n0, n1 = a.shape
    f = a.ravel()
    out = np.full(f.size, -1)
    for i in range(n0):
        for j in range(n1):
            me = i * n1 + j
            best = (f[me], me)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    ii, jj = i + di, j + dj
                    if (di, dj) == (0, 0) or not (0 <= ii < n0 and 0 <= jj < n1):
                        continue
                    if not conn8 and di and dj:
                        continue
                    best = min(best, (f[ii * n1 + jj], ii * n1 + jj))
            if best[1] != me:
                out[me] = best[1]
    return out


@pytest.mark.parametrize("conn8", [True, False])
@pytest.mark.parametrize("shape", [(1, 7), (6, 1), (2, 2), (3, 3), (19, 23)])
def test_scan_pointers_and_basin_labels_follow_the_definition(conn8, shape):
    """Quantised values (ties everywhere): the vectorised scan's pointers are
    the steepest lower neighbours, the minima are the vertices without one,
    and the pointer-jumping labels are the minima reached by following them."""
    a = np.round(np.random.default_rng(7).random(shape) * 5) / 5
    parent, minima, cand, cmask = _grid2d_scan(a, conn8, _LINK8 if conn8 else _LINK4)
    want = _naive_descent(a, conn8)
    np.testing.assert_array_equal(parent, want)
    np.testing.assert_array_equal(minima, np.flatnonzero(want < 0))
    lab = _basin_positions(parent, minima)
    for v in range(a.size):
        r = v
        while want[r] >= 0:
            r = want[r]
        assert minima[lab[v]] == r


@pytest.mark.parametrize("kind", ["noise", "smooth"])
@pytest.mark.parametrize("conn", [8, 4])
def test_grid_tree_equals_graph_tree(kind, conn):
    """The whole merge tree, not only the pairs, equals the general graph
    kernel's on the same grid: minima, deaths, basins, and the merge partner
    of every component that dies alone at its level (where one vertex joins
    three or more components, the elder rule allows either chain: then the
    partner must be older and still alive); each death edge joins two grid
    neighbours at the death level. "noise" takes the labelled-basin path,
    "smooth" (several wells) the pointer-following one."""
    from critcheck.numeric.graphs import grid_edges

    if kind == "noise":
        a = np.random.default_rng(11).random((41, 37))
    else:
        x = np.linspace(-3, 3, 60)
        X, Y = np.meshgrid(x, x, indexing="ij")
        a = np.sin(3 * X) * np.cos(2 * Y) + 0.1 * X ** 2
    _, _, cand, _ = _grid2d_scan(a, conn == 8, _LINK8 if conn == 8 else _LINK4)
    assert (cand.size * 8 > a.size) == (kind == "noise")   # the path named above is taken
    t = grid_merge_tree(a, conn)
    g = merge_tree(a.ravel(), grid_edges(a.shape, diagonals=conn == 8))
    assert t.minima.size > 3
    for name in ("minima", "birth", "death"):
        np.testing.assert_array_equal(getattr(t, name), getattr(g, name))
    lv, count = np.unique(t.death, return_counts=True)
    alone = np.isin(t.death, lv[count == 1])
    assert alone.sum() > t.minima.size // 2
    np.testing.assert_array_equal(t.merged_into[alone], g.merged_into[alone])
    for p in np.flatnonzero(~alone & (t.merged_into >= 0)):
        q = t.merged_into[p]
        assert q < p and t.birth[q] <= t.death[p] <= t.death[q]
    f = a.ravel()
    for p in np.flatnonzero(t.merged_into >= 0):
        u, v = t.death_edge[p]
        (iu, ju), (iv, jv) = divmod(int(u), a.shape[1]), divmod(int(v), a.shape[1])
        assert max(abs(iu - iv), abs(ju - jv)) == 1 and (conn == 8 or iu == iv or ju == jv)
        assert max(f[u], f[v]) == t.death[p]
    np.testing.assert_array_equal(t.basin, g.basin)


@pytest.mark.parametrize("conn", [8, 4])
def test_grid_tree_on_ties_is_a_valid_elder_rule_tree(conn):
    """Quantised noise (ties at every level): minima, births, deaths and basins
    equal the graph kernel's; each young component merges into an older one
    still alive at that level."""
    from critcheck.numeric.graphs import grid_edges

    a = np.round(np.random.default_rng(11).random((41, 37)) * 50) / 50
    t = grid_merge_tree(a, conn)
    g = merge_tree(a.ravel(), grid_edges(a.shape, diagonals=conn == 8))
    for name in ("minima", "birth", "death", "basin"):
        np.testing.assert_array_equal(getattr(t, name), getattr(g, name))
    for p in np.flatnonzero(t.merged_into >= 0):
        q = t.merged_into[p]
        assert q < p and t.birth[q] <= t.death[p] <= t.death[q]
    assert (t.merged_into < 0).sum() == 1   # one essential class: the grid is connected


def test_components_8_neighbours_against_scipy_labels():
    """Component labels per level on a noisy grid (labelled-basin path) equal
    SciPy's 8-connected labelling of the sublevel set (an independent oracle)."""
    from scipy.ndimage import label

    a = np.random.default_rng(9).random((45, 50))
    tree = grid_merge_tree(a, 8)
    for c in (0.05, 0.2, 0.35, 0.5, 0.9):
        lab = tree.components_at(c).reshape(a.shape)
        ref, n = label(a <= c, structure=np.ones((3, 3)))
        assert tree.n_components(c) == n == len(np.unique(lab[lab >= 0]))
        for k in range(1, n + 1):
            assert len(np.unique(lab[ref == k])) == 1


def test_grid_refuses_nan_and_wrong_shapes():
    a = np.random.default_rng(0).random((6, 6))
    a[2, 3] = np.nan
    with pytest.raises(InvalidArgument, match="NaN"):
        grid_merge_tree(a, 8)
    with pytest.raises(InvalidArgument, match="connectivity"):
        grid_merge_tree(np.zeros((3, 3)), 6)

"""The landscape's own graph: minima from many descents, joined through index-1 saddles.

Where a loss has tens to hundreds of parameters, sampling its sublevel sets
densely (:mod:`critcheck.numeric.sublevel`) is hopeless. The alternative of
the energy-landscape literature is to sample the graph whose vertices are the
local minima and whose edges are the transition states (index-1 saddles)
joining them; its merge tree is the sublevel-set structure at the resolution
of the minima found, and it decides "is this minimum separated from every
lower one by a barrier", i.e. whether it is the bottom of a **spurious
valley** (seed 003, Def. IV.2), in any dimension.

Pipeline (:func:`minima_graph`):

1. **Batched descents** (:func:`descend`): FIRE (fast inertial relaxation),
   vectorised over all starts at once, each row with its own time step and
   mixing parameter; a row whose loss rises is sent back and its step halved.
   Optional **basin hopping**: random kicks from the minima found, descended
   the same way.
2. **Deduplication up to symmetry**: two end points are one minimum when
   their losses agree within ``energy_tol`` and their symmetry invariants
   (:attr:`Surface.invariant`; for the two-layer ReLU net, the sorted entries
   and row / column norms, invariant under neuron and coordinate
   permutations) agree within ``xtol`` (max-norm). One representative per
   minimum is polished by Newton steps and its Hessian spectrum recorded.
3. **Connections**: minima are visited from the second-lowest up; a minimum
   not yet joined to a lower one gets a **doubly-nudged elastic band**
   (:func:`elastic_band`; DNEB with a climbing image) to the nearest minimum
   outside its component (distance after :attr:`Surface.align`, the
   symmetric copy closest to it), again until it is joined or ``neighbors``
   bands were tried. Each interior local maximum of the band (the climbing
   image first, at most 3) is refined by **eigenvector following**
   (:func:`refine_saddle`) to a stationary point whose Hessian index is
   counted and recorded; the two minima an index-1 saddle joins are found by
   descents from it along both signs of its negative eigenvector (a minimum
   found there for the first time is added). Only index-1 saddles become
   edges, and only the bands needed to join each minimum to a lower one are
   run, not all pairs.
4. **Merge tree** (:func:`critcheck.numeric.persistence.merge_tree`, the code
   the grid engine uses): vertices are the minima with their losses, edges
   the saddles with theirs.

What the graph decides, and what it does not: a minimum with a positive
definite Hessian (numerically) above the global minimum is a strict
sub-optimal local minimum, hence the bottom of a spurious valley. Its
**depth** (merge level - loss) uses the lowest saddle found: the true barrier
is at most that (a lower saddle may exist that was not found). A minimum
never joined to a lower one has death ``inf`` (unknown barrier). The
database is complete only when the descents have **saturated**; the record
states how many descents found a new minimum in the last quarter of the run
and the Good-Turing estimate (minima hit exactly once / descents) of the
chance that one more descent finds a new one.

The random-start descents can run on the Dask executor of the sweeps
(:func:`critcheck.distributed.map_tasks`, ``scheduler=``); bands and saddle
refinement, a few per minimum, run in this process.

References
----------
E. Bitzek, P. Koskinen, F. Gahler, M. Moseler, P. Gumbsch, "Structural
relaxation made simple", PRL 97, 170201 (2006) (FIRE). S. A. Trygubenko,
D. J. Wales, "A doubly nudged elastic band method for finding transition
states", J. Chem. Phys. 120, 2082 (2004), eqs. (2)-(5) (DNEB). G. Henkelman,
B. P. Uberuaga, H. Jonsson, J. Chem. Phys. 113, 9901 (2000) (climbing image;
improved tangent, eq. (8)-(10) of the companion paper 113, 9978). J. Baker,
J. Comput. Chem. 7, 385 (1986) (partitioned rational-function steps,
eigenvector following). O. M. Becker, M. Karplus, J. Chem. Phys. 106, 1495
(1997) (disconnectivity graphs). D. J. Wales, *Energy Landscapes*, CUP 2003,
Sec. 6.2 (databases of minima and transition states). Seed 003 (Sun et al.),
Def. IV.2.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable

import numpy as np

from ..errors import InvalidArgument
from .persistence import MergeTree, merge_tree

__all__ = ["Surface", "Minimum", "Saddle", "GraphValley", "MinimaGraph", "descend",
           "hessian_at", "refine_saddle", "elastic_band", "minima_graph",
           "surface_from_expr", "relu_surface"]


# --------------------------------------------------------------------------- the loss
@dataclasses.dataclass(frozen=True)
class Surface:
    """A loss to explore, batched over rows.

    Attributes
    ----------
    dim : int
    value : callable
        ``(m, dim) -> (m,)``.
    gradient : callable
        ``(m, dim) -> (m, dim)``.
    hessian : callable, optional
        ``(dim,) -> (dim, dim)``; default: central differences of ``gradient``
        (one batched call of ``2 dim`` rows).
    invariant : callable, optional
        ``(m, dim) -> (m, p)``, unchanged under the loss's symmetries
        (default: the point itself).
    align : callable, optional
        ``(a, b) -> b'``: the symmetric copy of ``b`` closest to ``a``
        (default: ``b``).
    init : callable
        ``(rng, m) -> (m, dim)`` starting points.
    bounds : ndarray (dim, 2), optional
        a descent that leaves this box is counted as escaped (the loss may
        decrease to infinity, seed 000), not as a minimum.
    scale : float
        typical length of the parameter space (steps and band spacing).
    value_grad : callable, optional
        ``(m, dim) -> ((m,), (m, dim))``, both at once when that is cheaper.
    """

    dim: int
    value: Callable
    gradient: Callable
    init: Callable
    hessian: Callable | None = None
    invariant: Callable | None = None
    align: Callable | None = None
    bounds: np.ndarray | None = None
    scale: float = 1.0
    name: str = ""
    variables: tuple = ()
    value_grad: Callable | None = None

    def both(self, X):
        """``(value(X), gradient(X))``."""
        if self.value_grad is not None:
            return self.value_grad(X)
        return self.value(X), self.gradient(X)


def surface_from_expr(expr, symbols, box, *, name: str | None = None,
                      escape_factor: float = 1.0) -> Surface:
    """A :class:`Surface` for a SymPy loss: compiled value, exact gradient and (up to 4
    variables) exact Hessian.

    Starts are uniform in ``box``; a descent that leaves the box enlarged by
    ``escape_factor`` times its span on every side counts as escaped.
    """
    import sympy

    from .compile import compile_loss, compile_vector
    from .samplers import parse_box

    symbols = tuple(symbols)
    b = parse_box(box, len(symbols))
    F = compile_loss(expr, symbols)
    grad = [sympy.diff(expr, s) for s in symbols]
    G = compile_vector(grad, symbols)
    D = len(symbols)
    # the exact Hessian for up to 4 variables; beyond, compiling D^2 second derivatives
    # costs more than differences of the exact gradient (hessian_at), accurate to ~1e-8
    H = compile_vector([sympy.diff(g, s) for g in grad for s in symbols], symbols) if D <= 4 else None
    span = b[:, 1] - b[:, 0]

    def value(X):
        return np.asarray(F.values(np.atleast_2d(X), nonfinite="keep"), dtype=float)

    def gradient(X):
        return np.asarray(G(np.atleast_2d(np.asarray(X, dtype=float))), dtype=float)

    def hessian(x):
        return np.asarray(H(np.asarray(x, dtype=float).reshape(1, D)), dtype=float).reshape(D, D)

    def init(rng, m):
        return b[:, 0] + rng.random((m, D)) * span

    wide = np.stack([b[:, 0] - escape_factor * span, b[:, 1] + escape_factor * span], axis=1)
    return Surface(D, value, gradient, init, hessian if H is not None else None,
                   bounds=wide, scale=float(np.max(span)), name=name or str(expr),
                   variables=tuple(map(str, symbols)))


def relu_surface(k: int, n: int | None = None, d: int | None = None) -> Surface:
    """The two-layer ReLU teacher-student population loss, ``V = I_k`` in ``R^d``.

    Parameters are the rows of ``W`` (``n x d``), flattened. Starts:
    ``randn(n, d)/sqrt(d)`` (the authors' protocol). Symmetries: permutations
    of the ``n`` student neurons, and permutations of the first ``k``
    coordinates (which permute the teacher's neurons ``e_j`` among
    themselves). Loss, gradient and exact Hessian from
    :mod:`critcheck.twolayer.loss` (the Hessian is infinite where two neurons
    are parallel, e.g. at the global minimum; :func:`hessian_at` then takes
    differences of the exact gradient).
    """
    from ..twolayer import loss as twolayer

    n = k if n is None else int(n)
    d = k if d is None else int(d)
    V = np.eye(k, d)
    D = n * d

    def value(X):
        return twolayer.population_loss(np.asarray(X, dtype=float).reshape(-1, n, d), V)

    def gradient(X):
        X = np.asarray(X, dtype=float)
        return twolayer.gradient(X.reshape(-1, n, d), V).reshape(-1, D)

    def hessian(x):
        W = np.asarray(x, dtype=float).reshape(n, d)
        A = np.concatenate([W, V])
        th = twolayer.angles(W, A)
        th[np.arange(n), np.arange(n)] = np.pi / 2  # a neuron with itself
        if np.min(np.minimum(th, np.pi - th)) < 1e-3:
            return np.full((D, D), np.nan)  # 1/sin(theta) cancels badly: use differences
        return twolayer.hessian(W, V)

    def init(rng, m):
        return (rng.standard_normal((m, n, d)) / np.sqrt(d)).reshape(m, D)

    def value_grad(X):
        # descents and bands: the Gram-matrix gradient (angles to ~1e-8 rad near parallel
        # pairs, far below the descents' gtol); polishing and saddles use the exact one
        W = np.asarray(X, dtype=float).reshape(-1, n, d)
        return twolayer.population_loss(W, V), twolayer.gradient_fast(W, V).reshape(-1, D)

    def invariant(X):
        W = np.asarray(X, dtype=float).reshape(-1, n, d)
        ent = np.sort(W[:, :, :k].reshape(W.shape[0], -1), axis=1)
        rest = np.sort(np.linalg.norm(W[:, :, k:], axis=2), axis=1) if d > k else np.zeros((W.shape[0], 0))
        rows = np.sort(np.linalg.norm(W, axis=2), axis=1)
        cols = np.sort(np.linalg.norm(W[:, :, :k], axis=1), axis=1)
        return np.concatenate([ent, rest, rows, cols], axis=1)

    def align(a, b):
        """Neuron and coordinate permutation of ``b`` close to ``a``: rows matched on
        column-permutation-invariant features (sorted entries), then columns, then
        alternating exact assignments; the same from the columns' side; the closer
        of the two (a heuristic for the joint assignment, exact on permuted copies)."""
        from scipy.optimize import linear_sum_assignment

        A = np.asarray(a, dtype=float).reshape(n, d)
        B0 = np.asarray(b, dtype=float).reshape(n, d)

        def rows(B, cost):
            _, c = linear_sum_assignment(cost)
            return B[c]

        def cols(B, cost):
            _, c = linear_sum_assignment(cost)
            B = B.copy()
            B[:, :k] = B[:, :k][:, c]
            return B

        def exact_rows(B):
            return rows(B, ((A[:, None, :] - B[None, :, :]) ** 2).sum(-1))

        def exact_cols(B):
            return cols(B, ((A[:, :k, None] - B[:, None, :k]) ** 2).sum(0))

        sa = np.sort(A[:, :k], axis=1)
        B1 = rows(B0, ((sa[:, None, :] - np.sort(B0[:, :k], axis=1)[None]) ** 2).sum(-1))
        sc = np.sort(A[:, :k], axis=0)
        B2 = cols(B0, ((sc[:, :, None] - np.sort(B0[:, :k], axis=0)[:, None, :]) ** 2).sum(0))
        best = None
        for B in (exact_cols(B1), exact_rows(B2)):
            for _ in range(3):
                B = exact_cols(exact_rows(B))
            dist = float(np.sum((A - B) ** 2))
            if best is None or dist < best[0]:
                best = (dist, B)
        return best[1].reshape(D)

    lim = np.full((D, 2), 50.0)
    lim[:, 0] = -50.0
    return Surface(D, value, gradient, init, hessian, invariant, align, bounds=lim, scale=1.0,
                   value_grad=value_grad,
                   name=f"two-layer ReLU population loss, k={k}, n={n}, d={d}, V=I",
                   variables=tuple(f"w{i + 1}_{j + 1}" for i in range(n) for j in range(d)))


# --------------------------------------------------------------------------- primitives
def _norms(G):
    return np.sqrt(np.einsum("ij,ij->i", G, G))


def descend(surface: Surface, X0, *, gtol: float = 1e-6, max_steps: int = 20000,
            dt: float = 0.05, dt_max: float = 1.0, max_move: float | None = None,
            progress: Callable[[str], None] | None = None) -> dict:
    """FIRE descents from every row of ``X0`` at once.

    Each row keeps its own velocity, time step and mixing parameter
    (Bitzek et al. 2006, with their constants ``N_min = 5``, ``f_inc = 1.1``,
    ``f_dec = 0.5``, ``alpha_start = 0.1``, ``f_alpha = 0.99``). A step
    after which the loss rose is undone (position restored, velocity zeroed,
    time step halved), so every row's loss is non-increasing.

    Returns
    -------
    dict with ``x`` (m, dim), ``f`` (m,), ``gnorm`` (m,), ``steps`` (m,),
    ``converged`` (gnorm <= gtol), ``escaped`` (left ``surface.bounds`` or
    became non-finite).
    """
    X = np.array(X0, dtype=float, copy=True)
    if X.ndim != 2 or X.shape[1] != surface.dim:
        raise InvalidArgument(f"starting points of shape {X.shape}; need (m, {surface.dim})")
    m = X.shape[0]
    max_move = 0.2 * surface.scale if max_move is None else max_move
    V = np.zeros_like(X)
    step = np.full(m, float(dt))
    alpha = np.full(m, 0.1)
    npos = np.zeros(m, dtype=np.int64)
    f, G = surface.both(X)
    f = np.array(f, dtype=float)
    G = np.array(G, dtype=float)
    gn = _norms(G)
    steps = np.zeros(m, dtype=np.int64)
    escaped = ~np.isfinite(f) | ~np.isfinite(gn)
    active = np.flatnonzero((gn > gtol) & ~escaped)
    t_last = time.perf_counter()
    for it in range(int(max_steps)):
        if active.size == 0:
            break
        x, v, g = X[active], V[active], G[active]
        a, s = alpha[active], step[active]
        P = np.einsum("ij,ij->i", -g, v)
        vn = _norms(v)
        gnn = np.maximum(_norms(g), 1e-300)
        v = (1 - a)[:, None] * v - (a * vn / gnn)[:, None] * g
        up = P < 0
        v[up] = 0.0
        v = v - s[:, None] * g
        dx = s[:, None] * v
        ln = _norms(dx)
        big = ln > max_move
        dx[big] *= (max_move / ln[big])[:, None]
        xn = x + dx
        fn, gnew = surface.both(xn)
        rose = ~(fn <= f[active] + 1e-12 * np.abs(f[active]))
        ok = ~rose
        # accepted rows
        X[active[ok]] = xn[ok]
        f[active[ok]] = fn[ok]
        V[active[ok]] = v[ok]
        G[active[ok]] = gnew[ok]
        pos = ok & ~up
        npos_a = npos[active]
        npos_a = np.where(pos, npos_a + 1, 0)
        grow = pos & (npos_a > 5)
        s = np.where(grow, np.minimum(s * 1.1, dt_max), s)
        a = np.where(grow, a * 0.99, a)
        s = np.where(up | rose, s * 0.5, s)
        a = np.where(up | rose, 0.1, a)
        V[active[rose]] = 0.0
        npos[active] = npos_a
        step[active], alpha[active] = s, a
        steps[active] += 1
        gn[active] = _norms(G[active])
        bad = ~np.isfinite(gn[active]) | (s < 1e-14)
        if surface.bounds is not None:
            xb = X[active]
            bad |= np.any((xb < surface.bounds[:, 0]) | (xb > surface.bounds[:, 1]), axis=1)
        escaped[active[bad]] = True
        active = active[(gn[active] > gtol) & ~bad]
        if progress is not None and time.perf_counter() - t_last > 5:
            t_last = time.perf_counter()
            progress(f"descents: step {it + 1}, {active.size} of {m} still running")
    return {"x": X, "f": f, "gnorm": gn, "steps": steps, "converged": (gn <= gtol) & ~escaped,
            "escaped": escaped}


def hessian_at(surface: Surface, x, h: float | None = None) -> np.ndarray:
    """The Hessian at ``x``: exact when the surface has one and it is finite
    there, else central differences of the exact gradient (``2 dim`` gradients
    in one batch), symmetrised. Their error is ``O(h^2)`` times third
    derivatives."""
    x = np.asarray(x, dtype=float)
    H = None
    if surface.hessian is not None:
        with np.errstate(all="ignore"):
            H = np.asarray(surface.hessian(x), dtype=float)
        if not np.all(np.isfinite(H)):
            H = None
    if H is None:
        D = x.shape[0]
        h = 1e-5 * max(1.0, float(np.max(np.abs(x)))) if h is None else h
        E = np.eye(D) * h
        G = surface.gradient(np.concatenate([x + E, x - E], axis=0))
        H = (G[:D] - G[D:]) / (2 * h)
    return 0.5 * (H + H.T)


def _eig_tol(lam):
    return 1e-6 * max(1.0, float(np.max(np.abs(lam))))


def _polish_minimum(surface, x, gtol, iters=30):
    """Newton steps while the Hessian is positive definite and the gradient shrinks."""
    g = surface.gradient(x[None])[0]
    gn = float(np.linalg.norm(g))
    for _ in range(iters):
        if gn <= gtol:
            break
        lam, U = np.linalg.eigh(hessian_at(surface, x))
        if lam[0] <= _eig_tol(lam):
            break
        dx = -U @ ((U.T @ g) / lam)
        ln = np.linalg.norm(dx)
        if ln > 0.1 * surface.scale:
            dx *= 0.1 * surface.scale / ln
        xn = x + dx
        gnew = surface.gradient(xn[None])[0]
        if not np.linalg.norm(gnew) < gn:
            break
        x, g, gn = xn, gnew, float(np.linalg.norm(gnew))
    return x, gn


def refine_saddle(surface: Surface, x0, *, gtol: float = 1e-8, max_iter: int = 100,
                  max_step: float | None = None) -> dict:
    """Eigenvector following from ``x0`` to a stationary point of index 1.

    In the Hessian's eigenbasis the lowest mode is climbed and all others
    descended with partitioned rational-function shifts (Baker 1986):
    :math:`h_0 = -g_0/(\\lambda_0 - s_0)`, :math:`s_0 = (\\lambda_0 + \\sqrt{\\lambda_0^2+4g_0^2})/2`;
    :math:`h_i = -g_i/(\\lambda_i - s_i)`, :math:`s_i = (\\lambda_i - \\sqrt{\\lambda_i^2+4g_i^2})/2`,
    the step capped at ``max_step``. Near an index-1 saddle these are Newton
    steps. The index of the end point is counted from the Hessian's
    eigenvalues below ``-1e-6 max|lambda|`` and returned (it need not be 1).
    """
    x = np.array(x0, dtype=float)
    max_step = 0.05 * surface.scale if max_step is None else max_step
    g = surface.gradient(x[None])[0]
    it = 0
    for it in range(int(max_iter)):
        if np.linalg.norm(g) <= gtol:
            break
        lam, U = np.linalg.eigh(hessian_at(surface, x))
        gt = U.T @ g
        sh = 0.5 * (lam - np.sqrt(lam ** 2 + 4 * gt ** 2))
        sh[0] = 0.5 * (lam[0] + np.sqrt(lam[0] ** 2 + 4 * gt[0] ** 2))
        den = lam - sh
        hstep = np.where(np.abs(den) > 1e-300, -gt / np.where(den == 0, 1, den), 0.0)
        dx = U @ hstep
        ln = np.linalg.norm(dx)
        if ln > max_step:
            dx *= max_step / ln
        x = x + dx
        g = surface.gradient(x[None])[0]
        if not np.all(np.isfinite(g)):
            break
    H = hessian_at(surface, x)
    lam, U = np.linalg.eigh(H)
    tol = _eig_tol(lam)
    return {"x": x, "f": float(surface.value(x[None])[0]), "gnorm": float(np.linalg.norm(g)),
            "index": int(np.sum(lam < -tol)), "eigenvalues": lam[:3].tolist(),
            "eig_tol": tol, "direction": U[:, 0], "iterations": it + 1,
            "converged": bool(np.linalg.norm(g) <= gtol)}


def _tangents(R, E):
    """Improved tangent (Henkelman & Jonsson 2000, eqs. (8)-(11)) at interior images."""
    fwd = R[2:] - R[1:-1]
    bwd = R[1:-1] - R[:-2]
    Ep, E0, Em = E[2:], E[1:-1], E[:-2]
    up = (Ep > E0) & (E0 > Em)
    down = (Ep < E0) & (E0 < Em)
    dmax = np.maximum(np.abs(Ep - E0), np.abs(Em - E0))
    dmin = np.minimum(np.abs(Ep - E0), np.abs(Em - E0))
    mix_f = np.where(Ep > Em, dmax, dmin)[:, None]
    mix_b = np.where(Ep > Em, dmin, dmax)[:, None]
    t = np.where(up[:, None], fwd, np.where(down[:, None], bwd, fwd * mix_f + bwd * mix_b))
    t /= np.maximum(_norms(t), 1e-300)[:, None]
    return t


def elastic_band(surface: Surface, a, b, *, images: int = 14, spring: float = 1.0,
                 steps: int = 300, climb_after: int = 100, ftol: float = 1e-4,
                 dt: float = 0.02) -> dict:
    """A doubly-nudged elastic band from ``a`` to ``b`` with a climbing image.

    Forces on interior image ``i`` with unit tangent :math:`\\hat\\tau`
    (Trygubenko & Wales 2004): the perpendicular true force
    :math:`-\\nabla F_\\perp`, the parallel spring force
    :math:`k(|R_{i+1}-R_i| - |R_i-R_{i-1}|)\\hat\\tau`, and the perpendicular
    spring force with its component along :math:`\\nabla F_\\perp` removed
    (the "doubly nudged" term, their eq. (5)). After ``climb_after`` steps
    the highest image feels :math:`-\\nabla F + 2(\\nabla F\\cdot\\hat\\tau)\\hat\\tau`
    and no spring (climbing image). The band is relaxed with FIRE-style
    velocity mixing; it stops when the largest force on an image is below
    ``ftol`` or after ``steps`` steps.

    Returns ``path`` (images+2, dim), ``energies``, ``climbing`` (index),
    ``max_force``, ``steps``.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    t = np.linspace(0, 1, images + 2)[:, None]
    R = (1 - t) * a + t * b
    E = surface.value(R)
    V = np.zeros((images, a.shape[0]))
    step, alpha, npos = dt, 0.1, 0
    ci = -1
    fmax = np.inf
    it = 0
    for it in range(int(steps)):
        E_in, G = surface.both(R[1:-1])
        E[1:-1] = E_in
        tau = _tangents(R, E)
        gpar = np.einsum("ij,ij->i", G, tau)
        gperp = G - gpar[:, None] * tau
        d_f = _norms(R[2:] - R[1:-1])
        d_b = _norms(R[1:-1] - R[:-2])
        fs_par = (spring * (d_f - d_b))[:, None] * tau
        fs = spring * ((R[2:] - R[1:-1]) - (R[1:-1] - R[:-2]))
        fs_perp = fs - np.einsum("ij,ij->i", fs, tau)[:, None] * tau
        gp_hat = gperp / np.maximum(_norms(gperp), 1e-300)[:, None]
        dneb = fs_perp - np.einsum("ij,ij->i", fs_perp, gp_hat)[:, None] * gp_hat
        Fo = -gperp + fs_par + dneb
        if it >= climb_after:
            ci = int(np.argmax(E[1:-1]))
            Fo[ci] = -G[ci] + 2 * gpar[ci] * tau[ci]
        fmax = float(np.max(_norms(-gperp if ci < 0 else np.where(
            np.arange(images)[:, None] == ci, Fo, -gperp))))
        if it >= climb_after and fmax < ftol:
            break
        P = float(np.sum(Fo * V))
        if P > 0:
            vn = np.linalg.norm(V)
            fn = max(np.linalg.norm(Fo), 1e-300)
            V = (1 - alpha) * V + alpha * vn / fn * Fo
            npos += 1
            if npos > 5:
                step = min(step * 1.1, 10 * dt)
                alpha *= 0.99
        else:
            V[:] = 0.0
            step *= 0.5
            alpha = 0.1
            npos = 0
        V = V + step * Fo
        dx = step * V
        big = _norms(dx) > 0.05 * surface.scale
        if big.any():
            dx[big] *= (0.05 * surface.scale / _norms(dx[big]))[:, None]
        R[1:-1] = R[1:-1] + dx
        if step < 1e-12:
            break
    E[1:-1] = surface.value(R[1:-1])
    if ci < 0:
        ci = int(np.argmax(E[1:-1]))
    return {"path": R, "energies": E, "climbing": ci + 1, "max_force": fmax, "steps": it + 1}


# --------------------------------------------------------------------------- the database
@dataclasses.dataclass(frozen=True)
class Minimum:
    """A local minimum (up to symmetry): representative point, loss, Hessian facts.

    ``hits``: descents (from random starts) that ended here; ``first``: the
    number of the first such descent (-1: found only from a saddle or by a hop).
    ``min_eig``: smallest Hessian eigenvalue; ``strict``: ``min_eig`` above
    ``eig_tol`` (positive definite up to the numerical tolerance).
    """

    x: np.ndarray
    f: float
    gnorm: float
    min_eig: float
    eig_tol: float
    hits: int
    first: int
    found_by: str

    @property
    def strict(self) -> bool:
        return self.min_eig > self.eig_tol

    @property
    def index(self) -> int:
        return int(self.min_eig < -self.eig_tol)

    def to_record(self, variables=()) -> dict:
        return {"loss": self.f, "gradient_norm": self.gnorm, "hessian_min_eigenvalue": self.min_eig,
                "eig_tol": self.eig_tol, "strict": self.strict, "hits": self.hits,
                "first_descent": self.first, "found_by": self.found_by,
                "point": self.x.tolist()}


@dataclasses.dataclass(frozen=True)
class Saddle:
    """A stationary point refined from a band's highest image.

    ``joins``: the two minima reached by descents from it along ``±`` its
    lowest eigenvector (-1: none; -2: the descent escaped the bounds below the
    other minimum's loss, i.e. it leads to lower loss at infinity);
    ``pair``: the band's ends; ``band_max``: the highest band energy before
    refinement.
    """

    x: np.ndarray
    f: float
    gnorm: float
    index: int
    eigenvalues: tuple
    joins: tuple
    pair: tuple
    band_max: float

    @property
    def usable(self) -> bool:
        a, b = self.joins
        return self.index == 1 and a != b and min(a, b) >= -2 and a != -1 and b != -1 and \
            max(a, b) >= 0

    def to_record(self) -> dict:
        return {"loss": self.f, "gradient_norm": self.gnorm, "index": self.index,
                "lowest_eigenvalues": list(self.eigenvalues), "joins": list(self.joins),
                "band_pair": list(self.pair), "band_max": self.band_max, "usable": self.usable}


@dataclasses.dataclass(frozen=True)
class GraphValley:
    """A minimum's basin in the merge tree of the minima graph.

    ``kind``: ``"global"``, ``"spurious"`` (strict minimum above the global
    one), ``"unresolved"`` (degenerate Hessian: a non-strict minimum or a
    saddle of higher order the descents stalled on). ``death``: the saddle
    level at which it joins a lower minimum (``inf``: never joined);
    ``merged_into``: that minimum's number, ``-2`` when the saddle leads to
    lower loss at infinity (escaping descents), ``-1`` when never joined.
    """

    kind: str
    minimum: int
    birth: float
    death: float
    merged_into: int
    point: tuple

    @property
    def depth(self) -> float:
        return self.death - self.birth

    def to_record(self) -> dict:
        fin = np.isfinite(self.death)
        return {"kind": self.kind, "minimum": self.minimum, "birth": self.birth,
                "death": self.death if fin else "inf", "depth": self.depth if fin else "inf",
                "merged_into": "infinity" if self.merged_into == -2 else self.merged_into,
                "point": list(self.point),
                "depth_is": "upper bound (lowest saddle found)" if fin else "unknown (never joined)"}


@dataclasses.dataclass(frozen=True)
class MinimaGraph:
    """Result of :func:`minima_graph`: minima, saddles, merge tree, search record."""

    surface: Any
    minima: list
    saddles: list
    tree: MergeTree
    energy_tol: float
    stats: dict
    seconds: float
    infinity: int = -1

    @property
    def global_min(self) -> float:
        """The lowest minimum found."""
        return float(min(m.f for m in self.minima))

    @property
    def reference_level(self) -> float:
        """The lowest loss seen: the lowest minimum, or lower where descents
        escaped the bounds while still decreasing (a minimum at infinity,
        seed 000); minima above it by more than ``energy_tol`` are not global."""
        esc = self.stats.get("escaped_min_loss")
        return self.global_min if esc is None else min(self.global_min, float(esc))

    @property
    def escaped_lower(self) -> bool:
        """True when escaping descents went below every minimum found."""
        return self.reference_level < self.global_min - self.energy_tol

    def valleys(self) -> list:
        gmin = self.reference_level
        out = []
        for pos, i in enumerate(self.tree.minima):
            if int(i) == self.infinity:
                continue
            m = self.minima[int(i)]
            if m.f <= gmin + self.energy_tol:
                kind = "global"
            elif m.strict:
                kind = "spurious"
            else:
                kind = "unresolved"
            j = int(self.tree.merged_into[pos])
            into = int(self.tree.minima[j]) if j >= 0 else -1
            out.append(GraphValley(kind, int(i), float(m.f), float(self.tree.death[pos]),
                                   -2 if (into == self.infinity and into >= 0) else into,
                                   tuple(m.x.tolist())))
        return out

    @property
    def spurious(self) -> list:
        return [v for v in self.valleys() if v.kind == "spurious"]

    def saturation(self) -> dict:
        return {k: self.stats[k] for k in ("descents", "converged", "new_in_last_quarter",
                                           "good_turing", "saturated")}

    def to_record(self) -> dict:
        """The JSON object of ``critcheck minima --json``."""
        return {"surface": self.surface.name, "variables": list(self.surface.variables),
                "global_min": self.global_min, "energy_tol": self.energy_tol,
                "minima": [m.to_record() for m in self.minima],
                "saddles": [s.to_record() for s in self.saddles],
                "valleys": [v.to_record() for v in self.valleys()],
                "spurious_valleys": [v.to_record() for v in self.spurious],
                "search": self.stats, "seconds": round(self.seconds, 3)}


class _Registry:
    """Minima up to symmetry: same loss within ``energy_tol`` and invariants within ``xtol``."""

    def __init__(self, surface, energy_tol, xtol):
        self.s, self.etol, self.xtol = surface, energy_tol, xtol
        self.f: list = []
        self.inv: list = []

    def _inv(self, X):
        X = np.atleast_2d(X)
        return self.s.invariant(X) if self.s.invariant is not None else X

    def match(self, x, f) -> int:
        if not self.f:
            return -1
        inv = self._inv(x)[0]
        F = np.asarray(self.f)
        near = np.flatnonzero(np.abs(F - f) <= self.etol)
        for i in near:
            if np.max(np.abs(self.inv[i] - inv)) <= self.xtol:
                return int(i)
        return -1

    def add(self, x, f) -> int:
        self.f.append(float(f))
        self.inv.append(self._inv(x)[0])
        return len(self.f) - 1


def _distance(surface, a, b):
    bb = surface.align(a, b) if surface.align is not None else b
    return float(np.linalg.norm(bb - a)), bb


class _UF:
    def __init__(self):
        self.p: list = []

    def add(self):
        self.p.append(len(self.p))

    def find(self, x):
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        self.p[self.find(a)] = self.find(b)


def minima_graph(surface: Surface, *, descents: int = 200, seed: int = 0, hops: int = 0,
                 hop_size: float | None = None, neighbors: int = 3, gtol: float = 1e-6,
                 max_steps: int = 20000, energy_tol: float | None = None, xtol: float = 1e-3,
                 band_images: int = 14, band_steps: int = 300, batch: int = 1000,
                 starts=None, scheduler: str | None = "serial", workers: int = 2,
                 progress: Callable[[str], None] | None = None) -> MinimaGraph:
    """Build the minima-saddle database of ``surface`` and its merge tree.

    Parameters
    ----------
    descents : int
        descents from ``surface.init`` starts (seeded by ``seed``).
    hops : int
        basin-hopping kicks per minimum found (Gaussian, ``hop_size``
        times ``surface.scale``, default 0.3), each followed by a descent.
    neighbors : int
        at most this many bands per minimum, each to the nearest minimum (after
        alignment) not yet in its component, until it is joined to a lower one.
    gtol : float
        a descent has converged when the gradient norm is at most ``gtol``.
    scheduler : {"serial", None, address}
        where the random-start descents run: ``"serial"`` (default) in this
        process, vectorised in chunks of ``batch``; ``None`` a local Dask
        cluster of ``workers`` processes; ``"tcp://host:port"`` an existing
        one (:func:`critcheck.distributed.map_tasks`). The starts are drawn
        here, so the result does not depend on the executor. Bands and saddle
        refinement run in this process.
    starts : array (m, dim), optional
        extra starting points (e.g. near a constructed minimum); their end
        points are recorded (``stats["seeded_ends"]``: minimum numbers, -1 when
        not converged) but do not enter the saturation figures.
    energy_tol, xtol : float
        deduplication tolerances (loss; max-norm of the symmetry invariants);
        ``energy_tol`` (default ``1e-7 max(1, |F|)`` of the lowest end point)
        is also the tolerance of "is a global minimum".

    Returns
    -------
    MinimaGraph

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> S = surface_from_expr((x**2 - 1)**2 + x/2 + y**2, [x, y], "-2:2,-2:2")
    >>> G = minima_graph(S, descents=40, seed=1)
    >>> [round(v.depth, 4) for v in G.spurious]   # the tilted double well: one bad basin
    [0.9375]
    """
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    if not isinstance(descents, (int, np.integer)) or descents < 1:
        raise InvalidArgument(f"descents={descents!r} must be a positive integer")
    if neighbors < 1:
        raise InvalidArgument(f"neighbors={neighbors!r} must be at least 1")
    rng = np.random.default_rng(seed)
    say(f"{descents} descents in {surface.dim} dimensions ({surface.name})")
    ends = {"x": [], "f": [], "converged": [], "escaped": [], "steps": []}
    X0 = surface.init(rng, descents)  # all starts drawn here: results do not depend on the executor
    chunks = [X0[lo:lo + batch] for lo in range(0, descents, batch)]
    if scheduler != "serial":
        from ..distributed import map_tasks

        per = -(-descents // max(1, int(workers)))
        chunks = [X0[lo:lo + min(per, batch)] for lo in range(0, descents, min(per, batch))]
        say(f"descents in {len(chunks)} tasks on Dask "
            f"({'a local cluster of ' + str(workers) + ' workers' if scheduler is None else scheduler})")
        results = map_tasks(_descend_task, [(surface, c, gtol, max_steps) for c in chunks],
                            scheduler=scheduler, workers=workers,
                            progress=lambda done, total: say(f"descent tasks {done}/{total} done"))
    else:
        results = []
        for c in chunks:
            results.append(descend(surface, c, gtol=gtol, max_steps=max_steps, progress=say))
    done_n = 0
    for r in results:
        done_n += r["x"].shape[0]
        for k in ends:
            ends[k].append(r[k])
        say(f"descents {done_n}/{descents}: {int(r['converged'].sum())} converged, "
            f"{int(r['escaped'].sum())} escaped")
    X = np.concatenate(ends["x"])
    Fv = np.concatenate(ends["f"])
    conv = np.concatenate(ends["converged"])
    esc = np.concatenate(ends["escaped"])
    nsteps = np.concatenate(ends["steps"])
    if not conv.any():
        raise InvalidArgument(
            f"none of {descents} descents converged to gradient norm {gtol:g} within "
            f"{max_steps} steps ({int(esc.sum())} escaped the box); raise max_steps or gtol")
    if energy_tol is None:
        energy_tol = 1e-7 * max(1.0, abs(float(np.min(Fv[conv]))))
    reg = _Registry(surface, max(energy_tol, 10 * gtol * surface.scale), xtol)
    label = np.full(descents, -1, dtype=np.int64)
    reps: list = []      # (x, f, found_by, first)
    hits: list = []
    new_at = []
    for i in range(descents):
        if not conv[i]:
            continue
        j = reg.match(X[i], Fv[i])
        if j < 0:
            j = reg.add(X[i], Fv[i])
            reps.append([X[i], Fv[i], "descent", i])
            hits.append(0)
            new_at.append(i)
        hits[j] += 1
        label[i] = j
    say(f"{len(reps)} distinct minima (up to symmetry) from {int(conv.sum())} converged descents")

    # seeded starts (e.g. near a constructed point): kept out of the saturation figures
    seeded = []
    if starts is not None:
        S0 = np.atleast_2d(np.asarray(starts, dtype=float))
        r = descend(surface, S0, gtol=gtol, max_steps=max_steps)
        for xx, ff, ok in zip(r["x"], r["f"], r["converged"]):
            j = -1
            if ok:
                j = reg.match(xx, ff)
                if j < 0:
                    j = reg.add(xx, ff)
                    reps.append([xx, ff, "seeded", -1])
                    hits.append(0)
            seeded.append(int(j))
        say(f"{S0.shape[0]} seeded starts: {int(r['converged'].sum())} converged")

    # basin hopping
    hop_new = 0
    if hops > 0:
        hs = (0.3 if hop_size is None else hop_size) * surface.scale
        base = np.array([r[0] for r in reps])
        starts = np.repeat(base, hops, axis=0) + hs * rng.standard_normal((base.shape[0] * hops, surface.dim))
        r = descend(surface, starts, gtol=gtol, max_steps=max_steps, progress=say)
        for xx, ff, ok in zip(r["x"], r["f"], r["converged"]):
            if ok and reg.match(xx, ff) < 0:
                reg.add(xx, ff)
                reps.append([xx, ff, "hop", -1])
                hits.append(0)
                hop_new += 1
        say(f"basin hopping: {starts.shape[0]} kicks, {hop_new} new minima")

    minima: list = []

    def finish_min(x, f, found_by, first, h):
        x, gn = _polish_minimum(surface, np.asarray(x, dtype=float), 1e-3 * gtol)
        lam = np.linalg.eigvalsh(hessian_at(surface, x))
        f = float(surface.value(x[None])[0])
        minima.append(Minimum(x, f, gn, float(lam[0]), _eig_tol(lam), h, first, found_by))
        return len(minima) - 1

    for (x, f, by, first), h in zip(reps, hits):
        finish_min(x, f, by, first, h)
    say("polished every minimum (Newton) and recorded its Hessian spectrum")

    # connections
    uf = _UF()
    for _ in minima:
        uf.add()
    saddles: list = []
    bands = 0

    def classify(x):
        f = float(surface.value(x[None])[0])
        j = reg.match(x, f)
        if j < 0:
            j = reg.add(x, f)
            uf.add()
            finish_min(x, f, "saddle", -1, 0)
        return j

    def connect(i, j, xb):
        """One band from minimum i to (the aligned copy xb of) minimum j; every
        interior local maximum of the band (at most 3, the climbing image
        first) refined to a stationary point; index-1 ones become edges."""
        nonlocal bands
        band = elastic_band(surface, minima[i].x, xb, images=band_images, steps=band_steps)
        bands += 1
        E = band["energies"]
        peaks = [c for c in range(1, E.shape[0] - 1) if E[c] > E[c - 1] and E[c] >= E[c + 1]]
        peaks = sorted(set(peaks) | {band["climbing"]}, key=lambda c: -E[c])[:3]
        spacing = float(np.mean(_norms(np.diff(band["path"], axis=0))))
        for c in peaks:
            sd = refine_saddle(surface, band["path"][c])
            joins = (-1, -1)
            if sd["index"] == 1 and sd["converged"]:
                u = sd["direction"]
                delta = max(0.1 * spacing, 1e-4 * surface.scale)
                r = descend(surface, np.stack([sd["x"] + delta * u, sd["x"] - delta * u]),
                            gtol=gtol, max_steps=max_steps)
                joins = tuple(classify(xx) if ok else -1 for xx, ok in zip(r["x"], r["converged"]))
            sdl = Saddle(sd["x"], sd["f"], sd["gnorm"], sd["index"], tuple(sd["eigenvalues"]),
                         joins, (i, j), float(np.max(E)))
            saddles.append(sdl)
            if sdl.usable:
                uf.union(*joins)

    done = set()
    skipped: list = []
    while True:
        order = sorted(range(len(minima)), key=lambda i: minima[i].f)
        todo = [i for i in order[1:] if i not in done]
        if not todo:
            break
        i = todo[0]
        done.add(i)
        if minima[i].f <= minima[order[0]].f + energy_tol or not minima[i].strict:
            # the lowest level (all global, or a flat set of them), and degenerate
            # minima (reported unresolved), are not joined: no valley to measure
            skipped.append(i)
            continue
        tried = 0
        while tried < neighbors and not _joined_lower(uf, minima, i):
            # nearest minima (after alignment) outside i's component, lower or higher:
            # a band to a higher neighbour may find the saddle that leads down
            ri = uf.find(i)
            cand = sorted(((*_distance(surface, minima[i].x, minima[j].x), j)
                           for j in range(len(minima)) if uf.find(j) != ri),
                          key=lambda t: t[0])
            if not cand:
                break
            _, xb, j = cand[0]
            connect(i, j, xb)
            tried += 1
        say(f"minimum {i} (loss {minima[i].f:.6g}): {bands} bands so far, "
            f"{'joined' if _joined_lower(uf, minima, i) else 'NOT joined'} to a lower minimum")

    # lower loss at infinity: descents that escaped the bounds below a strict minimum
    # that no saddle joins to a lower one; one band to the nearest such end point
    esc_idx = np.flatnonzero(esc & np.isfinite(Fv))
    escape_bands = 0
    if esc_idx.size:
        for i in sorted(range(len(minima)), key=lambda i: minima[i].f):
            m = minima[i]
            below = esc_idx[Fv[esc_idx] < m.f - energy_tol]
            if not m.strict or below.size == 0 or _joined_lower(uf, minima, i):
                continue
            e = below[np.argmin(np.linalg.norm(X[below] - m.x, axis=1))]
            band = elastic_band(surface, m.x, X[e], images=band_images, steps=band_steps)
            escape_bands += 1
            bands += 1
            c = band["climbing"]
            sd = refine_saddle(surface, band["path"][c])
            joins = (-1, -1)
            if sd["index"] == 1 and sd["converged"]:
                u = sd["direction"]
                spacing = float(np.mean(_norms(np.diff(band["path"], axis=0))))
                delta = max(0.1 * spacing, 1e-4 * surface.scale)
                r = descend(surface, np.stack([sd["x"] + delta * u, sd["x"] - delta * u]),
                            gtol=gtol, max_steps=max_steps)
                jj = []
                for xx, ff, ok, gone in zip(r["x"], r["f"], r["converged"], r["escaped"]):
                    jj.append(classify(xx) if ok else (-2 if gone and ff < m.f - energy_tol else -1))
                joins = tuple(jj)
            saddles.append(Saddle(sd["x"], sd["f"], sd["gnorm"], sd["index"],
                                  tuple(sd["eigenvalues"]), joins, (i, -2),
                                  float(np.max(band["energies"]))))
            say(f"minimum {i} (loss {m.f:.6g}): band towards an escaped descent (loss "
                f"{Fv[e]:.6g}); saddle of index {sd['index']} joins {joins}")

    use = [s for s in saddles if s.usable]
    vals = [m.f for m in minima]
    infinity = -1
    if any(-2 in s.joins for s in use):
        infinity = len(vals)
        vals.append(float(np.min(Fv[esc_idx])))
    vals = np.array(vals)
    edges = np.array([[infinity if j == -2 else j for j in s.joins] for s in use],
                     dtype=np.int64).reshape(-1, 2)
    w = np.array([s.f for s in use], dtype=float)
    tree = merge_tree(vals, edges, w)
    q = max(1, descents // 4)
    conv_idx = np.flatnonzero(conv)
    once = sum(1 for h in hits if h == 1)
    late = sum(1 for i in new_at if i >= descents - q)
    fin_esc = Fv[esc & np.isfinite(Fv)]
    stats = {"descents": int(descents), "seed": seed, "converged": int(conv.sum()),
             "escaped": int(esc.sum()),
             "escaped_min_loss": float(fin_esc.min()) if fin_esc.size else None, "unconverged": int((~conv & ~esc).sum()),
             "gtol": gtol, "median_steps": float(np.median(nsteps[conv_idx])),
             "max_steps": int(max_steps), "distinct_minima": len(minima),
             "minima_from_descents": len(new_at), "minima_from_hops": hop_new,
             "minima_from_saddles": sum(1 for m in minima if m.found_by == "saddle"),
             "first_hit_of_each_minimum": new_at,
             "new_in_last_quarter": int(late), "last_quarter": int(q),
             "good_turing": once / max(1, int(conv.sum())),
             "saturated": bool(late == 0 and hop_new == 0),
             "seeded_ends": seeded,
             "bands": bands, "saddles_refined": len(saddles),
             "not_joined_lowest_level_or_degenerate": len(skipped),
             "bands_towards_infinity": escape_bands,
             "saddles_index_1": sum(1 for s in saddles if s.index == 1), "edges": len(use),
             "energy_tol": energy_tol, "dedup_xtol": xtol,
             "dedup_rule": ("same minimum iff |dF| <= energy_tol and max-norm of the symmetry "
                            "invariants <= xtol"),
             "executor": ("vectorised, this process" if scheduler == "serial" else
                          f"Dask ({'local cluster, ' + str(workers) + ' workers' if scheduler is None else scheduler})"
                          " for the descents; bands in this process")}
    say(f"merge tree: {len(minima)} minima, {len(use)} index-1 saddles used, "
        f"{time.perf_counter() - t0:.1f} s")
    return MinimaGraph(surface, minima, saddles, tree, float(energy_tol), stats,
                       time.perf_counter() - t0, infinity)


def _descend_task(task) -> dict:
    """One Dask task: ``(surface, starts, gtol, max_steps)`` -> :func:`descend`'s dict."""
    surface, X0, gtol, max_steps = task
    return descend(surface, X0, gtol=gtol, max_steps=max_steps)


def _joined_lower(uf, minima, i) -> bool:
    """Is minimum ``i`` in one component with a minimum before it in the
    (loss, index) order?"""
    r = uf.find(i)
    key = (minima[i].f, i)
    return any(uf.find(j) == r and (minima[j].f, j) < key for j in range(len(minima)) if j != i)

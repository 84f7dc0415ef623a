"""Losses as the minima-graph engine sees them: batched value, gradient, Hessian, symmetries.

A :class:`Surface` bundles what :mod:`critcheck.numeric.minima_graph` needs:
a loss and its gradient evaluated on many rows at once, optionally the exact
Hessian, the invariants and the alignment of the loss's symmetry group (for
deduplication and for joining a minimum to the nearest copy of another), a
sampler of starting points and the bounds beyond which a descent counts as
escaped. Two constructors: :func:`surface_from_expr` (a SymPy loss, compiled)
and :func:`relu_surface` (the two-layer ReLU teacher-student population loss
of :mod:`critcheck.twolayer.loss`, with neuron and coordinate permutations).

References
----------
I. Safran, O. Shamir, "Spurious local minima are common in two-layer ReLU
neural networks", ICML 2018, Sec. 2 (the loss, V = I, the permutation
symmetries). Seed 002 (the teacher-student setting).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np

__all__ = ["Surface", "surface_from_expr", "relu_surface"]

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
    memo: dict = {}  # each expression prepared once for the compilations below
    F = compile_loss(expr, symbols, memo=memo)
    grad = [sympy.diff(expr, s) for s in symbols]
    # the loss and its gradient in one function (descents and bands ask for both; a
    # gradient alone is its columns 1..D): the components share sub-expressions
    # (e.g. each residual), computed once
    FG = compile_vector([expr] + grad, symbols, shared=True, memo=memo)
    D = len(symbols)
    # the exact Hessian for up to 4 variables; beyond, compiling D^2 second derivatives
    # costs more than differences of the exact gradient (hessian_at), accurate to ~1e-8
    H = compile_vector([sympy.diff(g, s) for g in grad for s in symbols], symbols,
                       shared=True, memo=memo) if D <= 4 else None
    span = b[:, 1] - b[:, 0]

    def value(X):
        return np.asarray(F.values(np.atleast_2d(X), nonfinite="keep"), dtype=float)

    def gradient(X):
        cols = FG.columns(np.atleast_2d(np.asarray(X, dtype=float)))
        return np.stack(cols[1:], axis=1).astype(float, copy=False)

    def value_grad(X):
        cols = FG.columns(np.atleast_2d(np.asarray(X, dtype=float)))
        return np.array(cols[0], dtype=float), np.stack(cols[1:], axis=1).astype(float, copy=False)

    def hessian(x):
        return np.asarray(H(np.asarray(x, dtype=float).reshape(1, D)), dtype=float).reshape(D, D)

    def init(rng, m):
        return b[:, 0] + rng.random((m, D)) * span

    wide = np.stack([b[:, 0] - escape_factor * span, b[:, 1] + escape_factor * span], axis=1)
    return Surface(D, value, gradient, init, hessian if H is not None else None,
                   bounds=wide, scale=float(np.max(span)), name=name or str(expr),
                   variables=tuple(map(str, symbols)), value_grad=value_grad)


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

    teacher = twolayer.teacher_terms(V)  # the loss's constant part, once

    def value(X):
        return twolayer.population_loss_with(np.asarray(X, dtype=float).reshape(-1, n, d), teacher)

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
        return twolayer.population_loss_with(W, teacher), twolayer.gradient_fast(W, V).reshape(-1, D)

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

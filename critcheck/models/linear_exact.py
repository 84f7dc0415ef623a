"""Exact classification of critical points of the smallest deep linear nets.

Seed 003, Sec. III, Thm III.1 and Thm III.2, eq. (3) (column convention of
the seed: :math:`\\|Y - W_L\\cdots W_1 X\\|_F^2`). On a rational instance
whose eigenvectors are rational -- ``X = I_2`` and ``Y = Q D`` with ``Q`` a
rational rotation (3-4-5) and ``D = diag(2, 1)``, so
:math:`M = YX^T(XX^T)^{-1}XY^T = Q D^2 Q^T` has eigenvectors ``Q`` and
distinct eigenvalues 4, 1 -- every Baldi-Hornik critical point (for each
eigen-index set ``S``, rebalanced by a rational invertible ``C``) is rational,
and everything is decided exactly:

* criticality: every block of the gradient is exactly zero;
* full-rank product: the loss equals the global minimum exactly (0 here);
* singular product: a *saddle certificate* -- rational directions ``d``
  with :math:`p(t) = F(\\theta + t d) - F(\\theta)` a polynomial whose
  lowest-order nonzero coefficient shows a descent (negative, or odd order)
  and an ascent (positive, or odd order). Then the point is neither a local
  minimum nor a local maximum.
"""

from __future__ import annotations

import itertools

import sympy

__all__ = ["rational_instance", "rational_critical_points", "classify_exact"]


def rational_instance():
    """``(X, Y, U, eigenvalues)`` of the exact instance (SymPy matrices)."""
    Q = sympy.Matrix([[sympy.Rational(3, 5), sympy.Rational(-4, 5)],
                      [sympy.Rational(4, 5), sympy.Rational(3, 5)]])
    D = sympy.diag(2, 1)
    X = sympy.eye(2)
    Y = Q * D
    return X, Y, Q, (4, 1)


def _product(Ws):
    P = Ws[0]
    for W in Ws[1:]:
        P = W * P
    return P


def loss(Ws, X, Y):
    R = Y - _product(Ws) * X
    return sum(e**2 for e in R)


def gradient(Ws, X, Y):
    """Exact gradient blocks :math:`-2 (W_L\\cdots W_{k+1})^T (Y - PX) X^T (W_{k-1}\\cdots W_1)^T`."""
    G = -2 * (Y - _product(Ws) * X) * X.T
    out = []
    for k in range(len(Ws)):
        above = _product(Ws[k + 1:]) if k + 1 < len(Ws) else sympy.eye(G.shape[0])
        below = _product(Ws[:k]) if k > 0 else sympy.eye(X.shape[0])
        out.append(above.T * G * below.T)
    return out


def rational_critical_points(L: int = 3, C=None):
    """``[(S, Ws)]`` for every eigen-index set ``S`` (widths all 2), rebalanced by ``C``."""
    X, Y, U, _ = rational_instance()
    C = C if C is not None else sympy.Matrix([[2, 1], [1, 1]])
    pts = []
    for k in range(3):
        for S in itertools.combinations(range(2), k):
            US = U[:, list(S)] if S else sympy.zeros(2, 0)
            W1 = sympy.zeros(2, 2)
            WL = sympy.zeros(2, 2)
            if S:
                W1[:k, :] = US.T * Y
                WL[:, :k] = US
            mids = [sympy.diag(*([1] * k + [0] * (2 - k))) for _ in range(L - 2)]
            Ws = [W1] + mids + [WL]
            # rebalance: W_{j+1} C^{-1}, C W_j (product unchanged)
            Ci = C.inv()
            Ws = [W for W in Ws]
            for j in range(L - 1):
                Ws[j] = C * Ws[j]
                Ws[j + 1] = Ws[j + 1] * Ci
            pts.append((list(S), Ws))
    return pts


def _fractions(M):
    """A SymPy matrix of rationals as rows of :class:`fractions.Fraction`."""
    from fractions import Fraction

    return [[Fraction(int(e.p), int(e.q)) for e in M.row(i)] for i in range(M.rows)]


def _poly_mul(p, q):
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return out


def _poly_add(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + (q[i] if i < len(q) else 0) for i, a in enumerate(p)]


def _matpoly_mul(A, B):
    """``A B`` for matrices whose entries are polynomials in ``t`` (coefficient lists)."""
    return [[_reduce_add([_poly_mul(A[i][k], B[k][j]) for k in range(len(B))])
             for j in range(len(B[0]))] for i in range(len(A))]


def _reduce_add(ps):
    out = [0]
    for p in ps:
        out = _poly_add(out, p)
    return out


def _lowest(Ws, Ds, X, Y):
    """``(k, c)``: the lowest power ``t^k`` with a nonzero coefficient ``c`` in
    :math:`p(t) = F(W + tD) - F(W)` (``(None, 0)`` when ``p = 0``).

    Exact: the entries of :math:`Y - \\prod_k (W_k + t D_k) X` are polynomials in
    ``t`` with rational coefficients (:class:`fractions.Fraction`), multiplied out
    as coefficient lists, and :math:`F` is the sum of their squares -- the
    polynomial ``sympy.expand`` gives, without building the expression tree.
    """
    P = None
    for W, D in zip(Ws, Ds):
        Wf, Df = _fractions(W), _fractions(D)
        M = [[[Wf[i][j], Df[i][j]] for j in range(len(Wf[0]))] for i in range(len(Wf))]
        P = M if P is None else _matpoly_mul(M, P)
    PX = _matpoly_mul(P, [[[x] for x in row] for row in _fractions(X)])
    Yf = _fractions(Y)
    p = [0]
    for i, row in enumerate(PX):
        for j, e in enumerate(row):
            r = _poly_add([Yf[i][j]], [-c for c in e])
            p = _poly_add(p, _poly_mul(r, r))
    for k in range(1, len(p)):      # p(0) = F(W) - F(W) = 0
        if p[k] != 0:
            return k, sympy.Rational(p[k].numerator, p[k].denominator)
    return None, 0


def classify_exact(S, Ws, seed: int = 0, tries: int = 40):
    """Exact classification of one rational critical point; a dict of facts."""
    import random

    X, Y, U, lam = rational_instance()
    grad_zero = all(g == sympy.zeros(*g.shape) for g in gradient(Ws, X, Y))
    P = _product(Ws)
    full = P.rank() == 2
    F = loss(Ws, X, Y)
    out = {"S": S, "critical": bool(grad_zero), "product_rank": int(P.rank()), "loss": str(F)}
    if full:
        out["kind"] = "global" if F == 0 else "full rank, not global"
        return out
    rnd = random.Random(seed)
    cands = []
    # the direction that adds the missing eigen-direction in every layer
    L = len(Ws)
    C = sympy.Matrix([[2, 1], [1, 1]])
    Ci = C.inv()
    for i in range(2):
        if i in S:
            continue
        E1 = sympy.zeros(2, 2)
        E1[i, :] = U[:, i].T * Y
        EL = sympy.zeros(2, 2)
        EL[:, i] = U[:, i]
        Em = sympy.zeros(2, 2)
        Em[i, i] = 1
        Ds = [E1] + [Em] * (L - 2) + [EL]
        for j in range(L - 1):
            Ds[j] = C * Ds[j]
            Ds[j + 1] = Ds[j + 1] * Ci
        cands.append(Ds)
    for _ in range(tries):
        cands.append([sympy.Matrix(2, 2, [rnd.randint(-2, 2) for _ in range(4)]) for _ in range(L)])
    descent = ascent = None
    for Ds in cands:
        k, c = _lowest(Ws, Ds, X, Y)
        if k is None:
            continue
        if descent is None and (k % 2 == 1 or c < 0):
            descent = (k, str(c))
        if ascent is None and (k % 2 == 1 or c > 0):
            ascent = (k, str(c))
        if descent and ascent:
            break
    out["descent_order_coefficient"] = descent
    out["ascent_order_coefficient"] = ascent
    out["kind"] = "saddle" if (descent and ascent and grad_zero) else "undecided"
    return out

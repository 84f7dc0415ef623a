"""Rigorous enclosures of the two-layer ReLU population loss, its gradient and Hessian.

Trusted-kernel module: it imports only the standard library and python-flint
(``arb``, ``arb_mat``, ``fmpq``); no NumPy, no floats, nothing else from
critcheck. Every quantity is an ``arb`` ball computed by arb's own rigorous
operations, so the result encloses the exact value for every point of the
input box.

The closed forms (Safran & Shamir, ICML 2018, arXiv 1712.08968, Sec. 2,
Eq. (1) with the factor 1/2 of the authors' ``objval.m``; kernel of Cho & Saul,
NIPS 2009, Eq. (6); gradient of Tian, ICML 2017, Eq. (5); Hessian blocks of
the authors' ``Hessian.m``):

* kappa(u, v) = |u||v| / (2 pi) * (sin t + (pi - t) cos t), t the angle;
* F = 1/2 sum_{i,i'} kappa(w_i, w_i') - sum_{i,j} kappa(w_i, v_j)
  + 1/2 sum_{j,j'} kappa(v_j, v_j');
* grad_i = w_i / 2 + sum_{i' != i} gamma(w_i, w_i') - sum_j gamma(w_i, v_j),
  gamma(w, u) = (|u| sin t wbar + (pi - t) u) / (2 pi);
* Hessian block (i,i) = I/2 + sum_{i' != i} h1(w_i, w_i') - sum_j h1(w_i, v_j),
  h1(w, u) = |u| / (2 pi |w| sin t) [sin^2 t (I - wbar wbar^T) + a a^T],
  a = cos t wbar - ubar; block (i,i') = (pi - t)/(2 pi) I
  + [(wbar + ubar)(wbar + ubar)^T - (1 + cos t)(wbar wbar^T + ubar ubar^T)] / (2 pi sin t).

Angles: with S^2 = |a|^2 |b|^2 - (a.b)^2 (Lagrange's identity) and
D = a.b, t = atan2(S, D), sin t = S / (|a||b|), cos t = D / (|a||b|).
"""

from __future__ import annotations

from fractions import Fraction

from flint import arb, arb_mat, ctx, fmpq

__all__ = ["enclose", "to_arb"]


def to_arb(q) -> arb:
    """An exact rational (Fraction, int or fmpq) as an arb ball (exact when dyadic)."""
    if isinstance(q, arb):
        return q
    if isinstance(q, Fraction):
        return arb(fmpq(q.numerator, q.denominator))
    if isinstance(q, int):
        return arb(q)
    if isinstance(q, fmpq):
        return arb(q)
    raise ValueError(f"value {q!r} of type {type(q).__name__} is not an exact rational or arb ball")


def _dot(a, b):
    s = arb(0)
    for x, y in zip(a, b):
        s += x * y
    return s


class _Pair:
    """Angle data of one pair of vectors (a, b) with norms ra, rb."""

    __slots__ = ("t", "s", "c")

    def __init__(self, a, b, ra, rb, what):
        D = _dot(a, b)
        S2 = ra * ra * rb * rb - D * D
        if not S2 > 0:
            raise ValueError(f"{what}: the box may contain a point where the two vectors are "
                             "parallel (sin of their angle not bounded away from 0); "
                             "the loss is not twice differentiable there")
        S = S2.sqrt()
        rr = ra * rb
        self.t = arb.atan2(S, D)
        self.s = S / rr
        self.c = D / rr


def _norm(a, what):
    r2 = _dot(a, a)
    if not r2 > 0:
        raise ValueError(f"{what}: the norm ball contains 0; F is not differentiable at w = 0")
    return r2.sqrt()


def _kappa_exact_rows(V, pi):
    """1/2 sum_{j,j'} kappa(v_j, v_j') for exact rational rows V."""
    total = arb(0)
    vq = [[Fraction(x) for x in row] for row in V]
    for j, a in enumerate(vq):
        for jj, b in enumerate(vq):
            aa = sum(x * x for x in a)
            bb = sum(x * x for x in b)
            ab = sum(x * y for x, y in zip(a, b))
            if aa == 0 or bb == 0:
                continue
            na = to_arb(aa).sqrt()
            nb = to_arb(bb).sqrt()
            if ab * ab == aa * bb:          # exactly parallel (t = 0) or antiparallel (t = pi)
                total += na * nb / 2 if ab > 0 else arb(0)
                continue
            p = _Pair([to_arb(x) for x in a], [to_arb(x) for x in b], na, nb, "teacher rows")
            total += na * nb * (p.s + (pi - p.t) * p.c) / (2 * pi)
    return total / 2


def enclose(k: int, n: int, d: int, V, W, prec: int = 128, hessian: bool = True):
    """Enclosures of F, grad F and the Hessian of F over the box W.

    Parameters
    ----------
    k, n, d : int
        teacher rows, student rows, input dimension.
    V : k x d nested list of fractions.Fraction (or int / fmpq)
        the teacher, exact.
    W : n x d nested list of arb balls (or exact rationals)
        the box of student weights.
    prec : int
        working precision in bits.
    hessian : bool
        False skips the Hessian (returned as None).

    Returns
    -------
    (F, grad, H) : arb, list of n*d arb, arb_mat (n*d x n*d)
        enclosures over the whole box; the parameter vector is w_1..w_n stacked.

    Raises
    ------
    ValueError
        when shapes do not match, or the box may contain a point where F is
        not twice differentiable (some |w_i| ball contains 0, or some pair
        w_i, w_i' or w_i, v_j may be parallel or antiparallel).
    """
    if len(V) != k or any(len(r) != d for r in V):
        raise ValueError(f"V must be a {k} x {d} list of rationals")
    if len(W) != n or any(len(r) != d for r in W):
        raise ValueError(f"W must be a {n} x {d} list of arb balls")
    old = ctx.prec
    ctx.prec = prec
    try:
        return _enclose(k, n, d, V, W, hessian)
    finally:
        ctx.prec = old


def _enclose(k, n, d, V, W, want_hessian=True):
    pi = arb.pi()
    two_pi = 2 * pi
    Wa = [[to_arb(x) for x in row] for row in W]
    Va = [[to_arb(x) for x in row] for row in V]
    rw = [_norm(Wa[i], f"student row {i}") for i in range(n)]
    uw = [[x / rw[i] for x in Wa[i]] for i in range(n)]
    rv, uv = [], []
    for j in range(k):
        r2 = _dot(Va[j], Va[j])
        if not r2 > 0:
            raise ValueError(f"teacher row {j} is zero; give only nonzero teacher rows")
        rv.append(r2.sqrt())
        uv.append([x / rv[j] for x in Va[j]])
    pww = {}
    for i in range(n):
        for ii in range(i + 1, n):
            pww[i, ii] = pww[ii, i] = _Pair(Wa[i], Wa[ii], rw[i], rw[ii], f"student rows {i}, {ii}")
    pwv = {(i, j): _Pair(Wa[i], Va[j], rw[i], rv[j], f"student row {i} and teacher row {j}")
           for i in range(n) for j in range(k)}

    # loss
    F = arb(0)
    for i in range(n):
        F += rw[i] * rw[i] / 4                      # 1/2 kappa(w_i, w_i) = |w_i|^2 / 4
        for ii in range(n):
            if ii != i:
                p = pww[i, ii]
                F += rw[i] * rw[ii] * (p.s + (pi - p.t) * p.c) / (2 * two_pi)
        for j in range(k):
            p = pwv[i, j]
            F -= rw[i] * rv[j] * (p.s + (pi - p.t) * p.c) / two_pi
    F += _kappa_exact_rows(V, pi)

    # gradient
    grad = []
    for i in range(n):
        coef = arb(0)
        vec = [x * pi for x in Wa[i]]
        for ii in range(n):
            if ii == i:
                continue
            p = pww[i, ii]
            coef += rw[ii] * p.s
            m = pi - p.t
            for c in range(d):
                vec[c] += m * Wa[ii][c]
        for j in range(k):
            p = pwv[i, j]
            coef -= rv[j] * p.s
            m = pi - p.t
            for c in range(d):
                vec[c] -= m * Va[j][c]
        grad.extend((coef * uw[i][c] + vec[c]) / two_pi for c in range(d))

    if not want_hessian:
        return F, grad, None

    # Hessian
    N = n * d
    H = [[arb(0)] * N for _ in range(N)]
    half = arb(1) / 2
    for i in range(n):
        blk = [[half if a == b else arb(0) for b in range(d)] for a in range(d)]
        terms = [(rw[ii], uw[ii], pww[i, ii], 1) for ii in range(n) if ii != i]
        terms += [(rv[j], uv[j], pwv[i, j], -1) for j in range(k)]
        for ru, uu, p, sg in terms:
            scale = ru / (two_pi * rw[i] * p.s)
            if sg < 0:
                scale = -scale
            s2 = p.s * p.s
            a = [p.c * uw[i][c] - uu[c] for c in range(d)]
            for r in range(d):
                for c in range(d):
                    e = a[r] * a[c] - s2 * uw[i][r] * uw[i][c]
                    if r == c:
                        e += s2
                    blk[r][c] += scale * e
        for r in range(d):
            for c in range(d):
                H[i * d + r][i * d + c] = blk[r][c]
        for ii in range(i + 1, n):
            p = pww[i, ii]
            diag = (pi - p.t) / two_pi
            inv = 1 / (two_pi * p.s)
            onec = 1 + p.c
            q = [uw[i][c] + uw[ii][c] for c in range(d)]
            for r in range(d):
                for c in range(d):
                    e = (q[r] * q[c] - onec * (uw[i][r] * uw[i][c] + uw[ii][r] * uw[ii][c])) * inv
                    if r == c:
                        e += diag
                    H[i * d + r][ii * d + c] = e
                    H[ii * d + c][i * d + r] = e
    return F, grad, arb_mat(H)


"""Interval certificate of a strict local minimum in a box: Krawczyk existence + definiteness.

Trusted-kernel module: standard library and python-flint only; no floats.

Given a loss whose value, gradient and Hessian can be enclosed over a box
(``enclose(box) -> (F, grad, H)``), the certificate {centre x~ (rationals),
radius r (rational), lambda (rational)} is accepted when

1. **Krawczyk existence and uniqueness** (Krawczyk 1969; Moore, Kearfott &
   Cloud, *Introduction to Interval Analysis*, SIAM 2009, Sec. 8.2, Thm 8.2):
   with Y the exact midpoint of an arb inverse of H(x~),
   K(X) = x~ - Y grad F(x~) + (I - Y H(X)) (X - x~) lies in the interior of
   X = x~ + [-r, r]^N. Then grad F has exactly one zero in X.
2. **Positive definiteness over the whole box**: with H(X) = M +- R
   (midpoint M, radius matrix R), every symmetric matrix in it has
   lambda_min >= lambda_min(M) - ||R||_F (Weyl). lambda_min(M) >= lambda is
   shown by a rigorous LDL^T (block Schur complements, arb balls) of
   M - lambda I with every pivot > 0, and lambda - ||R||_F > 0 is checked.
   So the zero is a strict local minimum.
3. **Value**: the enclosure of F over X has a positive lower bound (for the
   two-layer loss F >= 0 with global value 0, so the minimum is spurious).
"""

from __future__ import annotations

from fractions import Fraction

from flint import arb, arb_mat, ctx, fmpq

__all__ = ["box", "krawczyk", "pd_lower_bound", "check_box_minimum"]


def _q(x) -> fmpq:
    x = Fraction(x)
    return fmpq(x.numerator, x.denominator)


def box(center, radius):
    """arb balls x~_i +- r (each contains the rational interval; exact when dyadic)."""
    r = _q(radius)
    if not r > 0:
        raise ValueError(f"radius {radius!r} must be positive")
    return [arb(_q(c), r) for c in center]


def _col(v):
    return arb_mat([[x] for x in v])


def krawczyk(center, X, grad_center, H_center, H_box):
    """True iff K(X) lies in the interior of X (see module docstring), with a reason."""
    N = len(X)
    try:
        Yb = H_center.inv()
    except (ZeroDivisionError, ValueError) as exc:
        return False, f"centre Hessian not invertible in arb ({exc})"
    Y = Yb.mid()
    xt = _col([arb(_q(c)) for c in center])
    Xc = _col(X)
    I = arb_mat([[1 if i == j else 0 for j in range(N)] for i in range(N)])
    K = xt - Y * _col(grad_center) + (I - Y * H_box) * (Xc - xt)
    for i in range(N):
        if not X[i].contains_interior(K[i, 0]):
            return False, f"Krawczyk: coordinate {i} of K(X) = {K[i, 0]} is not inside X_{i} = {X[i]}"
    return True, "K(X) in the interior of X"


def _ldl_positive(A, size):
    """True iff every pivot enclosure of an LDL^T of the arb matrix A is > 0 (blocked Schur)."""
    if size <= 16:
        a = [[A[i, j] for j in range(size)] for i in range(size)]
        for p in range(size):
            piv = a[p][p]
            if not piv > 0:
                return False
            for i in range(p + 1, size):
                f = a[i][p] / piv
                row_p = a[p]
                row_i = a[i]
                for j in range(p + 1, size):
                    row_i[j] = row_i[j] - f * row_p[j]
        return True
    h = size // 2
    A11 = arb_mat([[A[i, j] for j in range(h)] for i in range(h)])
    if not _ldl_positive(A11, h):
        return False
    A12 = arb_mat([[A[i, j] for j in range(h, size)] for i in range(h)])
    A21 = arb_mat([[A[i, j] for j in range(h)] for i in range(h, size)])
    A22 = arb_mat([[A[i, j] for j in range(h, size)] for i in range(h, size)])
    try:
        S = A22 - A21 * A11.solve(A12)
    except (ZeroDivisionError, ValueError):
        return False
    return _ldl_positive(S, size - h)


def pd_lower_bound(H_box, lam):
    """Check lambda_min(H) > 0 for every symmetric H in the arb matrix H_box, given a trial lambda.

    Returns (ok, lower) where lower = lambda - ||R||_F (an arb ball) when
    M - lambda I is proved positive definite, else (False, reason).
    """
    N = H_box.nrows()
    lamq = _q(lam)
    if not lamq > 0:
        return False, f"lambda={lam!r} must be positive"
    M = H_box.mid()
    A = M - arb_mat([[arb(lamq) if i == j else 0 for j in range(N)] for i in range(N)])
    if not _ldl_positive(A, N):
        return False, f"LDL^T of mid(H) - {lamq} I has a pivot not proved positive"
    rad2 = arb(0)
    for i in range(N):
        for j in range(N):
            r = H_box[i, j].rad()
            rad2 += r * r
    lower = arb(lamq) - rad2.sqrt()
    if not lower > 0:
        return False, f"lambda - ||rad H||_F = {lower} is not positive"
    return True, lower


def check_box_minimum(enclose_fn, center, radius, lam, prec: int = 128):
    """Check an interval certificate of a strict local minimum with positive value.

    Parameters
    ----------
    enclose_fn : callable
        ``enclose_fn(list_of_arb) -> (F, grad_list, H_arb_mat)``, rigorous enclosures
        over the given balls (e.g. :func:`critcheck.kernel.twolayer.enclose` with V fixed).
    center : list of rationals
    radius, lam : rationals

    Returns
    -------
    dict with ``accepted`` (bool), ``reason`` (str) and, when accepted, the
    enclosures ``F`` and ``lambda_lower`` (as arb strings).
    """
    old = ctx.prec
    ctx.prec = prec
    try:
        X = box(center, radius)
        try:
            F, g_box, H_box = enclose_fn(X)
            _, g0, H0 = enclose_fn([arb(_q(c)) for c in center])
        except ValueError as exc:
            return {"accepted": False, "reason": f"not smooth on the box: {exc}"}
        ok, why = krawczyk(center, X, g0, H0, H_box)
        if not ok:
            return {"accepted": False, "reason": why}
        ok, lower = pd_lower_bound(H_box, lam)
        if not ok:
            return {"accepted": False, "reason": lower}
        if not F > 0:
            return {"accepted": False, "reason": f"F enclosure {F} not bounded away from 0"}
        return {"accepted": True, "reason": "unique critical point in the box; Hessian PD on the box; F > 0",
                "F": F.str(radius=True), "F_lower": F.lower().str(radius=False),
                "lambda_lower": lower.str(radius=True)}
    finally:
        ctx.prec = old

"""Interval existence and definiteness on a box, for losses given as closed-form enclosures.

Trusted-kernel module: standard library and python-flint only; no floats.
It serves the ``interval_minimum`` rule for families whose loss is a named
closed form (``twolayer``) rather than a SymPy expression, on boxes with
hundreds of coordinates, where arb's eigenvalue routine is too slow.

* **Krawczyk existence and uniqueness** (Krawczyk 1969; Moore, Kearfott &
  Cloud, *Introduction to Interval Analysis*, SIAM 2009, Sec. 8.2, Thm 8.2):
  with Y the exact midpoint of an arb inverse of H(x~),
  K(X) = x~ - Y grad F(x~) + (I - Y H(X)) (X - x~) inside the interior of
  X = x~ + [-r, r]^N implies that grad F has exactly one zero in X.
* **Definiteness over the box**: with H(X) = M +- R, every symmetric matrix
  in H(X) -- in particular the Hessian at every point of X -- has
  lambda_min >= lambda_min(M) - ||R||_F (Weyl). lambda_min(M) >= s is shown
  by an LDL^T factorisation of M - s I in arb ball arithmetic (blocked: Schur
  complements with arb_mat solves, scalar elimination below 16 x 16) whose
  pivot enclosures are all > 0 (a symmetric matrix is positive definite iff
  all its LDL^T pivots are positive).
"""

from __future__ import annotations

from fractions import Fraction

from flint import arb, arb_mat, fmpq

__all__ = ["box", "krawczyk", "ldl_min_pivot", "definite_lower_bound"]


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
    """(True, '') iff K(X) lies in the interior of X; else (False, reason)."""
    N = len(X)
    try:
        Yb = H_center.inv()
    except (ZeroDivisionError, ValueError) as exc:
        return False, f"centre Hessian not invertible in arb ({exc})"
    Y = Yb.mid()
    xt = _col([arb(_q(c)) for c in center])
    Xc = _col(X)
    eye = arb_mat([[1 if i == j else 0 for j in range(N)] for i in range(N)])
    K = xt - Y * _col(grad_center) + (eye - Y * H_box) * (Xc - xt)
    for i in range(N):
        if not X[i].contains_interior(K[i, 0]):
            return False, f"coordinate {i} of K(X) = {K[i, 0].str(6)} is not inside X_{i} = {X[i].str(6)}"
    return True, ""


def ldl_min_pivot(A, size=None):
    """The smallest LDL^T pivot enclosure of the arb matrix A, or None if some pivot is not > 0."""
    size = A.nrows() if size is None else size
    if size <= 16:
        a = [[A[i, j] for j in range(size)] for i in range(size)]
        low = None
        for p in range(size):
            piv = a[p][p]
            if not piv > 0:
                return None
            low = piv if low is None or piv.lower() < low.lower() else low
            for i in range(p + 1, size):
                f = a[i][p] / piv
                row_p, row_i = a[p], a[i]
                for j in range(p + 1, size):
                    row_i[j] = row_i[j] - f * row_p[j]
        return low
    h = size // 2
    A11 = arb_mat([[A[i, j] for j in range(h)] for i in range(h)])
    p1 = ldl_min_pivot(A11, h)
    if p1 is None:
        return None
    A12 = arb_mat([[A[i, j] for j in range(h, size)] for i in range(h)])
    A21 = arb_mat([[A[i, j] for j in range(h)] for i in range(h, size)])
    A22 = arb_mat([[A[i, j] for j in range(h, size)] for i in range(h, size)])
    try:
        S = A22 - A21 * A11.solve(A12)
    except (ZeroDivisionError, ValueError):
        return None
    p2 = ldl_min_pivot(S, size - h)
    if p2 is None:
        return None
    return p1 if p1.lower() < p2.lower() else p2


def definite_lower_bound(H_box, max_halvings: int = 24):
    """A proved lower bound (> 0) on lambda_min over every symmetric matrix in H_box, or None.

    Weyl: with H_box = M +- R (midpoint M, exact; radius matrix R), every
    symmetric A in H_box has lambda_min(A) >= lambda_min(M) - ||R||_F.
    lambda_min(M) >= s is proved by an LDL^T of M - s I with all pivots > 0;
    s runs through p/2, p/4, ... where p is M's smallest pivot (an upper bound
    on lambda_min(M)), and the first s that passes is used. Returns
    s - ||R||_F when that is > 0, else None.
    """
    N = H_box.nrows()
    M = H_box.mid()
    p = ldl_min_pivot(M)
    if p is None:
        return None
    rad2 = arb(0)
    for i in range(N):
        for j in range(N):
            r = H_box[i, j].rad()
            rad2 += r * r
    radF = rad2.sqrt()
    s = p.lower().mid()              # exact dyadic number
    for _ in range(max_halvings):
        s = s / 2
        if not arb(s) > radF:
            return None
        shifted = M - arb_mat([[s if i == j else 0 for j in range(N)] for i in range(N)])
        if ldl_min_pivot(shifted) is not None:
            return arb(s) - radF
    return None

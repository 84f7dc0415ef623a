"""Interval existence and definiteness on a box, for losses given as closed-form enclosures.

Trusted-kernel module: standard library and python-flint only; no floats.
It serves the ``interval_minimum`` rule for families whose loss is a named
closed form (``twolayer``) rather than a SymPy expression, on boxes with
hundreds of coordinates, where arb's eigenvalue routine is too slow.

* **Krawczyk existence and uniqueness** (Krawczyk 1969; Moore, Kearfott &
  Cloud, *Introduction to Interval Analysis*, SIAM 2009, Sec. 8.2, Thm 8.2):
  with Y the exact midpoint of an arb inverse of mid H(X),
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


def krawczyk(center, X, grad_center, H_box):
    """(True, '', Y) iff K(X) lies in the interior of X; else (False, reason, None).

    Y is the exact midpoint of an arb inverse of mid H(X) (any exact Y is valid
    in Krawczyk's theorem; this one makes I - Y H(X) small).
    """
    N = len(X)
    try:
        Yb = H_box.mid().inv()
    except (ZeroDivisionError, ValueError) as exc:
        return False, f"Hessian midpoint not invertible in arb ({exc})", None
    Y = Yb.mid()
    xt = _col([arb(_q(c)) for c in center])
    Xc = _col(X)
    eye = arb_mat([[1 if i == j else 0 for j in range(N)] for i in range(N)])
    K = xt - Y * _col(grad_center) + (eye - Y * H_box) * (Xc - xt)
    for i in range(N):
        if not X[i].contains_interior(K[i, 0]):
            return False, f"coordinate {i} of K(X) = {K[i, 0].str(6)} is not inside X_{i} = {X[i].str(6)}", None
    return True, "", Y


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


def definite_lower_bound(H_box, Y=None, max_halvings: int = 24):
    """A proved lower bound (> 0) on lambda_min over every symmetric matrix in H_box, or None.

    Weyl: with H_box = M +- R (midpoint M, exact; radius matrix R), every
    symmetric A in H_box has lambda_min(A) >= lambda_min(M) - ||R||_F.
    lambda_min(M) >= s is proved by an LDL^T of M - s I with all pivots > 0.
    Trial values s (untrusted guesses, each one proved or discarded): first
    9/10 and 1/2 of 1/||Y||_2 estimated by power iteration when an approximate inverse
    Y of M is given, then p/2, p/4, ... with p the smallest pivot of M (an
    upper bound on lambda_min(M)). Returns s - ||R||_F for the first s
    that passes, when that is > 0; else None.
    """
    N = H_box.nrows()
    M = H_box.mid()
    rad2 = arb(0)
    for i in range(N):
        for j in range(N):
            r = H_box[i, j].rad()
            rad2 += r * r
    radF = rad2.sqrt()

    def passes(s):
        shifted = M - arb_mat([[s if i == j else 0 for j in range(N)] for i in range(N)])
        return ldl_min_pivot(shifted) is not None

    if Y is not None:
        # guess lambda_min(M) ~ 1/||Y||_2 by a few power-iteration steps on Y (Y ~ M^-1)
        v = arb_mat([[1] for _ in range(N)])
        est = arb(0)
        for _ in range(40):
            w = Y * v
            nv = arb(0)
            for i in range(N):
                nv += w[i, 0] * w[i, 0]
            nv = nv.sqrt().mid()
            if not nv > 0:
                break
            est = nv
            v = arb_mat([[w[i, 0].mid() / nv] for i in range(N)])
        if est > 0:
            for num, den in ((9, 10), (1, 2)):
                s = (arb(num) / (den * est)).mid()
                if arb(s) > radF and passes(s):
                    return arb(s) - radF
    p = ldl_min_pivot(M)
    if p is None:
        return None
    s = p.lower().mid()              # exact dyadic number
    for _ in range(max_halvings):
        s = s / 2
        if not arb(s) > radF:
            return None
        if passes(s):
            return arb(s) - radF
    return None

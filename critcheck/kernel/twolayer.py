"""Two-layer ReLU loss as a named closed form: arb enclosures and the box rule (stdlib + flint).

F = 1/2 sum kappa(w_i,w_i') - sum kappa(w_i,v_j) + 1/2 sum kappa(v_j,v_j'), kappa(u,v) =
|u||v|/(2 pi) (sin t + (pi-t) cos t) (Safran & Shamir, ICML 2018, Sec. 2, Eq. (1); Cho & Saul
2009, Eq. (6)); grad_i = w_i/2 + sum_{i'!=i} gamma(w_i,w_i') - sum_j gamma(w_i,v_j), gamma(w,u)
= (|u| sin t wbar + (pi-t) u)/(2 pi) (Tian, ICML 2017, Eq. (5)); Hessian blocks of the authors'
Hessian.m (docs/twolayer.md). t = atan2(S, a.b), S^2 = |a|^2|b|^2 - (a.b)^2.
Box rule (:func:`check`), on the box X = c +- r:

* definiteness (Weyl): lambda_min >= lambda_min(M) - ||rad H(X)||_F =: lam, M = mid H(X), with
  lambda_min(M) >= s proved by an arb LDL^T of M - sI with all pivots > 0 (s an untrusted guess:
  the certificate's ``lambda_guess``, else a power iteration on an arb inverse of M);
* existence and uniqueness, by strong convexity: every Hessian on X is >= lam I, so F is
  lam-strongly convex on X; if ||g(c)||_2 < lam r / 2 then on the sphere |x - c|_2 = r (inside X)
  F(x) >= F(c) - ||g(c)|| r + lam r^2 / 2 > F(c), so the minimum of F over that ball is interior,
  a critical point; strict monotonicity of the gradient, (g(x) - g(y)).(x - y) >= lam |x - y|^2,
  leaves no second one in X (Nesterov, *Lectures on Convex Optimization*, 2018, Thm 2.1.10 and
  Def. 2.1.3). Cost: the Hessian enclosure and one LDL^T;
* when that inequality fails (a centre far from the critical point), Krawczyk (Moore, Kearfott &
  Cloud 2009, Thm 8.2): K(X) = c - Y g(c) + (I - Y H(X))(X - c) inside int X (Y = mid of an arb
  inverse of mid H(X)) gives exactly one critical point in X (an arb inverse and an N x N ball
  matrix product: about 5x the cost at N = 400).
"""

from __future__ import annotations

from fractions import Fraction

from flint import arb, arb_mat, ctx, fmpq

from .errors import Rejected

__all__ = ["enclose", "to_arb", "check", "variable_names", "krawczyk", "ldl_positive", "definite_lower_bound"]
PREC = 64  # bits of the arb midpoints: every ball stays rigorous; 128 cost 1.4x the time for radii
#           dominated by the box (2^-30), not by rounding (2^-64 relative)


def to_arb(q) -> arb:
    """An exact rational (Fraction, int, fmpq) or an arb ball as an arb ball."""
    if isinstance(q, (arb, int, fmpq)):
        return q if isinstance(q, arb) else arb(q)
    if isinstance(q, Fraction):
        return arb(fmpq(q.numerator, q.denominator))
    raise ValueError(f"value {q!r} of type {type(q).__name__} is not an exact rational or arb ball")


def _dot(a, b):
    return sum((x * y for x, y in zip(a, b)), arb(0))


def _pair(a, b, ra, rb, what):
    """(t, sin t, cos t) for vectors a, b with norms ra, rb; refuses possibly parallel pairs."""
    D = _dot(a, b)
    S2 = ra * ra * rb * rb - D * D
    if not S2 > 0:
        raise ValueError(f"{what}: the box may contain parallel or antiparallel vectors "
                         "(sin of their angle not bounded away from 0); F is not smooth there")
    S = S2.sqrt()
    return arb.atan2(S, D), S / (ra * rb), D / (ra * rb)


def _norm(a, what):
    r2 = _dot(a, a)
    if not r2 > 0:
        raise ValueError(f"{what}: the norm ball contains 0; F is not differentiable at w = 0")
    return r2.sqrt()


def enclose(k: int, n: int, d: int, V, W, prec: int = PREC, hessian: bool = True):
    """(F, grad, H): enclosures of F, grad F (n*d arb) and the Hessian (arb_mat, or None when
    ``hessian`` is False) over the box W (n x d arb balls or rationals; V k x d rationals).
    ValueError when the box may hold a non-smooth point (|w_i| ball containing 0, or a pair
    w_i, w_i' / w_i, v_j / v_j, v_j' possibly parallel)."""
    if len(V) != k or any(len(r) != d for r in V) or len(W) != n or any(len(r) != d for r in W):
        raise ValueError(f"V must be {k} x {d} and W {n} x {d}")
    old, ctx.prec = ctx.prec, prec
    try:
        return _enclose(k, n, d, V, W, hessian)
    finally:
        ctx.prec = old


def _enclose(k, n, d, V, W, want_h):
    pi = arb.pi()
    tpi = 2 * pi
    Wa = [[to_arb(x) for x in r] for r in W]
    Va = [[to_arb(x) for x in r] for r in V]
    rw = [_norm(Wa[i], f"student row {i}") for i in range(n)]
    rv = [_norm(Va[j], f"teacher row {j}") for j in range(k)]
    uw = [[x / rw[i] for x in Wa[i]] for i in range(n)]
    uv = [[x / rv[j] for x in Va[j]] for j in range(k)]
    pw = {}
    for i in range(n):
        for ii in range(i + 1, n):
            pw[i, ii] = pw[ii, i] = _pair(Wa[i], Wa[ii], rw[i], rw[ii], f"student rows {i}, {ii}")
    pv = {(i, j): _pair(Wa[i], Va[j], rw[i], rv[j], f"student row {i} and teacher row {j}")
          for i in range(n) for j in range(k)}
    kap = lambda ra, rb, p: ra * rb * (p[1] + (pi - p[0]) * p[2]) / tpi  # noqa: E731
    F = arb(0)
    for i in range(n):
        F += rw[i] * rw[i] / 4 + sum((kap(rw[i], rw[ii], pw[i, ii]) / 2 for ii in range(n) if ii != i), arb(0))
        F -= sum((kap(rw[i], rv[j], pv[i, j]) for j in range(k)), arb(0))
    for j in range(k):
        F += rv[j] * rv[j] / 4
        for jj in range(j + 1, k):
            F += kap(rv[j], rv[jj], _pair(Va[j], Va[jj], rv[j], rv[jj], f"teacher rows {j}, {jj}"))
    grad = []
    for i in range(n):
        terms = [(rw[ii], Wa[ii], pw[i, ii], 1) for ii in range(n) if ii != i]
        terms += [(rv[j], Va[j], pv[i, j], -1) for j in range(k)]
        coef, vec = arb(0), [x * pi for x in Wa[i]]
        for r, u, p, sg in terms:
            coef += sg * r * p[1]
            vec = [vec[c] + sg * (pi - p[0]) * u[c] for c in range(d)]
        grad.extend((coef * uw[i][c] + vec[c]) / tpi for c in range(d))
    if not want_h:
        return F, grad, None
    N = n * d
    H = [[arb(0)] * N for _ in range(N)]
    # u_i u_i^T once per row; each block is symmetric: entries r <= q computed, then mirrored
    P = [[[u[r] * u[q] for q in range(d)] for r in range(d)] for u in uw]
    for i in range(n):
        blk = [[arb(1) / 2 if a == b else arb(0) for b in range(d)] for a in range(d)]
        Q = [[P[i][r][q] - (1 if r == q else 0) for q in range(d)] for r in range(d)]
        terms = [(rw[ii], uw[ii], pw[i, ii], 1) for ii in range(n) if ii != i]
        terms += [(rv[j], uv[j], pv[i, j], -1) for j in range(k)]
        for ru, uu, (t, s, c), sg in terms:
            sc, ss = sg * ru / (tpi * rw[i] * s), s * s
            a = [c * uw[i][q] - uu[q] for q in range(d)]
            for r in range(d):
                ar, br, Qr = a[r], blk[r], Q[r]
                for q in range(r, d):
                    br[q] += sc * (ar * a[q] - ss * Qr[q])
        for r in range(d):
            H[i * d + r][i * d:(i + 1) * d] = [blk[min(r, q)][max(r, q)] for q in range(d)]
        for ii in range(i + 1, n):
            t, s, c = pw[i, ii]
            inv, e_d, c1 = 1 / (tpi * s), (pi - t) / tpi, 1 + c
            qv = [uw[i][q] + uw[ii][q] for q in range(d)]
            for r in range(d):
                Hr, Pr, Pir = H[i * d + r], P[i][r], P[ii][r]
                for q in range(r, d):
                    e = (qv[r] * qv[q] - c1 * (Pr[q] + Pir[q])) * inv
                    Hr[ii * d + q] = H[ii * d + q][i * d + r] = H[i * d + q][ii * d + r] = \
                        H[ii * d + r][i * d + q] = e + e_d if r == q else e
    return F, grad, arb_mat(H)


def krawczyk(center, X, grad_center, H_box):
    """(True, '', Y) iff K(X) lies in the interior of X, else (False, reason, None)."""
    N = len(X)
    try:
        Y = H_box.mid().inv().mid()
    except (ZeroDivisionError, ValueError) as exc:
        return False, f"Hessian midpoint not invertible in arb ({exc})", None
    col = lambda v: arb_mat([[x] for x in v])  # noqa: E731
    xt = col([to_arb(c) for c in center])
    eye = arb_mat([[1 if i == j else 0 for j in range(N)] for i in range(N)])
    K = xt - Y * col(grad_center) + (eye - Y * H_box) * (col(X) - xt)
    for i in range(N):
        if not X[i].contains_interior(K[i, 0]):
            return False, f"coordinate {i} of K(X) = {K[i, 0].str(6)} is not inside {X[i].str(6)}", None
    return True, "", Y


def ldl_positive(A, size=None) -> bool:
    """True iff every LDL^T pivot enclosure of the arb matrix A is > 0 (blocked Schur complements;
    inside the recursion A is a list of ``size`` rows of arb balls)."""
    if size is None:
        e, size = A.entries(), A.nrows()
        A = [e[i * size:(i + 1) * size] for i in range(size)]
    if size <= 16:
        a = [list(r) for r in A]
        for p in range(size):
            if not a[p][p] > 0:
                return False
            for i in range(p + 1, size):
                f = a[i][p] / a[p][p]
                a[i][p + 1:] = [x - f * y for x, y in zip(a[i][p + 1:], a[p][p + 1:])]
        return True
    h = size // 2
    sub = lambda r0, r1, c0, c1: arb_mat([row[c0:c1] for row in A[r0:r1]])  # noqa: E731
    try:
        return ldl_positive([row[:h] for row in A[:h]], h) and ldl_positive(
            sub(h, size, h, size) - sub(h, size, 0, h) * sub(0, h, 0, h).solve(sub(0, h, h, size)))
    except (ZeroDivisionError, ValueError):
        return False


def _shift_positive(M, s) -> bool:
    A = arb_mat(M)
    for i in range(M.nrows()):
        A[i, i] = M[i, i] - s
    return ldl_positive(A)


def definite_lower_bound(H_box, Y=None, guess=None):
    """Proved lower bound > 0 on lambda_min over all symmetric matrices in H_box, or None.

    With ``guess`` (an untrusted rational estimate of lambda_min(M), M = mid H_box) tries
    s = guess, guess/2, guess/8; else guesses s = c/||Y||_2, c in 9/10, 1/2, 1/8 (power
    iteration; Y ~ inverse of M). Returns s - ||rad||_F for the first s > ||rad||_F with
    M - sI proved positive definite.
    """
    N = H_box.nrows()
    M = H_box.mid()
    radF = sum((x.rad() ** 2 for x in H_box.entries()), arb(0)).sqrt()
    if guess is not None:
        g = to_arb(guess)
        if not g > 0:
            return None
        for div in (1, 2, 8):
            s = g / div
            if s > radF and _shift_positive(M, s):
                return s - radF
        return None
    try:
        Y = M.inv().mid() if Y is None else Y
    except (ZeroDivisionError, ValueError):
        return None
    v, est = arb_mat([[i % 7 + 1] for i in range(N)]), arb(0)   # a start without the symmetry
    for _ in range(40):
        w = Y * v
        est = sum((w[i, 0] ** 2 for i in range(N)), arb(0)).sqrt().mid()
        v = arb_mat([[w[i, 0].mid() / est] for i in range(N)]) if est > 0 else v
    for num, den in ((9, 10), (1, 2), (1, 8)):
        s = (arb(num) / (den * est)).mid() if est > 0 else arb(0)
        if arb(s) > radF and _shift_positive(M, s):
            return arb(s) - radF
    return None


def variable_names(n: int, d: int) -> list[str]:
    """Student weight names, rows stacked: w1_1..w1_d, ..., wn_d."""
    return [f"w{i + 1}_{c + 1}" for i in range(n) for c in range(d)]


def check(args: dict, center: dict, radius, lambda_guess=None) -> dict:
    """Rule ``interval_minimum``, family ``twolayer``; args {k, n, d, V}; raises Rejected.

    ``lambda_guess`` (optional, rational): the certificate's untrusted estimate of the smallest
    Hessian eigenvalue at the centre; it only saves the kernel the search for one.
    """
    try:
        k, n, d = int(args["k"]), int(args["n"]), int(args["d"])
        V = [[Fraction(str(x)) for x in row] for row in args["V"]]
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise Rejected("interval", f"twolayer args need k, n, d and V (rationals): {exc}") from None
    names = variable_names(n, d)
    if set(center) != set(names):
        raise Rejected("interval", f"the centre must give exactly the {n * d} weights w1_1..w{n}_{d}")
    c = [Fraction(str(center[v])) for v in names]
    r = fmpq(*Fraction(str(radius)).as_integer_ratio())
    if not r > 0:
        raise Rejected("interval", "the radius must be positive")
    guess = None
    if lambda_guess is not None:
        try:
            guess = Fraction(str(lambda_guess))
        except (TypeError, ValueError, ZeroDivisionError):
            raise Rejected("interval", f"lambda_guess={lambda_guess!r} is not a rational") from None
    old, ctx.prec = ctx.prec, PREC
    try:
        X = [arb(fmpq(x.numerator, x.denominator), r) for x in c]
        rows = lambda b: [b[i * d:(i + 1) * d] for i in range(n)]  # noqa: E731
        try:
            F, _, HX = enclose(k, n, d, V, rows(X))
            _, g0, _ = enclose(k, n, d, V, rows([to_arb(x) for x in c]), hessian=False)
        except ValueError as exc:
            raise Rejected("interval", f"the loss is not smooth on the box: {exc}") from None
        lam = definite_lower_bound(HX, guess=guess) if guess is not None else None
        gnorm = sum((x * x for x in g0), arb(0)).sqrt()
        if lam is not None and gnorm < lam * arb(r) / 2:
            return {"lambda_min_lower": lam, "value": F, "existence": "strong convexity",
                    "gradient_norm_at_centre": gnorm}
        ok, why, Y = krawczyk(c, X, g0, HX)
        if not ok:
            raise Rejected("interval existence", f"Krawczyk: {why}" + (
                "" if lam is None else f" (and ||grad F(c)||_2 = {gnorm.str(3)} is not below "
                                        f"lambda r / 2 = {(lam * arb(r) / 2).str(3)})"))
        if lam is None:
            lam = definite_lower_bound(HX, Y)
        if lam is None:
            raise Rejected("interval definiteness", "lambda_min of the Hessian enclosure not proved > 0")
        return {"lambda_min_lower": lam, "value": F, "existence": "Krawczyk"}
    finally:
        ctx.prec = old

"""Interval rules: rigorous enclosures with arb balls (python-flint).

*interval existence* (KERNEL.md): on a box ``X`` with rational centre ``c``
and radius ``r``, the Krawczyk operator
``K(X) = c - Y g(c) + (I - Y H(X)) (X - c)`` of the gradient ``g`` (with
``H(X)`` an enclosure of the Hessian over ``X`` and ``Y`` any exact matrix,
here the midpoint of an arb inverse of ``H(c)``) lies in the interior of
``X``: then ``X`` holds exactly one critical point (Krawczyk 1969; Moore,
Kearfott & Cloud, *Introduction to Interval Analysis*, Thm 8.2).

*interval definiteness*: every symmetric matrix in the enclosure ``H(X)`` is
positive definite, shown by Weyl's inequality
``lambda_min(A) >= lambda_min(M) - ||R||_F`` with ``M`` the midpoint matrix
(its eigenvalues enclosed by arb's rigorous eigenvalue routine) and ``R`` the
radius matrix. With existence this makes the critical point a strict local
minimum; the loss's enclosure over ``X`` bounds its value.

Expressions are evaluated by a small recursive arb evaluator; no float ever
enters (rationals become arb balls exactly or with a rigorous rounding
radius).
"""

from __future__ import annotations

import sympy
from flint import acb, arb, arb_mat, fmpq

from .errors import Rejected

__all__ = ["evaluate", "box", "krawczyk_minimum", "constant_sign"]


def _q(x) -> fmpq:
    x = sympy.Rational(x)
    return fmpq(int(x.p), int(x.q))


def box(center: dict, radius) -> dict:
    """Balls ``c_i +- r`` for each coordinate (``r`` rational, >= 0)."""
    r = _q(radius)
    if r < 0:
        raise Rejected("interval", f"negative radius {radius}")
    return {k: arb(_q(v), r) if r != 0 else arb(_q(v)) for k, v in center.items()}


def _ipow(v, k: int):
    """v**k by repeated multiplication (arb's pow is nan on balls containing 0)."""
    if k < 0:
        return 1 / _ipow(v, -k)
    base = abs(v) if k % 2 == 0 else v
    out, sq = arb(1), base
    while k:
        if k & 1:
            out = out * sq
        sq = sq * sq
        k >>= 1
    return out


def evaluate(e, env: dict, cache=None):
    """An arb enclosure of expression ``e`` over the balls ``env`` (name -> arb)."""
    if cache is None:
        cache = {}
    if e in cache:
        return cache[e]
    if e.is_Integer or e.is_Rational:
        out = arb(_q(e))
    elif e.is_Symbol:
        if e.name not in env:
            raise Rejected("interval", f"no value for {e.name}")
        out = env[e.name]
    elif e is sympy.pi:
        out = arb.pi()
    elif e is sympy.E:
        out = arb(1).exp()
    elif e.is_Add:
        out = arb(0)
        for a in e.args:
            out = out + evaluate(a, env, cache)
    elif e.is_Mul:
        out = arb(1)
        for a in e.args:
            out = out * evaluate(a, env, cache)
    elif e.is_Pow:
        b, x = e.args
        vb = evaluate(b, env, cache)
        if x.is_Integer:
            if x < 0 and vb.contains(0):
                raise Rejected("interval", f"division by a ball containing 0 in {e}")
            out = _ipow(vb, int(x))
        elif x == sympy.Rational(1, 2):
            if not vb > 0:
                raise Rejected("interval", f"sqrt of a ball not provably positive in {e}")
            out = vb.sqrt()
        elif x == sympy.Rational(-1, 2):
            if not vb > 0:
                raise Rejected("interval", f"rsqrt of a ball not provably positive in {e}")
            out = vb.rsqrt()
        else:
            raise Rejected("interval", f"exponent {x} not supported")
    elif isinstance(e, sympy.Function) and len(e.args) == 1:
        v = evaluate(e.args[0], env, cache)
        name = type(e).__name__
        if name in ("log",) and not v > 0:
            raise Rejected("interval", f"log of a ball not provably positive in {e}")
        if name == "acos" and not (v > -1 and v < 1):
            raise Rejected("interval", f"acos argument not provably in (-1,1) in {e}")
        fn = {"exp": arb.exp, "log": arb.log, "sin": arb.sin, "cos": arb.cos, "tanh": arb.tanh,
              "acos": arb.acos, "atan": arb.atan, "Abs": abs}.get(name)
        if fn is None:
            raise Rejected("interval", f"function {name} not supported")
        out = fn(v)
    else:
        raise Rejected("interval", f"cannot evaluate {type(e).__name__} {e}")
    if not out.is_finite():
        raise Rejected("interval", f"enclosure of {e} is not finite")
    cache[e] = out
    return out


def constant_sign(e, prec_steps=(64, 256, 1024, 4096)) -> int:
    """The sign of a closed-form real constant, proved by arb enclosures (0 only if exactly 0)."""
    import flint

    e = sympy.sympify(e)
    if e.is_Rational:
        return 1 if e > 0 else (-1 if e < 0 else 0)
    old = flint.ctx.prec
    try:
        for p in prec_steps:
            flint.ctx.prec = p
            v = evaluate(e, {})
            if v > 0:
                return 1
            if v < 0:
                return -1
    finally:
        flint.ctx.prec = old
    from .algebra import is_zero
    if is_zero(e):
        return 0
    raise Rejected("sign", f"could not decide the sign of the constant {e}")


def _definite(H: arb_mat) -> arb:
    """A rigorous lower bound on lambda_min over every symmetric matrix in H, or raise."""
    n = H.nrows()
    mid = arb_mat([[H[i, j].mid() for j in range(n)] for i in range(n)])
    rad2 = arb(0)
    for i in range(n):
        for j in range(n):
            rr = arb(H[i, j].rad())
            rad2 += rr * rr
    try:
        eigs = mid.eig()
    except Exception as exc:  # noqa: BLE001 - no certified eigenvalues: no certificate
        raise Rejected("interval definiteness", f"eigenvalues not certified: {exc}") from None
    lo = None
    for z in eigs:
        low = acb(z).real.lower()
        if lo is None or low < lo:
            lo = low
    lam = (lo - rad2.sqrt()).lower()
    if not lam > 0:
        raise Rejected("interval definiteness", f"lambda_min lower bound {lam.str(5)} is not > 0")
    return lam


def krawczyk_minimum(names, center: dict, radius, grad_at, hess_over, value_over) -> dict:
    """*interval existence* + *interval definiteness* on the box centre +- radius.

    ``grad_at(env)`` -> list of arb (gradient at the exact centre),
    ``hess_over(env)`` -> arb_mat (Hessian enclosure over the box),
    ``value_over(env)`` -> arb (loss enclosure over the box).
    Returns the enclosures and bounds that were proved.
    """
    X = box(center, radius)
    C = box(center, 0)
    n = len(names)
    g = grad_at(C)
    HX = hess_over(X)
    Hc = hess_over(C)
    try:
        Yb = Hc.inv()
    except Exception as exc:  # noqa: BLE001
        raise Rejected("interval existence", f"Hessian at the centre not invertible: {exc}") from None
    Y = arb_mat([[Yb[i, j].mid() for j in range(n)] for i in range(n)])
    I = arb_mat([[1 if i == j else 0 for j in range(n)] for i in range(n)])
    r = _q(radius)
    dX = arb_mat([[arb(0, r)] for _ in range(n)])
    gc = arb_mat([[gi] for gi in g])
    cvec = arb_mat([[C[v]] for v in names])
    K = cvec - Y * gc + (I - Y * HX) * dX
    for i, v in enumerate(names):
        if not X[v].contains_interior(K[i, 0]):
            raise Rejected("interval existence", f"Krawczyk image of coordinate {v} "
                                                 f"{K[i, 0].str(5)} not inside {X[v].str(5)}")
    lam = _definite(HX)
    val = value_over(X)
    return {"lambda_min_lower": lam, "value": val}

"""The ``interval_minimum`` rule for the two-layer ReLU family (kernel entry point).

Statement data: ``family = "twolayer"``, ``args = {"k", "n", "d", "V"}`` with
V a k x d list of rationals (text ``"p/q"``). The variables are the student
weights ``w{i}_{c}`` (row i = 1..n, coordinate c = 1..d, see
:func:`variable_names`); the certificate is ``{"center": {name: "p/q"},
"radius": "p/q"}``.

Accepted when, on the box X = centre +- radius, (1) the Krawczyk operator of
grad F maps X into its interior (exactly one critical point in X) and (2)
the enclosure of the Hessian over X is positive definite (a strict local
minimum), both with the closed forms of :mod:`.twolayer` in arb ball
arithmetic (:mod:`.interval_box`). It returns the proved lower bound on
lambda_min and the enclosure of F over X; the checker compares the latter
with the statement's ``value_above``.
"""

from __future__ import annotations

from fractions import Fraction

from flint import ctx

from .errors import Rejected
from .interval_box import box, definite_lower_bound, krawczyk
from .twolayer import enclose, to_arb

__all__ = ["check", "variable_names"]

PREC = 128


def variable_names(n: int, d: int) -> list[str]:
    """Names of the student weights, rows stacked: w1_1, ..., w1_d, w2_1, ..., wn_d."""
    return [f"w{i + 1}_{c + 1}" for i in range(n) for c in range(d)]


def check(args: dict, center: dict, radius) -> dict:
    """Check the box certificate; raise :class:`Rejected` with the failing rule."""
    try:
        k, n, d = int(args["k"]), int(args["n"]), int(args["d"])
        V = [[Fraction(str(x)) for x in row] for row in args["V"]]
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise Rejected("interval", f"twolayer args need k, n, d and V (rationals): {exc}") from None
    if min(k, n, d) < 1 or len(V) != k or any(len(r) != d for r in V):
        raise Rejected("interval", f"V must be a {k} x {d} list of rationals")
    names = variable_names(n, d)
    if set(center) != set(names):
        raise Rejected("interval", f"the centre must give exactly the {n * d} weights w1_1..w{n}_{d}")
    c = [Fraction(str(center[v])) for v in names]
    r = Fraction(str(radius))
    old = ctx.prec
    ctx.prec = PREC
    try:
        X = box(c, r)
        rows = lambda balls: [balls[i * d:(i + 1) * d] for i in range(n)]  # noqa: E731
        try:
            F, _, HX = enclose(k, n, d, V, rows(X), prec=PREC)
            _, g0, _ = enclose(k, n, d, V, rows([to_arb(x) for x in c]), prec=PREC, hessian=False)
        except ValueError as exc:
            raise Rejected("interval", f"the loss is not smooth on the box: {exc}") from None
        ok, why, Y = krawczyk(c, X, g0, HX)
        if not ok:
            raise Rejected("interval existence", f"Krawczyk: {why}")
        lam = definite_lower_bound(HX, Y)
        if lam is None:
            raise Rejected("interval definiteness",
                           "an LDL^T pivot of the Hessian enclosure over the box is not proved positive")
        return {"lambda_min_lower": lam, "value": F}
    finally:
        ctx.prec = old

"""Property PT (seed 003, Def. IV.1) as a checkable property.

    "We say a function F satisfies Property PT if starting from any point θ,
    there exists an arbitrarily small perturbation such that from the
    perturbed point θ̂, there exists a strictly decreasing path to a global
    minimum."

A :class:`DecreasingPath` is a path ``t ↦ γ(t)``, ``t ∈ [a, b]`` (rational
functions of ``t``, exact coefficients), from a perturbed point ``γ(a)`` to
``γ(b)``. :meth:`DecreasingPath.verify` checks, exactly,

1. ``d/dt F(γ(t)) < 0`` on the open interval ``(a, b)``: the numerator and
   denominator of the derivative have no real root in ``(a, b)``
   (Sturm counting, :meth:`sympy.Poly.count_roots`) and the sign at a
   rational sample point is negative;
2. ``F(γ(b))`` equals a given global minimum value.

References
----------
Seed 003, Def. IV.1 and Fig. 2 (Property PT does not rule out sub-optimal
local minima).
"""

from __future__ import annotations

import dataclasses

import sympy

from .inertia import exact_sign

__all__ = ["DecreasingPath", "strictly_negative_on"]


def strictly_negative_on(expr, t: sympy.Symbol, a, b) -> bool:
    """Exactly: ``expr(t) < 0`` for every ``t`` in the open interval ``(a, b)``.

    ``expr`` must be a rational function of ``t`` with exact coefficients.
    """
    expr = sympy.together(sympy.sympify(expr))
    if expr.free_symbols - {t}:
        return False
    num, den = expr.as_numer_denom()
    for part in (num, den):
        if not part.has(t):
            if exact_sign(part) in (0, None):
                return False
            continue
        p = sympy.Poly(part, t)
        if not p.domain.is_Exact:
            return False
        roots_inside = [r for r in p.real_roots() if bool(r > a) and bool(r < b)]
        if roots_inside:
            return False
    mid = (sympy.sympify(a) + sympy.sympify(b)) / 2
    return exact_sign(expr.subs(t, mid)) == -1


@dataclasses.dataclass(frozen=True)
class DecreasingPath:
    """A path along which a loss strictly decreases to a global minimum."""

    loss: sympy.Expr
    variables: tuple
    path: tuple
    t: sympy.Symbol
    a: sympy.Expr
    b: sympy.Expr
    global_value: sympy.Expr

    def along(self):
        """``F(γ(t))``."""
        return sympy.simplify(self.loss.subs(dict(zip(self.variables, self.path)),
                                             simultaneous=True))

    def derivative(self):
        return sympy.simplify(sympy.diff(self.along(), self.t))

    def start(self) -> dict:
        return {v: sympy.simplify(p.subs(self.t, self.a)) for v, p in zip(self.variables, self.path)}

    def end(self) -> dict:
        return {v: sympy.simplify(p.subs(self.t, self.b)) for v, p in zip(self.variables, self.path)}

    def decreasing(self) -> bool:
        return strictly_negative_on(self.derivative(), self.t, self.a, self.b)

    def reaches_global(self) -> bool:
        return sympy.simplify(self.loss.subs(self.end(), simultaneous=True)
                              - self.global_value) == 0

    def verify(self) -> bool:
        """Both checks of the module docstring, exactly."""
        return self.decreasing() and self.reaches_global()

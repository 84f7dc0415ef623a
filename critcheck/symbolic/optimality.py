"""Exact lower bounds of a loss, and whether a critical value is the global minimum.

A loss that is structurally a sum of non-negative terms (even powers of real
expressions, ``exp(·)``, positive constants times those) is bounded below by
the sum of its constant terms. A critical component whose loss value equals
that bound is a global minimum (seed 003, Sec. II: "global-min iff
F(θ̄) ≤ F(θ) for all θ"). When no critical component attains the bound, the
global minimum is not certified; the infimum may be approached only at
infinity (seed 003, Sec. VI-B), so ``is_global`` stays ``None``.
"""

from __future__ import annotations

import sympy

__all__ = ["structural_lower_bound", "nonnegative_term", "coercive_polynomial"]


def nonnegative_term(t) -> bool:
    """True when ``t ≥ 0`` for all real values of its symbols, by its structure."""
    t = sympy.sympify(t)
    if t.is_number:
        return bool(t.is_nonnegative)
    if t.is_Pow and t.exp.is_Integer and t.exp % 2 == 0:
        return t.base.is_extended_real is True
    if isinstance(t, sympy.exp):
        return t.args[0].is_extended_real is True
    if t.is_Mul:
        return all(nonnegative_term(a) for a in t.args)
    if t.is_Add:
        return all(nonnegative_term(a) for a in t.args)
    return bool(t.is_nonnegative)


def structural_lower_bound(f):
    """``(lb, check)``: an exact lower bound of ``f`` over real arguments, or None.

    ``f`` must be a sum of a constant and structurally non-negative terms;
    ``check()`` re-verifies the structure. Each even power needs a base SymPy
    knows to be real (declare the symbols real; :func:`parse_expr` does).
    """
    f = sympy.sympify(f)
    terms = sympy.Add.make_args(f)
    const = sum((t for t in terms if t.is_number), sympy.Integer(0))
    rest = [t for t in terms if not t.is_number]
    if not rest or not all(nonnegative_term(t) for t in rest):
        return None

    def check(f=f, const=const) -> bool:
        ts = sympy.Add.make_args(f)
        return all(nonnegative_term(t) for t in ts if not t.is_number) and \
            sum((t for t in ts if t.is_number), sympy.Integer(0)) == const

    return const, check


def _positive_even_pure(g, xs) -> bool:
    p = sympy.Poly(g, *xs)
    pure = set()
    for mon, c in p.terms():
        if not (c.is_positive and all(e % 2 == 0 for e in mon)):
            return False
        nz = [i for i, e in enumerate(mon) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return pure == set(range(len(xs)))


def coercive_polynomial(f, variables) -> str | None:
    """A certificate that the polynomial ``f`` tends to ``+∞`` at infinity, or None.

    Two exact sufficient tests:

    * ``top form``: the highest-degree homogeneous part is a sum of positive
      even monomials containing a pure power of every variable, hence
      ``≥ c‖x‖^d`` on the sphere, which dominates the lower-order terms;
    * ``separable``: ``f = Σ_i p_i(x_i)`` with each ``p_i`` of even degree and a
      positive leading coefficient.

    A coercive continuous function attains its minimum, at a critical point.
    """
    xs = list(variables)
    f = sympy.expand(sympy.sympify(f))
    try:
        P = sympy.Poly(f, *xs)
    except sympy.PolynomialError:
        return None
    if not P.domain.is_Exact or P.free_symbols - set(xs):
        return None
    deg = P.total_degree()
    top = sum((c * sympy.Mul(*[x**e for x, e in zip(xs, m)]) for m, c in P.terms()
               if sum(m) == deg), sympy.Integer(0))
    if deg > 0 and deg % 2 == 0 and _positive_even_pure(top, xs):
        return "top form"
    parts = {}
    for m, c in P.terms():
        nz = [i for i, e in enumerate(m) if e]
        if len(nz) > 1:
            return None
        if nz:
            parts.setdefault(nz[0], []).append((m[nz[0]], c))
    if len(parts) != len(xs):
        return None
    for terms in parts.values():
        e, c = max(terms, key=lambda t: t[0])
        if e % 2 or not c.is_positive:
            return None
    return "separable"

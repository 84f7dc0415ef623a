"""Degenerate critical points: lowest-order Taylor forms and curve witnesses.

The ladder of SYMPY_PITFALLS.md ("Degenerate critical points"): at a point
``p`` where the Hessian test says nothing,

* the lowest-order non-vanishing homogeneous form ``Q_k`` of
  ``f(p + h) − f(p)`` decides when it is odd or indefinite (not an
  extremum) — shown by explicit witnesses;
* a *positive monomial bound* ``f(p + h) − f(p) = Σ c_α h^α`` with every
  ``c_α > 0`` and every ``α`` even, containing a pure power of each
  coordinate, proves a strict local minimum (``x² + y⁴``, ``x⁴ + y⁴``);
* a *curve witness* ``t ↦ p + t d + t² e`` whose loss change has a negative
  (positive) leading coefficient in ``t`` shows "not a local minimum"
  ("not a local maximum"); it is checked exactly by series expansion.
  Parabolas catch Peano's ``(y − x²)(y − 2x²)``, whose every line through
  the origin goes up.

Anything else is *undecided* (deciding local minimality of a quartic is
NP-hard, arXiv 2008.05558).
"""

from __future__ import annotations

import dataclasses
import itertools

import sympy

__all__ = ["CurveWitness", "curve_witness", "find_witnesses", "lowest_form",
           "positive_monomial_bound"]

_T = sympy.Symbol("t", positive=True)


def _shift(f, variables, point, h):
    return f.subs({v: point[v] + hv for v, hv in zip(variables, h)}, simultaneous=True)


@dataclasses.dataclass(frozen=True)
class CurveWitness:
    """A curve ``t ↦ p + t d + t² e`` with ``f(curve(t)) − f(p) = c t^k + O(t^{k+1})``.

    ``c < 0``: a descent curve (``p`` is not a local minimum);
    ``c > 0``: an ascent curve (``p`` is not a local maximum).
    """

    loss: sympy.Expr
    variables: tuple
    point: dict
    d: tuple
    e: tuple
    order: int
    coefficient: sympy.Expr

    @property
    def descent(self) -> bool:
        return bool(self.coefficient < 0)

    def curve(self):
        return tuple(self.point[v] + _T * di + _T**2 * ei
                     for v, di, ei in zip(self.variables, self.d, self.e))

    def change(self):
        """``f(curve(t)) − f(p)`` as an expression in ``t``."""
        c = self.curve()
        return (self.loss.subs(dict(zip(self.variables, c)), simultaneous=True)
                - self.loss.subs(self.point, simultaneous=True))

    def check(self) -> bool:
        """Re-derive the leading term by series expansion, exactly."""
        lead = _leading(self.change(), self.order + 1)
        return lead is not None and lead[0] == self.order and \
            sympy.simplify(lead[1] - self.coefficient) == 0 and self.coefficient != 0

    def latex(self) -> str:
        return (r"t \mapsto " + sympy.latex(sympy.Matrix(self.curve()).T)
                + r":\ f - f(p) = " + sympy.latex(self.coefficient) + f"t^{{{self.order}}}"
                + r" + O(t^{" + str(self.order + 1) + "})")


def _leading(expr, max_order: int):
    """``(k, c)`` with ``expr = c t^k + O(t^{k+1})`` for ``k < max_order``; None if none."""
    expr = sympy.sympify(expr)
    if expr.is_polynomial(_T):
        p = sympy.Poly(sympy.expand(expr), _T)
        terms = sorted(p.terms(), key=lambda m: m[0][0])
        for (k,), c in terms:
            c = sympy.simplify(c)
            if c != 0:
                return (k, c) if k < max_order else None
        return None
    s = sympy.series(expr, _T, 0, max_order).removeO()
    s = sympy.expand(s)
    for k in range(max_order):
        c = sympy.simplify(s.coeff(_T, k))
        if c != 0:
            return k, c
    return None


def curve_witness(f, variables, point, d, e=None, max_order: int = 7):
    """The leading term of ``f`` along ``t ↦ p + t d + t² e``; None if it vanishes."""
    e = tuple(e) if e is not None else (0,) * len(variables)
    w = CurveWitness(f, tuple(variables), dict(point), tuple(map(sympy.sympify, d)),
                     tuple(map(sympy.sympify, e)), 0, sympy.Integer(0))
    lead = _leading(w.change(), max_order)
    if lead is None or lead[0] == 0:
        return None
    if lead[1].free_symbols or (lead[1].is_positive is not True and lead[1].is_negative is not True):
        return None
    return dataclasses.replace(w, order=lead[0], coefficient=lead[1])


def find_witnesses(f, variables, point, *, parabolas: bool = True, max_order: int = 7,
                   limit: int = 400):
    """Search small integer lines, then parabolas, for a descent and an ascent curve.

    Returns ``(descent, ascent)``, each a :class:`CurveWitness` or None.
    """
    n = len(variables)
    down = up = None
    dirs = [d for d in itertools.product((0, 1, -1), repeat=n) if any(d)]
    tried = 0
    for d in dirs:
        w = curve_witness(f, variables, point, d, max_order=max_order)
        tried += 1
        if w is not None:
            if w.descent and down is None:
                down = w
            elif not w.descent and up is None:
                up = w
        if down and up:
            return down, up
    if not parabolas:
        return down, up
    halves = [sympy.Rational(k, 2) for k in (1, -1, 2, -2, 3, -3, 4, -4)]
    for d in dirs:
        for i in range(n):
            for a in halves:
                if tried >= limit:
                    return down, up
                e = [0] * n
                e[i] = a
                if d[i] != 0:
                    continue
                tried += 1
                w = curve_witness(f, variables, point, d, e, max_order=max_order)
                if w is not None:
                    if w.descent and down is None:
                        down = w
                    elif not w.descent and up is None:
                        up = w
                if down and up:
                    return down, up
    return down, up


def lowest_form(f, variables, point, max_order: int = 6):
    """``(k, Q_k)``: the lowest-order non-zero homogeneous form of ``f(p+h) − f(p)``.

    ``Q_k`` is returned in the symbols ``h_1, …, h_n``; None if every form up to
    ``max_order`` vanishes or ``f`` is not polynomial near ``p`` in closed form.
    """
    hs = sympy.symbols(f"h1:{len(variables) + 1}", real=True)
    s = sympy.Symbol("s")
    g = _shift(f, variables, point, [s * h for h in hs]) - f.subs(point, simultaneous=True)
    if g.is_polynomial(s):
        g = sympy.expand(g)
        for k in range(1, max_order + 1):
            c = sympy.expand(g.coeff(s, k))
            if c != 0:
                return k, c, hs
        return None
    ser = sympy.expand(sympy.series(g, s, 0, max_order + 1).removeO())
    for k in range(1, max_order + 1):
        c = sympy.expand(ser.coeff(s, k))
        if c != 0:
            return k, c, hs
    return None


def positive_monomial_bound(f, variables, point):
    """Strict local minimum certificate: ``f(p+h) − f(p)`` is a sum of positive even monomials.

    Returns the polynomial ``g(h)`` when every monomial of ``g`` has only even
    exponents and a positive coefficient and each ``h_i`` has a pure power
    ``c h_i^{2m}``; then ``g(h) ≥ Σ c_i h_i^{2m_i} > 0`` for ``h ≠ 0``.
    Returns None otherwise (which proves nothing).
    """
    hs = sympy.symbols(f"h1:{len(variables) + 1}", real=True)
    g = sympy.expand(_shift(f, variables, point, hs) - f.subs(point, simultaneous=True))
    if not g.is_polynomial(*hs) or g == 0:
        return None
    return (g, hs) if _is_positive_monomial_sum(g, hs) else None


def _is_positive_monomial_sum(g, hs) -> bool:
    p = sympy.Poly(g, *hs)
    pure = set()
    for mon, c in p.terms():
        if not (c.is_positive and all(e % 2 == 0 for e in mon)) or sum(mon) == 0:
            return False
        nz = [i for i, e in enumerate(mon) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return pure == set(range(len(hs)))

"""Exact real algebraic numbers: real-root isolation checks and signs.

*real roots* (KERNEL.md): a univariate polynomial with rational coefficients
has exactly one real root in each given rational interval ``(a, b]`` and no
others -- checked with a Sturm sequence in exact arithmetic.

*algebraic evaluation*: an expression polynomial in ``t`` vanishes at the
root alpha of ``P`` in ``(a, b]`` when its remainder modulo ``P`` is zero;
otherwise its sign at alpha is decided by refining ``(a, b]`` (bisection on
the sign of ``P``) until the expression has no root there.
"""

from __future__ import annotations

import sympy
from flint import fmpq, fmpq_poly

from .errors import Rejected

__all__ = ["to_poly", "sturm_count", "check_isolation", "AlgebraicNumber", "T"]

T = sympy.Symbol("t", real=True)


def to_poly(e) -> fmpq_poly:
    """An expression polynomial in t with rational coefficients, as fmpq_poly."""
    e = sympy.expand(sympy.sympify(e))
    if e.free_symbols - {T}:
        raise Rejected("algebraic", f"{e} is not a polynomial in t alone")
    try:
        p = sympy.Poly(e, T, domain="QQ")
    except sympy.PolynomialError:
        raise Rejected("algebraic", f"{e} is not a polynomial in t") from None
    coeffs = [fmpq(int(c.p), int(c.q)) for c in reversed(p.all_coeffs())]
    return fmpq_poly(coeffs)


def _fq(x) -> fmpq:
    x = sympy.Rational(x)
    return fmpq(int(x.p), int(x.q))


def _sturm(p: fmpq_poly) -> list:
    seq = [p, p.derivative()]
    while seq[-1] != 0 and seq[-1].degree() > 0:
        r = -(seq[-2] % seq[-1])
        if r == 0:
            break
        seq.append(r)
    return seq


def _changes(vals) -> int:
    signs = [v > 0 for v in vals if v != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def _at_inf(seq, sgn) -> list:
    out = []
    for q in seq:
        lc = q.coeffs()[-1] if q.degree() >= 0 else fmpq(0)
        out.append(lc * (sgn ** q.degree() if q.degree() >= 0 else 1))
    return out


def sturm_count(p: fmpq_poly, a=None, b=None) -> int:
    """Distinct real roots of p in (a, b] (a = -inf / b = +inf when None)."""
    if p == 0:
        raise Rejected("real roots", "the zero polynomial has no isolated roots")
    seq = _sturm(p)
    va = _at_inf(seq, -1) if a is None else [q(_fq(a)) for q in seq]
    vb = _at_inf(seq, 1) if b is None else [q(_fq(b)) for q in seq]
    return _changes(va) - _changes(vb)


def check_isolation(p: fmpq_poly, intervals) -> None:
    """*real roots*: exactly one root in each (a, b], disjoint, and no other real root."""
    ivs = sorted((sympy.Rational(a), sympy.Rational(b)) for a, b in intervals)
    for (a, b), (c, _) in zip(ivs, ivs[1:]):
        if b > c:
            raise Rejected("real roots", f"intervals ({a},{b}] and ({c},..] overlap")
    for a, b in ivs:
        if not a < b:
            raise Rejected("real roots", f"interval ({a},{b}] is empty")
        if p(_fq(a)) == 0:
            raise Rejected("real roots", f"left end {a} is a root; use an interval that excludes it")
        if sturm_count(p, a, b) != 1:
            raise Rejected("real roots", f"({a},{b}] holds {sturm_count(p, a, b)} roots, not 1")
    total = sturm_count(p)
    if total != len(ivs):
        raise Rejected("real roots", f"the polynomial has {total} real roots; {len(ivs)} isolated")


class AlgebraicNumber:
    """The unique root alpha of P in (a, b]; P squarefree with rational coefficients."""

    def __init__(self, poly, interval):
        self.p = to_poly(poly)
        if self.p.degree() < 1:
            raise Rejected("algebraic", f"{poly} is constant")
        g = self.p.gcd(self.p.derivative())
        if g.degree() > 0:
            raise Rejected("algebraic", f"{poly} is not squarefree")
        a, b = (sympy.Rational(x) for x in interval)
        if not a < b or sturm_count(self.p, a, b) != 1:
            raise Rejected("real roots", f"({a},{b}] does not isolate exactly one root of {poly}")
        self.a, self.b = _fq(a), _fq(b)

    def reduce(self, e) -> fmpq_poly:
        return to_poly(e) % self.p

    def is_zero(self, e) -> bool:
        """Exact: does the polynomial e(t) vanish at alpha?"""
        q = to_poly(e)
        g = q.gcd(self.p)
        if g.degree() < 1:
            return False
        return sturm_count(g, self.a, self.b) == 1

    def sign(self, e) -> int:
        q = to_poly(e)
        if self.is_zero(e):
            return 0
        a, b = self.a, self.b
        for _ in range(4000):
            if q(b) != 0 and sturm_count(q, a, b) == 0:
                return 1 if q(b) > 0 else -1
            m = (a + b) / 2
            pm = self.p(m)
            if pm == 0:
                return 1 if q(m) > 0 else -1 if q(m) < 0 else 0
            if sturm_count(self.p, a, m) == 1:
                b = m
            else:
                a = m
        raise Rejected("algebraic", "could not separate alpha from the roots of the expression")

"""Identity and sign: the two judgements every other rule reduces to.

*identity* (KERNEL.md): two expressions are equal after exact expansion and
cancellation (``exp`` of a sum is split into a product first, so ``exp(·)``
atoms behave as independent positive unknowns).

*sign*: an expression is ``> 0``, ``>= 0`` or ``!= 0`` by a fixed syntactic
rule set -- exact constants, declared facts, ``exp``, even powers, sums and
products of signed terms -- applied to the expression as written, or to an
equal expression the certificate supplies (checked by *identity*); this is
how a sum-of-squares rewrite is used.
"""

from __future__ import annotations

import sympy

from .errors import Rejected

__all__ = ["is_zero", "identical", "Facts", "denominator"]


def _normal(e) -> sympy.Expr:
    e = sympy.expand(sympy.sympify(e), power_exp=True, power_base=False, log=False)
    return sympy.cancel(sympy.together(e))


def is_zero(e) -> bool:
    """True iff ``e`` is identically zero as a rational function of its atoms."""
    e = sympy.sympify(e)
    if e == 0:
        return True
    if any(a.is_Float for a in e.atoms(sympy.Number)):
        return False    # inexact numbers never prove an identity
    return _normal(e) == 0


def identical(a, b) -> bool:
    return is_zero(sympy.sympify(a) - sympy.sympify(b))


def denominator(e) -> sympy.Expr:
    """The denominator of ``e`` written as one fraction."""
    return sympy.fraction(sympy.together(sympy.sympify(e)))[1]


POS, NONNEG, NONZERO = ">0", ">=0", "!=0"


class Facts:
    """What is known about signs in one branch: (expr, relation) pairs."""

    def __init__(self, facts=()):
        self.facts = [(sympy.expand(e), r) for e, r in facts]

    def add(self, e, rel) -> "Facts":
        return Facts(self.facts + [(e, rel)])

    # the syntactic rules ---------------------------------------------------
    def signs(self, e) -> set:
        """A set of properties among {'pos','neg','nonneg','nonpos','nonzero','zero'}."""
        e = sympy.sympify(e)
        out = set()
        if e.is_Rational:
            if e > 0:
                return {"pos", "nonneg", "nonzero"}
            if e < 0:
                return {"neg", "nonpos", "nonzero"}
            return {"zero", "nonneg", "nonpos"}
        if e in (sympy.pi, sympy.E):
            return {"pos", "nonneg", "nonzero"}
        ee = sympy.expand(e)
        for f, r in self.facts:
            for sgn, g in ((1, f), (-1, -f)):
                if ee == sympy.expand(g):
                    if r == POS:
                        out |= {"pos", "nonneg", "nonzero"} if sgn == 1 else {"neg", "nonpos", "nonzero"}
                    elif r == NONNEG:
                        out |= {"nonneg"} if sgn == 1 else {"nonpos"}
                    elif r == NONZERO:
                        out |= {"nonzero"}
        if isinstance(e, sympy.Abs):
            out.add("nonneg")
            if "nonzero" in self.signs(e.args[0]):
                out |= {"pos", "nonzero"}
        if isinstance(e, sympy.exp) and e.args[0].is_extended_real:
            out |= {"pos", "nonneg", "nonzero"}
        elif e.is_Pow:
            b, x = e.args
            if x.is_Integer:
                sb = self.signs(b)
                if x % 2 == 0:
                    out.add("nonneg")
                    if "nonzero" in sb:
                        out |= {"pos", "nonzero"}
                else:
                    out |= {s for s in sb if s != "zero"} if x < 0 else sb
                if x < 0 and "nonzero" not in sb:
                    return set()          # 1/b with b possibly 0: no claim at all
            elif x == sympy.Rational(1, 2):
                sb = self.signs(b)
                if "nonneg" in sb:
                    out.add("nonneg")
                if "pos" in sb:
                    out |= {"pos", "nonzero"}
        elif e.is_Mul:
            out |= self._mul([self.signs(a) for a in e.args])
        elif e.is_Add:
            out |= self._add([self.signs(a) for a in e.args])
        if "pos" in out or "neg" in out:
            out.add("nonzero")
        return out

    @staticmethod
    def _mul(parts) -> set:
        neg = 0
        strict = True
        nonzero = True
        for s in parts:
            if "pos" in s:
                continue
            if "neg" in s:
                neg += 1
            elif "nonneg" in s:
                strict = False
            elif "nonpos" in s:
                neg += 1
                strict = False
            else:
                return {"nonzero"} if all("nonzero" in p for p in parts) else set()
            nonzero = nonzero and "nonzero" in s
        if strict:
            return {"pos", "nonneg", "nonzero"} if neg % 2 == 0 else {"neg", "nonpos", "nonzero"}
        base = {"nonneg"} if neg % 2 == 0 else {"nonpos"}
        return base | ({"nonzero"} if nonzero and all("nonzero" in p for p in parts) else set())

    @staticmethod
    def _add(parts) -> set:
        if all("nonneg" in s for s in parts):
            return {"nonneg"} | ({"pos", "nonzero"} if any("pos" in s for s in parts) else set())
        if all("nonpos" in s for s in parts):
            return {"nonpos"} | ({"neg", "nonzero"} if any("neg" in s for s in parts) else set())
        return set()

    def prove(self, e, rel: str, rewrite=None) -> None:
        """Raise :class:`Rejected` unless ``e rel 0`` follows by the rules.

        ``rewrite`` (optional) is an expression the certificate claims equals
        ``e``; it is accepted only after the identity check.
        """
        target = sympy.sympify(e)
        if rewrite is not None:
            if not identical(target, rewrite):
                raise Rejected("sign", f"the rewrite {rewrite} is not identical to {target}")
            target = rewrite
        want = {POS: "pos", NONNEG: "nonneg", NONZERO: "nonzero"}[rel]
        if want not in self.signs(target):
            raise Rejected("sign", f"cannot show {target} {rel[:-1]} 0 from the sign rules")

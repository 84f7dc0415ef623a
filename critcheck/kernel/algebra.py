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

import flint
import sympy

from .errors import Rejected

__all__ = ["is_zero", "identical", "Facts", "denominator"]


def _normal(e) -> sympy.Expr:
    e = sympy.expand(sympy.sympify(e), power_exp=True, power_base=False, log=False)
    return sympy.cancel(sympy.together(e))


def _atom(x):
    """The generator an atom stands for: a symbol, pi, ``b**(1/q)`` (as ``(b, q)``) or a function."""
    if x.is_commutative and (x.is_Symbol or x is sympy.pi or x.is_Function):
        return x
    return (x.base, int(x.exp.q)) if x.is_Pow and x.exp.is_Rational and not x.exp.is_Integer else None


def _flint_zero(e):
    """``e`` as numerator / denominator over Q in its atoms (FLINT ``fmpq_mpoly``, no gcds).

    ``b**(p/q)`` is ``g**p`` with ``g = b**(1/q)``; at the end every ``g**q`` in the numerator
    is replaced by ``b`` (times ``b``'s denominator, a nonzero factor). True: the numerator is
    0, so ``e`` is 0 wherever it is defined. False: not 0 and every atom is a symbol or pi (then
    this is the field Q(atoms) and the answer is final). None: not shown (the caller falls back).
    """
    gens, stack, plain = {}, [e], True
    while stack:
        x = stack.pop()
        if x.is_Rational or (k := _atom(x)) in gens:
            continue
        if k is not None:
            gens[k] = len(gens)
            plain = plain and (x.is_Symbol or x is sympy.pi)
            stack += [x.base] if isinstance(k, tuple) else []
        elif x.is_Add or x.is_Mul or (x.is_Pow and x.exp.is_Integer):
            stack.extend(x.args)
        else:
            return None
    ctx = flint.fmpq_mpoly_ctx.get(tuple(f"g{i}" for i in range(len(gens) + 1)), "lex")
    g, one, memo = ctx.gens(), ctx.constant(1), {}

    def ev(x):
        if x not in memo:
            if x.is_Rational:
                memo[x] = (ctx.constant(flint.fmpq(int(x.p), int(x.q))), one)
            elif (k := _atom(x)) is not None:
                p = int(x.exp.p) if x.is_Pow else 1
                memo[x] = (g[gens[k]] ** p, one) if p > 0 else (one, g[gens[k]] ** -p)
            elif x.is_Pow:
                (n, d), p = ev(x.base), int(x.exp)
                if p < 0 and n.is_zero():
                    raise ZeroDivisionError
                memo[x] = (n ** p, d ** p) if p >= 0 else (d ** -p, n ** -p)
            else:
                n, d = ev(x.args[0])
                for a in x.args[1:]:
                    an, ad = ev(a)
                    n, d = ((n * an, d * ad) if x.is_Mul else (n + an, d) if ad == d
                            else (n * ad + an * d, d * ad))
                memo[x] = (n, d)
        return memo[x]
    try:
        n = ev(e)[0]
        for (base, q), i in [(k, i) for k, i in gens.items() if isinstance(k, tuple)]:
            (bn, bd), parts = ev(base), {}
            for m, c in n.to_dict().items():
                parts.setdefault(m[i] // q, {})[m[:i] + (m[i] % q,) + m[i + 1:]] = c
            top = max(parts, default=0)
            n = sum((ctx.from_dict(t) * bn ** j * bd ** (top - j) for j, t in parts.items()), 0 * one) if top else n
    except (ZeroDivisionError, RecursionError):
        return None
    return True if n.is_zero() else (False if plain else None)


def is_zero(e) -> bool:
    """True iff ``e`` is identically zero as a rational function of its atoms (the FLINT form,
    :func:`_flint_zero`, first; SymPy's expansion and cancellation for what it leaves open)."""
    e = sympy.sympify(e)
    if e == 0:
        return True
    if any(a.is_Float for a in e.atoms(sympy.Number)):
        return False    # inexact numbers never prove an identity
    fast = _flint_zero(e)
    return fast if fast is not None else _normal(e) == 0


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

"""Search for kernel case trees over the critical set (an untrusted producer).

Given the partial derivatives of a loss (the kernel's root hypotheses), the
statement's sign facts and goal expressions, :func:`prove_goals` searches for a
certificate of "every critical point satisfies goal = 0 for every goal" (no
goals: "there is no critical point") in the format of
:mod:`critcheck.kernel.casetree`: close branches whose hypothesis is provably
non-zero, discharge goals by combinations (exact linear algebra, possibly after
multiplying by a provably non-zero factor), and otherwise factor-and-split a
hypothesis. It is a heuristic with a time limit; when it fails the caller
reports INCONCLUSIVE. Whatever it returns is checked by the kernel.
"""

from __future__ import annotations

import time

import sympy

from ..kernel.algebra import Facts
from ..kernel.errors import Rejected
from .certificates import W, combination

__all__ = ["prove_goals"]


def _exp_free(e):
    atoms = sorted(e.atoms(sympy.exp), key=str)
    rep = {a: sympy.Symbol(f"_U{i}", positive=True) for i, a in enumerate(atoms)}
    return e.xreplace(rep), {v: k for k, v in rep.items()}


def _nonzero(facts: Facts, e):
    """A contradiction spec when e is provably non-zero under the facts, else None."""
    for rewrite in (None, sympy.factor(e)):
        for sign in ("!=0", ">0"):
            for target, rw in ((e, rewrite), (-e, None if rewrite is None else -rewrite)):
                try:
                    facts.prove(target, sign, rw)
                except Rejected:
                    continue
                spec = {"sign": sign}
                if rw is not None:
                    spec["rewrite"] = W(rewrite)
                return spec
    return None


def _factors(e, facts: Facts):
    ee, back = _exp_free(sympy.expand(e))
    try:
        c, fl = sympy.factor_list(ee)
    except sympy.PolynomialError:
        return None
    const, out = sympy.Integer(c), []
    for g, m in fl:
        g = g.xreplace(back)
        if g.free_symbols and _nonzero(facts, g) is None:
            out.extend([g] * m)
        else:
            const *= g ** m
    return const, out


def prove_goals(grad, facts_list, goals, depth: int = 5, seconds: float = 30.0):
    """A certificate ``{"tree": ...}`` or None when the search fails or runs out of time."""
    deadline = time.monotonic() + seconds
    facts = Facts(facts_list)
    mults = [e for e, r in facts_list if r in (">0", "!=0")]

    def goal_leaf(hyps):
        proofs = []
        for g in goals:
            p = combination(g, hyps, multipliers=mults, tries=4, extra=2)
            if p is None:
                return None
            proofs.append({"coeffs": p})
        return {"goal": proofs}

    def search(hyps, d):
        if time.monotonic() > deadline:
            return None
        for i, h in enumerate(hyps):
            spec = _nonzero(facts, h)
            if spec is not None:
                return {"contradiction": dict(spec, hyp=i)}
        if goals:
            leaf = goal_leaf(hyps)
            if leaf is not None:
                return leaf
        if d <= 0:
            return None
        for i, h in enumerate(hyps):
            fac = _factors(h, facts)
            if fac is None or len(fac[1]) < 2:
                continue
            const, fs = fac
            branches = []
            for g in fs:
                b = search(hyps + [g], d - 1)
                if b is None:
                    break
                branches.append(b)
            else:
                return {"split": {"hyp": i, "constant": W(const), "factors": [W(g) for g in fs]},
                        "branches": branches}
        # derive: a combination that isolates a simpler consequence (a factor of a
        # hypothesis reduced by the others) -- try each linear variable substitution
        for i, h in enumerate(hyps):
            he, back = _exp_free(sympy.expand(h))
            for v in sorted(he.free_symbols, key=str):
                if str(v).startswith("_U") or not he.is_polynomial(v) or sympy.degree(he, v) != 1:
                    continue
                alpha = sympy.Poly(he, v).all_coeffs()[0].xreplace(back)
                if _nonzero(facts, alpha) is None:
                    continue
                sol = sympy.solve(h, v.xreplace(back) if v in back else v)
                if len(sol) != 1:
                    continue
                new = []
                for j, hj in enumerate(hyps):
                    if j == i or not hj.has(v):
                        continue
                    num = sympy.expand(sympy.numer(sympy.together(hj.subs(v, sol[0]))))
                    if num == 0 or any(sympy.expand(num - x) == 0 for x in hyps):
                        continue
                    co = combination(num, hyps, multipliers=mults, tries=4, extra=2)
                    if co is not None:
                        new.append((num, co))
                if new:
                    node = search(hyps + [n for n, _ in new], d - 1)
                    if node is None:
                        continue
                    for k, (num, co) in reversed(list(enumerate(new))):
                        node = {"derive": {"expr": W(num), "coeffs": co}, "then": node}
                    return node
        return None

    tree = search([sympy.sympify(g) for g in grad], depth)
    return None if tree is None else {"tree": tree}

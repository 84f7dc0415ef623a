"""Producing kernel certificates (untrusted helpers; the kernel checks the result).

Small builders for the case-tree nodes of :mod:`critcheck.kernel.casetree`
and a search for combination coefficients by multivariate division. Nothing
here is trusted: a wrong coefficient only makes the kernel reject.
"""

from __future__ import annotations

import sympy

from ..kernel.exprs import write

__all__ = ["combination", "derive", "split", "contradiction", "goal", "cases", "W"]


def W(e) -> str:
    """Expression -> certificate text."""
    return write(sympy.sympify(e))


def _atoms_to_symbols(exprs):
    """Replace exp(.) atoms by fresh symbols so polynomial division applies."""
    atoms = sorted({a for e in exprs for a in sympy.sympify(e).atoms(sympy.exp)}, key=str)
    rep = {a: sympy.Symbol(f"_E{i}") for i, a in enumerate(atoms)}
    back = {v: k for k, v in rep.items()}
    return [sympy.expand(sympy.sympify(e).subs(rep)) for e in exprs], back


def combination(target, hyps, gens=None) -> dict | None:
    """Coefficients c with target = sum c_i hyps_i found by division, or None."""
    conv, back = _atoms_to_symbols([target] + list(hyps))
    t, hs = conv[0], conv[1:]
    if gens is None:
        gens = sorted(set().union(*(e.free_symbols for e in conv)), key=str)
    idx = [i for i, h in enumerate(hs) if h != 0]
    try:
        q, r = sympy.reduced(t, [hs[i] for i in idx], *gens)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return None
    if sympy.expand(r) != 0:
        return None
    return {str(i): W(sympy.sympify(c).subs(back)) for i, c in zip(idx, q) if c != 0}


def derive(expr, coeffs: dict, then: dict) -> dict:
    return {"derive": {"expr": W(expr), "coeffs": coeffs}, "then": then}


def split(hyp: int, factors, branches, constant=1) -> dict:
    return {"split": {"hyp": hyp, "constant": W(constant), "factors": [W(g) for g in factors]},
            "branches": list(branches)}


def contradiction(hyp: int, sign: str = "!=0", rewrite=None) -> dict:
    spec = {"hyp": hyp, "sign": sign}
    if rewrite is not None:
        spec["rewrite"] = W(rewrite)
    return {"contradiction": spec}


def goal(*coeff_dicts) -> dict:
    return {"goal": [{"coeffs": c} for c in coeff_dicts]}


def cases(expr, zero: dict, nonzero: dict) -> dict:
    return {"cases": W(expr), "zero": zero, "nonzero": nonzero}

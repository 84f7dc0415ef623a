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
    """Expression -> certificate text (strings are taken as already written)."""
    if isinstance(e, str):
        return e
    return write(sympy.sympify(e))


def exp_symbols(exprs):
    """Replace exp(k * base) (k integer) by U_base**k, one positive unknown per base,
    so polynomial algebra applies; returns (expressions, back-substitution)."""
    exprs = [sympy.expand(sympy.sympify(e), power_exp=True) for e in exprs]
    atoms = sorted({a for e in exprs for a in e.atoms(sympy.exp)}, key=str)
    bases, rep = {}, {}
    for a in atoms:
        k, base = a.args[0].as_coeff_Mul()
        if not k.is_Integer:
            k, base = sympy.Integer(1), a.args[0]
        if base not in bases:
            bases[base] = sympy.Symbol(f"_E{len(bases)}", positive=True)
        rep[a] = bases[base] ** int(k)
    back = {u: sympy.exp(b) for b, u in bases.items()}
    return [sympy.expand(e.xreplace(rep)) for e in exprs], back


def _atoms_to_symbols(exprs):
    """Replace exp(.) atoms by unknowns so polynomial division applies."""
    return exp_symbols(exprs)


def combination(target, hyps, gens=None, multipliers=(), tries: int = 60,
                extra: int = 3) -> dict | None:
    """Coefficients c with target = sum c_i hyps_i found by division, or None.

    ``multipliers``: non-zero expressions m to try when target itself is not in
    the ideal but m * target is (the coefficients are then divided by m).
    """
    for m in (1,) + tuple(multipliers):
        got = _combination(sympy.sympify(target) * m, hyps, gens, tries, extra)
        if got is not None:
            if m == 1:
                return got
            from ..kernel.exprs import read

            names = _names(target, hyps)
            return {k: W(read(v, names) / m) for k, v in got.items()}
    return None


def _names(*exprs):
    out = {}
    for e in exprs:
        for x in (e if isinstance(e, (list, tuple)) else [e]):
            for s in sympy.sympify(x).free_symbols:
                out[str(s)] = s
    return out


def _combination(target, hyps, gens, tries_max, extra) -> dict | None:
    import itertools

    conv, back = _atoms_to_symbols([target] + list(hyps))
    t, hs = conv[0], conv[1:]
    if gens is None:
        gens = sorted(set().union(*(e.free_symbols for e in conv)), key=str)
    idx = [i for i, h in enumerate(hs) if h != 0]
    if not idx:
        return None
    tries = 0
    # division by a non-Groebner list depends on the order: try several
    for order in (idx[::-1], idx):
        for g in itertools.permutations(gens):
            tries += 1
            if tries > tries_max:
                break
            try:
                q, r = sympy.reduced(t, [hs[i] for i in order], *g)
            except (sympy.PolynomialError, sympy.GeneratorsNeeded):
                return None
            if sympy.expand(r) == 0:
                return {str(i): W(sympy.sympify(c).subs(back)) for i, c in zip(order, q) if c != 0}
    sol = _linear_combination(t, {i: hs[i] for i in idx}, gens, extra)
    if sol is None:
        return None
    return {str(i): W(sympy.sympify(c).subs(back)) for i, c in sol.items() if c != 0}


def _linear_combination(t, hs: dict, gens, extra: int = 3):
    """target = sum c_i h_i with polynomial c_i of bounded degree, by exact linear algebra.

    Unknowns: the coefficients of every monomial of degree <= D in each c_i; one
    equation per monomial of the product; solved over Q with python-flint.
    Monomial products are exponent additions on sparse dicts (fast, no Poly objects).
    """
    from flint import fmpq, fmpq_mat

    try:
        tp = sympy.Poly(t, *gens, domain="QQ").as_dict()
        hp = {i: sympy.Poly(h, *gens, domain="QQ").as_dict() for i, h in hs.items()}
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return None
    hp = {i: d for i, d in hp.items() if d}
    if not hp:
        return None
    n = len(gens)

    def deg(d):
        return max((sum(m) for m in d), default=0)

    lo = min(deg(d) for d in hp.values())
    start = max(0, deg(tp) - lo)
    for D in range(start, start + extra + 1):
        monos = [m for k in range(D + 1) for m in _exponents(n, k)]
        cols = [(i, m) for i in hp for m in monos]
        if len(cols) > 1500:
            return None
        rows = {}
        entries = []
        for j, (i, m) in enumerate(cols):
            for e, c in hp[i].items():
                key = tuple(a + b for a, b in zip(e, m))
                r = rows.setdefault(key, len(rows))
                entries.append((r, j, c))
        for mono in tp:
            rows.setdefault(mono, len(rows))
        A = fmpq_mat(len(rows), len(cols) + 1)
        for r, j, c in entries:
            A[r, j] += fmpq(int(c.p), int(c.q))
        for mono, c in tp.items():
            A[rows[mono], len(cols)] = fmpq(int(c.p), int(c.q))
        R, rank = A.rref()
        pivots = []
        consistent = True
        for row in range(rank):
            col = next(c for c in range(len(cols) + 1) if R[row, c] != 0)
            if col == len(cols):
                consistent = False
                break
            pivots.append((row, col))
        if not consistent:
            continue
        coeffs = {i: sympy.Integer(0) for i in hp}
        for row, col in pivots:
            v = R[row, len(cols)]
            i, m = cols[col]
            coeffs[i] += sympy.Rational(int(v.p), int(v.q)) * sympy.Mul(
                *[g ** k for g, k in zip(gens, m)])
        return coeffs
    return None


def _exponents(n: int, k: int):
    """All exponent tuples of n variables with total degree exactly k."""
    if n == 0:
        if k == 0:
            yield ()
        return
    for a in range(k, -1, -1):
        for rest in _exponents(n - 1, k - a):
            yield (a,) + rest


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


def family_leaf(f, variables, hyps, curve: dict, power: int, leading) -> dict:
    """A ``not_min_family`` leaf: along x + curve(s), the series of f starts at s^power
    with a coefficient equal (modulo the branch hypotheses) to ``leading``.

    The coefficients below ``power`` must lie in the ideal of ``hyps``; their
    combinations are found by division. Raises ValueError when they are not.
    """
    s = sympy.Symbol("s", positive=True)
    names = {str(v): v for v in variables}
    names["s"] = s
    sub = {v: v + sympy.sympify(curve[str(v)], locals=names) for v in variables}
    delta = f.subs(sub, simultaneous=True) - f
    if delta.is_polynomial(s):
        ser = sympy.expand(delta)
    else:
        ser = sympy.expand(sympy.series(delta, s, 0, power + 1).removeO())
    vanish = []
    for j in range(power):
        c = sympy.cancel(ser.coeff(s, j))
        if sympy.expand(c) == 0:
            vanish.append({})
            continue
        co = combination(c, hyps)
        if co is None:
            raise ValueError(f"coefficient of s^{j} ({c}) is not in the branch's ideal")
        vanish.append(co)
    lead_co = combination(sympy.cancel(ser.coeff(s, power) - leading), hyps)
    if lead_co is None:
        raise ValueError("leading coefficient does not reduce to the given expression")
    return {"leaf": "not_min_family", "curve": {k: W(v) for k, v in curve.items()},
            "power": power, "vanish": vanish, "leading": W(leading), "leading_coeffs": lead_co}


def kernel_statement(kind: str, loss, variables, parameters=(), data=None):
    """A kernel Statement from SymPy objects: symbols are renamed to plain real
    symbols of the same name and their SymPy sign assumptions become the
    statement's assumptions (``x > 0``, ``x >= 0``, ``x != 0``)."""
    from ..kernel import Statement

    syms = list(variables) + list(parameters)
    plain = {s: sympy.Symbol(str(s), real=True) for s in syms}
    assumptions = []
    for s in syms:
        if s.is_positive:
            assumptions.append(f"{s} > 0")
        elif s.is_nonnegative:
            assumptions.append(f"{s} >= 0")
        elif s.is_negative:
            assumptions.append(f"-{s} > 0")
        elif s.is_nonpositive:
            assumptions.append(f"-{s} >= 0")
        elif s.is_nonzero and s.is_real:
            assumptions.append(f"{s} != 0")

    def conv(x):
        if isinstance(x, dict):
            return {str(k): conv(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [conv(v) for v in x]
        if isinstance(x, (str, int)) and not isinstance(x, bool):
            return str(x)
        return W(sympy.sympify(x).xreplace(plain))

    return Statement(kind, W(sympy.sympify(loss).xreplace(plain)), tuple(str(v) for v in variables),
                     tuple(str(p) for p in parameters), tuple(assumptions), conv(data or {}))

"""LaTeX for statements, generated from the statement's fields alone."""

from __future__ import annotations

import sympy

from .statement import Point, Statement

__all__ = ["statement_latex"]


def _tex(e) -> str:
    return sympy.latex(e)


def _teacher(args) -> str:
    """The teacher of a ``twolayer`` statement, read from its exact rows ``V`` (k x d)."""
    k, d = int(args["k"]), int(args["d"])
    V = [[sympy.Rational(x) for x in row] for row in args["V"]]
    ident = k == d and all(V[i][j] == (1 if i == j else 0) for i in range(k) for j in range(d))
    if ident:
        return (rf"the orthonormal teacher $V = I_{{{k}}}$ ($k = d = {k}$ teacher neurons "
                rf"$v_j = e_j$)")
    return rf"the teacher $V\in\mathbb Q^{{{k}\times {d}}}$ of the statement ($k={k}$ neurons, $d={d}$)"


def statement_latex(st: Statement) -> str:
    syms = st.symbols()
    f = st.f()
    vs = ", ".join(_tex(syms[v]) for v in st.variables)
    head = rf"Let $f({vs}) = {_tex(f)}$" if st.variables else ""
    if st.functions:
        head += " for any smooth functions $" + ", ".join(_tex(sympy.Symbol(n)) for n in st.functions) + "$"
    if st.parameters:
        head += " with parameters $" + ", ".join(_tex(syms[p]) for p in st.parameters) + "$"
    if st.assumptions:
        conds = ", ".join(_tex(e) + {">0": ">0", ">=0": r"\ge 0", "!=0": r"\ne 0"}[r]
                          for e, r in st.facts())
        head += rf", where ${conds}$"
    n = len(st.variables)
    dom = rf"$({vs})\in\mathbb{{R}}^{{{n}}}$" if n else ""
    k, d = st.kind, st.data

    def pt(key="point"):
        return "$" + Point.parse(d[key], syms).latex() + "$"

    if k == "every_critical_point_satisfies":
        goals = ", ".join(_tex(st.expr(g)) + "=0" for g in d["goal"])
        body = rf"every critical point {dom} of $f$ satisfies ${goals}$"
    elif k == "no_critical_point":
        body = rf"$f$ has no critical point {dom}"
    elif k == "critical_set":
        body = rf"the real critical points of $f$ are exactly the {len(d['points'])} points listed"
    elif k == "critical_point":
        body = rf"{pt()} is a critical point of $f$"
        if d.get("violates"):
            body += " at which not all of $" + ", ".join(_tex(st.expr(g)) for g in d["violates"]) \
                + "$ vanish"
    elif k == "strict_local_min":
        body = rf"{pt()} is a strict local minimum of $f$"
    elif k == "local_min":
        body = rf"{pt()} is a local minimum of $f$"
    elif k == "gradient_equals":
        parts = [rf"\partial_{{{_tex(syms[v])}}} f = {_tex(st.expr(g))}"
                 for v, g in zip(st.variables, d["gradient"])]
        body = "$" + r",\quad ".join(parts) + "$"
    elif k == "hessian_inertia":
        ip, im, i0 = d["inertia"]
        body = (rf"{pt()} is a critical point of $f$ whose Hessian has {ip} positive, {im} negative "
                rf"and {i0} zero eigenvalues")
    elif k == "not_local_min":
        body = rf"{pt()} is not a local minimum of $f$"
    elif k == "not_local_max":
        body = rf"{pt()} is not a local maximum of $f$"
    elif k == "less_than":
        body = rf"$f$ at {pt('q')} is smaller than $f$ at {pt('p')}"
    elif k == "lower_bound":
        body = rf"$f \ge {_tex(st.expr(d['c']))}$ on $\mathbb{{R}}^{{{n}}}$"
    elif k == "decreasing_path":
        t = sympy.Symbol("t", positive=True)
        path = ", ".join(rf"{_tex(syms[a])}={_tex(st.expr(b, {'t': t}))}" for a, b in d["path"].items())
        body = (rf"along $\gamma(t) = ({path})$, $t>{_tex(sympy.Rational(d['t0']))}$, $f$ decreases "
                rf"strictly, $\|\gamma(t)\|\to\infty$ and $f(\gamma(t))\to {_tex(st.expr(d['limit']))}$")
        if d.get("infimum"):
            body += r", which is $\inf f$"
    elif k == "suboptimal_local_min":
        body = rf"{pt()} is a local minimum of $f$ and $f$ is smaller at {pt('better')}: a sub-optimal local minimum"
    elif k == "every_local_min_global":
        body = (rf"$\min f = {_tex(st.expr(d['minimum']))}$ and every local minimum of $f$ "
                rf"is a global minimum")
    elif k == "relation":
        rel = {"=": "=", "!=": r"\ne", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}[d["rel"]]
        return rf"${_tex(st.expr(d['lhs']))} {rel} {_tex(st.expr(d['rhs']))}$."
    elif k == "interval_minimum":
        args = d["args"]
        fname = "f"
        if d["family"] == "twolayer":
            fname = "F"
            body = (rf"the two-layer ReLU population loss $F(W;V)$ with {_teacher(args)}, "
                    rf"$n={args['n']}$ student neurons and inputs $x\sim\mathcal N(0, I_{{{args['d']}}})$ "
                    rf"has a strict local minimum")
        else:
            body = rf"$f$ has a strict local minimum"
        if d.get("better") is not None:
            body += rf" at which ${fname}$ is larger than at {pt('better')}: a sub-optimal local minimum"
        if d.get("value_above") is not None:
            body += rf" at which ${fname} > {_tex(sympy.Rational(d['value_above']))}$"
    else:  # pragma: no cover - KINDS is closed
        body = k
    text = (head + ": " + body) if head else body[0].upper() + body[1:]
    return text + "."

"""Claim ``deep_linear.zero_hessian_saddle``: degenerate saddles of deep linear nets.

Seed 002 (Kawaguchi's deep linear networks), seed 003 Sec. III:
``f(w_1, …, w_H) = (w_H ⋯ w_1 − 1)²``. For ``H = 2`` the origin is a strict
saddle (the Hessian has a negative eigenvalue). For ``H = 3, 4`` the gradient
*and the Hessian* vanish at the origin, so second-order tests say nothing,
yet the origin is still a saddle: exact descent and ascent curves (checked by
series expansion) show it is neither a local minimum nor a local maximum.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

def formal_statements():
    """Scalar widths, and 2 x 2 matrices with H = 3 (seed 002's deep linear nets).

    For H = 2: the origin is critical with Hessian inertia (1, 1, 0) (a strict
    saddle of index 1). For H = 3, 4: the origin is critical with the zero Hessian
    (inertia (0, 0, H)) and is neither a local minimum (descent along w_i = s)
    nor a local maximum (ascent along w_1 = -s, w_i = s otherwise)."""
    from critcheck.kernel import Statement

    out, certs = [], []
    for H in (2, 3, 4):
        ws = [f"w{i}" for i in range(1, H + 1)]
        loss = "(" + "*".join(reversed(ws)) + " - 1)^2"
        origin = {w: "0" for w in ws}
        inertia = [1, 1, 0] if H == 2 else [0, 0, H]
        out.append(Statement("hessian_inertia", loss, tuple(ws), data={"point": origin,
                                                                        "inertia": inertia}))
        certs.append({})
        if H >= 3:
            out.append(Statement("not_local_min", loss, tuple(ws), data={"point": origin}))
            certs.append({"curve": {w: "s" for w in ws}, "order": 2 * H})
            out.append(Statement("not_local_max", loss, tuple(ws), data={"point": origin}))
            certs.append({"curve": {w: ("-s" if i == 0 else "s") for i, w in enumerate(ws)},
                          "order": 2 * H})
    # matrix widths: W_3 W_2 W_1 with 2 x 2 weights, ||W_3 W_2 W_1 - I||_F^2 (12 variables):
    # zero gradient and Hessian at 0, neither a local minimum nor a local maximum
    from critcheck.models.deep_linear_matrix import zero_hessian_saddle_statements

    for st, cert in zero_hessian_saddle_statements(2, 3):
        out.append(st)
        certs.append(cert)
    return out, certs


@claim("deep_linear.zero_hessian_saddle", title="(w_H...w_1 - 1)^2 (scalars, H = 2..4; 2x2 matrices, H = 3): zero-Hessian saddle at 0 for H >= 3",
       source="seed 002; seed 003, Sec. III", method="symbolic", expected="PROVED",
       formal=formal_statements()[0])
def check(ctx):
    from critcheck.claims.derivation import Derivation
    from critcheck.symbolic.classify import classify_point

    d = Derivation()
    facts, opens = {}, []
    for H in (2, 3, 4):
        ws = sympy.symbols(f"w1:{H + 1}", real=True)
        f = (sympy.Mul(*ws) - 1) ** 2
        origin = {w: 0 for w in ws}
        sub = d.case(f"H = {H}", outcome="")
        sub.formula(sympy.Eq(sympy.Symbol("f"), f))
        grad = [sympy.diff(f, w).subs(origin) for w in ws]
        sub.step("gradient at the origin", sympy.Matrix([sympy.Derivative(f, w) for w in ws]).T
                 .subs(origin), sympy.zeros(1, H),
                 check=lambda f=f, ws=ws, origin=origin: all(
                     sympy.diff(f, w).subs(origin) == 0 for w in ws))
        hess_zero = sympy.hessian(f, ws).subs(origin).is_zero_matrix
        if H >= 3:
            sub.step("Hessian at the origin vanishes", sympy.Symbol(r"\nabla^2 f(0)"),
                     sympy.zeros(H, H),
                     check=lambda f=f, ws=ws, origin=origin:
                     sympy.hessian(f, ws).subs(origin).is_zero_matrix)
        piece = classify_point(f, ws, origin, sub)
        ok = all(g == 0 for g in grad) and piece.kind == "saddle" and (
            (H == 2 and piece.index == 1) or (H >= 3 and hess_zero))
        d.blocks[-1].outcome = f"{piece.kind}, index {piece.index} ({piece.reason})"
        facts[f"H={H}"] = {"kind": piece.kind, "index": piece.index, "hessian_zero": hess_zero,
                           "reason": piece.reason}
        if not ok:
            opens.append(f"H={H}: origin classified {piece.kind} ({piece.reason})")
    if opens:
        return Outcome("INCONCLUSIVE", summary="some case not settled", evidence=facts,
                       derivation=d, open_branches=opens)
    stmts, certs = formal_statements()
    return Outcome("PROVED", summary="H=2: strict saddle of index 1; H=3,4: zero Hessian, "
                   "saddle by exact descent/ascent curves", evidence=facts, derivation=d,
                   statement=stmts, certificate=certs)

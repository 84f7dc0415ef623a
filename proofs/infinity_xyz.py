"""Claim ``infinity.xyz``: no bad local minimum, yet a decreasing path to infinity.

Seed 003, Sec. VI-B: for ``f(x, y, z) = (xyz − 1)²`` no sub-optimal local
minimum exists, but along ``(x_k, y_k, z_k) = (−1/k, √k, 1/k)`` the loss
decreases and converges to 1, a sub-optimal value (the global minimum is 0).
With ``k = s²`` the sequence lies on the curve ``s ↦ (−1/s², s, 1/s²)``,
``s ≥ 1``, along which ``f = (1 + s^{−3})²`` is strictly decreasing.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

STATEMENT = (r"$f=(xyz-1)^2$ has no sub-optimal local minimum, yet along "
             r"$(-1/k,\sqrt{k},1/k)$ the loss strictly decreases to $1>0=\min f$ "
             r"while the point diverges.")


@claim("infinity.xyz", title="(xyz-1)^2: no bad local minimum but a decreasing path to infinity",
       source="seed 003, Sec. VI-B", method="symbolic", expected="PROVED", statement=STATEMENT)
def check(ctx):
    from critcheck.symbolic.classify import classification_derivation, classify_all
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(x*y*z-1)**2", "x,y,z", budget=ctx.budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    bad = [c for c in cls if c.has_local_min() is not False and c.is_global is not True]
    x, y, z = cs.variables
    s = sympy.Symbol("s", positive=True)
    k = sympy.Symbol("k", positive=True)
    f = cs.loss
    d.text(r"\textbf{Decreasing path to infinity.} With $k=s^2$ the sequence "
           r"$(-1/k,\sqrt{k},1/k)$ is the curve $\gamma(s)=(-1/s^2, s, 1/s^2)$ at $s=\sqrt{k}$.")
    d.step("the sequence is the curve at s = sqrt(k)",
           sympy.Matrix([-1 / k, sympy.sqrt(k), 1 / k]).T,
           sympy.Matrix([-1 / s**2, s, 1 / s**2]).T.subs(s, sympy.sqrt(k)),
           check=lambda: sympy.simplify(sympy.Matrix([-1 / k, sympy.sqrt(k), 1 / k])
                                        - sympy.Matrix([-1 / s**2, s, 1 / s**2])
                                        .subs(s, sympy.sqrt(k))).is_zero_matrix)
    along = f.subs({x: -1 / s**2, y: s, z: 1 / s**2}, simultaneous=True)
    d.step("loss along the curve", along, (1 + s**-3) ** 2)
    der = sympy.diff((1 + s**-3) ** 2, s)
    d.step("derivative along the curve", der, -6 * (1 + s**-3) / s**4)
    d.step("negative for every s > 0", -6 * (1 + s**-3) / s**4, "< 0", relation="⇒",
           check=lambda: (-6 * (1 + s**-3) / s**4).is_negative is True)
    lim = sympy.limit((1 + s**-3) ** 2, s, sympy.oo)
    d.step("limit of the loss", sympy.Limit((1 + s**-3) ** 2, s, sympy.oo), lim,
           check=lambda: sympy.limit((1 + s**-3) ** 2, s, sympy.oo) == 1)
    d.step("the point diverges: its y-coordinate is s", sympy.Limit(s, s, sympy.oo), sympy.oo,
           check=lambda: sympy.limit(s, s, sympy.oo) is sympy.oo)
    d.text(r"The limit value $1$ exceeds the global minimum $0$ (attained on $xyz=1$).")
    glob = [c for c in cls if c.is_global is True]
    evidence = {"components": [f"{c.component}: {c.kind}; loss {c.value}; global {c.is_global}"
                               for c in cls],
                "suboptimal_or_undecided_minima": [str(c.component) for c in bad],
                "path": "(-1/s^2, s, 1/s^2), s >= 1", "limit_value": str(lim)}
    opens = [str(o) for o in cs.solve.open_branches]
    if not bad and not opens and lim == 1 and glob:
        return Outcome("PROVED", summary="every critical point is a global min or a saddle; "
                       "loss decreases to 1 along a path to infinity", evidence=evidence,
                       derivation=d)
    return Outcome("INCONCLUSIVE", summary="some component not settled", evidence=evidence,
                   derivation=d, open_branches=opens or evidence["suboptimal_or_undecided_minima"])

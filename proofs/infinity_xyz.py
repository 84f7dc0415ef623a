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

LOSS = "(x*y*z - 1)^2"


def formal_statements():
    """min f = 0 and every local minimum is global; along (-1/t^2, t, 1/t^2), t > 1
    (the sequence (-1/k, sqrt(k), 1/k) at t = sqrt(k)), f decreases strictly to 1
    while the point diverges."""
    from critcheck.kernel import Statement

    return [Statement("every_local_min_global", LOSS, ("x", "y", "z"), data={"minimum": "0"}),
            Statement("decreasing_path", LOSS, ("x", "y", "z"),
                      data={"path": {"x": "-1/t^2", "y": "t", "z": "1/t^2"}, "t0": "1",
                            "limit": "1"})]


def _two_zero_branch(f, X, hyps, a, b, ia, ib):
    """Branch where the third coordinate and the product a*b vanish (a line pair):
    split on a = 0 / a != 0 and b = 0 / b != 0; every point has a descent curve."""
    from critcheck.symbolic.certificates import cases, family_leaf

    x, y, z = X

    def fam(hs, nonzero):
        return family_leaf(f, X, hs, {"x": "s*" + str(_partner(x, a, b)),
                                      "y": "s*" + str(_partner(y, a, b)),
                                      "z": "s*" + str(_partner(z, a, b))},
                           2, -2 * (a ** 2 + b ** 2))

    n = len(hyps)
    origin = {"leaf": "not_min", "point": {"x": "0", "y": "0", "z": "0"},
              "coeffs": _origin_coeffs(X, hyps + [a, b]), "curve": {"x": "s", "y": "s", "z": "s"},
              "order": 3}
    return cases(a, cases(b, origin, fam(hyps + [a], [b])), fam(hyps, [a]))


def _partner(v, a, b):
    # curve direction: the free coordinates move by the other one, the zero one by 1
    if v == a:
        return b
    if v == b:
        return a
    return 1


def _origin_coeffs(X, hyps):
    from critcheck.symbolic.certificates import combination

    return [combination(v, hyps) for v in X]


def certificates():
    import sympy

    from critcheck.symbolic.certificates import combination, derive, split

    x, y, z = sympy.symbols("x y z", real=True)
    X = [x, y, z]
    f = (x * y * z - 1) ** 2
    g = [sympy.diff(f, v) for v in X]
    # on y = 0: d_y f = 2xz(xyz - 1) gives xz = 0; on z = 0: d_z f gives xy = 0
    hy = g + [y]
    by = derive(x * z, combination(x * z, hy), _two_zero_branch(f, X, hy + [x * z], x, z, 0, 2))
    hz = g + [z]
    bz = derive(x * y, combination(x * y, hz), _two_zero_branch(f, X, hz + [x * y], x, y, 0, 1))
    tree = split(0, [y, z, x * y * z - 1],
                 [by, bz, {"leaf": "global", "coeffs": {"3": "x*y*z - 1"}}], 2)
    return [{"lower_bound": {"terms": [{"weight": "1", "square": "x*y*z - 1"}]}, "tree": tree}, {}]


@claim("infinity.xyz", title="(xyz-1)^2: no bad local minimum but a decreasing path to infinity",
       source="seed 003, Sec. VI-B", method="symbolic", expected="PROVED",
       formal=formal_statements())
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
                       derivation=d, statement=formal_statements(), certificate=certificates())
    return Outcome("INCONCLUSIVE", summary="some component not settled", evidence=evidence,
                   derivation=d, open_branches=opens or evidence["suboptimal_or_undecided_minima"])

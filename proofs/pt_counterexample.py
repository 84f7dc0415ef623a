"""Claim ``pt.counterexample``: Property PT does not exclude bad local minima.

Seed 003, Fig. 2 and Def. IV.1: ``F(v, w) = (y − vφ(wx))²`` with
``(x, y) = (1, 1)`` and ``φ(z) = −(z − 1)²/8``. The point ``(v, w) = (1, 1)``
lies on the line ``{w = 1, v > 0}`` of non-strict local minima with loss 1,
while the global minimum is 0; yet ``F`` satisfies Property PT: from any
point, an arbitrarily small perturbation of ``w`` off 1 followed by a straight
move in ``v`` decreases ``F`` strictly to 0.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

LOSS = "(1 - v*(-(w - 1)^2/8))^2"
PT_STATEMENT = (r"For $F(v,w)=(1-v\varphi(w))^2$, $\varphi(z)=-(z-1)^2/8$, $F$ satisfies "
                r"Property PT (Def.~IV.1): from every point, an arbitrarily small perturbation "
                r"followed by a strictly decreasing path reaches a global minimum.")


def formal_statement():
    """(1, 1) is a local minimum of F (F - 1 is a weighted sum of squares times the
    box constraint v - 1/2 >= 0 near (1, 1)) and F(-8, 2) = 0 < 1 = F(1, 1)."""
    from critcheck.kernel import Statement

    return Statement("suboptimal_local_min", LOSS, ("v", "w"),
                     data={"point": {"v": "1", "w": "1"}, "better": {"v": "-8", "w": "2"}})


def certificate() -> dict:
    """F - 1 = (v - 1/2)(w - 1)^2/4 + (w - 1)^2/8 + (v (w - 1)^2/8)^2 on v in (1/2, 3/2)."""
    return {"local_min": {"method": "box_sos", "box": {"v": ["1/2", "3/2"], "w": ["0", "2"]},
                          "terms": [{"weight": "1/4", "multipliers": [0], "square": "w - 1"},
                                    {"weight": "1/8", "square": "w - 1"},
                                    {"weight": "1/64", "square": "v*(w - 1)^2"}]}}


def _property_pt(d):
    """The exact argument that F has Property PT at every point; returns the example path."""
    from critcheck.symbolic.pt import DecreasingPath

    v0, w1 = sympy.symbols("v_0 w_1", real=True)
    t = sympy.Symbol("t", real=True)
    tau = sympy.Symbol("tau", positive=True)
    G = sympy.Symbol("g_0", real=True, nonzero=True)
    v, w = sympy.symbols("v w", real=True)
    F = (1 - v * (-(w - 1) ** 2 / 8)) ** 2
    g0 = 1 + v0 * (w1 - 1) ** 2 / 8
    vstar = -8 / (w1 - 1) ** 2
    path = (v0 + t * (vstar - v0), w1)
    d.text(r"\textbf{Property PT.} Let $\theta=(v_0,w_0)$ and $\varepsilon>0$. Pick "
           r"$w_1\ne 1$ with $|w_1-w_0|<\varepsilon$ (the interval holds infinitely many "
           r"points); $\hat\theta=(v_0,w_1)$ is an arbitrarily small perturbation. Put "
           r"$g_0=1+v_0(w_1-1)^2/8$. If $g_0=0$, $\hat\theta$ is already a global minimum. "
           r"Otherwise follow $\gamma(t)=(v_0+t(v^*-v_0),\,w_1)$, $t\in[0,1]$, "
           r"$v^*=-8/(w_1-1)^2$.")
    inner = 1 - path[0] * (-(path[1] - 1) ** 2 / 8)
    d.step("the residual along the path", inner, g0 * (1 - t))
    along = F.subs({v: path[0], w: path[1]}, simultaneous=True)
    d.step("the loss along the path", along, g0**2 * (1 - t) ** 2)
    d.step("derivative along the path", sympy.diff(g0**2 * (1 - t) ** 2, t),
           -2 * g0**2 * (1 - t))
    d.step("negative on 0 < t < 1 when g_0 != 0 (t = tau/(1+tau), tau > 0)",
           -2 * G**2 * (1 - t), "< 0", relation="⇒",
           check=lambda: (-2 * G**2 * (1 - t)).subs(t, tau / (1 + tau)).is_negative is True)
    d.step("end point is a global minimum (F >= 0)", along.subs(t, 1), 0)
    d.text("So from every point a small perturbation leads to a strictly decreasing path "
           "to a global minimum: Property PT holds.")
    # a concrete instance, verified exactly by sign analysis on (0, 1)
    eps = sympy.Rational(1, 10)
    inst = DecreasingPath(F, (v, w), tuple(sympy.sympify(p).subs({v0: 1, w1: 1 + eps})
                                          for p in path), t, 0, 1, sympy.Integer(0))
    d.step("instance from (1,1): perturb to (1, 11/10), path verified exactly",
           sympy.Matrix(inst.path).T, "strictly decreasing to a global minimum", relation="⇒",
           check=inst.verify)
    return inst


@claim("pt.property_pt", title="The Fig. 2 loss satisfies Property PT (not kernel-checked)",
       source="seed 003, Def. IV.1, Fig. 2", method="symbolic", expected="INCONCLUSIVE",
       statement=PT_STATEMENT)
def check_pt(ctx):
    """Property PT quantifies over every point and every perturbation; the kernel has
    no rule for that family of paths, so the exact argument is shown to readers and
    the verdict is INCONCLUSIVE, naming the missing rule."""
    from critcheck.claims.derivation import Derivation

    d = Derivation()
    inst = _property_pt(d)
    return Outcome("INCONCLUSIVE", summary="Property PT argued exactly in the derivation; the "
                   "kernel has no rule for 'a decreasing path from every perturbed point'",
                   evidence={"instance_path": [str(p) for p in inst.path]}, derivation=d,
                   open_branches=["missing kernel rule: Property PT (a family of strictly "
                                  "decreasing paths parametrised by the start point)"])


@claim("pt.counterexample", title="(1,1) is a sub-optimal local minimum of the Fig. 2 loss",
       source="seed 003, Def. IV.1, Fig. 2", method="symbolic", expected="PROVED",
       formal=formal_statement())
def check(ctx):
    from critcheck.symbolic.classify import classification_derivation, classify_all
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(1 - v*(-(w-1)**2/8))**2", "v,w", budget=ctx.budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    v, w = cs.variables
    hit = None
    for c in cls:
        comp = c.component
        if comp.free == (v,) and comp.solution.get(w) == 1 and not comp.equations:
            for p in c.pieces:
                if p.condition == "v > 0" and p.kind == "non-strict local min":
                    hit = (c, p)
    sub_optimal = hit is not None and hit[0].is_global is False and hit[0].value == 1
    inst = _property_pt(d)
    evidence = {
        "components": [f"{c.component}: {c.kind}; " + "; ".join(
            f"[{p.condition}] {p.kind}" for p in c.pieces) + f"; loss {c.value}; global "
            f"{c.is_global}" for c in cls],
        "point_(1,1)_on": "w = 1, v > 0" if hit else None,
        "instance_path": [str(p) for p in inst.path],
        "instance_verified": inst.verify(),
    }
    opens = [str(o) for o in cs.solve.open_branches]
    if sub_optimal and not opens:
        return Outcome("PROVED", summary="(1,1) is on {w=1, v>0}: non-strict local minima with "
                       "loss 1 > 0 = F(-8, 2); Property PT: see pt.property_pt",
                       evidence=evidence, derivation=d, statement=formal_statement(),
                       certificate=certificate())
    return Outcome("INCONCLUSIVE", summary="could not settle the local minimum at (1,1)",
                   evidence=evidence, derivation=d,
                   open_branches=opens or ["classification of {w = 1} did not decide v > 0"])

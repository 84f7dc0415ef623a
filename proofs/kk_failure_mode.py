"""Claim ``kk.failure_mode``: a bad local minimum becomes a decreasing path to infinity.

Seed 001 (Kawaguchi–Kaelbling), seed 003 Sec. VI-B, with the augmentation of
seed 000, eq. (1): ``L̃(θ, a, b) = L(θ)(1 + (a e^b − 1)²) + λa²``.

``L(v, w) = (1 + v(w − 1)²/8)²`` (seed 003, Fig. 2) has the sub-optimal
non-strict local minimum ``θ₀ = (1, 1)`` with ``L(θ₀) = 1`` while ``min L = 0``.
For ``λ = 1`` the augmented loss, from ``(θ₀, a, b) = (θ₀, 0, 0)``, strictly
decreases along

.. math:: t \\mapsto (\\theta_0,\\ a = t(1-t),\\ b = -\\log(1-t)),\\quad t\\in[0,1),

and ``b → +∞`` as ``t → 1`` while ``L̃ → 1 = L(θ₀) > 0 = \\inf L̃``: the bad
minimum was not removed, only moved to infinity.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

STATEMENT = (r"For $L(v,w)=(1+v(w-1)^2/8)^2$ and $\tilde L=L(1+(ae^b-1)^2)+a^2$: $(1,1)$ is a "
             r"sub-optimal local minimum of $L$, and from $(1,1,0,0)$ the augmented loss strictly "
             r"decreases along a path with $b\to\infty$, tending to the sub-optimal value $1$.")


@claim("kk.failure_mode", title="augmented loss: bad local minimum turns into a descent to infinity",
       source="seed 001; seed 003, Sec. VI-B; seed 000, eq. (1)", method="symbolic + numeric",
       expected="PROVED", statement=STATEMENT)
def check(ctx):
    from critcheck.symbolic.classify import classification_derivation, classify_all
    from critcheck.symbolic.critical import critical_points
    from critcheck.symbolic.pt import strictly_negative_on

    cs = critical_points("(1 + v*(w-1)**2/8)**2", "v,w", budget=ctx.budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    bad = any(c.is_global is False and any(p.condition == "v > 0" and p.kind ==
                                           "non-strict local min" for p in c.pieces)
              for c in cls)
    v, w = cs.variables
    a, b = sympy.symbols("a b", real=True)
    t = sympy.Symbol("t", real=True)
    lam = 1
    Lt = cs.loss * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a**2
    d.text(r"\textbf{The augmented loss} (seed 000, eq. (1)), $\lambda=1$, at $\theta_0=(1,1)$ "
           r"(on $\{w=1,v>0\}$, sub-optimal).")
    L0 = cs.loss.subs({v: 1, w: 1})
    d.step("L at theta_0", cs.loss.subs({v: 1, w: 1}, evaluate=False), L0)
    path = {v: 1, w: 1, a: t * (1 - t), b: -sympy.log(1 - t)}
    along = sympy.simplify(Lt.subs(path, simultaneous=True))
    d.step("augmented loss along the path", Lt.subs(path, simultaneous=True),
           1 + (1 - t) ** 2 + t**2 * (1 - t) ** 2)
    der = sympy.diff(1 + (1 - t) ** 2 + t**2 * (1 - t) ** 2, t)
    d.step("its derivative", der, 2 * (1 - t) * (-1 + t * (1 - 2 * t)))
    d.step("negative on 0 < t < 1 (exact root isolation and sign)", der, "< 0", relation="⇒",
           check=lambda: strictly_negative_on(der, t, 0, 1))
    d.step("b diverges", sympy.Limit(-sympy.log(1 - t), t, 1, "-"), sympy.oo,
           check=lambda: sympy.limit(-sympy.log(1 - t), t, 1, "-") is sympy.oo)
    lim = sympy.limit(along, t, 1, "-")
    d.step("limit value of the augmented loss", sympy.Limit(along, t, 1, "-"), lim,
           check=lambda: sympy.limit(along, t, 1, "-") == 1)
    d.step("inf of the augmented loss is 0: value at a global minimum of L with a = 0",
           Lt.subs({v: -8, w: 2, a: 0, b: 0}), 0)
    import numpy as np
    ts = np.linspace(0, 0.999, 200)
    vals = 1 + (1 - ts) ** 2 + ts**2 * (1 - ts) ** 2
    ev = {"bad_local_min_(1,1)": bad, "start_value": str(along.subs(t, 0)), "limit": str(lim),
          "numeric_monotone_on_grid": bool(np.all(np.diff(vals) < 0)), "samples": 200,
          "seed": None}
    ok = bad and lim == 1 and strictly_negative_on(der, t, 0, 1) and not cs.solve.open_branches
    if ok:
        return Outcome("PROVED", summary="(1,1) sub-optimal local min of L; the augmented loss "
                       "decreases strictly to 1 along a path with b -> infinity",
                       evidence=ev, derivation=d)
    return Outcome("INCONCLUSIVE", summary="a step did not settle", evidence=ev, derivation=d,
                   open_branches=["see evidence"])

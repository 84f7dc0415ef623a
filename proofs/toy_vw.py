"""Claim ``toy.vw``: the landscape of ``(vw − 1)²`` (seed 003, Sec. III, Fig. 1).

* every local minimum is a global minimum (the only critical components are
  the origin and the hyperbola ``vw = 1``);
* the origin is a saddle of index 1 (seed 003, Def. III.1);
* for ``0 < c < 1`` the sublevel set ``{(vw − 1)² < c}`` has exactly two
  connected components, each containing global minima: no spurious valley.
  Exact, because ``c < 1`` forces ``vw > 0`` on the set.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim
from critcheck.claims.derivation import Derivation

LOSS = "(v*w - 1)^2"


def formal_statements():
    """What the kernel certifies: min f = 0 and every local minimum is global; the
    origin is a critical point with Hessian inertia (1, 1, 0), a saddle of index 1.
    (The sublevel-set part is argued in the derivation and checked numerically by
    ``toy.vw.sublevel``; the kernel has no rule for connectivity.)"""
    from critcheck.kernel import Statement

    return [Statement("every_local_min_global", LOSS, ("v", "w"), data={"minimum": "0"}),
            Statement("hessian_inertia", LOSS, ("v", "w"),
                      data={"point": {"v": "0", "w": "0"}, "inertia": [1, 1, 0]})]


def certificates():
    """Split dv f = 2 w (vw - 1): on w = 0, dw f = 2v(vw - 1) forces v = 0 (the
    origin, where f decreases along (s, s)); on vw = 1, f = 0 = min f."""
    from critcheck.symbolic.certificates import split

    tree = split(0, ["w", "v*w - 1"], [
        {"leaf": "not_min", "point": {"v": "0", "w": "0"},
         "coeffs": [{"1": "-1/2", "2": "v**2"}, {"2": "1"}], "curve": {"v": "s", "w": "s"},
         "order": 4},
        {"leaf": "global", "coeffs": {"2": "v*w - 1"}}], 2)
    return [{"lower_bound": {"terms": [{"weight": "1", "square": "v*w - 1"}]}, "tree": tree}, {}]


def _sublevel_derivation(d: Derivation) -> bool:
    """Exact argument for the sublevel sets; returns True when every step was built."""
    v, w, r = sympy.symbols("v w r", real=True)
    s, tau = sympy.symbols("s tau", positive=True)
    d.text(r"Sublevel sets. Write $c=s^2$ with $0<s<1$ and $r=vw$. "
           r"Then $f<c \iff s^2-(r-1)^2>0$.")
    d.step("difference of squares", s**2 - (r - 1)**2, (1 + s - r) * (r - 1 + s))
    d.step("the two factors sum to 2s > 0, so both are positive",
           (1 + s - r) + (r - 1 + s), 2 * s)
    d.text(r"Hence $f<c \iff 1-s<vw<1+s$.")
    d.step("c < 1 gives 1 - s > 0 (s = 1/(1+tau), tau > 0 parametrises (0,1))",
           1 - 1 / (1 + tau), tau / (1 + tau))
    d.step("positivity of 1 - s", 1 - 1 / (1 + tau), "> 0", relation="⇒",
           check=lambda: sympy.simplify(1 - 1 / (1 + tau)).is_positive is True)
    d.text(r"So $vw>0$ on $\{f<c\}$: $v,w$ are non-zero with the same sign, and "
           r"$\{f<c\}=S_+\cup S_-$ with $S_\pm=\{f<c\}\cap\{\pm v>0,\pm w>0\}$, "
           r"open, disjoint. Neither is empty: ")
    f = (v * w - 1) ** 2
    d.step("(1,1) in S+ (f = 0 < c)", f.subs({v: 1, w: 1}), 0)
    d.step("(-1,-1) in S- (f = 0 < c)", f.subs({v: -1, w: -1}), 0)
    d.text(r"So $\{f<c\}$ is disconnected. Each $S_\pm$ is connected: "
           r"$\Phi(v,r)=(v,r/v)$ maps the convex set $\{\pm v>0\}\times(1-s,1+s)$ "
           r"continuously onto $S_\pm$ with continuous inverse $(v,w)\mapsto(v,vw)$:")
    d.step("Phi then inverse is the identity (second coordinate)", v * (r / v), r)
    d.step("inverse then Phi is the identity (second coordinate)", (v * w) / v, w)
    d.text(r"Hence exactly two components, each containing global minima (value 0): "
           r"no spurious valley at any level $c<1$.")
    return True


def _numeric_cross_check(seed: int):
    """Grid count of sublevel components at c = 1/4 (evidence only; not the proof)."""
    import numpy as np
    from scipy import ndimage

    g = np.linspace(-3, 3, 301)
    V, W = np.meshgrid(g, g)
    mask = (V * W - 1) ** 2 < 0.25
    _, ncomp = ndimage.label(mask)
    return {"grid": "301x301 on [-3,3]^2", "level": 0.25, "components_on_grid": int(ncomp),
            "samples": int(mask.size), "seed": seed}


@claim("toy.vw", title="(vw-1)^2: every local minimum is global; the origin is an index-1 saddle",
       source="seed 003, Sec. III, Fig. 1, Def. III.1", method="symbolic + numeric",
       expected="PROVED", formal=formal_statements())
def check(ctx):
    from critcheck.symbolic.classify import classification_derivation, classify_all
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(v*w-1)**2", "v,w", budget=ctx.budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    origin = [c for c in cls if c.component.is_point
              and all(x == 0 for x in c.component.solution.values())]
    origin_ok = len(origin) == 1 and origin[0].kind == "saddle" and origin[0].index == 1
    bad = [c for c in cls if c.has_local_min() is not False and c.is_global is not True]
    _sublevel_derivation(d)
    evidence = {
        "components": [f"{c.component}: {c.kind}, index {c.index}, loss {c.value}, "
                       f"global {c.is_global}" for c in cls],
        "origin_saddle_index_1": origin_ok,
        "suboptimal_or_undecided_minima": [str(c.component) for c in bad],
        "numeric_cross_check": _numeric_cross_check(ctx.seed),
    }
    opens = [str(o) for o in cs.solve.open_branches]
    if origin_ok and not bad and not opens:
        return Outcome("PROVED", summary="origin: saddle of index 1; vw=1: global minima "
                       "(sublevel sets: see toy.vw.sublevel)",
                       evidence=evidence, derivation=d, statement=formal_statements(),
                       certificate=certificates())
    return Outcome("INCONCLUSIVE", summary="classification did not settle every component",
                   evidence=evidence, derivation=d, open_branches=opens or
                   [f"component {c}" for c in evidence["suboptimal_or_undecided_minima"]])

"""Claim ``kk.failure_mode``: a bad local minimum becomes a decreasing path to infinity.

Seed 001 (Kawaguchi–Kaelbling), seed 003 Sec. VI-B, with the augmentation of
seed 000, eq. (1): ``L̃(θ, a, b) = L(θ)(1 + (a e^b − 1)²) + λa²``.

``L(v, w) = (1 − vφ(w))²`` with ``φ(z) = −(z − 1)²/8`` (seed 003, Fig. 2) has the
sub-optimal non-strict local minimum ``θ₀ = (1, 1)``, ``L(θ₀) = 1``, while
``L(−8, 2) = 0``. For ``λ = 1`` the augmented loss strictly decreases along

.. math:: t \\mapsto (\\theta_0,\\ a = (1 - e^{-t}) e^{-t},\\ b = t),\\quad t > 0,

from ``(θ₀, 0, 0)`` at ``t = 0``; ``b → +∞`` as ``t → ∞`` while ``L̃ → 1 =
L(θ₀)``, and ``L̃(−8, 2, 0, 0) = 0 < 1``: the bad minimum was not removed, only
moved to infinity.

The kernel certifies three statements (``formal=``):

1. ``suboptimal_local_min`` of ``L`` at ``(1, 1)`` (box sum-of-squares) with
   the better point ``(−8, 2)``;
2. ``decreasing_path`` of ``L̃`` (``λ = 1``) along the path above, ``t > 0``:
   strictly decreasing (the kernel's derivative, shown positive after the
   rewrite ``2e^{-2u}(2(e^{-u} − 3/4)² + 7/8)``), ``‖γ(t)‖ → ∞`` and limit 1
   (the kernel's ``sympy.limit``);
3. ``less_than``: ``L̃(−8, 2, 0, 0) < L̃(−4, 2, α, 0)`` where ``α`` is the root of
   ``5t² − 2t − 2`` in ``[4/5, 1]``; at that point ``L̃ = (5α² − 2α + 2)/4 = 1``
   exactly, so the limit ``1`` of the path is not the infimum of ``L̃``. (That
   ``L̃(−4, 2, α, 0) = 1`` is this two-line computation, not a kernel statement.)
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

L_TEXT = "(1 - v*(-(w - 1)^2/8))^2"
LT_TEXT = f"{L_TEXT}*(1 + (a*exp(b) - 1)^2) + a^2"
PATH = {"v": "1", "w": "1", "a": "(1 - exp(-t))*exp(-t)", "b": "t"}
#: the kernel's -d/dt of the augmented loss along PATH at t = u, as a visibly positive expression
DECREASE = "2*exp(-2*u)*(2*(exp(-u) - 3/4)^2 + 7/8)"


def formal_statements() -> list:
    """The three kernel statements (see the module docstring)."""
    from critcheck.kernel import Statement

    vw, vwab = ("v", "w"), ("v", "w", "a", "b")
    return [
        Statement("suboptimal_local_min", L_TEXT, vw,
                  data={"point": {"v": "1", "w": "1"}, "better": {"v": "-8", "w": "2"}},
                  title="(1, 1) is a sub-optimal local minimum of L"),
        Statement("decreasing_path", LT_TEXT, vwab, data={"path": PATH, "t0": "0", "limit": "1"},
                  title="the augmented loss (lambda = 1) decreases to L(1, 1) = 1 along a path to infinity"),
        Statement("less_than", LT_TEXT, vwab,
                  data={"q": {"v": "-8", "w": "2", "a": "0", "b": "0"},
                        "p": {"coords": {"v": "-4", "w": "2", "a": "t", "b": "0"},
                              "poly": "5*t^2 - 2*t - 2", "interval": ["4/5", "1"]}},
                  title="the augmented loss takes a value below 1 (the value at p is exactly 1)"),
    ]


def certificates() -> list:
    """Certificates for :func:`formal_statements`, in order (untrusted; the kernel re-checks)."""
    # L - 1 = v (w-1)^2/4 + v^2 (w-1)^4/64 with v = (v - 1/2) + 1/2 on the box v > 1/2
    box = {"method": "box_sos", "box": {"v": ["1/2", "2"], "w": ["0", "2"]},
           "terms": [{"weight": "1/4", "multipliers": [0], "square": "w - 1"},
                     {"weight": "1/8", "square": "w - 1"},
                     {"weight": "1/64", "square": "v*(w - 1)^2"}]}
    return [{"local_min": box}, {"decrease": DECREASE}, {}]


@claim("kk.failure_mode", title="augmented loss: bad local minimum turns into a descent to infinity",
       source="seed 001; seed 003, Sec. VI-B; seed 000, eq. (1)", method="symbolic + numeric",
       expected="PROVED", formal=formal_statements())
def check(ctx):
    from critcheck.symbolic.classify import classification_derivation, classify_all
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(1 + v*(w-1)**2/8)**2", "v,w", budget=ctx.budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    bad = any(c.is_global is False and any(p.condition == "v > 0" and p.kind ==
                                           "non-strict local min" for p in c.pieces)
              for c in cls)
    v, w = cs.variables
    a, b = sympy.symbols("a b", real=True)
    t = sympy.Symbol("t", positive=True)
    q = sympy.Symbol("q", positive=True)
    Lt = cs.loss * (1 + (a * sympy.exp(b) - 1) ** 2) + a**2
    d.text(r"\textbf{The augmented loss} (seed 000, eq. (1)), $\lambda=1$, at $\theta_0=(1,1)$ "
           r"(on $\{w=1,v>0\}$, sub-optimal).")
    d.step("L at theta_0", cs.loss.subs({v: 1, w: 1}, evaluate=False), cs.loss.subs({v: 1, w: 1}))
    path = {v: 1, w: 1, a: (1 - sympy.exp(-t)) * sympy.exp(-t), b: t}
    along = Lt.subs(path, simultaneous=True)
    d.step("augmented loss along the path, q = exp(-t) in (0, 1)", along.subs(sympy.exp(-t), q),
           1 + q**2 + (1 - q) ** 2 * q**2)
    d.step("d/dt = -q d/dq of it", -q * sympy.diff(1 + q**2 + (1 - q) ** 2 * q**2, q),
           -2 * q**2 * (2 * (q - sympy.Rational(3, 4)) ** 2 + sympy.Rational(7, 8)))
    d.text(r"which is $<0$ for $q>0$: the loss strictly decreases; $b=t\to\infty$ and "
           r"$q\to 0$, so the loss tends to $1 = L(\theta_0)$, while "
           r"$\tilde L(-8,2,0,0) = 2L(-8,2) = 0$.")
    d.text(r"\textbf{Certified by the kernel.} " + " ".join(s.to_latex() for s in formal_statements()))
    import numpy as np

    ts = np.linspace(0, 20, 200)
    qs = np.exp(-ts)
    vals = 1 + qs**2 + (1 - qs) ** 2 * qs**2
    ev = {"bad_local_min_(1,1)": bad, "start_value": str(along.subs(t, 0)),
          "limit": str(sympy.limit(along, t, sympy.oo)),
          "numeric_monotone_on_grid": bool(np.all(np.diff(vals) < 0)), "grid_points": 200}
    if bad and not cs.solve.open_branches:
        return Outcome("PROVED", summary="(1,1) sub-optimal local min of L; the augmented loss "
                       "decreases strictly to 1 along a path with b -> infinity; its value at "
                       "(-8, 2, 0, 0) is below 1",
                       evidence=ev, derivation=d, statement=formal_statements(),
                       certificate=certificates())
    return Outcome("INCONCLUSIVE", summary="the classifier did not find the bad minimum of L",
                   evidence=ev, derivation=d, open_branches=["see evidence"])

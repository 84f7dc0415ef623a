"""Seed 002 (single neuron, Auer et al. 1995): one sigmoid neuron has several local minima.

Seed 002 (Golikov, "the simplest non-linear net"): for
``L(w) = sum_i (y_i - sigma(w^T x_i))^2`` with the logistic sigma, Auer,
Herbster & Warmuth (NIPS 1995, "Exponentially many local minima for single
neurons") show a finite data set on which L has multiple local minima. This
is a different model from seed 003's Prop. IV.3 (no output weight v).

Instance (found by a small search, then certified): scalar inputs
x = (-1, 1, 10), labels y = (0, 3/4, 1/4). The search (untrusted: a grid and
a bounded scalar minimiser) proposes boxes; the trusted kernel's
``interval_minimum`` rule proves in each box exactly one critical point with
a positive definite Hessian (Krawczyk + arb enclosures), i.e. a strict local
minimum, and for the higher one that a point of lower loss exists (it is
sub-optimal). A ``relation`` statement proves the two boxes are disjoint.
"""

from __future__ import annotations

from critcheck import Outcome, Verdict, claim

X = (-1, 1, 10)
Y = ("0", "3/4", "1/4")
RADIUS = "1/100000"


def loss_text(xs=X, ys=Y) -> str:
    """``L(w)`` as kernel text (exact rationals, the logistic written with exp)."""
    return " + ".join(f"({y} - 1/(1 + exp(-({x})*w)))^2" for x, y in zip(xs, ys))


def candidate_minima(xs=X, ys=Y, span=20.0):
    """Untrusted: the local minima of L on a grid over [-span, span], refined."""
    from fractions import Fraction

    import numpy as np
    from scipy.optimize import minimize_scalar

    yv = np.array([float(Fraction(y)) for y in ys])
    xv = np.array(xs, dtype=float)

    def L(w):
        w = np.asarray(w, dtype=float)
        return np.sum((yv[:, None] - 0.5 * (1 + np.tanh(0.5 * xv[:, None] * w.ravel()[None, :]))) ** 2, axis=0)

    g = np.linspace(-span, span, 40001)
    v = L(g)
    idx = np.flatnonzero((v[1:-1] < v[:-2]) & (v[1:-1] < v[2:])) + 1
    out = []
    h = g[1] - g[0]
    for i in idx:
        r = minimize_scalar(lambda t: float(L(t)[0]), bounds=(g[i] - h, g[i] + h), method="bounded",
                            options={"xatol": 1e-12})
        out.append((float(r.x), float(r.fun)))
    return sorted(out, key=lambda p: p[1])


def _q(x: float, den: int = 10**9) -> str:
    from fractions import Fraction

    f = Fraction(x).limit_denominator(den)
    return f"{f.numerator}/{f.denominator}"


def auer_check(ctx, xs=X, ys=Y):
    """Certify every candidate minimum; PROVED iff at least two are certified."""
    from critcheck.kernel import Statement, check

    loss = loss_text(xs, ys)
    cands = candidate_minima(xs, ys)
    stmts, certs, rec = [], [], []
    for k, (w, val) in enumerate(cands):
        data = {"family": "expr", "args": {}}
        if k > 0:
            data["better"] = {"w": _q(cands[0][0])}
        st = Statement("interval_minimum", loss, ("w",), data=data,
                       title=f"strict local minimum of L near w = {w:.4f}")
        cert = {"center": {"w": _q(w)}, "radius": RADIUS}
        j = check(st, cert)     # pre-check; the guard checks again
        rec.append({"w": w, "loss": val, "center": cert["center"]["w"], "accepted": j.accepted,
                    "kernel": j.reason or j.facts})
        if j.accepted:
            stmts.append(st)
            certs.append(cert)
    ev = {"x": list(xs), "y": list(ys), "loss": loss, "candidates": rec, "radius": RADIUS,
          "search": "grid of 40001 points on [-20, 20], bounded scalar minimiser (untrusted)"}
    if len(stmts) < 2:
        return Outcome(Verdict.INCONCLUSIVE, evidence=ev,
                       summary=f"{len(stmts)} strict local minimum certified; need two",
                       open_branches=["fewer than two certified local minima on this data"])
    c = [s_c["center"]["w"] for s_c in certs]
    gap = Statement("relation", "0", (), data={"lhs": f"({c[1]}) - ({c[0]})", "rel": "!=", "rhs": "0"},
                    title="the two boxes have different centres")
    sep = Statement("relation", "0", (), data={
        "lhs": f"(({c[1]}) - ({c[0]}))^2", "rel": ">", "rhs": f"4*({RADIUS})^2"},
        title="the two boxes are disjoint")
    stmts += [gap, sep]
    certs += [{}, {}]
    return Outcome(Verdict.PROVED, evidence=ev, statement=stmts, certificate=certs,
                   summary=f"{len(rec)} strict local minima certified by the kernel at w ~ "
                           + ", ".join(f"{r['w']:.4f} (L={r['loss']:.4f})" for r in rec)
                           + "; the higher one is sub-optimal")


@claim("neuron.auer",
       title="One sigmoid neuron sigma(w x) has several local minima on a finite data set (Auer et al.)",
       source="seed 002, 'the simplest non-linear net' (Auer, Herbster & Warmuth 1995)",
       method="symbolic + numeric", expected="PROVED",
       statement="For $L(w)=\\sum_{i=1}^3 (y_i-\\sigma(w x_i))^2$ with $x=(-1,1,10)$, "
                 "$y=(0,\\tfrac34,\\tfrac14)$ and the logistic $\\sigma$, L has two strict local minima "
                 "in disjoint boxes (one sub-optimal), certified by the kernel's interval rule.")
def auer(ctx):
    return auer_check(ctx)

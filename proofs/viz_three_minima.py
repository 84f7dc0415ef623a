"""Seed 003, Sec. V-B, Conjecture V.3: a barrier in the plane through three minima.

Garipov et al. [18] (seed 003, Fig. 6 left) draw
``f(s, t) = F(s theta_1 + t theta_2 + (1 - s - t) theta_3)`` for three
solutions; Conj. V.3 says every continuous path *in that plane* from
theta_1 to theta_2 rises strictly above F(theta_1). On a grid of the plane the
lowest such path is read off the merge tree of f
(:mod:`critcheck.numeric.persistence`): the level at which the sublevel
components holding theta_1 and theta_2 merge. The barrier is that level minus
max(F(theta_1), F(theta_2)).

Setting (as the other Sec. V claims): n = 20 Gaussian inputs in the plane,
targets from a random tanh teacher of width 4, student MLP(2, 16, 1) with
tanh, biases and mean squared loss, solutions by Adam from Xavier
initialisations.
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'viz.three_minima_plane': "every pair's in-plane barrier exceeds 1 % of (median - min) of the sampled plane",
}

SPAN = (-0.5, 1.5)


def _setting(seed, width):
    import numpy as np

    from critcheck.models import MLP

    rng = np.random.default_rng(seed)
    X = rng.standard_normal((20, 2))
    teacher = MLP((2, 4, 1), "tanh")
    Y = teacher.forward(teacher.init(seed + 5, scheme="normal"), X)
    net = MLP((2, width, 1), "tanh", bias=True, loss="squared", reduction="mean")
    return net, net.objective(X, Y)


def plane_values(F, t1, t2, t3, res):
    """``f(s, t)`` on a ``res x res`` grid of ``SPAN^2`` (rows: t, columns: s)."""
    import numpy as np

    g = np.linspace(*SPAN, res)
    S, T = np.meshgrid(g, g)
    pts = (S.ravel()[:, None] * t1[None, :] + T.ravel()[:, None] * t2[None, :]
           + (1 - S - T).ravel()[:, None] * t3[None, :])
    return g, np.asarray(F.value(pts)).reshape(S.shape)


def merge_level(Z, a, b):
    """The lowest level at which grid vertices ``a`` and ``b`` (flat indices) are
    joined in the sublevel set: the minimax value over grid paths (8-neighbours)."""
    import numpy as np

    from critcheck.numeric.persistence import grid_merge_tree

    tree = grid_merge_tree(Z, connectivity=8)
    f = Z.ravel()
    start = max(f[a], f[b])
    levels = np.unique(np.concatenate([[start], tree.death[np.isfinite(tree.death)]]))
    levels = levels[levels >= start]

    def joined(c):
        lab = tree.components_at(c)
        return lab[a] == lab[b] and lab[a] >= 0

    if not levels.size or not joined(levels[-1]):
        return float("inf")
    lo, hi = 0, levels.size - 1       # joined is monotone in the level: bisect
    while lo < hi:
        mid = (lo + hi) // 2
        if joined(levels[mid]):
            hi = mid
        else:
            lo = mid + 1
    return float(levels[lo])


def three_minima_check(ctx, F, thetas, res):
    """Barriers between every pair of the three points, in their plane."""
    import numpy as np

    t1, t2, t3 = thetas
    g, Z = plane_values(F, t1, t2, t3, res)
    idx = {k: int(np.argmin(np.abs(g - v))) for k, v in (("0", 0.0), ("1", 1.0))}
    # corners of the triangle: theta_1 = (s=1, t=0), theta_2 = (0, 1), theta_3 = (0, 0)
    vert = {1: idx["0"] * res + idx["1"], 2: idx["1"] * res + idx["0"], 3: idx["0"] * res + idx["0"]}
    f = Z.ravel()
    rows, bars = [], {}
    scale = float(np.median(f) - f.min())
    for i, j in ((1, 2), (1, 3), (2, 3)):
        lvl = merge_level(Z, vert[i], vert[j])
        bar = lvl - max(f[vert[i]], f[vert[j]])
        bars[f"{i}-{j}"] = {"merge_level": lvl, "barrier": bar,
                            "endpoint_losses": [float(f[vert[i]]), float(f[vert[j]])]}
        rows.append(CriterionRow(f"barrier theta_{i} -> theta_{j} in the plane", bar,
                                 f"> {1e-2 * scale:.3g}",
                                 decision="ok" if bar > 1e-2 * scale else "no barrier"))
    passed = all(b["barrier"] > 1e-2 * scale for b in bars.values())
    return passed, rows, bars, Z, g, scale


@claim("viz.three_minima_plane",
       title="Conj. V.3: in the plane through three solutions, paths between two of them rise",
       source="seed 003, Sec. V-B, Conjecture V.3, Fig. 6 (left) (Garipov et al. [18])",
       method="numeric", expected="SUPPORTED",
       statement="For three solutions of MLP(2, 16, 1) (tanh, 20 Gaussian samples, teacher targets) "
                 "from independent initialisations, the lowest grid path in their plane "
                 "($s, t \\in [-0.5, 1.5]$) between any two of them rises above both end values by "
                 "more than 1% of the plane's median loss; one triple (quick: width 8).")
def three_minima(ctx):
    import numpy as np

    from critcheck.models.train import adam

    width = 8 if ctx.quick else 16
    res = 61 if ctx.quick else 101
    net, F = _setting(ctx.seed, width)
    th0 = net.init(ctx.seed + 11, batch=3)
    th, _ = adam(F, th0, lr=0.01, steps=1500 if ctx.quick else 2500)
    th = np.asarray(th)
    passed, rows, bars, Z, g, scale = three_minima_check(ctx, F, list(th), res)
    finals = [float(v) for v in np.asarray(F.value(th))]
    crit = Criterion(
        hypothesis="Conj. V.3: every path in the plane through three minima from theta_i to theta_j "
                   "has a maximum strictly above the end values",
        statistic="minimax value over 8-connected grid paths (merge tree of the sampled plane) minus "
                  "the larger end value, for each of the 3 pairs",
        sample_size=int(Z.size),
        decision_rule="SUPPORTED iff every pair's barrier exceeds 1% of (median - min) of the "
                      "sampled plane; a plane whose minima are joined by a low path (a connected "
                      "valley) fails",
        passed=passed, rows=tuple(rows))
    arts = []
    path = ctx.artifact("viz_three_minima_plane.png")
    if path is not None:
        from critcheck.render.plots import plane_plot

        plane_plot(g, g, np.log10(Z - Z.min() + 1e-12), path,
                   points={"theta1": (1.0, 0.0), "theta2": (0.0, 1.0), "theta3": (0.0, 0.0)},
                   title="log10(f(s,t) - min), plane through three solutions")
        arts.append(str(path))
    ev = {"samples": int(Z.size), "seed": ctx.seed, "quick": ctx.quick, "width": width,
          "grid": f"{res}x{res} on [{SPAN[0]}, {SPAN[1]}]^2", "final_losses": finals,
          "pairs": bars, "scale_median_minus_min": scale}
    return Outcome(Verdict.SUPPORTED if passed else Verdict.INCONCLUSIVE, evidence=ev,
                   criterion=crit, artifacts=arts,
                   summary="in-plane barriers: " + ", ".join(
                       f"{k}: {v['barrier']:.3g}" for k, v in bars.items())
                   + f" (final losses {', '.join(f'{x:.2g}' for x in finals)})",
                   open_branches=[] if passed else ["a pair is joined by a low path in the plane"])

"""Seed 003, Sec. V: pictures of the landscape of a small trained network and
mode connectivity, each with the number it reports.

All four claims share one setting: regression on ``n = 20`` Gaussian inputs
in the plane with targets from a random tanh teacher (width 4), student
``MLP(2, 16, 1)`` (tanh, biases, mean squared loss), trained from Xavier
initialisations.
"""

from __future__ import annotations

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'viz.interpolation_1d': ('Clopper-Pearson 95 % lower bound of the share of monotone segments > 50 %'),
    'viz.plane_2d': ('no grid point of the filter-normalised plane below the solution'),
    'viz.bezier': ('every pair: Bezier barrier <= 0.1 x straight-line barrier + 1e-3'),
    'viz.minmax_path': ('every pair: NEB barrier <= 0.1 x straight-line barrier + 1e-3'),
}

# the statements as data (the falsified twins of the tests change them):
MONOTONE_SHARE = 0.5     # Conj. V.1: more than this share of runs is monotone along the segment
MONOTONE = True          # the statement; the falsified twin says most segments are *not* monotone
CENTRE_LOWEST = True     # the solution is the lowest point of its filter-normalised plane
BARRIER_RATIO = 0.1      # mode connectivity: path barrier <= ratio * straight-line barrier + 1e-3


def _setting(seed, width=16):
    import numpy as np

    from critcheck.models import MLP

    rng = np.random.default_rng(seed)
    n = 20
    X = rng.standard_normal((n, 2))
    teacher = MLP((2, 4, 1), "tanh")
    Y = teacher.forward(teacher.init(seed + 5, scheme="normal"), X)
    net = MLP((2, width, 1), "tanh", bias=True, loss="squared", reduction="mean")
    return net, net.objective(X, Y), X, Y


def _solutions(net, F, seed, count, steps=3000):
    from critcheck.models.train import adam

    th0 = net.init(seed, batch=count)
    th, _ = adam(F, th0, lr=0.01, steps=steps)
    return th0, th


@claim("viz.interpolation_1d",
       title="1-D interpolation from initialisation to solution; Conjecture V.1 monotonicity",
       source="seed 003, Sec. V-A, Conjecture V.1 (Goodfellow et al. [19])", method="numeric",
       expected="SUPPORTED",
       statement="Along the segment from a random initialisation to the solution that descent "
                 "reaches from it, the loss decreases (strictly, except perhaps a small bump near "
                 "the initial point).")
def interpolation(ctx):
    import numpy as np

    from critcheck.models.paths import interpolate, monotonicity
    from critcheck.models.train import gradient_descent

    net, F, X, Y = _setting(ctx.seed)
    B = 8 if ctx.quick else 24
    th0 = net.init(ctx.seed + 100, batch=B)
    th, _ = gradient_descent(F, th0, lr=0.2, steps=1500 if ctx.quick else 3000)
    ts = np.linspace(0, 1, 201)
    curves = [interpolate(F, th0[i], th[i], ts) for i in range(B)]
    strict = [monotonicity(c) for c in curves]
    bump = [monotonicity(c, skip=0.1) for c in curves]
    frac_strict = float(np.mean([m["strictly_decreasing"] for m in strict]))
    frac_bump = float(np.mean([m["non_increasing"] for m in bump]))
    arts = []
    path = ctx.artifact("viz_interpolation_1d.png")
    if path is not None:
        from critcheck.render.plots import line_plot

        line_plot(ts, {f"run {i}": curves[i] for i in range(min(6, B))}, path, logy=True,
                  title="F((1-t) theta0 + t theta*), GD solutions", xlabel="t")
        arts.append(str(path))
    ev = {"samples": B, "seed": ctx.seed, "quick": ctx.quick, "grid_points": len(ts),
          "optimizer": "gradient descent lr=0.2", "final_losses": [float(v) for v in F.value(th)],
          "fraction_strictly_decreasing": frac_strict,
          "fraction_non_increasing_after_first_10pct": frac_bump,
          "largest_increase": max(m["largest_increase"] for m in strict),
          "tolerance": "increase counted when above 1e-9 max(1, max F)",
          "criterion": "SUPPORTED iff >= 80% of runs are non-increasing after the first 10% of t"}
    from critcheck.claims.criterion import Criterion, CriterionRow
    from critcheck.claims.statistics import clopper_pearson

    k = int(sum(m["non_increasing"] == MONOTONE for m in bump))
    lo, hi = clopper_pearson(k, B)
    passed = lo > MONOTONE_SHARE
    crit = Criterion(
        f"Conj. V.1 on MLP(2,16,1), n = 20: more than {MONOTONE_SHARE:.0%} of segments from a Xavier "
        f"initialisation to its GD solution are {'' if MONOTONE else 'not '}non-increasing after the "
        "first 10 % of t",
        "runs non-increasing after t = 0.1" if MONOTONE else "runs not non-increasing after t = 0.1", B,
        f"Clopper-Pearson 95 % lower bound of the share > {MONOTONE_SHARE:.0%}",
        bool(passed), (CriterionRow("non-increasing share", round(k / B, 3), f"> {MONOTONE_SHARE:.0%}",
                                    (round(lo, 3), round(hi, 3)), "holds" if passed else "fails"),))
    ev["criterion"] = crit.decision_rule
    v = Verdict.SUPPORTED if passed else Verdict.INCONCLUSIVE
    return Outcome(v, evidence=ev, artifacts=arts, criterion=crit,
                   summary=f"{frac_strict:.0%} of {B} runs strictly decreasing along the segment, "
                           f"{frac_bump:.0%} after the first 10%",
                   open_branches=[] if v is Verdict.SUPPORTED else ["monotonicity not seen in most runs"])


@claim("viz.plane_2d",
       title="2-D landscape around a solution with filter-normalised random directions",
       source="seed 003, Sec. V-A, Conjecture V.2 (Li et al. [33])", method="numeric",
       expected="SUPPORTED",
       statement="$G(\\alpha,\\beta) = F(\\theta^* + \\alpha v_1 + \\beta v_2)$ with filter-normalised "
                 "Gaussian $v_1, v_2$: the solution is the lowest point of the slice; grid basins "
                 "are counted for a narrow and a wide net (Conj. V.2).")
def plane2d(ctx):
    import numpy as np

    from critcheck.models.paths import filter_normalised_directions, grid_local_minima, plane

    rng = np.random.default_rng(ctx.seed)
    res = 31 if ctx.quick else 61
    al = np.linspace(-1, 1, res)
    rows, arts, centre_ok = {}, [], True
    for width in (2, 16):
        net, F, X, Y = _setting(ctx.seed, width)
        _, th = _solutions(net, F, ctx.seed, 1, steps=1500 if ctx.quick else 3000)
        v1, v2 = filter_normalised_directions(net, th[0], rng)
        Z = plane(F, th[0], v1, v2, al, al)
        mins = grid_local_minima(Z)
        c = res // 2
        centre_is_min = bool(Z[c, c] <= Z.min() + 1e-12)
        if width == 16:
            centre_ok = centre_is_min
        rows[f"width={width}"] = {"loss_at_solution": float(Z[c, c]), "grid_min": float(Z.min()),
                                  "grid_local_minima": len(mins),
                                  "minima_values": [float(Z[i, j]) for i, j in mins][:10],
                                  "centre_is_grid_minimum": centre_is_min}
        path = ctx.artifact(f"viz_plane_2d_width{width}.png")
        if path is not None:
            from critcheck.render.plots import plane_plot

            plane_plot(al, al, Z, path, points={"theta*": (0.0, 0.0)},
                       title=f"MLP(2,{width},1) tanh: filter-normalised plane")
            arts.append(str(path))
    ev = {"samples": 2 * res * res, "seed": ctx.seed, "quick": ctx.quick, "resolution": [res, res],
          "box": "[-1, 1]^2", "directions": "Gaussian, each row of each W_j scaled to the row norm "
          "of theta*, biases 0", "per_width": rows,
          "criterion": "SUPPORTED iff the wide net's solution is the lowest grid point; basin counts "
                       "are reported for Conj. V.2, not decided"}
    from critcheck.claims.criterion import Criterion, CriterionRow

    passed = centre_ok == CENTRE_LOWEST
    crit = Criterion(
        f"the GD solution of MLP(2,16,1), n = 20, is {'' if CENTRE_LOWEST else 'not '}the lowest point of "
        "its filter-normalised plane [-1, 1]^2",
        "grid points of the slice below the solution", res * res,
        f"{'no' if CENTRE_LOWEST else 'some'} grid point lower than the solution (basin counts are reported "
        "for Conj. V.2, not decided)",
        bool(passed), (CriterionRow("solution is the lowest grid point", centre_ok, CENTRE_LOWEST, None,
                                    "holds" if passed else "fails"),))
    v = Verdict.SUPPORTED if passed else Verdict.INCONCLUSIVE
    return Outcome(v, evidence=ev, artifacts=arts, criterion=crit,
                   summary=f"grid basins: width 2 -> {rows['width=2']['grid_local_minima']}, width 16 -> "
                           f"{rows['width=16']['grid_local_minima']}; solution lowest: {centre_ok}",
                   open_branches=[] if centre_ok else ["the solution is not the lowest grid point"])


def _pairs(ctx, count):
    net, F, X, Y = _setting(ctx.seed)
    _, th = _solutions(net, F, ctx.seed + 7, 2 * count, steps=1500 if ctx.quick else 3000)
    return net, F, [(th[2 * k], th[2 * k + 1]) for k in range(count)]


@claim("viz.bezier",
       title="Mode connectivity: a trained quadratic Bezier curve joins two solutions",
       source="seed 003, Sec. V-B, Conjecture V.4 (Garipov et al. [18])", method="numeric",
       expected="SUPPORTED",
       statement="Two solutions from independent initialisations are joined by a quadratic Bezier "
                 "curve along which the loss stays near its endpoint value (barrier far below the "
                 "straight segment's).")
def bezier(ctx):
    import numpy as np

    from critcheck.models.paths import barrier_height, bezier_path, interpolate

    rng = np.random.default_rng(ctx.seed)
    count = 2 if ctx.quick else 4
    ctx.progress(0, count + 1, f"training {2 * count} solutions")
    net, F, pairs = _pairs(ctx, count)
    ts = np.linspace(0, 1, 201)
    rows, arts, ok = [], [], True
    for k, (a, b) in enumerate(pairs):
        ctx.progress(k + 1, count + 1, f"pair {k + 1}: training the Bezier curve")
        line = interpolate(F, a, b, ts)
        psi, curve = bezier_path(F, a, b, rng, steps=800 if ctx.quick else 1500)
        bv = np.asarray(F.value(curve(ts)))
        lb, bb = barrier_height(line), barrier_height(bv)
        good = bb <= BARRIER_RATIO * max(lb, 0.0) + 1e-3
        ok &= good
        rows.append({"pair": k, "endpoint_losses": [float(line[0]), float(line[-1])],
                     "line_barrier": lb, "bezier_barrier": bb, "meets_criterion": bool(good)})
        if k == 0:
            path = ctx.artifact("viz_bezier.png")
            if path is not None:
                from critcheck.render.plots import line_plot

                line_plot(ts, {"straight segment": line, "trained Bezier": bv}, path, logy=True,
                          title="loss along paths between two solutions", xlabel="t")
                arts.append(str(path))
    ev = {"samples": count * len(ts), "seed": ctx.seed, "quick": ctx.quick, "pairs": rows,
          "path_resolution": len(ts), "training": "Adam lr=1e-2 on psi, 16 uniform t per step",
          "criterion": "Bezier barrier <= 0.1 * straight-line barrier + 1e-3, for every pair"}
    from critcheck.claims.criterion import CriterionRow, no_failure_criterion

    crit = no_failure_criterion(
        f"MLP(2,16,1), n = 20, {count} pairs of GD solutions: the Bezier path's barrier is at most "
        f"{BARRIER_RATIO:g} x the straight segment's + 1e-3",
        "pairs whose path barrier exceeds the bound", count, sum(not r["meets_criterion"] for r in rows),
        detect_rate=0.5, rows=tuple(CriterionRow(f"pair {r['pair']}: barrier", round(r["bezier_barrier"], 5),
                                                 f"<= {BARRIER_RATIO:g} x {r['line_barrier']:.3g} + 1e-3", None,
                                                 "holds" if r["meets_criterion"] else "fails") for r in rows))
    v = Verdict.SUPPORTED if ok and crit.passed else Verdict.INCONCLUSIVE
    return Outcome(v, evidence=ev, artifacts=arts, criterion=crit,
                   summary="barriers (line -> Bezier): " + ", ".join(
                       f"{r['line_barrier']:.2g} -> {r['bezier_barrier']:.2g}" for r in rows),
                   open_branches=[] if ok else ["a Bezier barrier stayed high"])


@claim("viz.minmax_path",
       title="Mode connectivity: a min-max (nudged elastic band) path joins two solutions",
       source="seed 003, Sec. V-B (Draxler et al. [15])", method="numeric", expected="SUPPORTED",
       statement="The min-max path $\\min_P \\max_{\\theta \\in P} F(\\theta)$ between two solutions, "
                 "found by a nudged elastic band, has a barrier far below the straight segment's.")
def minmax(ctx):
    import numpy as np

    from critcheck.models.paths import barrier_height, interpolate, nudged_elastic_band, polyline

    count = 2 if ctx.quick else 4
    ctx.progress(0, count + 1, f"training {2 * count} solutions")
    net, F, pairs = _pairs(ctx, count)
    ts = np.linspace(0, 1, 201)
    rows, arts, ok = [], [], True
    images = 16 if ctx.quick else 24
    for k, (a, b) in enumerate(pairs):
        ctx.progress(k + 1, count + 1, f"pair {k + 1}: elastic band")
        line = interpolate(F, a, b, ts)
        path = nudged_elastic_band(F, a, b, images=images, steps=800 if ctx.quick else 1500, lr=1e-2)
        dense = polyline(path, per_segment=8)
        pv = np.asarray(F.value(dense))
        lb, nb = barrier_height(line), barrier_height(pv)
        good = nb <= BARRIER_RATIO * max(lb, 0.0) + 1e-3
        ok &= good
        rows.append({"pair": k, "line_barrier": lb, "neb_barrier": nb, "meets_criterion": bool(good),
                     "barrier_at_images_only": barrier_height(np.asarray(F.value(path)))})
        if k == 0:
            p = ctx.artifact("viz_minmax_path.png")
            if p is not None:
                from critcheck.render.plots import line_plot

                line_plot(np.linspace(0, 1, len(pv)), {"NEB path (polyline)": pv}, p, logy=True,
                          title=f"loss along the elastic band ({images} images)", xlabel="arc index")
                arts.append(str(p))
    ev = {"samples": count * (images + 1) * 8, "seed": ctx.seed, "quick": ctx.quick, "pairs": rows,
          "images": images, "evaluation": "8 points per segment of the band's polyline",
          "criterion": "NEB barrier <= 0.1 * straight-line barrier + 1e-3, for every pair"}
    from critcheck.claims.criterion import CriterionRow, no_failure_criterion

    crit = no_failure_criterion(
        f"MLP(2,16,1), n = 20, {count} pairs of GD solutions: the NEB path's barrier is at most "
        f"{BARRIER_RATIO:g} x the straight segment's + 1e-3",
        "pairs whose path barrier exceeds the bound", count, sum(not r["meets_criterion"] for r in rows),
        detect_rate=0.5, rows=tuple(CriterionRow(f"pair {r['pair']}: barrier", round(r["neb_barrier"], 5),
                                                 f"<= {BARRIER_RATIO:g} x {r['line_barrier']:.3g} + 1e-3", None,
                                                 "holds" if r["meets_criterion"] else "fails") for r in rows))
    v = Verdict.SUPPORTED if ok and crit.passed else Verdict.INCONCLUSIVE
    return Outcome(v, evidence=ev, artifacts=arts, criterion=crit,
                   summary="barriers (line -> NEB): " + ", ".join(
                       f"{r['line_barrier']:.2g} -> {r['neb_barrier']:.2g}" for r in rows),
                   open_branches=[] if ok else ["a min-max barrier stayed high"])

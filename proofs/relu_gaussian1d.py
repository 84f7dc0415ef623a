"""Seed 004 (Bo Liu, Part 2), Sec. III: 1-D Gaussian probabilities, Figures 2(d), 2(e), 3(a)-(d)."""

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'relu.gaussian1d': ('analytic optimal locations within 0.05 and gap probabilities within 0.01 (13 Monte-Carlo standard errors) of 400000 samples; figure shapes hold'),
}

# added to the analytic optimal locations before they are compared (0: the paper's formulas);
# the falsified twin of the tests moves them
SHIFT_H = 0.0


@claim("relu.gaussian1d", title="1-D Gaussian: optimal locations, gap probabilities, Figs. 2-3",
       source="seed 004, Sec. III, eqs. (11)-(22), Figs. 2(d),(e), 3(a)-(d)", method="numeric",
       expected="SUPPORTED",
       statement="The analytic optimal locations (eqs. (11), (15), (16), (21), (22)) and gap probabilities "
                 "(eq. (20)) match Monte-Carlo estimates; P_t is high only near the global minimum and far "
                 "from the data (Fig. 2(d)), and small for K = 60, 200 weights near the data (Fig. 3).")
def gaussian1d(ctx):
    import numpy as np

    from critcheck.relu.figures import FIGURES, curve, draw
    from critcheck.relu.gaussian1d import gap_probability, optimal_locations, sample_optimal_locations

    rng = np.random.default_rng(ctx.seed)
    M = 50_000 if ctx.quick else 400_000
    y = np.where(rng.random(M) < 0.5, 1.0, -1.0)
    x = rng.standard_normal(M) + y
    configs = [([2.0, 0.0], [1, -1]), ([0.5, -1.0], [1, -1]),
               (list(np.linspace(-3, 3, 6)), [-1] * 3 + [1] * 3)]
    tol_h, tol_p = (0.05, 0.01) if not ctx.quick else (0.1, 0.02)
    errs_h, errs_p = [], []
    for h, n in configs:
        a = optimal_locations(h, n) + SHIFT_H
        s = sample_optimal_locations(h, n, x, y)
        errs_h.append(float(np.abs(a - s).max()))
        lo, hi = np.minimum(h, a), np.maximum(h, a)
        emp = ((x[:, None] > lo) & (x[:, None] < hi)).mean(axis=0)
        errs_p.append(float(np.abs(gap_probability(h, a) - emp).max()))
    d = curve("2d", points=61)
    i = int(np.nanargmax(d["pt"][d["x"] < 3]))
    shape_2d = bool(d["pt"][-1] > 0.99 and d["pt"][i] > 0.5 and d["pt"][(d["x"] > 2) & (d["x"] < 3)].max() < 0.1)
    small = {f: float(np.max(curve(f, points=41)["pt"][np.abs(curve(f, points=41)["x"]) <= 1])) for f in ("3c",)}
    arts = []
    if ctx.out_dir is not None:
        for f in FIGURES:
            arts.append(str(draw(f, ctx.artifact(f"relu_fig{f}.png"), points=41 if ctx.quick else 121)))
    ok = max(errs_h) <= tol_h and max(errs_p) <= tol_p and shape_2d and small["3c"] < 1e-3
    from critcheck.claims.criterion import Criterion, CriterionRow

    # Monte-Carlo standard error of a probability from M samples is at most 0.5/sqrt(M);
    # the tolerance tol_p is >= 6 such errors, so a formula off by 2 tol_p fails with certainty
    se = 0.5 / np.sqrt(M)
    rows = ([CriterionRow(f"config {i}: max |h* analytic - h* sampled|", round(e, 5), 0, (0, tol_h),
                          "agrees" if e <= tol_h else "differs") for i, e in enumerate(errs_h)]
            + [CriterionRow(f"config {i}: max |P gap analytic - empirical|", round(e, 5), 0, (0, tol_p),
                            "agrees" if e <= tol_p else "differs") for i, e in enumerate(errs_p)]
            + [CriterionRow("Fig. 2(d) shape (peak > 0.5 near the minimum, ~1 far, < 0.1 at 2-3)", shape_2d,
                            True, None, "holds" if shape_2d else "fails"),
               CriterionRow("Fig. 3(c): max P_t for |shift| <= 1", round(small["3c"], 6), "< 1e-3", None,
                            "holds" if small["3c"] < 1e-3 else "fails")])
    crit = Criterion(
        "seed 004 eqs. (11)-(22): the analytic optimal locations and gap probabilities equal their "
        f"Monte-Carlo estimates ({M} samples); Figs. 2(d), 3(c) have the stated shape",
        "largest absolute deviation analytic vs Monte Carlo per configuration", int(M),
        f"every deviation within tolerance (h*: {tol_h}, probabilities: {tol_p} = {tol_p / se:.0f} standard "
        f"errors 0.5/sqrt(M)); a formula off by more than twice the tolerance fails",
        bool(ok), tuple(rows))
    ev = {"samples": M, "seed": ctx.seed, "quick": ctx.quick, "tol_h": tol_h, "tol_gap_prob": tol_p,
          "max_err_h": errs_h, "max_err_gap_prob": errs_p,
          "fig2d_peak": {"x_w1": float(d["x"][i]), "P_t": float(d["pt"][i])},
          "fig2d_far": float(d["pt"][-1]), "fig3c_max_pt_shift_within_1": small["3c"]}
    if not ok:
        return Outcome(Verdict.INCONCLUSIVE, summary="analytic vs Monte Carlo or figure shape off", evidence=ev,
                       artifacts=arts, criterion=crit)
    return Outcome(Verdict.SUPPORTED, summary=f"analytic h* within {max(errs_h):.3g} and gap probabilities within "
                   f"{max(errs_p):.3g} of Monte Carlo ({M} samples); Fig. 2(d) peak P_t={d['pt'][i]:.2f} at "
                   f"x_w1={d['x'][i]:.2f}", evidence=ev, artifacts=arts, criterion=crit)

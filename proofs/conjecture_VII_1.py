"""Seed 003, Sec. VII-A, Conjecture VII.1: with O(n) parameters and a proper
step size, gradient descent from a standard random initialisation reaches
loss below epsilon with probability above 1 - delta.

Numeric evidence: for each width, a batch of Xavier initialisations is
trained by plain gradient descent with the step size set from the NTK at
initialisation (:math:`\\eta = n / (2\\,\\mathrm{median}\\,\\lambda_{\\max}(K(\\theta_0)))`,
eq. (6): the inverse of the Gauss-Newton curvature of the mean squared
loss); the success probability is reported with a 95% Clopper-Pearson interval.

Several sample sizes n and several data draws per n: for each, the smallest
width whose success probability is established above 1 - delta is found, and
the growth of the parameters it needs is fitted against n (log-log slope with
its 95 % t-interval). The conjecture's O(n) content is the decision rule: every
(n, draw) succeeds with at most ``PARAMS_PER_SAMPLE * n`` parameters.
"""

from __future__ import annotations

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'conj.VII_1': ('every (n, draw), n = 8, 16, two draws: Pr(loss < 0.01) >= 0.75 (Clopper-Pearson lower bound) with <= 8 n parameters; fitted growth exponent reported'),
}

PARAMS_PER_SAMPLE = 8   # the O(n) constant the check allows; the falsified twin sets 1


@claim("conj.VII_1",
       title="Conjecture VII.1: GD from random init reaches loss < eps with high probability",
       source="seed 003, Sec. VII-A, Def. VII.1, Conjecture VII.1", method="numeric",
       expected="SUPPORTED",
       statement="For a net with $O(n)$ parameters, generic data, a proper constant step "
                 "$\\eta$ and Xavier initialisation, $\\Pr(\\phi_{\\mathcal A}(\\theta) < \\epsilon) > "
                 "1 - \\delta$. Checked on MLP(2, p, 1) tanh with n = 8, 16 samples, "
                 "two Gaussian data draws per n (n = 24 did not reach the bound within 5000 steps: not covered).")
def conjecture(ctx):
    import numpy as np

    from critcheck.claims.criterion import Criterion, CriterionRow
    from critcheck.claims.statistics import clopper_pearson, mean_interval
    from critcheck.models import MLP
    from critcheck.models.train import gradient_descent

    # n = 24 was tried (2 draws, widths 6-48, 5000 steps): no width reached the bound; it is
    # left out of the catalogue run and recorded in the evidence (docs/evidence.md)
    ns = (8,) if ctx.quick else (8, 16)
    draws = 2
    B = 16 if ctx.quick else 32  # >= 13: below, even B of B successes cannot reach the bound
    steps = 5000
    eps, delta = 1e-2, 0.25
    rows, needed = [], []
    widths = 4                      # n/4, n/2, n, 2n: at most this many tries per (n, draw)
    units = len(ns) * draws * widths
    for n in ns:
        # each draw tries the widths in turn until one reaches the bound; the draws still
        # searching at a width train together, as one stack of data sets (MLP.objective):
        # the same numbers as one after the other, less per-step overhead
        data = []
        for draw in range(draws):
            rng = np.random.default_rng(1000 * n + draw)
            data.append((rng.standard_normal((n, 2)), rng.standard_normal((n, 1))))
        got = [None] * draws
        searching = list(range(draws))
        per_draw = [[] for _ in range(draws)]
        for tried, p in enumerate((max(1, n // 4), n // 2, n, 2 * n)):
            if not searching:
                break
            net = MLP((2, p, 1), "tanh", bias=True, loss="squared", reduction="mean")
            th0s, lrs = [], []
            for draw in searching:
                th0 = net.init(ctx.seed + 7 * p + draw, batch=B)
                lmax = np.linalg.eigvalsh(net.ntk(th0, data[draw][0]))[:, -1]
                th0s.append(th0)
                lrs.append(n / (2.0 * float(np.median(lmax))))
            F = net.objective(np.stack([data[d][0] for d in searching])[:, None],
                              np.stack([data[d][1] for d in searching])[:, None])
            th, _ = gradient_descent(F, np.stack(th0s), lr=np.array(lrs)[:, None, None], steps=steps)
            values = np.asarray(F.value(th))
            for g, draw in enumerate(list(searching)):
                v = np.where(np.isfinite(values[g]), values[g], np.inf)
                k = int(np.sum(v < eps))
                lo, hi = clopper_pearson(k, B)
                per_draw[draw].append({"n": n, "draw": draw, "width": p, "n_params": net.n_params,
                                       "params_per_sample": net.n_params / n, "step_size": lrs[g],
                                       "successes": k, "runs": B, "rate": k / B, "ci95": [lo, hi]})
                ctx.progress(len(needed) * widths + draw * widths + tried + 1, units,
                             f"n={n} draw {draw} width {p}: {k}/{B} below eps")
                if lo >= 1 - delta:
                    got[draw] = net.n_params
                    searching.remove(draw)
        for draw in range(draws):
            rows += per_draw[draw]
            ctx.progress(len(needed) * widths + draw * widths + widths, units, f"n={n} draw {draw}: done")
        needed += [{"n": n, "draw": draw, "params_needed": got[draw]} for draw in range(draws)]
    ok_all = all(r["params_needed"] is not None and r["params_needed"] <= PARAMS_PER_SAMPLE * r["n"]
                 for r in needed)
    pts = [(np.log(r["n"]), np.log(r["params_needed"])) for r in needed if r["params_needed"]]
    slope = slope_ci = None
    if len({x for x, _ in pts}) >= 2:
        x = np.array([a for a, _ in pts])
        y = np.array([b for _, b in pts])
        A = np.stack([x, np.ones_like(x)], 1)
        coef, res, *_ = np.linalg.lstsq(A, y, rcond=None)
        slope = float(coef[0])
        dof = len(x) - 2
        if dof > 0:
            from scipy.stats import t as student

            s2 = float(np.sum((y - A @ coef) ** 2)) / dof
            se = np.sqrt(s2 / np.sum((x - x.mean()) ** 2))
            h = float(student.ppf(0.975, dof) * se)
            slope_ci = [slope - h, slope + h]
    crit_rows = tuple(CriterionRow(f"n={r['n']} draw {r['draw']}: parameters needed", r["params_needed"],
                                   f"<= {PARAMS_PER_SAMPLE} n = {PARAMS_PER_SAMPLE * r['n']}", None,
                                   "holds" if r["params_needed"] is not None
                                   and r["params_needed"] <= PARAMS_PER_SAMPLE * r["n"] else "fails")
                      for r in needed)
    crit_rows += (CriterionRow("fitted growth exponent of parameters needed in n", None if slope is None
                               else round(slope, 3), "<= 1 (O(n))",
                               None if slope_ci is None else tuple(round(c, 3) for c in slope_ci), "reported"),)
    from scipy.stats import binom

    k_min = next((k for k in range(B + 1) if clopper_pearson(k, B)[0] >= 1 - delta), None)
    if k_min is None:
        from critcheck.errors import InvalidArgument

        raise InvalidArgument(f"B={B} runs can never give a Clopper-Pearson lower bound >= {1 - delta}; "
                              "use at least 13 runs per width")
    p_false = float(binom.sf(k_min - 1, B, 0.6))  # a true success rate 0.6 passing the bound
    crit = Criterion(
        f"Conj. VII.1 on MLP(2, p, 1) tanh, n in {ns}, {draws} data draws each: with at most "
        f"{PARAMS_PER_SAMPLE} n parameters, Pr(loss < {eps} after {steps} GD steps) >= {1 - delta}",
        "smallest width whose success rate has a Clopper-Pearson 95 % lower bound >= 1 - delta",
        len(rows) * B,
        f"every (n, draw) reaches the bound with at most {PARAMS_PER_SAMPLE} n parameters (widths n/4, n/2, n, "
        f"2n; {B} initialisations each, so >= {k_min} successes needed: a true success rate of 0.6 passes "
        f"with probability {p_false:.1e})",
        bool(ok_all), crit_rows)
    arts = []
    path = ctx.artifact("conj_VII_1_success.png")
    if path is not None:
        from critcheck.render.plots import success_rate_plot

        first = [r for r in rows if r["n"] == ns[-1] and r["draw"] == 0]
        success_rate_plot([r["width"] for r in first], [r["rate"] for r in first], [r["ci95"] for r in first],
                          path, title=f"GD, n={ns[-1]}, eps={eps}, {steps} steps, 95% CP CI")
        arts.append(str(path))
    ev = {"samples": B * len(rows), "seed": ctx.seed, "quick": ctx.quick, "n_values": list(ns),
          "data_draws_per_n": draws,
          "data": "x ~ N(0, I_2), y ~ N(0, 1) (generic), data seed 1000 n + draw; ctx.seed varies the "
                  "initialisations", "net": "MLP(2, p, 1), tanh, bias, mean squared loss",
          "init": "Xavier normal, zero biases", "steps": steps, "epsilon": eps, "delta": delta,
          "per_run": rows, "params_needed": needed, "fitted_exponent": slope, "fitted_exponent_ci95": slope_ci,
          "note": "phi_A is a liminf over infinite time; the finite run is a proxy",
          "not_covered": "n = 24 (2 draws, widths 6, 12, 24, 48, 5000 steps): no width reached the "
                         "bound when tried; larger n need longer runs than the catalogue allows"}
    if crit.passed:
        return Outcome(Verdict.SUPPORTED, evidence=ev, artifacts=arts, criterion=crit,
                       summary=f"every (n, draw) reaches Pr(loss<{eps}) >= {1 - delta} (CP lower bound) with "
                               f"<= {PARAMS_PER_SAMPLE} n parameters; needed: "
                               + ", ".join(f"n={r['n']}: {r['params_needed']}" for r in needed)
                               + (f"; fitted exponent {slope:.2f}" if slope is not None else "")
                               + (f" [{slope_ci[0]:.2f}, {slope_ci[1]:.2f}]" if slope_ci else ""))
    return Outcome(Verdict.INCONCLUSIVE, evidence=ev, artifacts=arts, criterion=crit,
                   summary="some (n, draw) needed more than the allowed parameters or never reached the bound",
                   open_branches=["success probability not established with O(n) parameters"])

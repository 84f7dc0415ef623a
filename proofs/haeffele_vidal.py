"""Seed 003, Sec. VI-A: a local minimum with an inactive neuron is a global minimum
(Haeffele & Vidal [20]), on a small two-layer ReLU net with weight decay.

Model, objective and the polar test: :mod:`critcheck.models.homogeneous_polar`.
Runs are trained from random starts; at the points reached, those that are
near-stationary and have an inactive neuron are tested for global optimality
by the polar condition ``Omega(y - f) <= lambda`` (Haeffele & Vidal, Thm 2).
Control (the plainly false variant "every local minimum is global, inactive
neuron or not"): width 1, where no neuron can be inactive at a useful point;
its near-critical points violate the polar condition by a wide margin.
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'haeffele_vidal.inactive_neuron': '>= 1 near-stationary run with an inactive neuron, and every such run has Omega / lambda <= 1 + tolerance; width-1 nets must fail',
}

LAM = 0.1
POLAR_TOL = 0.02      # relative: Omega / lambda <= 1 + POLAR_TOL
GRAD_TOL = 2e-2
INACTIVE_TOL = 1e-3


def _data(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    n = 10
    X = rng.standard_normal((n, 2))
    Xt = np.hstack([X, np.ones((n, 1))])
    W0, v0 = rng.standard_normal((3, 3)), rng.standard_normal(3)
    y = np.maximum(Xt @ W0.T, 0.0) @ v0
    return Xt, y


def train(Xt, y, h, runs, steps, seed, progress=None):
    """Adam from N(0, 0.25) starts, then a smaller step; returns the final parameters.

    ``progress(done, steps)``, when given, hears of each hundredth of the steps.
    """
    import numpy as np

    from critcheck.models.homogeneous_polar import value_grad

    rng = np.random.default_rng(seed)
    th = 0.5 * rng.standard_normal((runs, h * (Xt.shape[1] + 1)))
    m, s = np.zeros_like(th), np.zeros_like(th)
    for k in range(steps):
        _, g, _ = value_grad(th, Xt, y, h, LAM)
        lr = 0.01 if k < 0.75 * steps else 0.001
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * g * g
        th = th - lr * (m / (1 - 0.9 ** (k + 1))) / (np.sqrt(s / (1 - 0.999 ** (k + 1))) + 1e-12)
        if progress is not None and (k + 1) % max(1, steps // 100) == 0:
            progress(k + 1, steps)
    return th


def hv_check(ctx, width=8):
    import numpy as np

    from critcheck.models.homogeneous_polar import polar, split, value_grad

    Xt, y = _data(ctx.seed)
    runs = 6 if ctx.quick else 12
    steps = 6000 if ctx.quick else 12000
    th = train(Xt, y, width, runs, steps, ctx.seed + 1,
               lambda d, n: ctx.progress(d, n, f"Adam, {runs} runs, width {width}"))
    F, g, r = value_grad(th, Xt, y, width, LAM)
    W, v = split(th, width)
    gn = np.linalg.norm(g, axis=1)
    inactive = ((np.linalg.norm(W, axis=2) + np.abs(v)) < INACTIVE_TOL).any(axis=1)
    P = np.array([polar(r[b], Xt, samples=20_000 if ctx.quick else 100_000, seed=ctx.seed + b)
                  for b in range(runs)]) / LAM
    tested = (gn < GRAD_TOL) & inactive
    bad = tested & (P > 1 + POLAR_TOL)
    ok = int(tested.sum()) >= 1 and not bad.any()
    rows = (CriterionRow(f"width {width}: near-stationary runs with an inactive neuron", int(tested.sum()),
                         ">= 1", decision="ok" if tested.any() else "none"),
            CriterionRow("max Omega(y - f) / lambda among them",
                         float(P[tested].max()) if tested.any() else None, 1.0, (0.0, 1 + POLAR_TOL),
                         decision="ok" if not bad.any() else "not global"))
    crit = Criterion(
        hypothesis="Haeffele & Vidal: at a local minimum of the weight-decayed two-layer ReLU net "
                   "with an inactive neuron, the point is globally optimal (polar condition)",
        statistic="per run: |grad F|, inactive neurons (|w_j| + |v_j| < 1e-3), and the sampled + "
                  "refined polar Omega(y - f) / lambda",
        sample_size=runs,
        decision_rule=f"SUPPORTED iff >= 1 run is near-stationary (|grad F| < {GRAD_TOL:g}) with an "
                      f"inactive neuron and every such run has Omega / lambda <= {1 + POLAR_TOL:g}; "
                      "width-1 nets (no inactive neuron) reach stationary points with Omega / "
                      "lambda far above 1, which this rule would reject",
        passed=bool(ok), rows=rows)
    ev = {"samples": runs, "seed": ctx.seed, "quick": ctx.quick, "width": width, "lambda": LAM,
          "data": "n = 10 Gaussian points in R^2 (+ constant 1), targets of a random ReLU teacher "
                  "of width 3",
          "optimizer": f"Adam lr 0.01 then 0.001, {steps} steps",
          "objective": [float(f) for f in F], "grad_norm": [float(x) for x in gn],
          "has_inactive_neuron": [bool(x) for x in inactive],
          "polar_over_lambda": [float(p) for p in P],
          "polar_estimate": "100k (quick 20k) directions on the sphere + Nelder-Mead from the best 5: "
                            "a lower bound of the maximum"}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary=f"width {width}: {int(tested.sum())}/{runs} near-stationary runs with an "
                           f"inactive neuron, polar/lambda in [{P[tested].min() if tested.any() else 0:.4f}, "
                           f"{P[tested].max() if tested.any() else 0:.4f}]; objective "
                           f"{float(np.min(F)):.5f}..{float(np.max(F)):.5f}",
                   open_branches=[] if ok else ["criterion failed"]), P, gn, inactive


@claim("haeffele_vidal.inactive_neuron",
       title="A local minimum with an inactive neuron is global (Haeffele & Vidal), two-layer ReLU",
       source="seed 003, Sec. VI-A, 'Local minima with an inactive neuron' ([20] Haeffele & Vidal 2017)",
       method="numeric", expected="SUPPORTED",
       statement="For $\\frac12\\sum_i (v^T\\mathrm{relu}(W\\tilde x_i)-y_i)^2+\\frac{\\lambda}{2}"
                 "(\\|W\\|_F^2+\\|v\\|^2)$, width 8, $\\lambda = 0.1$, 10 points in $\\mathbb{R}^2$: "
                 "every near-stationary point reached that has an inactive neuron meets Haeffele & "
                 "Vidal's polar condition for global optimality (within 2%).")
def inactive_neuron(ctx):
    return hv_check(ctx)[0]

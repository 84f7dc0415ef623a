"""Seed 003, Sec. VI-C, Thm VI.2, eq. (8): the regularised ReQU net.

* ``requ.thm_VI_2`` -- statement (1): the loss of eq. (8) is coercive,
  certified by the kernel as an explicit lower bound (see :func:`coercive`);
* ``requ.thm_VI_2.training`` -- the training evidence for statement (2):
  gradient descent (Adam) from random starts reaches zero training error
  when ``m >= n + 1``.
"""

from __future__ import annotations

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'requ.thm_VI_2.training': ('0 near-critical runs with training errors; zero-error share not significantly below 50 % (Clopper-Pearson) at m = n + 1 and 2n'),
}

# the training half of Thm VI.2 as data: the share of runs reaching zero training error is
# not significantly below REQU_MIN_RATE (Clopper-Pearson upper bound)
REQU_MIN_RATE = 0.5
# the statement itself: descent reaches zero training error (the twin negates it)
REACHES_ZERO_ERROR = True


#: the instance sizes (m neurons, d inputs) the kernel certifies
REQU_SIZES = ((1, 1), (2, 2), (3, 2))


def coercivity_statement(m: int, d: int):
    """Eq. (8) with ``m`` neurons on ``d`` inputs, the data term an abstract ``ell >= 0``:
    ``F >= sum_j lambda_j/3 (a_j^2 + 2|w_j|^2 + 2 b_j^2) - 4 lambda_j/27``."""
    from critcheck.kernel import Statement

    names, reg, low = [], [], []
    for j in range(1, m + 1):
        ws = [f"w{j}{k}" for k in range(1, d + 1)]
        names += [f"a{j}", *ws, f"b{j}"]
        u2 = " + ".join(f"{x}^2" for x in [*ws, f"b{j}"])
        reg.append(f"lambda{j}/3*(Abs(a{j})^3 + 2*({u2})^(3/2))")
        low.append(f"lambda{j}/3*(a{j}^2 + 2*({u2})) - 4*lambda{j}/27")
    data = f"ell({', '.join(names)})"
    lams = tuple(f"lambda{j}" for j in range(1, m + 1))
    return Statement("lower_bound", f"{data} + " + " + ".join(reg), tuple(names), lams,
                     (f"{data} >= 0",) + tuple(f"{lam} > 0" for lam in lams),
                     {"c": " + ".join(low)}, functions=("ell",),
                     title=f"eq. (8), m = {m}, d = {d}: F is bounded below by a coercive quadratic")


def coercivity_certificate(m: int, d: int) -> dict:
    """``t^3 - t^2 + 4/27 = t (t - 2/3)^2 + (t - 2/3)^2/3`` for ``t = |a_j|`` and
    ``t = |(w_j, b_j)|``, each times ``lambda_j > 0``; ``ell >= 0`` (untrusted builder)."""
    terms = [{"weight": "1", "multipliers": [0], "square": "1"}]
    for j in range(1, m + 1):
        u2 = " + ".join(f"w{j}{k}^2" for k in range(1, d + 1)) + f" + b{j}^2"
        for t, root_t, w in ((f"Abs(a{j})", f"sqrt(Abs(a{j}))", 1), (f"sqrt({u2})", f"sqrt(sqrt({u2}))", 2)):
            terms += [{"weight": f"{w}/3", "multipliers": [j], "square": f"{root_t}*({t} - 2/3)"},
                      {"weight": f"{w}/9", "multipliers": [j], "square": f"{t} - 2/3"}]
    return {"terms": terms}


@claim("requ.thm_VI_2",
       title="The regularised ReQU loss of eq. (8) is coercive (Thm VI.2 (1))",
       source="seed 003, Sec. VI-C, Thm VI.2 (1), eq. (8)", method="symbolic + numeric",
       expected="PROVED", formal=[coercivity_statement(m, d) for m, d in REQU_SIZES])
def coercive(ctx):
    """Seed 003, Thm VI.2 (1), eq. (8): the kernel certifies, for ``(m, d)`` in
    :data:`REQU_SIZES`, the lower bound

    .. math:: F(\\theta) \\ge \\sum_j \\tfrac{\\lambda_j}{3}\\big(a_j^2 + 2\\|w_j\\|^2 + 2b_j^2\\big)
              - \\tfrac{4}{27}\\sum_j \\lambda_j

    for *any* data term ``ell(theta) >= 0`` and ``lambda_j > 0``. The right side is at least
    ``(min_j lambda_j / 3) |theta|^2 - const``, so ``F -> infinity`` as ``|theta| -> infinity``:
    every sublevel set is bounded. Not checked by the kernel (stated in words): that the
    logistic data term of eq. (8), ``sum_i log(1 + exp(-y_i f(x_i; theta)))`` with the ReQU
    network ``f``, is ``>= 0`` (each summand is the log of a number > 1), and the step from
    the quadratic lower bound to coercivity.
    """
    import numpy as np

    from critcheck.models import ReQUNet

    from critcheck.models.coercivity import coercivity_derivation

    d = coercivity_derivation()
    formal = [coercivity_statement(m, k) for m, k in REQU_SIZES]
    d.text(r"\textbf{Certified by the kernel} (the data term as any $\ell \ge 0$; the logistic "
           r"loss of eq.~(8) is positive): " + " ".join(s.to_latex() for s in formal)
           + r" Each right-hand side is at least $\tfrac{\min_j\lambda_j}{3}\|\theta\|^2 - "
           r"\tfrac{4}{27}\sum_j\lambda_j \to \infty$, so $F$ is coercive.")
    # numeric illustration (not part of the proof): F along random rays grows like |theta|^3
    rng = np.random.default_rng(ctx.seed)
    net = ReQUNet(2, 4, (0.01, 0.02, 0.03, 0.04))
    X = rng.standard_normal((5, 2))
    Y = np.sign(rng.standard_normal((5, 1)))
    F = net.objective(X, Y)
    dirs = rng.standard_normal((64, net.n_params))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    radii = [1.0, 10.0, 100.0]
    vals = {f"min F at |theta|={r:g}": float(np.min(F.value(r * dirs))) for r in radii}
    return Outcome(Verdict.PROVED, summary="eq. (8) >= a coercive quadratic in theta (kernel, "
                   "(m, d) in {(1,1), (2,2), (3,2)}): every sublevel set is bounded",
                   derivation=d, evidence={"illustration_rays": 64, **vals, "seed": ctx.seed},
                   statement=formal,
                   certificate=[coercivity_certificate(m, k) for m, k in REQU_SIZES])


@claim("requ.thm_VI_2.training",
       title="Regularised ReQU nets with m >= n+1 train to zero training error (Thm VI.2 (2))",
       source="seed 003, Sec. VI-C, Thm VI.2 (2), eq. (8)", method="numeric", expected="SUPPORTED",
       statement="With $m \\ge n + 1$ and small $\\lambda_j$, every local minimum of eq. (8) has "
                 "zero training error: descent from random starts reaches zero training error, "
                 "and no run stops at a local minimum with training errors.")
def training(ctx):
    import numpy as np

    from critcheck.models import ReQUNet
    from critcheck.models.critical import classify_critical_point
    from critcheck.models.proportions import wilson_interval
    from critcheck.models.train import adam

    rng = np.random.default_rng(ctx.seed)
    n, dx = 10, 2
    X = rng.standard_normal((n, dx))
    Y = np.sign(rng.standard_normal((n, 1)))     # random labels: not linearly separable in general
    Y[Y == 0] = 1.0
    B = 8 if ctx.quick else 32
    steps = 1500 if ctx.quick else 4000
    per_m, candidates, total = {}, [], 0
    widths = (n + 1, 2 * n)
    for wi, m in enumerate(widths):
        lams = tuple(float(v) for v in 1e-3 * rng.uniform(0.5, 1.0, m))
        net = ReQUNet(dx, m, lams)
        F = net.objective(X, Y)
        th0 = 3.0 * net.init(ctx.seed + m, batch=B)
        th, _ = adam(F, th0, lr=0.02, steps=steps, progress=lambda k, s, wi=wi, m=m: ctx.progress(
            wi * s + k, len(widths) * s, f"Adam, m={m}"))
        out = net.forward(th, X)
        err = np.mean(np.sign(out) != Y, axis=(1, 2))
        g = np.linalg.norm(F.grad(th), axis=1)
        ok = err == 0
        stalled = {}
        for i in np.where(~ok)[0]:
            info = classify_critical_point(F, th[i], -np.inf, rng)
            key = info["kind"] + (f" ({info['witness']})" if "witness" in info else "")
            stalled[key] = stalled.get(key, 0) + 1
            # a candidate bad local minimum: numerically critical and no descent found
            if info["kind"] == "undecided" and info["grad_norm"] < 1e-6:
                candidates.append({"m": m, "run": int(i), "loss": info["loss"],
                                   "grad_norm": info["grad_norm"]})
        lo, hi = wilson_interval(int(ok.sum()), B)
        per_m[f"m={m}"] = {"zero_training_error_runs": int(ok.sum()), "runs": B,
                           "rate_95ci": [lo, hi], "stalled_runs_classified": stalled,
                           "grad_norm_median": float(np.median(g)),
                           "final_loss_range": [float(np.min(F.value(th))), float(np.max(F.value(th)))]}
        total += int(ok.sum())
        ctx.progress((wi + 1) * steps, len(widths) * steps, f"m={m}: {int(ok.sum())}/{B} zero training error")
    ev = {"samples": 2 * B, "seed": ctx.seed, "quick": ctx.quick, "n": n, "d_x": dx,
          "lambdas": "1e-3 * U(0.5, 1), one per neuron",
          "init": "N(0, 9/(d+1)) for every parameter", "optimizer": f"Adam lr=0.02, {steps} steps",
          "per_width": per_m,
          "stalled_classification": "saddle (negative curvature / descent direction), or undecided "
                                    "(gradient not yet small: descent has not stopped)",
          "candidate_bad_local_minima": candidates,
          "tolerances": {"critical": "|grad| < 1e-6", "zero training error": "sign(f(x_i)) = y_i for all i"}}
    from critcheck.claims.criterion import CriterionRow, no_failure_criterion
    from critcheck.claims.statistics import clopper_pearson

    crit_rows = tuple(CriterionRow(f"{k}: zero training error", v["zero_training_error_runs"], f">= {REQU_MIN_RATE:.0%}",
                                   clopper_pearson(v["zero_training_error_runs"], B),
                                   "holds" if clopper_pearson(v["zero_training_error_runs"], B)[1] >= REQU_MIN_RATE
                                   else "fails") for k, v in per_m.items())
    contradicting = len(candidates) if REACHES_ZERO_ERROR else total
    crit = no_failure_criterion(
        f"Thm VI.2 (2) for the ReQU net, n = {n}, widths m = n + 1 and 2n, {B} random initialisations each: "
        + ("no run stops at a local minimum with training errors, and zero training error is reached"
           if REACHES_ZERO_ERROR else "no run reaches zero training error"),
        "runs contradicting the statement (near-critical with training errors"
        + (")" if REACHES_ZERO_ERROR else "; here: runs at zero training error)"), 2 * B, contradicting,
        detect_rate=0.1, rows=crit_rows)
    if any(r.decision == "fails" for r in crit_rows) or total == 0:
        import dataclasses

        crit = dataclasses.replace(crit, passed=False)
    if not crit.passed:
        return Outcome(Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                       summary=f"{len(candidates)} near-critical run(s) with training errors and no "
                               "descent direction found",
                       open_branches=[str(c) for c in candidates[:3]])
    s = "; ".join(f"{k}: {v['zero_training_error_runs']}/{B}" for k, v in per_m.items())
    return Outcome(Verdict.SUPPORTED, evidence=ev, criterion=crit,
                   summary=f"zero training error reached ({s}); no run stopped at a local minimum "
                           "with training errors")

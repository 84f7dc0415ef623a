"""Seed 001 (Kawaguchi & Kaelbling 2020, abstract): one special neuron per output
eliminates bad local minima "for multi-class classification ... and regression
with an arbitrary loss function".

``kk.one_neuron_per_output`` checks squared-loss regression. Here the same
augmentation (:class:`critcheck.models.AugmentedNet`: output k gets
``a_k exp(w_k.x + b_k)``, plus ``lambda/2 sum_k a_k^2``) is trained with

* softmax cross-entropy on 3 classes with smoothed labels (0.9 / 0.05 / 0.05):
  the least original loss is the labels' entropy, attained;
* the pseudo-Huber loss ``sqrt(1 + r^2) - 1`` (convex, not quadratic) on
  Gaussian regression targets: least value 0, attained.

The abstract's conclusion at a local minimum: the added neurons vanish and
the original parameters attain the original loss's minimum. Numeric runs can
only *approach* local minima, so a run counts against the claim when it is
near-critical (gradient norm < 1e-4) without that conclusion (Adam, 6000 + 2000 steps). Control: with
lambda = 1e-6 (the regulariser effectively absent, so the added neurons are
ordinary units) near-critical runs keep the neurons on -- the criterion
catches this.
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'kk.multiclass': 'per configuration: no near-critical run without the conclusion, and >= 1 run reaching it; lambda = 1e-6 must fail',
}

LAMBDA = 10.0
GRAD_TOL = 1e-4
A_TOL = 1e-2


def _data(seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    n, dx, K = 8, 3, 3
    X = rng.standard_normal((n, dx))
    lab = rng.integers(0, K, n)
    Yc = np.full((n, K), 0.1 / (K - 1))
    Yc[np.arange(n), lab] = 0.9
    Yr = rng.standard_normal((n, K))
    return X, Yc, Yr


def _train(loss, X, Y, f_min, lam, seed, runs, steps, progress=None):
    return _train_sets([(loss, Y, f_min, seed)], X, lam, runs, steps, progress)[0]


def _train_sets(configs, X, lam, runs, steps, progress=None):
    """:func:`_train` for configurations ``[(loss, Y, f_min, seed), ...]`` on the inputs ``X``:
    their runs descend together, as one stack of data sets with one loss each
    (:func:`critcheck.models.losses.per_data_set`), each with the numbers it would get
    alone; each is then evaluated on its own."""
    import numpy as np

    from critcheck.models import MLP, AugmentedNet
    from critcheck.models.losses import per_data_set
    from critcheck.models.train import adam

    dims = (X.shape[1], 16, configs[0][1].shape[1])
    if len(configs) == 1:
        loss, Y, _, seed = configs[0]
        aug = AugmentedNet(MLP(dims, "tanh", loss=loss, reduction="sum"), lam=lam)
        F = aug.objective(X, Y)
        th = aug.init(seed, batch=runs)
    else:
        aug = AugmentedNet(MLP(dims, "tanh", loss=per_data_set([c[0] for c in configs]), reduction="sum"),
                           lam=lam)
        F = aug.objective(np.stack([X] * len(configs))[:, None], np.stack([c[1] for c in configs])[:, None])
        th = np.stack([aug.init(c[3], batch=runs) for c in configs])
    P0, K = aug.base.n_params, aug.K
    th[..., P0:P0 + K] = 0.0
    th, _ = adam(F, th, lr=0.01, steps=steps, progress=progress)
    th, _ = adam(F, th, lr=0.001, steps=steps // 3)
    if len(configs) == 1:
        th = th[None]
    return [_evaluate(loss, X, Y, f_min, lam, runs, th[g]) for g, (loss, Y, f_min, _) in enumerate(configs)]


def _evaluate(loss, X, Y, f_min, lam, runs, th):
    """Switched off / near-critical, for the runs ``th`` of one configuration."""
    import numpy as np

    from critcheck.models import MLP, AugmentedNet

    base = MLP((X.shape[1], 16, Y.shape[1]), "tanh", loss=loss, reduction="sum")
    aug = AugmentedNet(base, lam=lam)
    F = aug.objective(X, Y)
    tb, a, w, b = aug.split(th)
    E = np.exp(X @ np.swapaxes(w, -1, -2) + b[:, None, :])
    eff = np.max(np.abs(a[:, None, :] * E), axis=(1, 2))
    gap = np.asarray(base.loss_value(tb, X, Y)) - f_min
    g = np.linalg.norm(F.grad(th), axis=-1)
    tol_L = 1e-3 * max(1.0, f_min)
    off = (np.max(np.abs(a), axis=1) <= A_TOL) & (eff <= A_TOL) & (gap <= tol_L)
    near = g < GRAD_TOL
    return {"runs": runs, "switched_off": int(off.sum()), "near_critical": int(near.sum()),
            "near_critical_with_neuron_on_or_gap": int((near & ~off).sum()),
            "max_|a|": [float(v) for v in np.max(np.abs(a), axis=1)],
            "L_n_minus_min": [float(v) for v in gap], "grad_norm": [float(v) for v in g],
            "tolerances": {"|a|, neuron output": A_TOL, "L_n - min": tol_L, "near-critical": GRAD_TOL}}


def kk_multiclass_check(ctx, lam=LAMBDA, only=None):
    """The criterion; ``only`` restricts to the configurations whose name starts with it."""
    from critcheck.models.multiclass_losses import entropy, pseudo_huber, softmax_cross_entropy

    X, Yc, Yr = _data(ctx.seed)
    runs = 4 if ctx.quick else 8
    steps = 6000
    configs = {"softmax cross-entropy, 3 classes (smoothed labels)": (softmax_cross_entropy, Yc, entropy(Yc)),
               "pseudo-Huber regression, 3 outputs": (pseudo_huber, Yr, 0.0)}
    if only is not None:
        configs = {k: v for k, v in configs.items() if k.startswith(only)}
    res, rows, ok = {}, [], True
    # the configurations descend together (one stack of data sets, one loss each), configuration
    # k from seed ctx.seed + k as before
    label = " and ".join(name.split(",")[0] for name in configs)
    results = _train_sets([(loss, Y, fmin, ctx.seed + k) for k, (loss, Y, fmin) in enumerate(configs.values())],
                          X, lam, runs, steps, lambda d, n: ctx.progress(d, n, label))
    for name, r in zip(configs, results):
        fmin = configs[name][2]
        res[name] = dict(r, least_original_loss=fmin)
        good = r["switched_off"] >= 1 and r["near_critical_with_neuron_on_or_gap"] == 0
        ok &= good
        rows.append(CriterionRow(f"{name}: near-critical runs without the conclusion",
                                 r["near_critical_with_neuron_on_or_gap"], 0,
                                 decision="ok" if good else "counter-evidence"))
        rows.append(CriterionRow(f"{name}: runs with neurons off at the original minimum",
                                 r["switched_off"], ">= 1", decision="ok" if r["switched_off"] else "none"))
    crit = Criterion(
        hypothesis="seed 001: with one exponential neuron per output and lambda a^2/2, at local "
                   "minima the added neurons vanish and the original loss is at its minimum, for "
                   "multi-class cross-entropy and a non-quadratic regression loss",
        statistic="per run (Adam from random starts): gradient norm, max |a_k|, largest neuron "
                  "output, original loss minus its least value",
        sample_size=runs * len(configs),
        decision_rule=f"SUPPORTED iff in each configuration no run is near-critical (|grad| < "
                      f"{GRAD_TOL:g}) without the conclusion and at least one run reaches it; with "
                      "lambda = 1e-6 near-critical runs keep the neurons on and this fails",
        passed=bool(ok), rows=tuple(rows))
    ev = {"samples": crit.sample_size, "seed": ctx.seed, "quick": ctx.quick, "lambda": lam,
          "data": "n = 8 Gaussian inputs in R^3; 3 classes with labels 0.9/0.05/0.05, or N(0,1) targets",
          "base_net": "MLP(3,16,3) tanh, loss summed over samples",
          "optimizer": f"Adam lr=0.01 for {steps} steps, then lr=0.001 for {steps // 3}",
          "configurations": res}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary="; ".join(f"{n.split(',')[0]}: {r['switched_off']}/{r['runs']} off at the "
                                     f"minimum, {r['near_critical_with_neuron_on_or_gap']} near-critical "
                                     "against" for n, r in res.items()),
                   open_branches=[] if ok else ["criterion failed"])


@claim("kk.multiclass",
       title="One neuron per output: multi-class cross-entropy and a non-quadratic loss",
       source="seed 001 (Kawaguchi & Kaelbling 2020), abstract", method="numeric",
       expected="SUPPORTED",
       statement="With $\\tilde f_k = f_k + a_k e^{w_k^T x + b_k}$ and "
                 "$\\frac{\\lambda}{2}\\sum_k a_k^2$ ($\\lambda = 10$), trained on softmax "
                 "cross-entropy (3 classes, smoothed labels) and on the pseudo-Huber loss, no run "
                 "reaches a near-critical point where an added neuron is on or the original loss "
                 "is above its minimum, and runs reach points where both conclusions hold.")
def kk_multiclass(ctx):
    return kk_multiclass_check(ctx)

"""Seed 004, Sec. VI, Table VI: average diameter of the differentiable cells.

Method of Sec. VI (implemented in :mod:`critcheck.relu.diameters`): from a
random weight vector go both ways along 10 d random directions to the first
sample hyperplane; the diameter estimate is the longest such chord; open
cells are excluded. The paper does not say how the weight vectors are drawn
("we draw uniformly 1000 random weight vectors"); the claim states the
assumption it checks under: weights uniform on [-1, 1]^(d+1) (bias included),
directions uniform on the sphere. Gaussian rows only (d = 3, 10; data
N(0, I_d) as in :func:`critcheck.relu.experiments.gaussian_data`); MNIST and
CIFAR-10 rows need the data files and d = 100, 300 take minutes: `critcheck
relu diameters` runs them (docs/relu.md).
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim

#: Table VI, Gaussian rows: d -> (diameter at N = 2000, at N = 200)

#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'relu.table_VI': 'every mean within [paper/3, 3 paper] and < diagonal/10; every ratio within [paper ratio/2, 2 paper ratio]',
}

PAPER = {3: (0.009, 0.094), 10: (0.009, 0.093)}
FACTOR = 3.0      # absolute values: within this factor of the paper's (weight law unknown)
RATIO_FACTOR = 2.0  # ratio N=200 / N=2000: within this factor of the paper's


def diameters(d, N, draws, seed):
    """Per-draw diameter estimates (inf for open cells) and the data's bounding-box diagonal."""
    import numpy as np

    from critcheck.relu.cells import augment
    from critcheck.relu.diameters import cell_diameter
    from critcheck.relu.experiments import gaussian_data

    X, _ = gaussian_data(d, N, np.random.default_rng(seed))
    A = augment(X)
    rng = np.random.default_rng(seed + 1)
    D = A.shape[1]
    vals = []
    for _ in range(draws):
        w = rng.uniform(-1, 1, D)
        dirs = rng.standard_normal((10 * d, D))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
        vals.append(cell_diameter(A, w, dirs))
    return np.array(vals), float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))


def table_VI_check(ctx, paper=None):
    import numpy as np

    paper = PAPER if paper is None else paper
    draws = {2000: 20 if ctx.quick else 60, 200: 60 if ctx.quick else 200}
    rows, table, ok, total = [], {}, True, 0
    for d, (p2000, p200) in paper.items():
        means = {}
        for N, ref in ((2000, p2000), (200, p200)):
            v, diag = diameters(d, N, draws[N], ctx.seed + d + N)
            closed = v[np.isfinite(v)]
            total += v.size
            m = float(closed.mean()) if closed.size else float("nan")
            se = float(closed.std(ddof=1) / np.sqrt(closed.size)) if closed.size > 1 else float("nan")
            means[N] = m
            good = closed.size > 0 and ref / FACTOR <= m <= ref * FACTOR and m < diag / 10
            ok &= bool(good)
            table[f"d={d}, N={N}"] = {"mean": m, "se": se, "closed": int(closed.size),
                                      "draws": int(v.size), "paper": ref, "bbox_diagonal": diag}
            rows.append(CriterionRow(f"Gaussian d={d}, N={N}: mean diameter", round(m, 5), ref,
                                     (ref / FACTOR, ref * FACTOR),
                                     decision="ok" if good else "outside"))
        r, pr = means[200] / means[2000], p200 / p2000
        good = pr / RATIO_FACTOR <= r <= pr * RATIO_FACTOR
        ok &= bool(good)
        rows.append(CriterionRow(f"d={d}: diameter(N=200) / diameter(N=2000)", round(r, 3),
                                 round(pr, 3), (pr / RATIO_FACTOR, pr * RATIO_FACTOR),
                                 decision="ok" if good else "outside"))
    crit = Criterion(
        hypothesis="Table VI's Gaussian rows under weights uniform on [-1,1]^(d+1): cells are small "
                   "(mean diameter within a factor 3 of the printed value and below a tenth of the "
                   "data's bounding-box diagonal) and shrink with N as printed (ratio N=200/N=2000 "
                   "within a factor 2 of the paper's)",
        statistic="mean over closed cells of the per-draw diameter estimate (Sec. VI's chord method)",
        sample_size=total,
        decision_rule="SUPPORTED iff every mean is within [paper/3, 3 paper] and < diagonal/10, and "
                      "every ratio within [paper ratio/2, 2 paper ratio]; a column swap or a table "
                      "off by more than these factors fails",
        passed=bool(ok), rows=tuple(rows))
    ev = {"samples": total, "seed": ctx.seed, "quick": ctx.quick,
          "assumption": "weights uniform on [-1,1]^(d+1) (bias included); directions uniform on "
                        "the sphere, 10 d of them; data N(0, I_d)",
          "table": table, "draws": draws, "paper_draws": 1000}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary="; ".join(f"{k}: {t['mean']:.4g} (paper {t['paper']})" for k, t in table.items()),
                   open_branches=[] if ok else ["criterion failed"])


@claim("relu.table_VI",
       title="Table VI: cells are small and shrink ~10x from N=200 to N=2000 (Gaussian d=3, 10)",
       source="seed 004, Sec. VI, Table VI",
       method="numeric", expected="SUPPORTED",
       statement="Assuming weight vectors uniform on $[-1,1]^{d+1}$ (the paper does not state its "
                 "law), the average diameter of the cells of Gaussian data, d = 3 and 10, is within "
                 "a factor 3 of Table VI's value at N = 2000 and N = 200, far below the data's "
                 "extent, and the ratio between the two sizes is within a factor 2 of the paper's.")
def table_VI(ctx):
    return table_VI_check(ctx)

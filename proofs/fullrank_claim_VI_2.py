"""Seed 003, Sec. VI-A, Claim VI.2: the full-rank set W_{L,full} is dense.

Claim VI.2: if the activation's derivatives sigma^(k)(0), k = 0..n-1, are all
non-zero, the set of parameters at which the last hidden layer's output
matrix Z_L(X) (n samples) has full rank is dense. Smallest instance: one
hidden layer of width n on scalar inputs with biases,
``Z_ij = sigma(w_j x_i + b_j)``, an n x n matrix. Density is tested where it
is hardest: at parameters where every neuron is the same (rank 1), small
random perturbations must give full rank. The determinant is evaluated with
80-digit arithmetic (mpmath), so "full rank" is not a floating-point call.

sigma = exp satisfies the hypothesis (every derivative at 0 is 1). The false
variant: sigma(z) = z^2 (sigma(0) = sigma'(0) = 0) spans only {x^2, x, 1},
so Z has rank <= 3 < n everywhere -- the same test must fail.
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'fullrank.claim_VI_2': 'every perturbation at both sizes gives |det Z| / ||Z||^n > 1e-70 (80-digit arithmetic); sigma(z) = z^2 (rank <= 3) must fail',
}

EPS = ("1/100", "1/1000")
DPS = 80


def _det(x, w, b, act):
    import mpmath

    f = {"exp": mpmath.exp, "square": lambda z: z * z}[act]
    Z = mpmath.matrix([[f(wj * xi + bj) for wj, bj in zip(w, b)] for xi in x])
    return abs(mpmath.det(Z)), mpmath.mnorm(Z, 1)


def density_check(ctx, act="exp"):
    import mpmath
    import numpy as np

    rng = np.random.default_rng(ctx.seed)
    M = 20 if ctx.quick else 100
    rows, per, ok, total = [], {}, True, 0
    with mpmath.workdps(DPS):
        for n in (4, 5):
            x = [mpmath.mpf(v) for v in np.linspace(-1, 1, n)]
            w0, b0 = [mpmath.mpf(1)] * n, [mpmath.mpf(0)] * n
            d0, _ = _det(x, w0, b0, act)
            for eps in EPS:
                e = mpmath.mpf(mpmath.fraction(*map(int, eps.split("/"))))
                full, smallest = 0, None
                for _ in range(M):
                    dw, db = rng.standard_normal(n), rng.standard_normal(n)
                    w = [wi + e * mpmath.mpf(float(a)) for wi, a in zip(w0, dw)]
                    b = [bi + e * mpmath.mpf(float(a)) for bi, a in zip(b0, db)]
                    det, nrm = _det(x, w, b, act)
                    rel = det / nrm**n
                    # full rank when far above the 80-digit noise floor
                    if rel > mpmath.mpf(10) ** (-(DPS - 10)):
                        full += 1
                    smallest = rel if smallest is None else min(smallest, rel)
                total += M
                good = full == M
                ok &= good
                per[f"n={n}, eps={eps}"] = {"full_rank": full, "draws": M,
                                            "smallest_relative_det": mpmath.nstr(smallest, 5),
                                            "det_at_degenerate_point": mpmath.nstr(d0, 5)}
                rows.append(CriterionRow(f"n={n}, eps={eps}: perturbations with full-rank Z", full, M,
                                         decision="ok" if good else "rank-deficient"))
    crit = Criterion(
        hypothesis=f"Claim VI.2 for sigma = {act}, one hidden layer of width n = 4, 5 with biases, "
                   "scalar inputs linspace(-1, 1, n): every neighbourhood of the rank-1 point "
                   "(all neurons equal) holds full-rank Z",
        statistic="|det Z| / ||Z||_1^n at 80 digits, for random perturbations of size eps",
        sample_size=total,
        decision_rule="SUPPORTED iff every perturbation, at both sizes, gives |det Z| / ||Z||^n > "
                      "1e-70 (80-digit arithmetic); sigma(z) = z^2 gives rank <= 3 and fails",
        passed=bool(ok), rows=tuple(rows))
    ev = {"samples": total, "seed": ctx.seed, "quick": ctx.quick, "activation": act,
          "precision_digits": DPS, "cases": per}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary=f"sigma = {act}: " + "; ".join(f"{k}: {v['full_rank']}/{v['draws']} full rank"
                                                           for k, v in per.items()),
                   open_branches=[] if ok else ["criterion failed"])


@claim("fullrank.claim_VI_2",
       title="Claim VI.2: full-rank hidden outputs are dense (sigma = exp, widths n = 4, 5)",
       source="seed 003, Sec. VI-A, Claim VI.2", method="numeric", expected="SUPPORTED",
       statement="For $Z_{ij} = e^{w_j x_i + b_j}$ with $x = \\mathrm{linspace}(-1,1,n)$, $n = 4, 5$: "
                 "random perturbations of size $10^{-2}$ and $10^{-3}$ of the rank-1 point "
                 "$w_j = 1, b_j = 0$ all give a full-rank $Z$ (80-digit determinants).")
def claim_VI_2(ctx):
    return density_check(ctx)

"""Shares of descent runs ending at spurious minima, against the derived table.

The reference is the table *derived* from the authors' released result files
(``Results/newExp-k-n.mat`` of Safran & Shamir, ICML 2018; see the project's
anchor note on two-layer ReLU networks, Sec. 2): runs out of 1000 with final
F >= 1e-3. It is not the paper's printed Table 1, which was not available.
NumPy and MATLAB random streams differ, so only statistical agreement is
possible: our Clopper-Pearson interval (Clopper & Pearson, Biometrika 1934)
must contain the reference share, at a Bonferroni-corrected level.
"""

from __future__ import annotations

import numpy as np

from ..claims.criterion import Criterion, CriterionRow

__all__ = ["DERIVED_TABLE", "clopper_pearson", "rate_criterion"]

# (k, n) -> (spurious runs out of 1000, families) derived from the released .mat files.
DERIVED_TABLE = {
    (6, 6): (3, 1), (7, 7): (55, 1), (8, 8): (126, 1), (9, 9): (218, 2), (10, 10): (346, 2),
    (11, 11): (455, 3), (12, 12): (585, 6), (13, 13): (730, 4), (14, 14): (736, 8),
    (15, 15): (803, 9), (16, 16): (851, 10), (17, 17): (897, 10), (18, 18): (900, 11),
    (19, 19): (934, 28), (20, 20): (949, 21),
    (8, 9): (1, 1), (10, 11): (1, 1), (11, 12): (1, 1), (12, 13): (3, 1), (13, 14): (15, 4),
    (14, 15): (55, 5), (15, 16): (102, 8), (16, 17): (180, 7), (17, 18): (233, 13),
    (18, 19): (369, 11), (19, 20): (491, 13),
}
# (k, k+1) with no released file: most likely 0/1000, not confirmed.
NO_FILE = {(6, 7), (7, 8), (9, 10)}


def clopper_pearson(x: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact two-sided binomial interval for x successes in n trials."""
    from scipy.stats import beta

    a = 1.0 - level
    lo = 0.0 if x == 0 else float(beta.ppf(a / 2, x, n - x + 1))
    hi = 1.0 if x == n else float(beta.ppf(1 - a / 2, x + 1, n - x))
    return lo, hi


def reference_share(k: int, n: int) -> float | None:
    """The derived table's share (None when no file was released for (k, n))."""
    if (k, n) in DERIVED_TABLE:
        return DERIVED_TABLE[(k, n)][0] / 1000
    return None


def rate_criterion(agg: dict, level: float = 0.95, *, shift: float = 0.0,
                   k1_below: bool = True) -> Criterion:
    """The SUPPORTED criterion for ``twolayer.rates`` from aggregated sweep counts.

    ``agg`` maps (k, n) to records with ``runs``, ``spurious`` and ``decided``.
    Passes iff (i) for every (k, n) the Bonferroni-corrected Clopper-Pearson
    interval of our share contains the reference share (0 where no file was
    released), (ii) every run's label was decided, and (iii) for every k with
    both widths, our n = k+1 upper bound is below our n = k lower bound
    ("far below"). ``shift`` (added to every reference share) and ``k1_below``
    (False states the opposite of (iii)) exist to run falsified statements,
    which must fail.
    """
    m = max(1, len(agg))
    lvl = 1 - (1 - level) / m
    rows, ok = [], True
    total = 0
    undecided = 0
    intervals = {}
    for (k, n) in sorted(agg):
        a = agg[(k, n)]
        x, N = int(a["spurious"]), int(a["runs"])
        total += N
        und = N - int(a.get("decided", N))
        undecided += und
        lo, hi = clopper_pearson(x, N, lvl)
        intervals[(k, n)] = (lo, hi)
        ref = reference_share(k, n)
        ref_cmp = (0.0 if ref is None else ref) + shift
        good = lo <= ref_cmp <= hi and und == 0
        ok &= good
        rows.append(CriterionRow(
            quantity=f"share spurious, k={k}, n={n}", ours=f"{x}/{N} = {x / N:.3f}",
            reference=(f"{ref_cmp:.3f}" if ref is not None else f"no file ({ref_cmp:g} assumed)"),
            interval=(round(lo, 4), round(hi, 4)), decision="inside" if good else "OUTSIDE",
            undecided=und))
    for (k, n), (lo, hi) in sorted(intervals.items()):
        if n == k + 1 and (k, k) in intervals:
            far = hi < intervals[(k, k)][0]
            ok &= far == k1_below
            rows.append(CriterionRow(
                quantity=f"n=k+1 below n=k at k={k}", ours=f"upper {hi:.3f} < lower {intervals[(k, k)][0]:.3f}",
                reference="n = k+1 far below n = k" if k1_below else "n = k+1 not below n = k",
                decision="agrees" if far == k1_below else "DIFFERS"))
    return Criterion(
        hypothesis=("the share of protocol runs (randn/sqrt(d) init, step 0.1, stop at per-neuron "
                    "gradient 1e-9/(2 pi), threshold F >= 1e-3, V = I_k, d = k) ending at spurious minima "
                    "equals the derived table's share for each (k, n) checked, and n = k+1 is below n = k"),
        statistic="spurious runs / runs per (k, n)",
        sample_size=int(total),
        decision_rule=(f"two-sided Clopper-Pearson interval at level {lvl:.4f} (95 % Bonferroni-corrected "
                       f"over {m} cells) contains the reference share, every run decided, and for each k "
                       "the n=k+1 upper bound lies below the n=k lower bound"),
        passed=bool(ok),
        rows=tuple(rows),
    )


def detectable_deviation(N: int, p: float, level: float = 0.95) -> float:
    """Half-width of the Clopper-Pearson interval at share p with N runs (what a test can resolve)."""
    x = int(round(p * N))
    lo, hi = clopper_pearson(x, N, level)
    return float(np.round((hi - lo) / 2, 4))

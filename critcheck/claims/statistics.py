"""Interval estimates, tests and power for the criteria of ``SUPPORTED`` verdicts.

Every ``SUPPORTED`` verdict carries a :class:`~critcheck.claims.criterion.Criterion`
whose decision rule a false claim would fail (DESIGN.md, "Verdicts"). The rules
used in the catalogue are built from four pieces here:

* :func:`clopper_pearson` -- the exact (conservative) binomial confidence
  interval of Clopper and Pearson (1934), used to compare an observed rate with
  a published rate;
* :func:`containment_power` -- the probability that the rule "the interval of
  our rate contains the reference rate" *rejects* when the true rate is the
  reference moved by a deviation (exact, by summing the binomial law);
* :func:`zero_failure_power` -- the probability that "no failure among n
  independent trials" is *not* observed when the true failure rate is ``r``:
  :math:`1-(1-r)^n`;
* :func:`fisher_two_sided`, :func:`two_sample_power`,
  :func:`two_sample_detectable` -- Fisher's exact two-sided test of our rate
  against a published rate that is itself a count (seed 004: 100 draws per
  row), its exact power given the published count, and the deviation it
  detects with a stated power;
* :func:`two_proportion_test` -- Fisher's exact test of two rates
  (one-sided), for claims that one setting succeeds more often than another;
* :func:`mean_interval` -- a Student-t interval of a mean, compared with a
  reference value under a stated tolerance.

References
----------
C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits
illustrated in the case of the binomial", Biometrika 26(4), 404-413, 1934.
R. A. Fisher, *Statistical Methods for Research Workers*, Sec. 21.02, 1934.
"""

from __future__ import annotations

import functools
import math

from ..errors import InvalidArgument

__all__ = ["clopper_pearson", "contains", "containment_power", "zero_failure_power",
           "zero_failure_trials", "detectable_deviation",
           "fisher_two_sided", "two_sample_power", "two_sample_detectable", "two_proportion_test", "mean_interval"]


def _check_counts(k, n):
    if not isinstance(n, (int,)) or isinstance(n, bool) or n <= 0:
        raise InvalidArgument(f"n={n!r} must be a positive integer (number of trials)")
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k <= n:
        raise InvalidArgument(f"k={k!r} must be an integer with 0 <= k <= n={n}")


def _check_level(level):
    if not 0 < level < 1:
        raise InvalidArgument(f"level={level!r} must lie strictly between 0 and 1 (e.g. 0.95)")


def clopper_pearson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact two-sided Clopper-Pearson interval for a binomial rate.

    .. math:: p_{lo} = B^{-1}(\\alpha/2;\\,k,\\,n-k+1),\\quad
              p_{hi} = B^{-1}(1-\\alpha/2;\\,k+1,\\,n-k),

    with :math:`\\alpha = 1 - \\text{level}`, ``p_lo = 0`` at ``k = 0`` and
    ``p_hi = 1`` at ``k = n`` (Clopper & Pearson 1934).

    Examples
    --------
    >>> lo, hi = clopper_pearson(0, 100)
    >>> lo, round(hi, 4)
    (0.0, 0.0362)
    """
    _check_counts(k, n)
    _check_level(level)
    return _cp(k, n, float(level))


@functools.lru_cache(maxsize=65536)
def _cp(k, n, level):
    from scipy.stats import beta

    a = 1.0 - level
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def contains(interval: tuple[float, float], value: float) -> bool:
    """True iff ``value`` lies in the closed ``interval`` (a 1e-12 slack for rounding)."""
    lo, hi = interval
    return lo - 1e-12 <= value <= hi + 1e-12


def containment_power(n: int, p_ref: float, deviation: float, level: float = 0.95) -> float:
    """Power of "the Clopper-Pearson interval of k/n contains ``p_ref``" against a deviation.

    The smaller of the two rejection probabilities at true rates
    ``p_ref - deviation`` and ``p_ref + deviation`` (only those inside [0, 1]),
    computed exactly by summing the binomial law over the outcomes ``k`` whose
    interval excludes ``p_ref``.

    Examples
    --------
    With n = 100 a 20-pp deviation from 50 % is caught almost always, a
    10-pp one less than half the time:

    >>> round(containment_power(100, 0.5, 0.2), 2), round(containment_power(100, 0.5, 0.1), 2)
    (0.98, 0.46)
    """
    _check_level(level)
    if not 0 <= p_ref <= 1 or deviation <= 0:
        raise InvalidArgument(f"need 0 <= p_ref <= 1 and deviation > 0, got p_ref={p_ref!r}, "
                              f"deviation={deviation!r}")
    from scipy.stats import binom

    reject = _rejections(n, float(p_ref), float(level))
    powers = []
    for p in (p_ref - deviation, p_ref + deviation):
        if 0 <= p <= 1:
            powers.append(float(binom.pmf(list(reject), n, p).sum()) if reject else 0.0)
    if not powers:
        raise InvalidArgument(f"p_ref={p_ref!r} +- deviation={deviation!r} leaves [0, 1] on both sides")
    return min(powers)


@functools.lru_cache(maxsize=4096)
def _rejections(n, p_ref, level):
    return tuple(k for k in range(n + 1) if not contains(clopper_pearson(k, n, level), p_ref))


def detectable_deviation(n: int, p_ref: float, power: float = 0.9, level: float = 0.95,
                         step: float = 0.01) -> float | None:
    """Smallest deviation (a multiple of ``step``) that :func:`containment_power` detects
    with at least ``power``; None when no deviation inside [0, 1] is detected that often."""
    d = step
    while d <= 1.0 + 1e-12:
        try:
            if containment_power(n, p_ref, d, level) >= power:
                return round(d, 10)
        except InvalidArgument:
            return None
        d += step
    return None


def zero_failure_power(n: int, rate: float) -> float:
    """Probability that ``n`` independent trials show at least one failure when the
    failure rate is ``rate``: :math:`1 - (1 - r)^n` (the power of the rule
    "no failure observed" against a failure rate ``r``)."""
    if not isinstance(n, int) or n <= 0 or not 0 < rate <= 1:
        raise InvalidArgument(f"need a positive integer n and 0 < rate <= 1, got n={n!r}, rate={rate!r}")
    return 1.0 - (1.0 - rate) ** n


def zero_failure_trials(rate: float, power: float = 0.9) -> int:
    """Smallest ``n`` with :func:`zero_failure_power` ``(n, rate) >= power``."""
    if not 0 < rate < 1 or not 0 < power < 1:
        raise InvalidArgument(f"need 0 < rate < 1 and 0 < power < 1, got rate={rate!r}, power={power!r}")
    return int(math.ceil(math.log(1 - power) / math.log(1 - rate)))


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> float:
    """One-sided Fisher exact p-value for "rate 1 > rate 2" (Fisher 1934, Sec. 21.02)."""
    _check_counts(k1, n1)
    _check_counts(k2, n2)
    from scipy.stats import fisher_exact

    return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="greater")[1])


def mean_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Sample mean and its two-sided Student-t interval: ``(mean, lo, hi)``.

    With fewer than two values, or zero spread, the interval is the point itself.
    """
    import numpy as np

    _check_level(level)
    v = np.asarray(values, dtype=float).ravel()
    if v.size == 0:
        raise InvalidArgument("values is empty: a mean needs at least one value")
    m = float(v.mean())
    if v.size < 2:
        return m, m, m
    from scipy.stats import t

    half = float(t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
    return m, m - half, m + half


@functools.lru_cache(maxsize=65536)
def fisher_two_sided(k: int, n: int, c: int, m: int) -> float:
    """Two-sided Fisher exact p-value for rates ``k/n`` and ``c/m`` (Fisher 1934, Sec. 21.02)."""
    _check_counts(k, n)
    _check_counts(c, m)
    import numpy as np
    from scipy.special import gammaln

    # conditional on the k + c successes, k is hypergeometric; the two-sided p-value sums the
    # probabilities of the tables no more likely than the observed one (scipy's convention)
    total = k + c
    j = np.arange(max(0, total - m), min(n, total) + 1)

    def logc(a, b):
        return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1)

    logp = logc(n, j) + logc(m, total - j) - logc(n + m, total)
    pmf = np.exp(logp)
    p_obs = pmf[k - j[0]]
    return float(min(1.0, pmf[pmf <= p_obs * (1 + 1e-7)].sum()))


@functools.lru_cache(maxsize=4096)
def _fisher_rejections(n, c, m, alpha):
    return [k for k in range(n + 1) if fisher_two_sided(k, n, c, m) <= alpha]


def two_sample_power(n: int, c: int, m: int, deviation: float, alpha: float = 0.05) -> float:
    """Power of "Fisher's two-sided test rejects at ``alpha``" for our ``k ~ Bin(n, c/m +- deviation)``
    against a reference count ``c`` of ``m``: the smaller of the two sides inside [0, 1], exact
    (the binomial law summed over the ``k`` that are rejected)."""
    _check_counts(c, m)
    if deviation <= 0 or not 0 < alpha < 1:
        raise InvalidArgument(f"need deviation > 0 and 0 < alpha < 1, got deviation={deviation!r}, alpha={alpha!r}")
    from scipy.stats import binom

    reject = _fisher_rejections(n, c, m, float(alpha))
    p0 = c / m
    powers = [float(binom.pmf(reject, n, p).sum()) if reject else 0.0
              for p in (p0 - deviation, p0 + deviation) if 0 <= p <= 1]
    if not powers:
        raise InvalidArgument(f"reference rate {p0!r} +- deviation={deviation!r} leaves [0, 1] on both sides")
    return min(powers)


def two_sample_detectable(n: int, c: int, m: int, power: float = 0.9, alpha: float = 0.05,
                          step: float = 0.01) -> float | None:
    """Smallest deviation (a multiple of ``step``) :func:`two_sample_power` detects with ``power``."""
    d = step
    while d <= 1.0 + 1e-12:
        try:
            if two_sample_power(n, c, m, d, alpha) >= power:
                return round(d, 10)
        except InvalidArgument:
            return None
        d += step
    return None

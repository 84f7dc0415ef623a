"""Clopper-Pearson intervals, power and two-proportion tests against independent oracles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from critcheck.claims.statistics import (clopper_pearson, containment_power, mean_interval,
                                         two_proportion_test, zero_failure_power,
                                         zero_failure_trials)
from critcheck.errors import CritcheckError


def _binom_cdf(k, n, p):
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1))


@pytest.mark.parametrize("k, n", [(0, 10), (3, 10), (10, 10), (60, 100), (1, 100), (99, 100)])
def test_clopper_pearson_tail_identities(k, n):
    # oracle: the bounds solve P(X >= k | lo) = a/2 and P(X <= k | hi) = a/2 (pure-Python sums)
    lo, hi = clopper_pearson(k, n, 0.95)
    if k > 0:
        assert abs((1 - _binom_cdf(k - 1, n, lo)) - 0.025) < 1e-8
    else:
        assert lo == 0
    if k < n:
        assert abs(_binom_cdf(k, n, hi) - 0.025) < 1e-8
    else:
        assert hi == 1


def test_clopper_pearson_coverage_by_simulation():
    rng = np.random.default_rng(0)
    n, p = 40, 0.3
    ks = rng.binomial(n, p, size=2000)
    cover = np.mean([lo <= p <= hi for lo, hi in (clopper_pearson(int(k), n) for k in ks)])
    assert cover >= 0.94  # exact intervals are conservative


def test_containment_power_matches_simulation_and_grows_with_n():
    p_ref, dev = 0.6, 0.15
    pw = containment_power(100, p_ref, dev)
    rng = np.random.default_rng(1)
    sims = []
    for p in (p_ref - dev, p_ref + dev):
        ks = rng.binomial(100, p, size=3000)
        sims.append(np.mean([not (clopper_pearson(int(k), 100)[0] <= p_ref <= clopper_pearson(int(k), 100)[1])
                             for k in ks]))
    assert abs(pw - min(sims)) < 0.03
    assert containment_power(10, p_ref, dev) < pw


def test_zero_failure_power_and_trials():
    assert abs(zero_failure_power(30, 0.1) - (1 - 0.9**30)) < 1e-15
    n = zero_failure_trials(0.1, 0.9)
    assert zero_failure_power(n, 0.1) >= 0.9 > zero_failure_power(n - 1, 0.1)


def test_two_proportion_test():
    assert two_proportion_test(30, 32, 2, 32) < 1e-6
    assert two_proportion_test(16, 32, 16, 32) > 0.5


def test_mean_interval():
    m, lo, hi = mean_interval([1.0, 2.0, 3.0])
    assert m == 2.0 and lo < 2 < hi and abs((hi - lo) / 2 - 4.302652729911275 / math.sqrt(3)) < 1e-9


def test_bad_arguments_raise_critcheck_errors():
    for bad in [lambda: clopper_pearson(5, 3), lambda: clopper_pearson(1, 0),
                lambda: clopper_pearson(1, 3, level=1.5), lambda: zero_failure_power(0, 0.1),
                lambda: containment_power(10, 0.5, 0), lambda: mean_interval([])]:
        with pytest.raises(CritcheckError):
            bad()


def test_fisher_two_sided_matches_scipy():
    from scipy.stats import fisher_exact

    from critcheck.claims.statistics import fisher_two_sided, two_sample_power

    for k, n, c, m in [(1, 100, 9, 100), (63, 100, 35, 100), (0, 20, 0, 100), (99, 100, 100, 100),
                       (5, 30, 12, 40)]:
        want = fisher_exact([[k, n - k], [c, m - c]], alternative="two-sided")[1]
        assert abs(fisher_two_sided(k, n, c, m) - want) < 1e-9
    assert two_sample_power(100, 60, 100, 0.3, 0.05) > two_sample_power(100, 60, 100, 0.1, 0.05)


def test_docstring_examples_run():
    import doctest

    import critcheck.claims.statistics as mod

    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0, res

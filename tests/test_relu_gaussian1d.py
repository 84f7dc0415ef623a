"""Seed 004, Sec. III: analytic 1-D quantities against Monte Carlo and eq. (14)."""

import numpy as np
import pytest
from scipy.special import ndtr

from critcheck import Context
from critcheck.relu.gaussian1d import (existence_probability, gap_probability, optimal_locations,
                                       region_stats, sample_optimal_locations)


def test_two_weights_match_eq_14():
    h1 = 2.0
    phi = lambda t: np.exp(-t * t / 2) / np.sqrt(2 * np.pi)
    Pp, Pm = 1 - ndtr(h1 - 1), 1 - ndtr(h1 + 1)
    xp, xm = 1 + phi(h1 - 1) / Pp, -1 + phi(h1 + 1) / Pm
    expect = (Pp * xp + Pm * xm - Pp + Pm) / (Pp + Pm)
    assert optimal_locations([h1, 0.0], [1, -1])[0] == pytest.approx(expect, abs=1e-12)


def test_analytic_matches_monte_carlo():
    rng = np.random.default_rng(0)
    M = 200_000
    y = np.where(rng.random(M) < 0.5, 1.0, -1.0)
    x = rng.standard_normal(M) + y
    for h, n in [([1.0, -0.5], [1, -1]), (list(np.linspace(-2, 2, 4)), [-1, -1, 1, 1])]:
        a = optimal_locations(h, n)
        np.testing.assert_allclose(a, sample_optimal_locations(h, n, x, y), atol=0.05)
        lo, hi = np.minimum(h, a), np.maximum(h, a)
        emp = ((x[:, None] > lo) & (x[:, None] < hi)).mean(axis=0)
        np.testing.assert_allclose(gap_probability(h, a), emp, atol=0.01)
    P, xbar = region_stats([-np.inf, 0.0], [0.0, np.inf])
    np.testing.assert_allclose(P.sum(axis=0), 1.0)
    assert xbar[1, 0] == pytest.approx(np.mean(x[(y > 0) & (x > 0)]), abs=0.01)


def test_far_weights_have_high_probability_and_near_ones_low():
    assert existence_probability([8.0, -8.0], [1, -1])[1] > 0.99
    assert existence_probability([2.0, 0.0], [1, -1])[1] < 1e-3


def test_gaussian1d_claim_quick(tmp_path):
    from critcheck.claims import select

    (c,) = select(["relu.gaussian1d"])
    r = c.run(Context(quick=True, out_dir=tmp_path))
    assert r.verdict.value == "SUPPORTED", r.explain()
    assert len(r.artifacts) == 6 and all((tmp_path / p).exists() or __import__("os").path.exists(p)
                                         for p in r.artifacts)

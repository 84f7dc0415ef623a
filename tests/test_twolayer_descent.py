"""The batched descent protocol, families up to permutation, and the rate criterion."""

import numpy as np
import pytest

from critcheck.twolayer.descent import initial_points, run_descent, run_protocol
from critcheck.twolayer.families import group_families
from critcheck.twolayer.rates import DERIVED_TABLE, clopper_pearson, rate_criterion
from critcheck.twolayer.sweep import SweepTask, run_task
from critcheck.twolayer.vectors import PATTERN, pattern_point


def test_batch_equals_runs_one_at_a_time():
    W0 = initial_points(3, 4, 4, seed=5)
    V = np.eye(4)
    batch = run_descent(W0, V, max_iter=4000)
    for r in range(3):
        one = run_descent(W0[r:r + 1], V, max_iter=4000)
        assert np.allclose(one.W[0], batch.W[r], atol=1e-13)
        assert one.iterations[0] == batch.iterations[r]


def test_protocol_stops_on_per_neuron_rule_at_a_spurious_minimum():
    V = np.eye(6)
    W0 = pattern_point(6, *PATTERN[6])[None] + 1e-3
    res = run_descent(W0, V)
    assert res.converged[0] and res.spurious[0]
    assert res.gradnorm[0] <= 1e-9
    assert res.loss[0] == pytest.approx(0.0250805810, abs=1e-9)


def test_early_labelling_only_below_threshold():
    res = run_protocol(4, 5, 6, seed=[1, 2, 3], max_iter=20000, global_below=1e-4)
    assert res.decided.all()
    early = res.decided & ~res.converged
    assert np.all(res.loss[early] < 1e-4)


def test_families_up_to_permutation():
    V = np.eye(6)
    W = pattern_point(6, *PATTERN[6])
    rng = np.random.default_rng(0)
    pts = [W, W[rng.permutation(6)], W[:, [1, 0, 2, 3, 4, 5]][[1, 0, 2, 3, 4, 5]], W * 1.01]
    from critcheck.twolayer.loss import population_loss

    fams = group_families(np.array(pts), population_loss(np.array(pts), V))
    assert sorted(f.size for f in fams) == [1, 3]


def test_task_is_reproducible_from_its_seed():
    t = SweepTask(6, 6, 3, 5, max_iter=2000)
    a, b = run_task(t), run_task(t)
    assert a["undecided_loss"] == b["undecided_loss"] and a["spurious_W"] == b["spurious_W"]


def _agg(cells):
    return {(k, n): {"k": k, "n": n, "runs": N, "spurious": x, "decided": N - u}
            for (k, n, x, N, u) in cells}


def test_rate_criterion_passes_on_table_counts_and_fails_when_false():
    good = _agg([(10, 10, 70, 200, 0), (10, 11, 0, 200, 0)])
    assert rate_criterion(good).passed
    # a claim "share = table" is false when our share is far off
    assert not rate_criterion(_agg([(10, 10, 20, 200, 0), (10, 11, 0, 200, 0)])).passed
    # undecided runs are never silently dropped
    assert not rate_criterion(_agg([(10, 10, 70, 200, 3), (10, 11, 0, 200, 0)])).passed
    # n = k+1 not below n = k
    assert not rate_criterion(_agg([(10, 10, 70, 200, 0), (10, 11, 65, 200, 0)])).passed
    c = rate_criterion(good)
    assert c.sample_size == 400 and len(c.rows) == 3


def test_clopper_pearson_matches_the_anchor_table():
    lo, hi = clopper_pearson(55, 1000)
    assert (round(100 * lo, 1), round(100 * hi, 1)) == (4.2, 7.1)
    lo, hi = clopper_pearson(0, 1000)
    assert lo == 0 and round(100 * hi, 2) == 0.37
    assert DERIVED_TABLE[(20, 20)] == (949, 21)


def test_rate_criterion_falsified_statements_fail():
    good = _agg([(10, 10, 70, 200, 0), (10, 11, 0, 200, 0)])
    assert not rate_criterion(good, shift=0.25).passed
    assert not rate_criterion(good, k1_below=False).passed

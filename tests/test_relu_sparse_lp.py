"""The sparse-LP baseline of seed 004 eq. (9) answers as the fast routes do."""

import numpy as np
import pytest

from critcheck.relu.cells import activation_pattern, augment, in_cell_minimum
from critcheck.relu.experiments import draw_weights
from critcheck.relu.genuine import check_witness, paper_test, sparse_lp_test


@pytest.mark.parametrize("N,d,bias", [(12, 30, 0.0), (12, 30, -40.0), (40, 3, 1.0), (40, 3, -0.5), (8, 4, 0.5)])
def test_sparse_lp_agrees_with_paper_test(N, d, bias):
    rng = np.random.default_rng(N + d)
    X = augment(rng.random((N, d)) - 0.3)
    y = np.where(rng.random(N) < 0.5, 1.0, -1.0)
    W, _ = draw_weights(4, d + 1, bias, rng)
    I = activation_pattern(X, W)
    cell = in_cell_minimum(X, y, I)
    fast = paper_test(X, y, I, cell)
    lp = sparse_lp_test(X, y, I, cell=cell)
    assert fast.genuine is not None and lp.genuine is not None
    assert lp.genuine == fast.genuine
    if lp.genuine:
        assert check_witness(X, I, cell.fitted, lp.witness, np.ones(4))[0]


@pytest.mark.parametrize("seed", [0, 1])
def test_sparse_lp_agrees_on_the_lp_route(seed):
    """N > D and N < KD: neither the closed form nor a certificate decides; the LP route does."""
    rng = np.random.default_rng(seed)
    X = augment(rng.standard_normal((10, 2)))
    y = np.abs(rng.standard_normal(10)) + 0.1
    W, _ = draw_weights(4, 3, 0.3, rng)
    I = activation_pattern(X, W)
    fast = paper_test(X, y, I)
    assert fast.route == "lp"
    assert sparse_lp_test(X, y, I).genuine == fast.genuine

"""Seed 004, eqs. (23)-(24): gradients and the descent verification."""

import importlib.util

import numpy as np
import pytest

from critcheck.relu.cells import augment
from critcheck.relu.descent import descend, loss_and_grads


def _setup(seed=0, T=2, N=30, d=3, K=4):
    rng = np.random.default_rng(seed)
    X = augment(rng.standard_normal((N, d)))
    y = np.where(rng.random(N) < 0.5, 1.0, -1.0)
    return X, y, rng.standard_normal((T, K, d + 1)), rng.standard_normal((T, K))


def test_gradients_match_finite_differences():
    X, y, W, z = _setup()
    loss, dz, dW, _ = loss_and_grads(X, y, W, z)
    h = 1e-6
    for (t, k, c) in [(0, 0, 0), (1, 2, 3), (0, 3, 1)]:
        Wp, Wm = W.copy(), W.copy()
        Wp[t, k, c] += h
        Wm[t, k, c] -= h
        fd = (loss_and_grads(X, y, Wp, z)[0][t] - loss_and_grads(X, y, Wm, z)[0][t]) / (2 * h)
        assert fd == pytest.approx(dW[t, k, c], rel=1e-5, abs=1e-7)
    zp, zm = z.copy(), z.copy()
    zp[1, 1] += h
    zm[1, 1] -= h
    fd = (loss_and_grads(X, y, W, zp)[0][1] - loss_and_grads(X, y, W, zm)[0][1]) / (2 * h)
    assert fd == pytest.approx(dz[1, 1], rel=1e-5, abs=1e-7)


def test_dead_cell_is_trapped_active_cell_is_left():
    X, y, W, z = _setup(T=2)
    W[0, :, -1] = -100.0     # every neuron dead: zero gradient, trapped at once
    W[1, :, -1] = 0.0
    r = descend(X, y, W, z, max_iter=2000)
    assert r.status[0] == "trapped" and r.steps[0] == 0
    assert r.status[1] == "left"
    r = descend(X, y, W, z, max_iter=5, adaptive=False)   # the paper's fixed 1e-6 step
    assert r.status[0] == "trapped" and r.status[1] in ("left", "undecided")


@pytest.mark.skipif(importlib.util.find_spec("array_api_strict") is None, reason="needs array-api-strict")
def test_array_api_strict_backend_matches_numpy():
    import array_api_strict as xp

    X, y, W, z = _setup(seed=3)
    ref = loss_and_grads(X, y, W, z)
    got = loss_and_grads(xp.asarray(X), xp.asarray(y), xp.asarray(W), xp.asarray(z))
    for a, b in zip(ref, got):
        np.testing.assert_allclose(np.asarray(b._array, dtype=float), np.asarray(a, dtype=float), atol=1e-12)
    r1 = descend(X, y, W, z, max_iter=50)
    r2 = descend(xp.asarray(X), xp.asarray(y), xp.asarray(W), xp.asarray(z), max_iter=50)
    assert r1.status == r2.status


@pytest.mark.parametrize("bias,K,adaptive,seed", [(20.0, 6, True, 0), (0.0, 6, True, 0), (20.0, 4, False, 0),
                                                  (-20.0, 5, True, 0), (3.0, 3, True, 33),
                                                  (2.0, 3, True, 23)])
def test_fused_numpy_path_decides_as_the_array_api_loop(bias, K, adaptive, seed):
    """The fused path (BLAS + one Numba pass + the certified quadratic form)
    against the plain array-API loop: same decisions and steps, same numbers
    up to rounding. Seeds 33 and 23 have trials that leave their cell long
    after the quadratic form took over (steps 63-151): the certificate hands
    them back to the exact test in time."""
    rng = np.random.default_rng(7)
    X = augment(rng.standard_normal((120, 2)))
    y = np.where(rng.random(120) < 0.5, 1.0, -1.0)
    if seed:
        rng = np.random.default_rng(seed)
    W = rng.standard_normal((6, K, 3))
    W[:, :, -1] = bias
    z = rng.standard_normal((6, K))
    kw = dict(max_iter=200 if seed else 60, adaptive=adaptive, step=None if adaptive else 1e-2)
    a = descend(X, y, W, z, **kw)
    b = descend(X, y, W, z, fused=False, **kw)
    assert a.status == b.status
    np.testing.assert_array_equal(a.steps, b.steps)
    if seed:
        assert a.steps.max() > 60 and "left" in a.status
    np.testing.assert_allclose(a.loss, b.loss, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.grad_norm, b.grad_norm, rtol=1e-6, atol=1e-10)

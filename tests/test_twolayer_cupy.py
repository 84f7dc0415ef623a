"""The descent protocol on a GPU (CuPy): same labels and end points as NumPy. Skipped without a GPU."""

import numpy as np
import pytest

from critcheck.numeric.backend import available_backends
from critcheck.twolayer.descent import initial_points, run_descent
from critcheck.twolayer.vectors import PATTERN, pattern_point

pytestmark = pytest.mark.skipif(not available_backends()["cupy"], reason="no usable CuPy / CUDA device")


def test_cupy_engine_equals_numpy():
    V = np.eye(6)
    W0 = initial_points(16, 6, 6, seed=[7, 6, 6])
    W0[0] = pattern_point(6, *PATTERN[6]) + 1e-3          # a spurious minimum nearby
    a = run_descent(W0, V, global_below=1e-4, max_iter=20000)
    b = run_descent(W0, V, global_below=1e-4, max_iter=20000, engine="cupy")
    assert isinstance(b.W, np.ndarray)
    assert b.spurious[0] and np.array_equal(a.spurious, b.spurious)
    assert np.array_equal(a.converged, b.converged) and np.array_equal(a.decided, b.decided)
    assert np.abs(a.iterations - b.iterations).max() <= 1
    assert np.abs(a.W - b.W).max() <= 1e-8


def test_cupy_engine_restarts_like_numpy():
    V = np.eye(6)
    W0 = initial_points(4, 7, 6, seed=3)
    a = run_descent(W0, V, step=2.0, max_iter=1500, global_below=1e-4, check_every=100)
    b = run_descent(W0, V, step=2.0, max_iter=1500, global_below=1e-4, check_every=100, engine="cupy")
    assert a.restarts.min() >= 1 and np.array_equal(a.restarts, b.restarts)
    assert np.array_equal(a.decided, b.decided) and np.abs(a.W - b.W).max() <= 1e-8

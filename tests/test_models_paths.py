"""Paths between minima, monotonicity, grids, Wilson intervals (seed 003 Sec. V, VII)."""

from __future__ import annotations

import numpy as np
import pytest

from critcheck.errors import InvalidArgument
from critcheck.models import MLP
from critcheck.models.objective import Objective
from critcheck.models.paths import (barrier_height, bezier_path, filter_normalised_directions,
                                    grid_local_minima, interpolate, monotonicity,
                                    nudged_elastic_band, polyline)
from critcheck.models.proportions import wilson_interval


def bump_objective():
    """Two minima at (+-1, 0) with a bump of height 4 at the origin; detours
    through |y| ~ 1 cost at most ~0.35 over the minima."""
    def vg(t):
        x, y = t[..., 0], t[..., 1]
        g = np.exp(-(x**2 + y**2) / 0.1)
        val = (x**2 - 1) ** 2 + 0.1 * y**2 + 4 * g
        gx = 4 * x * (x**2 - 1) + 4 * g * (-2 * x / 0.1)
        gy = 0.2 * y + 4 * g * (-2 * y / 0.1)
        return val, np.stack([gx, gy], axis=-1)

    return Objective(2, vg, "bump")


def test_minimum_energy_paths_go_around_the_bump():
    F = bump_objective()
    a, b = np.array([-1.0, 0.0]), np.array([1.0, 0.0])
    ts = np.linspace(0, 1, 401)
    line = interpolate(F, a, b, ts)
    assert barrier_height(line) == pytest.approx(5.0, abs=1e-3)  # 1 + 4 at the origin
    rng = np.random.default_rng(0)
    # start psi off the axis (a curve through the bump's centre has zero y-gradient)
    path = nudged_elastic_band(F, a, b + np.array([0.0, 1e-3]), images=20, steps=3000, lr=5e-3)
    neb = barrier_height(np.asarray(F.value(polyline(path, 10))))
    assert neb < 1.5  # far below the straight line's 5
    psi, curve = bezier_path(F, a, b, rng, steps=3000, lr=2e-2)
    bz = barrier_height(np.asarray(F.value(curve(ts))))
    assert bz < 2.5


def test_monotonicity_and_grid_minima():
    assert monotonicity([3, 2, 1])["strictly_decreasing"]
    m = monotonicity([3, 3.5, 2, 1])
    assert m["increases"] == 1 and not m["non_increasing"]
    assert monotonicity([3, 3.5, 2, 1], skip=0.34)["non_increasing"]
    x = np.linspace(-2, 2, 41)
    Z = (x[None, :] ** 2 - 1) ** 2 + x[:, None] ** 2
    mins = grid_local_minima(Z)
    assert sorted(mins) == [(20, 10), (20, 30)]


def test_filter_normalisation_matches_row_norms():
    net = MLP((2, 5, 1), "tanh")
    th = net.init(0, scheme="normal")
    v1, v2 = filter_normalised_directions(net, th, np.random.default_rng(1))
    Ws, bs = net.unpack(th)
    Vs, cs = net.unpack(v1)
    for W, V in zip(Ws, Vs):
        np.testing.assert_allclose(np.linalg.norm(V, axis=1), np.linalg.norm(W, axis=1))
    assert all(np.all(c == 0) for c in cs)
    with pytest.raises(InvalidArgument):
        filter_normalised_directions(net, th[None, :], np.random.default_rng(1))


def test_wilson_interval():
    lo, hi = wilson_interval(0, 10)
    assert lo == pytest.approx(0.0, abs=1e-12) and 0.27 < hi < 0.29         # 0.2775 (Wilson 1927 formula)
    lo, hi = wilson_interval(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-3) and hi == pytest.approx(0.7634, abs=1e-3)
    with pytest.raises(InvalidArgument):
        wilson_interval(3, 2)

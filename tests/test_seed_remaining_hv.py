"""Issue 13: Haeffele & Vidal's inactive-neuron result (seed 003 Sec. VI-A)."""

from __future__ import annotations

import sys

import numpy as np

from critcheck import Context, Verdict, select
from critcheck.models.homogeneous_polar import polar, value_grad


def _mod():
    next(c for c in select(["haeffele_vidal.inactive_neuron"]))
    return sys.modules["critcheck_proofs.haeffele_vidal"]


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    Xt = np.hstack([rng.standard_normal((6, 2)), np.ones((6, 1))])
    y = rng.standard_normal(6)
    th = rng.standard_normal(3 * 4)
    F, g, _ = value_grad(th[None], Xt, y, 3, 0.1)
    for k in range(th.size):
        e = np.zeros_like(th)
        e[k] = 1e-6
        fd = (value_grad((th + e)[None], Xt, y, 3, 0.1)[0] - value_grad((th - e)[None], Xt, y, 3, 0.1)[0]) / 2e-6
        assert abs(fd[0] - g[0, k]) < 1e-5


def test_polar_of_a_single_point_is_its_norm():
    Xt = np.array([[3.0, 4.0, 0.0]])
    assert abs(polar(np.array([-2.0]), Xt, samples=2000) - 10.0) < 1e-6


def test_claim_quick_supported():
    r = next(c for c in select(["haeffele_vidal.inactive_neuron"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()


def test_falsified_twin_width_one_stationary_points_are_not_global():
    out, P, gn, inactive = _mod().hv_check(Context(quick=True), width=1)
    assert out.verdict is not Verdict.SUPPORTED
    near = gn < 1e-3
    assert near.any() and not inactive.any() and (P[near] > 1.5).all()

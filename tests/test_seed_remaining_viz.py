"""Issue 13: Conj. V.3 (barrier in the plane through three minima)."""

from __future__ import annotations

import sys

import numpy as np

from critcheck import Context, Verdict, select
from critcheck.models.objective import Objective


def _mod():
    next(c for c in select(["viz.three_minima_plane"]))
    return sys.modules["critcheck_proofs.viz_three_minima"]


def _quadratic(A, c):
    A = np.asarray(A, float)

    def vg(t):
        d = t - c
        return np.einsum("...i,ij,...j->...", d, A, d), 2 * d @ A

    return Objective(A.shape[0], vg, "quadratic")


def test_three_minima_quick_supported(tmp_path):
    r = next(c for c in select(["viz.three_minima_plane"])).run(Context(quick=True, out_dir=tmp_path))
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    assert r.criterion.passed and r.evidence["samples"] > 0 and "seed" in r.evidence


def test_merge_level_is_the_minimax_path_value():
    mod = _mod()
    g = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(g, g)
    Z = np.minimum((X - 1) ** 2 + Y**2, (X + 1) ** 2 + Y**2)   # two wells, saddle value 1 at 0
    a = 40 * 81 + 60   # (x=1, y=0)
    b = 40 * 81 + 20   # (x=-1, y=0)
    assert abs(mod.merge_level(Z, a, b) - 1.0) < 1e-9


def test_falsified_twins_connected_minima_show_no_barrier():
    mod = _mod()
    # minima on a flat valley: F = (a . theta)^2, three points with a . theta = 0
    a = np.array([1.0, 2.0, -1.0, 0.5])
    flat = _quadratic(np.outer(a, a), np.zeros(4))
    pts = [np.array([2.0, -1.0, 0.0, 0.0]), np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0, 2.0])]
    assert all(abs(a @ p) < 1e-12 for p in pts)
    passed, *_ = mod.three_minima_check(Context(quick=True), flat, pts, 41)
    assert not passed
    # three points around the single minimum of a bowl
    bowl = _quadratic(np.eye(4), np.zeros(4))
    pts = [np.array([1.0, 0, 0, 0]), np.array([-0.5, 0.8, 0, 0]), np.array([-0.5, -0.8, 0, 0])]
    passed, *_ = mod.three_minima_check(Context(quick=True), bowl, pts, 41)
    assert not passed

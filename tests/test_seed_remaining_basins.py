"""Issue 13: the basin notion (seed 003, Defs IV.3-IV.4), Thm IV.2 and Fig. 3."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from critcheck import Context, Verdict, select
from critcheck.numeric.basins import basins, grid_basins, sub_optimal_basins


def _claim(cid):
    return next(c for c in select([cid]) if c.id == cid)


def _proofs_module():
    _claim("basin.thm_IV_2")
    return sys.modules["critcheck_proofs.basins"]


def _path_edges(n):
    return np.stack([np.arange(n - 1), np.arange(1, n)], axis=1)


def test_double_well_has_one_sub_optimal_basin_of_the_right_depth():
    # (x^2-1)^2 + x/2: bad minimum near x=0.93, barrier near x=0.13
    x = np.linspace(-2, 2, 4001)
    f = (x**2 - 1) ** 2 + 0.5 * x
    bnd = np.zeros(x.size, bool)
    bnd[[0, -1]] = True
    sub = sub_optimal_basins(f, _path_edges(x.size), boundary=bnd, min_depth=1e-6)
    assert len(sub) == 1
    B = sub[0]
    crit = np.roots([4, 0, -4, 0.5]).real
    xb, xtop = max(crit), sorted(crit)[1]
    F = lambda t: (t**2 - 1) ** 2 + 0.5 * t
    assert abs(x[B.representative] - xb) < 2e-3
    assert abs(B.depth - (F(xtop) - F(xb))) < 1e-4
    assert B.setwise_strict and not B.bottom_on_boundary and B.gap > 0


def test_plateau_bottom_set_and_non_strict_plateau():
    x = np.linspace(-5, 5, 1001)
    f = np.where(np.abs(x) < 1, 0.0, (np.abs(x) - 1) ** 2)  # flat global bottom
    B = basins(f, _path_edges(x.size), value_tol=0.0)
    assert len(B) == 1 and B[0].bottom_set.size == np.sum(f == 0)
    # a shelf (plateau with lower values on one side) is not a basin
    g = np.where(x < -1, 1 + (x + 1) ** 2, np.where(x < 1, 1.0, 1 - (x - 1) / 10))
    assert sub_optimal_basins(g, _path_edges(x.size), min_depth=1e-9) == []


def test_grid_basins_sees_a_2d_bad_minimum_and_not_a_convex_bowl():
    g = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(g, g, indexing="ij")
    bowl = X**2 + 2 * Y**2
    assert [b for b in grid_basins(bowl, local_factor=10) if b.gap > 0] == []
    two = np.minimum((X - 1) ** 2 + Y**2, (X + 1) ** 2 + Y**2 + 0.3)
    sub = [b for b in grid_basins(two, local_factor=10) if b.is_sub_optimal()]
    assert len(sub) == 1 and abs(sub[0].gap - 0.3) < 1e-9


def test_basin_claims_quick(tmp_path):
    for cid in ("basin.thm_IV_2", "basin.fig_3"):
        r = _claim(cid).run(Context(quick=True, out_dir=tmp_path, budget=60))
        assert r.verdict is Verdict.SUPPORTED, r.explain()
        assert r.criterion is not None and r.criterion.passed and r.criterion.sample_size > 0
        assert "seed" in r.evidence and r.evidence["samples"] > 0
        for a in r.artifacts:
            assert Path(a).stat().st_size > 1000


def test_thm_IV_2_falsified_twin_narrow_nets_are_not_supported():
    # the false variant: "width n-1 = 1 has no sub-optimal basin" on Prop. IV.3's data
    mod = _proofs_module()
    inst = [("sigmoid", mod.NARROW_X, mod.NARROW_Y, 1)]
    out = mod.thm_IV_2_check(Context(quick=True), instances=inst)
    assert out.verdict is not Verdict.SUPPORTED
    assert out.criterion is not None and not out.criterion.passed


def test_fig_3_falsified_twin_swapped_panels(monkeypatch):
    mod = _proofs_module()
    left, right = mod.fig3_functions()
    monkeypatch.setattr(mod, "fig3_functions", lambda: (right, left))
    out = mod.fig_3(Context(quick=True))
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed

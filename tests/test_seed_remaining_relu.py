"""Issue 13: seed 004 Fig. 2(a)-(c) and Table VI as claims, with falsified twins."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from critcheck import Context, Verdict, select


def _mod(cid, name):
    next(c for c in select([cid]) if c.id == cid)
    return sys.modules[f"critcheck_proofs.{name}"]


def test_fig_2abc_quick_supported_with_artifact(tmp_path):
    r = next(c for c in select(["relu.fig_2abc"])).run(Context(quick=True, out_dir=tmp_path))
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    assert r.criterion.passed and r.criterion.sample_size == 10 and "seed" in r.evidence
    assert Path(r.artifacts[0]).stat().st_size > 1000


def test_fig_2abc_loss_matches_a_direct_evaluation():
    mod = _mod("relu.fig_2abc", "relu_fig2abc")
    rng = np.random.default_rng(3)
    y = np.where(rng.random(50) < 0.5, 1.0, -1.0)
    x = rng.standard_normal(50) + y
    for h in (0.0, 0.7, 4.0):
        f = [(xi - h if xi > h else 0.0) + (xi if xi < 0 else 0.0) for xi in x]
        ref = 0.5 * np.mean((np.array(f) - y) ** 2)
        assert abs(mod.empirical_losses(x, y, [h])[0] - ref) < 1e-12
    assert 0.6 < mod.fixed_point() < 0.9


def test_fig_2abc_falsified_twin_wrong_location():
    mod = _mod("relu.fig_2abc", "relu_fig2abc")
    out, _, _ = mod.fig2abc_check(Context(quick=True), predicted=1.5)
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed


def test_table_VI_quick_supported():
    r = next(c for c in select(["relu.table_VI"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    assert r.criterion.sample_size > 0 and "assumption" in r.evidence


def test_table_VI_falsified_twin_swapped_columns():
    mod = _mod("relu.table_VI", "relu_table_VI")
    swapped = {d: (b, a) for d, (a, b) in mod.PAPER.items()}
    out = mod.table_VI_check(Context(quick=True), paper=swapped)
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed

"""Issue 13: Hardt & Ma Thm 2 (seed 002) with a det R < 0 twin."""

from __future__ import annotations

import sys

import numpy as np

from critcheck import Context, Verdict, select


def _mod():
    next(c for c in select(["resnet.hardt_ma_thm2"]))
    return sys.modules["critcheck_proofs.resnet_hardt_ma_thm2"]


def test_quick_supported():
    r = next(c for c in select(["resnet.hardt_ma_thm2"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()


def test_layers_multiply_to_R():
    mod = _mod()
    R = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, -1.0], [1.0, 0.0, 3.0]])
    for H in (1, 3, 10):
        P = np.eye(3)
        for W in mod.small_global_minimum(R, H):
            P = (np.eye(3) + W) @ P
        assert np.allclose(P, R, atol=1e-10)


def test_falsified_twin_negative_determinant():
    mod = _mod()
    R = np.diag([1.0, 2.0, -3.0])
    out = mod.hardt_ma_check(Context(quick=True), R_list=[R])
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed

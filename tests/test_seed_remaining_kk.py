"""Issue 13: seed 001's multi-class / arbitrary-loss augmentation (kk.multiclass)."""

from __future__ import annotations

import sys

import numpy as np

from critcheck import Context, Verdict, select
from critcheck.models.multiclass_losses import entropy, pseudo_huber, softmax_cross_entropy


def test_loss_derivatives_match_finite_differences():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((5, 3))
    y = np.full((5, 3), 0.05)
    y[np.arange(5), rng.integers(0, 3, 5)] = 0.9
    for loss, Y in ((softmax_cross_entropy, y), (pseudo_huber, rng.standard_normal((5, 3)))):
        g = loss.dz(z, Y, np)
        h = 1e-6
        for k in range(3):
            e = np.zeros(3)
            e[k] = h
            fd = (loss.value(z + e, Y, np) - loss.value(z - e, Y, np)) / (2 * h)
            assert np.allclose(fd, g[:, k], atol=1e-6)
    # the least cross-entropy is the labels' entropy, attained at softmax(z) = y
    zs = np.log(y)
    assert abs(softmax_cross_entropy.value(zs, y, np).sum() - entropy(y)) < 1e-12


def test_kk_multiclass_quick_supported():
    r = next(c for c in select(["kk.multiclass"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()


def test_falsified_twin_without_the_regulariser():
    next(c for c in select(["kk.multiclass"]))
    mod = sys.modules["critcheck_proofs.kk_multiclass"]
    out = mod.kk_multiclass_check(Context(quick=True), lam=1e-6, only="softmax")
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed

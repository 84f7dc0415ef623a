"""Exact certificates of genuine minima (rational arithmetic) accept true ones and reject tampered ones."""

import numpy as np
import pytest

pytest.importorskip("flint")

from critcheck.relu.cells import activation_pattern, in_cell_minimum
from critcheck.relu.certify import exact_witness, verify_certificate
from critcheck.relu.genuine import exact_test


def _instance(seed):
    rng = np.random.default_rng(seed)
    Xint = np.hstack([rng.integers(0, 256, (6, 9)), np.full((6, 1), 255)])
    X = Xint / 255.0
    y = np.where(rng.random(6) < 0.5, 1, -1)
    W = rng.standard_normal((3, 10))
    return Xint, X, y, W, activation_pattern(X, W)


def test_certificate_accepts_witness_and_rejects_tampering():
    done = 0
    for seed in range(20):
        Xint, X, y, W, I = _instance(seed)
        e = exact_test(X, y.astype(float), I)
        if e.genuine is not True or not I.any():
            continue
        s = e.signs.astype(int)
        RT = exact_witness(Xint, 255, y, I, s)
        ok, info = verify_certificate(Xint, 255, y, I, W, s, RT)
        assert ok, info
        assert not verify_certificate(Xint, 255, y, I, W, -s, RT)[0]          # wrong signs
        assert not verify_certificate(Xint, 255, -y, I, W, s, RT)[0]          # wrong labels: not a minimiser
        assert not verify_certificate(Xint, 255, y, ~I, W, s, RT)[0]          # wrong cell
        done += 1
    assert done >= 3

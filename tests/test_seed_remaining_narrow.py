"""Issue 13: Prop. IV.3 at n = 3 (two sigmoid neurons, three inputs), as a kernel
statement for ``narrow.prop_IV_3`` (wired by its owner)."""

from __future__ import annotations

import numpy as np

from critcheck.kernel import check
from critcheck.models.narrow_n3 import construct, statement_and_certificate


def test_construction_is_a_critical_point_with_a_lower_point():
    y, th, better, info = construct()
    assert abs(info["E_at_centre"] - 0.25) < 1e-6 and info["E_at_better"] < 1e-8
    assert len(set(y)) == 3 and abs(th[2] - th[3]) > 1   # two different neurons, not a split


def test_kernel_certifies_a_suboptimal_strict_local_minimum():
    st, cert, _ = statement_and_certificate()
    j = check(st, cert)
    assert j.accepted, (j.rule, j.reason)


def test_falsified_twin_reversed_curvature_is_rejected():
    st, cert, _ = statement_and_certificate(t=-0.5)   # t v_j n.c_j < 0: a saddle
    assert not check(st, cert).accepted

"""Issue 13: the zero-Hessian saddle with matrix widths, as kernel statements
(to be wired into ``deep_linear.zero_hessian_saddle`` by its owner)."""

from __future__ import annotations

import pytest

from critcheck.kernel import check
from critcheck.models.deep_linear_matrix import zero_hessian_saddle_statements


def test_matrix_widths_d2_H3_curve_witnesses_accepted():
    for st, cert in zero_hessian_saddle_statements(2, 3)[1:]:
        j = check(st, cert)
        assert j.accepted, (st.title, j.rule, j.reason)


@pytest.mark.slow
def test_matrix_widths_d2_H3_zero_hessian_accepted():   # ~9 s: the kernel's 12x12 symbolic Hessian
    st, cert = zero_hessian_saddle_statements(2, 3)[0]
    j = check(st, cert)
    assert j.accepted, (st.title, j.rule, j.reason)


def test_falsified_twin_H2_hessian_is_not_zero():
    st, cert = zero_hessian_saddle_statements(2, 2)[0]
    j = check(st, cert)
    assert not j.accepted and "inertia" in j.rule


def test_wrong_curve_is_rejected():
    st, cert = zero_hessian_saddle_statements(2, 3)[1]
    # the ascent curve offered as a descent witness
    _, up = zero_hessian_saddle_statements(2, 3)[2]
    assert not check(st, up).accepted


@pytest.mark.slow
def test_matrix_widths_d2_H4_accepted():
    for st, cert in zero_hessian_saddle_statements(2, 4):
        assert check(st, cert).accepted

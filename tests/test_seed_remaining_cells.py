"""Issue 13: seed 004 Sec. VI's printed cell count against its formula."""

from __future__ import annotations

import sys

import sympy

from critcheck import Context, Verdict, select
from critcheck.kernel import Statement, check


def _mod():
    next(c for c in select(["relu.cell_count"]) if c.id == "relu.cell_count")
    return sys.modules["critcheck_proofs.relu_cells_count"]


def test_sums_agree_with_an_independent_exact_summation():
    mod = _mod()
    i = sympy.Symbol("i", integer=True)
    for l in (5, 10, 12):
        ref = sympy.summation(sympy.binomial(1000, i), (i, 0, l))
        assert mod.arrangement_cells(1000, l) == int(ref)
    # regions of 3 lines in general position in the plane: 7; through the origin: 6
    assert mod.arrangement_cells(3, 2) == 7 and mod.central_arrangement_cells(3, 2) == 6


def test_claim_is_refuted_through_the_kernel():
    r = next(c for c in select(["relu.cell_count"])).run(Context(quick=True))
    assert r.verdict is Verdict.REFUTED and r.ok and not r.guard, r.explain()
    assert all(k["accepted"] for k in r.evidence["kernel"]) and len(r.evidence["kernel"]) == 9
    assert r.evidence["l_within_rounding_of_printed"] == []
    assert r.evidence["printed_lies_strictly_between_l_and_l_plus_1"] == [5]
    assert r.evidence["value_at_l_equal_d"] == str(sum(sympy.binomial(1000, k) for k in range(11)))


def test_kernel_rejects_a_wrong_value_and_a_wrong_side():
    mod = _mod()
    good = mod.formal_statements()[0].to_data()
    bad = dict(good, data=dict(good["data"], rhs=str(int(good["data"]["rhs"]) + 1)))
    assert check(Statement.from_data(good), {}).accepted
    assert not check(Statement.from_data(bad), {}).accepted
    five = mod.formal_statements(ls=[5])[1].to_data()   # sum_(i<=5) < 1.85e13
    wrong = dict(five, data=dict(five["data"], rel=">=", rhs=str(mod.HIGH)))
    assert check(Statement.from_data(five), {}).accepted
    assert not check(Statement.from_data(wrong), {}).accepted


def test_falsified_twin_a_printed_value_the_formula_does_give_is_not_refuted(monkeypatch):
    mod = _mod()
    v7 = mod.arrangement_cells(1000, 7)
    monkeypatch.setattr(mod, "LOW", v7 - 10**10)
    monkeypatch.setattr(mod, "HIGH", v7 + 10**10)
    out = mod.check(Context(quick=True))
    assert out.verdict is not Verdict.REFUTED
    assert out.evidence["l_within_rounding_of_printed"] == [7]

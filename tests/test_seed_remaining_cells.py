"""Issue 13: seed 004 Sec. VI's printed cell count against its formula."""

from __future__ import annotations

import sys

import sympy

from critcheck import Context, Verdict, select


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


def test_claim_reports_no_l_matching_the_printed_number():
    r = next(c for c in select(["relu.cell_count"])).run(Context(quick=True))
    assert r.verdict is Verdict.INCONCLUSIVE and r.ok
    assert r.evidence["l_giving_exactly_printed"] == []
    assert r.evidence["l_within_rounding_of_printed"] == []
    assert r.evidence["printed_lies_strictly_between_l_and_l_plus_1"] == [5]
    assert r.evidence["value_at_l_equal_d"] == str(sum(sympy.binomial(1000, k) for k in range(11)))


def test_falsified_twin_a_printed_value_the_formula_does_give_is_matched(monkeypatch):
    mod = _mod()
    monkeypatch.setattr(mod, "PRINTED", mod.arrangement_cells(1000, 7))
    out = mod.check(Context(quick=True))
    assert out.evidence["l_giving_exactly_printed"] == [7]

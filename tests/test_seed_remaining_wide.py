"""Issue 13: Prop. IV.2 for several n >= 3 and input sets (seed 003)."""

from __future__ import annotations

import sys

import pytest
import sympy

from critcheck import Context, Verdict, select
from critcheck.errors import CritcheckError
from critcheck.models.sigmoid_split import split_instance


def _mod():
    next(c for c in select(["wide.prop_IV_2"]))
    return sys.modules["critcheck_proofs.wide_prop_IV_2"]


def test_construction_is_exactly_critical_for_one_neuron():
    for x in ((1, 2, 3), (-1, 1, 2), (1, 2, 3, 4)):
        ins = split_instance(x)
        V, u = sympy.symbols("V u", positive=True)
        g = sum((V * u**xi / (1 + u**xi) - yi) ** 2 for xi, yi in zip(ins.x, ins.y))
        at = {V: ins.V, u: ins.u}
        assert sympy.simplify(sympy.diff(g, V).subs(at)) == 0
        assert sympy.simplify(sympy.diff(g, u).subs(at)) == 0
        assert ins.curvature > 0


def test_bad_inputs_are_refused():
    with pytest.raises(CritcheckError):
        split_instance((1, 1, 2))
    with pytest.raises(CritcheckError):
        split_instance((1, 2))


def test_prop_IV_2_quick_supported():
    r = next(c for c in select(["wide.prop_IV_2"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    for inst in r.evidence["instances"]:
        assert all(k["accepted"] for k in inst["kernel"].values())


def test_falsified_twin_reversed_curvature_is_a_saddle():
    mod = _mod()
    out = mod.prop_IV_2_check(Context(quick=True), inputs=((1, 2, 3),), t=-1)
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed
    inst = out.evidence["instances"][0]
    assert min(inst["perturbation_min_change"].values()) < 0

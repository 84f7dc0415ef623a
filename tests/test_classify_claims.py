"""The issue-3 claims: expected verdicts, and each derivation compiles as LaTeX."""

from __future__ import annotations


import pytest
from conftest import needs_pdflatex

from critcheck import Context, Verdict
from critcheck.claims import select

IDS = [
    "toy.vw",
    "pt.counterexample",
    "deep_linear.zero_hessian_saddle",
    "infinity.xyz",
    "liang.a_zero_at_critical_points",
    "kk.failure_mode",
    "ntk.claim_VI_3",
    "neuron.prop_IV_1.z2",
    "neuron.prop_IV_1.z2_plus_1",
    "neuron.prop_IV_1.tanh",
    "neuron.prop_IV_1.sigmoid",
    "neuron.prop_IV_1.neg_quad",
]
# INCONCLUSIVE by design (no kernel rule for max); see test_recertified_downgrades.py
LATEX_IDS = IDS + ["neuron.prop_IV_1.relu"]

_results: dict = {}


def result(cid):
    if cid not in _results:
        (c,) = select([cid])
        _results[cid] = c.run(Context(budget=120, quick=True))
    return _results[cid]


@pytest.mark.parametrize("cid", IDS)
def test_expected_verdict_with_rechecked_derivation(cid):
    r = result(cid)
    assert r.verdict is r.expected is Verdict.PROVED, (r.summary, r.guard, r.open_branches)
    assert r.derivation is not None and not r.derivation.recheck()
    assert r.guard == "" and not r.open_branches


def _compile(cid, tmp_path):
    from critcheck.render.latex import compile_pdf, write_claim_tex

    tex = write_claim_tex(result(cid), tmp_path / (cid.replace(".", "_") + ".tex"))
    pdf = compile_pdf(tex)
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert "NOT re-checked" not in tex.read_text()


@needs_pdflatex
def test_pt_counterexample_latex_compiles(tmp_path):
    _compile("pt.counterexample", tmp_path)


@pytest.mark.slow
@needs_pdflatex
@pytest.mark.parametrize("cid", LATEX_IDS)
def test_every_claim_latex_compiles(cid, tmp_path):
    _compile(cid, tmp_path)


def test_no_counterexample_for_property_pt_instance_is_faked():
    # the instance path in the evidence must really be verified
    r = result("pt.counterexample")
    assert r.evidence["instance_verified"] is True

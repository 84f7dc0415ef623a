"""Seed 000, Appendix A: PROVED, and false variants that must not be PROVED."""

from __future__ import annotations

import json
from pathlib import Path

import sympy
import pytest

from critcheck import Verdict, run_claim, select
from critcheck.claims import Claim, Method
from critcheck.symbolic.critical import critical_points
from critcheck.symbolic.universal import holds_at_every_critical_point

ROOT = Path(__file__).resolve().parents[1]


def load_proof():
    import sys

    select(["sd.appendix_a"])
    return sys.modules["critcheck_proofs.seed000_appendix_a"]


def as_claim(outcome_fn, expected="PROVED"):
    return Claim("t.variant", "variant", "test", Method.SYMBOLIC, Verdict.parse(expected),
                 lambda ctx: outcome_fn())


def test_appendix_a_proved_fast():
    (c,) = select(["sd.appendix_a"])
    r = c.run()
    assert r.verdict is Verdict.PROVED, r.explain()
    assert r.seconds < 5
    assert r.derivation.recheck() == []
    assert "2*L*(a*exp(b) - 1)*exp(b) + 2*a*lambda" in r.evidence["gradient_a"]


def test_no_critical_point_for_positive_L():
    (c,) = select(["sd.no_critical_point_if_L_positive"])
    assert c.run().verdict is Verdict.PROVED


def test_lambda_zero_variant_is_refuted_not_proved():
    mod = load_proof()
    r = run_claim(as_claim(lambda: mod.appendix_a(lam_positive=False)))
    assert r.verdict is Verdict.REFUTED, r.explain()
    pt = r.counterexample.point
    lam = [k for k in pt if str(k) == "lambda"][0]
    assert pt[lam] == 0


def test_lambda_free_real_with_L_positive_not_proved():
    a, b = sympy.symbols("a b", real=True)
    lam = sympy.Symbol("lambda", real=True)
    L = sympy.Symbol("L", positive=True)
    Lt = L * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a ** 2
    cs = critical_points(Lt, [a, b], [L, lam])
    out = holds_at_every_critical_point(cs, [a])
    assert out.verdict is not Verdict.PROVED


def test_false_claim_b_is_zero_is_refuted():
    # "every critical point has b = 0" is false: b is free on the component
    a, b, lam = sympy.symbols("a b", real=True) + (sympy.Symbol("lambda", positive=True),)
    L = sympy.Symbol("L", nonnegative=True)
    Lt = L * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a ** 2
    cs = critical_points(Lt, [a, b], [L, lam])
    r = run_claim(as_claim(lambda: holds_at_every_critical_point(cs, [b])))
    assert r.verdict is Verdict.REFUTED


def test_false_claim_on_vw_is_refuted():
    # "every critical point of (vw-1)^2 has loss 0": the origin has loss 1
    cs = critical_points("(v*w-1)^2", "v,w")
    r = run_claim(as_claim(lambda: holds_at_every_critical_point(cs, [cs.loss])))
    assert r.verdict is Verdict.REFUTED
    assert r.counterexample.point[sympy.Symbol("v", real=True)] == 0


def test_open_branch_gives_inconclusive():
    cs = critical_points("(tanh(x) - x/2)^2", "x", budget=5)
    r = run_claim(as_claim(lambda: holds_at_every_critical_point(cs, [cs.variables[0]])))
    assert r.verdict in (Verdict.INCONCLUSIVE, Verdict.REFUTED)
    assert r.verdict is not Verdict.PROVED


def test_json_and_tex_from_cli(tmp_path):
    from critcheck.cli import main

    out = tmp_path / "out.json"
    assert main(["verify", "sd.appendix_a", "--json", str(out), "--tex", str(tmp_path)]) == 0
    rec = json.loads(out.read_text())
    assert rec[0]["id"] == "sd.appendix_a" and rec[0]["verdict"] == "PROVED"
    assert (tmp_path / "sd.appendix_a.tex").exists()

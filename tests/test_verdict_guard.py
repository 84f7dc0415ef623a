"""The verdict guard: no verdict may claim more than its evidence."""

from __future__ import annotations

import sympy
import pytest

from critcheck import (Claim, Context, Counterexample, Derivation, Method, Outcome, Verdict,
                       run_claim)
from critcheck.errors import ClaimDefinitionError
from critcheck.claims import claim


def make(func, method="symbolic", expected="PROVED"):
    return Claim("t.x", "t", "test", Method.parse(method), Verdict.parse(expected), func)


def good_derivation():
    x = sympy.Symbol("x")
    d = Derivation()
    d.step("expand", (x + 1) ** 2, x**2 + 2 * x + 1)
    return d


def certified():
    """A true statement with a certificate the kernel accepts: (x + 1)^2 >= 0."""
    from critcheck.kernel import Statement

    st = Statement("lower_bound", "x^2 + 2*x + 1", ("x",), data={"c": "0"})
    return dict(statement=st, certificate={"terms": [{"weight": "1", "square": "x + 1"}]})


def test_proved_with_a_kernel_certificate_passes():
    r = run_claim(make(lambda ctx: Outcome("PROVED", derivation=good_derivation(), **certified())))
    assert r.verdict is Verdict.PROVED and r.ok and r.guard == ""


def test_a_good_derivation_alone_is_not_enough():
    r = run_claim(make(lambda ctx: Outcome("PROVED", derivation=good_derivation())))
    assert r.verdict is Verdict.INCONCLUSIVE and "kernel certificate" in r.guard


def test_proved_from_numeric_method_is_downgraded():
    r = run_claim(make(lambda ctx: Outcome("PROVED", derivation=good_derivation()),
                       method="numeric", expected="SUPPORTED"))
    assert r.verdict is Verdict.INCONCLUSIVE
    assert "numeric" in r.guard


def test_proved_without_certificate_is_downgraded():
    r = run_claim(make(lambda ctx: Outcome("PROVED")))
    assert r.verdict is Verdict.INCONCLUSIVE and "kernel certificate" in r.guard


def test_proved_with_a_wrong_certificate_is_downgraded():
    def check(ctx):
        c = certified()
        c["certificate"] = {"terms": [{"weight": "1", "square": "x + 2"}]}
        return Outcome("PROVED", **c)

    r = run_claim(make(check))
    assert r.verdict is Verdict.INCONCLUSIVE and "kernel rejected" in r.guard


def test_step_without_check_for_implication_is_not_rechecked():
    x = sympy.Symbol("x")

    def check(ctx):
        d = Derivation()
        d.step("claimed implication", sympy.Eq(x**2, 0), sympy.Eq(x, 0), relation="⇒")
        return Outcome("PROVED", derivation=d)

    assert run_claim(make(check)).verdict is Verdict.INCONCLUSIVE


def test_proved_with_open_branch_is_downgraded():
    r = run_claim(make(lambda ctx: Outcome("PROVED", derivation=good_derivation(),
                                           open_branches=["x > 0 undecided"], **certified())))
    assert r.verdict is Verdict.INCONCLUSIVE


def test_refuted_needs_a_kernel_certificate():
    r = run_claim(make(lambda ctx: Outcome("REFUTED"), expected="REFUTED"))
    assert r.verdict is Verdict.INCONCLUSIVE
    good = Counterexample({"x": 1}, "1 is not > 1", verify=lambda: not (sympy.Integer(1) > 1))
    r = run_claim(make(lambda ctx: Outcome("REFUTED", counterexample=good), expected="REFUTED"))
    assert r.verdict is Verdict.INCONCLUSIVE   # a closure, however true, is not a certificate
    from critcheck.kernel import Statement

    # "every critical point of x^3 - 3x has x = 1" is refuted by the critical point x = -1
    st = Statement("critical_point", "x^3 - 3*x", ("x",), data={"point": {"x": "-1"},
                                                                "violates": ["x - 1"]})
    r = run_claim(make(lambda ctx: Outcome("REFUTED", statement=st, certificate={}),
                       expected="REFUTED"))
    assert r.verdict is Verdict.REFUTED


def test_supported_must_record_samples_and_seed():
    r = run_claim(make(lambda ctx: Outcome("SUPPORTED"), method="numeric", expected="SUPPORTED"))
    assert r.verdict is Verdict.INCONCLUSIVE
    r = run_claim(make(lambda ctx: Outcome("SUPPORTED", evidence={"samples": 10, "seed": 0}),
                       method="numeric", expected="SUPPORTED"))
    assert r.verdict is Verdict.INCONCLUSIVE and "Criterion" in r.guard  # issue 11
    from critcheck.claims.criterion import Criterion

    crit = Criterion("h", "s", 10, "rule", True)
    r = run_claim(make(lambda ctx: Outcome("SUPPORTED", evidence={"samples": 10, "seed": 0},
                                           criterion=crit),
                       method="numeric", expected="SUPPORTED"))
    assert r.verdict is Verdict.SUPPORTED


def test_a_crashing_check_is_inconclusive_not_a_crash():
    def check(ctx):
        raise ZeroDivisionError("boom")

    r = run_claim(make(check))
    assert r.verdict is Verdict.INCONCLUSIVE and "ZeroDivisionError" in r.evidence["error"]


def test_budget_turns_a_hang_into_inconclusive():
    import time

    def check(ctx):
        while True:
            time.sleep(0.01)

    r = run_claim(make(check), Context(budget=0.3))
    assert r.verdict is Verdict.INCONCLUSIVE and r.seconds < 5
    assert "budget" in r.summary


def test_numeric_claim_cannot_expect_proved():
    with pytest.raises(ClaimDefinitionError):
        claim("t.bad", title="t", source="s", method="numeric", expected="PROVED")


def test_record_is_json_shaped():
    import json

    r = run_claim(make(lambda ctx: Outcome("PROVED", derivation=good_derivation(),
                                           evidence={"n": 1}, **certified())))
    assert "statement" in r.to_record()["evidence"]
    rec = json.loads(json.dumps(r.to_record()))
    assert set(rec) == {"id", "title", "source", "method", "verdict", "expected", "seconds",
                        "evidence", "artifacts"}

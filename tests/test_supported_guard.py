"""The SUPPORTED branch of the verdict guard (issue 11): samples, seed, criterion, method."""

from __future__ import annotations

import pytest

from critcheck import Claim, Method, Outcome, Verdict, run_claim
from critcheck.claims.criterion import Criterion, no_failure_criterion, rate_row


def _claim(func, method="numeric"):
    return Claim("t.supported", "t", "test", Method.parse(method), Verdict.SUPPORTED, func)


def _criterion(passed=True, n=50):
    return Criterion("the rate is 0", "failures among trials", n, "0 of n fail", passed)


def _outcome(**kw):
    ev = {"samples": 50, "seed": 3}
    ev.update(kw.pop("evidence", {}))
    return Outcome(Verdict.SUPPORTED, evidence=ev, criterion=kw.pop("criterion", _criterion()), **kw)


def test_supported_with_everything_passes():
    r = run_claim(_claim(lambda ctx: _outcome()))
    assert r.verdict is Verdict.SUPPORTED and r.guard == ""
    assert r.to_record()["evidence"]["criterion"]["sample_size"] == 50


@pytest.mark.parametrize("evidence, words", [
    ({"samples": 0}, "samples=0"),
    ({"samples": -2}, "samples=-2"),
    ({"samples": 2.5}, "samples=2.5"),
    ({"samples": True}, "samples=True"),
    ({"seed": None}, "seed"),
])
def test_supported_without_samples_or_seed_is_inconclusive(evidence, words):
    r = run_claim(_claim(lambda ctx: _outcome(evidence=evidence)))
    assert r.verdict is Verdict.INCONCLUSIVE
    assert words in r.guard


def test_supported_without_seed_key_is_inconclusive():
    r = run_claim(_claim(lambda ctx: Outcome(Verdict.SUPPORTED, evidence={"samples": 5},
                                             criterion=_criterion())))
    assert r.verdict is Verdict.INCONCLUSIVE and "seed" in r.guard


def test_supported_under_symbolic_method_is_inconclusive():
    r = run_claim(_claim(lambda ctx: _outcome(), method="symbolic"))
    assert r.verdict is Verdict.INCONCLUSIVE and "symbolic" in r.guard
    assert run_claim(_claim(lambda ctx: _outcome(), method="symbolic + numeric")).verdict is Verdict.SUPPORTED


def test_supported_without_criterion_is_inconclusive():
    r = run_claim(_claim(lambda ctx: _outcome(criterion=None)))
    assert r.verdict is Verdict.INCONCLUSIVE and "Criterion" in r.guard


def test_supported_with_failed_criterion_is_inconclusive():
    r = run_claim(_claim(lambda ctx: _outcome(criterion=_criterion(passed=False))))
    assert r.verdict is Verdict.INCONCLUSIVE and "did not pass" in r.guard


def test_supported_with_unusable_criterion_is_inconclusive():
    r = run_claim(_claim(lambda ctx: _outcome(criterion=_criterion(n=0))))
    assert r.verdict is Verdict.INCONCLUSIVE and "sample_size" in r.guard
    empty = Criterion("", "s", 5, "r", True)
    r = run_claim(_claim(lambda ctx: _outcome(criterion=empty)))
    assert r.verdict is Verdict.INCONCLUSIVE and "hypothesis" in r.guard


def test_no_failure_criterion_rules():
    ok = no_failure_criterion("h", "s", 30, 0)
    assert ok.passed and "power 0.958" in ok.decision_rule
    assert not no_failure_criterion("h", "s", 30, 1).passed
    # undecided above the stated share: not passed, even without a failure
    assert not no_failure_criterion("h", "s", 30, 0, undecided=4, max_undecided_share=0.1).passed
    assert no_failure_criterion("h", "s", 30, 0, undecided=3, max_undecided_share=0.1).passed
    assert not no_failure_criterion("h", "s", 5, 0, undecided=5, max_undecided_share=1.0).passed


def test_rate_row():
    assert rate_row("x", 60, 100, 60).decision == "agrees"
    assert rate_row("x", 35, 100, 60).decision == "differs"
    r = rate_row("x", 0, 100, 0)
    assert r.decision == "agrees" and r.interval[0] == 0.0 and 3.6 < r.interval[1] < 3.7

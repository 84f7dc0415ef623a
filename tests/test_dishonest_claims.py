"""Dishonest claim functions must come back INCONCLUSIVE with the reason.

Each check below tries to obtain a verdict its evidence does not carry: the
derivation steps and closures it brings are never trusted; only the kernel's
acceptance of a certificate for the claim's statement is.
"""

import pytest
import sympy

from critcheck import Counterexample, Derivation, Outcome, Verdict
from critcheck.claims.registry import Claim
from critcheck.claims.runner import run_claim
from critcheck.claims.verdict import Method
from critcheck.kernel import Statement


def _claim(func, method="symbolic", expected="PROVED", formal=None):
    return Claim("test.dishonest", "dishonest", "tests", Method.parse(method),
                 Verdict.parse(expected), func, "", "", formal)


def _identity_step(ctx):
    x = sympy.Symbol("x")
    d = Derivation()
    d.step("reflexivity", x, x)
    return Outcome("PROVED", derivation=d)


def _false_step_with_true_check(ctx):
    d = Derivation()
    d.step("arithmetic", sympy.Integer(1), sympy.Integer(2), check=lambda: True)
    return Outcome("PROVED", derivation=d)


def _float_check(ctx):
    d = Derivation()
    d.step("numerically zero", sympy.Float(1e-40), 0, check=lambda: abs(1e-40) < 1e-12)
    return Outcome("PROVED", derivation=d)


def _refuted_by_closure(ctx):
    cx = Counterexample({"x": 0}, "trust me", verify=lambda: True, verified_by="exact")
    return Outcome("REFUTED", counterexample=cx)


def _refuted_numeric(ctx):
    cx = Counterexample({"x": 0.1}, "a float point", verify=lambda: True, verified_by="interval")
    return Outcome("REFUTED", counterexample=cx)


def _supported_without_samples(ctx):
    return Outcome("SUPPORTED", evidence={"samples": 0, "seed": None})


def _supported(ctx):
    return Outcome("SUPPORTED", evidence={"samples": 100, "seed": 0})


TRIVIAL = Statement("lower_bound", "x^2", ("x",), data={"c": "0"})
TRIVIAL_CERT = {"terms": [{"weight": "1", "square": "x"}]}
DECLARED = Statement("every_critical_point_satisfies", "(x^2 - 1)^2", ("x",), data={"goal": ["x"]})


def _valid_certificate_for_another_statement(ctx):
    return Outcome("PROVED", statement=TRIVIAL, certificate=TRIVIAL_CERT)


def _certificate_rejected(ctx):
    return Outcome("PROVED", statement=DECLARED, certificate={"tree": {"goal": [{"coeffs": {}}]}})


CASES = [
    ("x = x step", _identity_step, "symbolic", "kernel certificate"),
    ("1 = 2 with check=True", _false_step_with_true_check, "symbolic", "kernel certificate"),
    ("float check", _float_check, "symbolic", "kernel certificate"),
    ("float check, mixed method", _float_check, "symbolic + numeric", "kernel certificate"),
    ("REFUTED by verify=True", _refuted_by_closure, "symbolic", "kernel certificate"),
    ("REFUTED under numeric", _refuted_numeric, "numeric", "numeric method"),
    ("SUPPORTED with samples=0, seed=None", _supported_without_samples, "numeric", "samples"),
    ("SUPPORTED under symbolic", _supported, "symbolic", "method 'symbolic'"),
    ("SUPPORTED with seed=None", lambda ctx: Outcome("SUPPORTED", evidence={"samples": 5, "seed": None}),
     "numeric", "seed"),
    ("SUPPORTED without a criterion", _supported, "numeric", "Criterion"),
    ("valid certificate, other statement", _valid_certificate_for_another_statement, "symbolic",
     "differs from the claim's declared formal statement"),
    ("certificate the kernel rejects", _certificate_rejected, "symbolic", "kernel rejected"),
]


@pytest.mark.parametrize("name,func,method,reason", CASES, ids=[c[0] for c in CASES])
def test_dishonest_claim_is_inconclusive(name, func, method, reason):
    r = run_claim(_claim(func, method, formal=DECLARED))
    assert r.verdict is Verdict.INCONCLUSIVE, (name, r.explain())
    assert reason in r.guard, (name, r.guard)


def test_honest_certificate_passes_the_guard():
    # x^2 - 1 has critical points 0, 1, -1; "x (x^2 - 1) = 0 at every critical point"
    st = Statement("every_critical_point_satisfies", "(x^2 - 1)^2", ("x",),
                   data={"goal": ["x*(x^2 - 1)"]})
    cert = {"tree": {"goal": [{"coeffs": {"0": "1/4"}}]}}
    r = run_claim(_claim(lambda ctx: Outcome("PROVED", statement=st, certificate=cert), formal=st))
    assert r.verdict is Verdict.PROVED, r.explain()
    assert r.evidence["kernel"][0]["accepted"] is True


def test_kernel_time_counts_against_the_budget():
    from critcheck.claims.registry import Context

    st = Statement("every_critical_point_satisfies", "(x^2 - 1)^2", ("x",),
                   data={"goal": ["x*(x^2 - 1)"]})
    cert = {"tree": {"goal": [{"coeffs": {"0": "1/4"}}]}}

    def slow(ctx):
        import time
        time.sleep(0.3)
        return Outcome("PROVED", statement=st, certificate=cert)

    r = run_claim(_claim(slow), Context(budget=0.2))
    assert r.verdict is Verdict.INCONCLUSIVE

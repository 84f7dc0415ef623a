"""The exact sigmoid counterexamples (seed 003 Claim IV.1 / Prop. IV.2, Prop. IV.3)."""

from __future__ import annotations

import numpy as np
import sympy

from critcheck import Verdict, select
from critcheck.models.sigmoid_minima import narrow_counterexample, wide_counterexample


def test_wide_counterexample_verifies_exactly():
    ce = wide_counterexample()
    checks = ce.checks()
    assert all(ok for ok, _ in checks.values()), checks
    assert ce.p >= ce.n == 3
    # the loss at the point is the exact rational |r|^2 of the construction
    assert ce.loss_at(ce.v, ce.w) == sympy.Rational(64, 18225)


def test_wrong_sign_is_not_a_local_minimum():
    # t > 0 flips the residual: the curvature condition fails, and indeed the
    # loss decreases along w_1 = w* + e, w_2 = w* - e (a spread of the neurons)
    ce = wide_counterexample(t=1)
    checks = ce.checks()
    assert not checks["curvature sign V r.(x^2 sigma'') > 0"][0]
    assert not ce.verify()
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([float(v) for v in ce.y])

    def E(w):
        return np.sum((np.sum(1 / (1 + np.exp(-np.outer(x, w))), 1) - y) ** 2)

    w0 = np.log(2) * np.ones(3)
    e = 1e-2
    assert E(w0 + np.array([e, -e, 0])) < E(w0)


def test_narrow_counterexample_is_strict_and_bad():
    ce = narrow_counterexample()
    assert ce.verify()
    assert ce.p == ce.n - 1


def test_narrow_global_minimum_is_not_a_counterexample():
    # for a small residual the same construction is the global minimum: no lower point
    ce = narrow_counterexample(v=2, t=sympy.Rational(1, 10))
    assert not ce.checks()["lower loss exists"][0]
    assert not ce.verify()
    # and with the other sign the Hessian is indefinite: a saddle, not a minimum
    ce2 = narrow_counterexample(v=2, t=sympy.Rational(-1, 10))
    assert not ce2.checks()["Hessian positive definite (Sylvester)"][0]


def test_narrow_is_proved_and_wide_names_the_unchecked_lemma():
    (wide,) = [c for c in select(["wide.claim_IV_1"]) if c.id == "wide.claim_IV_1"]
    (narrow,) = select(["narrow.prop_IV_3"])
    rn = narrow.run()
    assert rn.verdict is Verdict.PROVED, rn.explain()
    assert rn.evidence["kernel"][0]["accepted"]
    rw = wide.run()
    assert rw.verdict is Verdict.INCONCLUSIVE
    assert any("reduction lemma" in b for b in rw.open_branches)
    for r in (rn, rw):
        for k, v in r.evidence["numeric_sanity"].items():
            assert v > -1e-12, (k, v)


def test_narrow_certificate_rejects_a_moved_point():
    import sys
    from pathlib import Path

    from critcheck.kernel import check

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proofs"))
    import sigmoid_minima as proof

    st, cert = proof.narrow_formal(narrow_counterexample())
    assert check(st, cert).accepted
    data = dict(st.data, point=dict(st.data["point"], v1=st.data["point"]["v1"] + " + 1/10^40"))
    from critcheck.kernel import Statement

    moved = Statement(st.kind, st.loss, st.variables, data=data)
    assert not check(moved, cert).accepted


def test_claim_with_a_failing_construction_is_not_refuted(monkeypatch):
    import critcheck.models.sigmoid_minima as sm

    # the proof script imports the constructor at run time: give it the wrong-sign variant
    monkeypatch.setattr(sm, "wide_counterexample", _flipped)
    c = next(c for c in select(["wide.claim_IV_1"]) if c.id == "wide.claim_IV_1")
    r = c.run()
    assert r.verdict is Verdict.INCONCLUSIVE
    assert r.open_branches


_orig_wide = wide_counterexample


def _flipped():
    return _orig_wide(t=1)


def test_lower_point_found_on_first_use_is_the_search_result():
    # the lower point is a property computed on first use; it must be the search's answer
    # (seed 0) for the instance's own data, and a given point (honest or not) is what the
    # exact check judges
    from critcheck.models.sigmoid_minima import SigmoidMinimum, _rational_lower_point

    ce = narrow_counterexample()
    assert "lower" not in vars(ce)
    assert ce.lower == _rational_lower_point(ce.x, ce.y, ce.p)
    assert ce.lower is ce.lower
    wide = wide_counterexample()
    assert wide.lower == _rational_lower_point(wide.x, wide.y, 3)
    # a dishonest "lower" point (the point itself) is refused by the exact check
    fake = SigmoidMinimum("narrow", ce.x, ce.y, ce.v, ce.w,
                          given_lower={"v": ce.v, "w": ce.w})
    assert fake.lower == {"v": ce.v, "w": ce.w}
    assert not fake.checks()["lower loss exists"][0]
    assert not fake.verify()

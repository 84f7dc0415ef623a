"""The network-level claims (issue 5) come back with their expected verdicts,
and false variants do not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from critcheck import Context, Verdict, select
from critcheck.models.critical import classify_critical_point
from critcheck.models.objective import Objective

IDS = ["deep_linear.thm_III_1", "deep_linear.thm_III_2", "resnet.hardt_ma",
       "liang.global_at_local_minima", "kk.one_neuron_per_output", "requ.thm_VI_2",
       "requ.thm_VI_2.training", "conj.VII_1", "viz.interpolation_1d", "viz.plane_2d",
       "viz.bezier", "viz.minmax_path"]


def _claim(cid):
    return next(c for c in select([cid]) if c.id == cid)


@pytest.mark.parametrize("cid", IDS)
def test_claim_quick_run_has_expected_verdict(cid, tmp_path):
    r = _claim(cid).run(Context(quick=True, out_dir=tmp_path, budget=120))
    assert r.verdict is r.expected, r.explain()
    if r.verdict is Verdict.SUPPORTED:
        assert r.evidence["quick"] is True
    for a in r.artifacts:
        assert Path(a).exists() and Path(a).stat().st_size > 1000


def test_coercivity_needs_positive_lambdas():
    from critcheck.models.coercivity import coercivity_derivation

    assert coercivity_derivation().recheck() == []
    failed = coercivity_derivation(lambda_positive=False).recheck()
    assert failed, "without lambda_j > 0 the derivation must not re-check"


def _objective_1d(f, df):
    def vg(t):
        x = t[..., 0]
        return f(x), df(x)[..., None]

    return Objective(1, vg, "toy")


def test_classifier_does_not_call_a_bad_local_minimum_a_saddle():
    # (x^2 - 1)^2 + 0.3 x: a non-global local minimum near x = 0.96
    f = lambda x: (x**2 - 1) ** 2 + 0.3 * x
    df = lambda x: 4 * x * (x**2 - 1) + 0.3
    F = _objective_1d(f, df)
    from scipy.optimize import brentq

    x_bad = brentq(df, 0.5, 1.5)
    x_good = brentq(df, -1.5, -0.5)
    info = classify_critical_point(F, np.array([x_bad]), float(f(x_good)), np.random.default_rng(0))
    assert info["kind"] == "undecided"
    good = classify_critical_point(F, np.array([x_good]), float(f(x_good)), np.random.default_rng(0))
    assert good["kind"] == "global"


def test_classifier_finds_descent_at_a_degenerate_saddle():
    # x^3: critical at 0 with zero Hessian; descent along -x
    F = _objective_1d(lambda x: x**3, lambda x: 3 * x**2)
    info = classify_critical_point(F, np.array([0.0]), -np.inf, np.random.default_rng(0))
    assert info["kind"] == "saddle" and "descent" in info["witness"]


def test_exact_deep_linear_classification():
    import sympy

    from critcheck.models.linear_exact import classify_exact, rational_critical_points

    pts = rational_critical_points(3)
    kinds = {tuple(S): classify_exact(S, Ws)["kind"] for S, Ws in pts}
    assert kinds == {(): "saddle", (0,): "saddle", (1,): "saddle", (0, 1): "global"}
    # a perturbed point is not critical, and the check says so
    S, Ws = pts[1]
    Ws = [Ws[0] + sympy.Rational(1, 10) * sympy.eye(2)] + Ws[1:]
    info = classify_exact(S, Ws)
    assert not info["critical"] and info["kind"] != "saddle"

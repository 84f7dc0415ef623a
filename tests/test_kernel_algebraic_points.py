"""Kernel rules at algebraic points: Hessian inertia over Q(alpha), curve witnesses
signed exactly at alpha. Wrong certificates and wrong points must be rejected."""

from __future__ import annotations

import pytest

from critcheck.kernel import Statement, check

F = "x^3/3 - 2*x + y^2"  # critical points (+-sqrt 2, 0): a strict local min and a saddle


def point(x, poly="t^2 - 2", interval=("1", "2")):
    return {"coords": {"x": x, "y": "0"}, "poly": poly, "interval": list(interval)}


def st(kind, p):
    return Statement(kind, F, ("x", "y"), data={"point": p})


def test_strict_minimum_at_an_algebraic_point():
    j = check(st("strict_local_min", point("t")), {"method": "hessian"})
    assert j.accepted and j.facts["inertia"] == [2, 0, 0]


@pytest.mark.parametrize("p, rule", [
    (point("-t"), "inertia"),                              # the saddle at -sqrt 2
    (point("t + 1/1000"), "algebraic evaluation"),         # not a critical point
    (point("t", poly="t^2 - 3"), "algebraic evaluation"),  # sqrt 3: not critical
    (point("t", interval=("2", "3")), "real roots"),       # no root of t^2 - 2 there
])
def test_wrong_algebraic_minima_are_rejected(p, rule):
    j = check(st("strict_local_min", p), {"method": "hessian"})
    assert not j.accepted and j.rule == rule


def test_curve_witness_at_an_algebraic_saddle():
    saddle = st("not_local_min", point("-t"))
    assert check(saddle, {"curve": {"x": "s", "y": "0"}, "order": 3}).accepted
    # ascending directions and the minimum itself are refused
    assert check(saddle, {"curve": {"x": "0", "y": "s"}, "order": 3}).rule == "curve witness"
    minimum = st("not_local_min", point("t"))
    assert check(minimum, {"curve": {"x": "s", "y": "0"}, "order": 3}).rule == "curve witness"
    assert check(minimum, {"curve": {"x": "s", "y": "s"}, "order": 3}).rule == "curve witness"


@pytest.mark.parametrize("r, down", [("14142/10000", "-s"), ("14143/10000", "s")])
def test_curve_witness_signs_are_exact_at_alpha(r, down):
    # the s^1 coefficient of f(alpha, +-s) - f(alpha, 0) is +-(alpha - r), |alpha - r| < 1e-4:
    # only an exact sign at alpha = sqrt 2 tells which direction descends
    p = {"coords": {"x": "t", "y": "0"}, "poly": "t^2 - 2", "interval": ["1", "2"]}
    g = Statement("not_local_min", f"(x - {r})*y", ("x", "y"), data={"point": p})
    up = "s" if down == "-s" else "-s"
    assert check(g, {"curve": {"x": "0", "y": down}, "order": 2}).accepted
    assert check(g, {"curve": {"x": "0", "y": up}, "order": 2}).rule == "curve witness"

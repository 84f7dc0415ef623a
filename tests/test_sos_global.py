"""Sums of squares (critcheck.symbolic.sos) and the global minimum over a certified
critical set (critcheck.symbolic.global_min). False bounds must never be certified;
a loss whose infimum is not attained must never get a "global minimum"."""

from __future__ import annotations

import copy

import pytest
import sympy

from critcheck.commands.critical import _classify
from critcheck.kernel import check
from critcheck.symbolic.critical import critical_points
from critcheck.symbolic.sos import coercivity_bound, sos_lower_bound, zero_rows_rational

x, y = sympy.symbols("x y", real=True)
R = sympy.Rational
HIMMELBLAU = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def test_lower_bound_is_kernel_checked_and_below_the_minimum():
    f = x**4 - 3 * x**2 + x * y + y**2
    # by hand: y = -x/2 gives x^4 - 13 x^2 / 4, least at x^2 = 13/8: min f = -169/64
    b = sos_lower_bound(f, [x, y])
    assert b is not None and check(b.statement, b.certificate).accepted
    assert -R(169, 64) - R(1, 10**4) <= b.c <= -R(169, 64)
    # the certificate is about this loss and this bound only: a higher c is rejected
    higher = type(b.statement)("lower_bound", b.statement.loss, b.statement.variables,
                               data={"c": str(b.c + R(1, 10**9))})
    assert not check(higher, b.certificate).accepted


@pytest.mark.parametrize("i", [0, 1, 2])
def test_tampered_weights_are_rejected(i):
    b = sos_lower_bound((x * y - 1) ** 2 + (x - 1) ** 2, [x, y], 0,
                        zeros=lambda basis: zero_rows_rational(basis, [1, 1]))
    assert b is not None and check(b.statement, b.certificate).accepted
    bad = copy.deepcopy(b.certificate)
    terms = bad["terms"]
    terms[i % len(terms)]["weight"] = str(R(terms[i % len(terms)]["weight"]) * R(101, 100))
    assert not check(b.statement, bad).accepted


@pytest.mark.parametrize("f, c", [
    (x**2 - 1, 0),                                  # false: f(0) = -1
    (HIMMELBLAU, R(1, 10**6)),                      # false: f(3, 2) = 0
    (x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1, 0),  # Motzkin: true, but not SOS
    (x**3 + y**2, -100),                            # unbounded below
])
def test_false_or_non_sos_bounds_are_not_certified(f, c):
    assert sos_lower_bound(f, [x, y], c) is None


def test_facial_reduction_makes_an_attained_bound_certifiable():
    # f - 0 vanishes at (3, 2): without the zero the Gram matrix is singular
    b = sos_lower_bound(HIMMELBLAU, [x, y], 0, zeros=lambda basis: zero_rows_rational(basis, [3, 2]))
    # one zero of four is not enough to make the face's Gram matrix definite; the
    # certified-set route passes all four (below); either way nothing false comes back
    assert b is None or check(b.statement, b.certificate).accepted


@pytest.mark.parametrize("f", [
    (x * y - 1) ** 2 + x**2,        # infimum 0 not attained
    (x * y - 1) ** 2 + (x - 1) ** 2,  # bounded along x y = 1, x -> 0
    x**3 + y**2,
])
def test_non_coercive_losses_get_no_coercivity_bound(f):
    assert coercivity_bound(f, [x, y]) is None


@pytest.mark.parametrize("f", [
    4 * x**2 - R(21, 10) * x**4 + x**6 / 3 + x * y - 4 * y**2 + 4 * y**4,  # six-hump camel
    (x - y) ** 4 + (x + y) ** 2,       # no positive-definite leading form, no dominating pure powers
    (x * y - x + R(3, 2)) ** 2 + (x**2 + y**2 - 4) ** 2,
])
def test_coercivity_bound_is_kernel_checked(f):
    b = coercivity_bound(f, [x, y])
    assert b is not None and b.eps > 0 and check(b.statement, b.certificate).accepted
    # the statement is about f - eps * sum x_i^(2m), not about f
    g = sympy.sympify(b.statement.loss.replace("^", "**"), locals={"x": x, "y": y})
    assert sympy.expand(g - (f - b.eps * (x**b.power + y**b.power))) == 0


def _globals(text):
    cs = critical_points(text, "x,y", budget=60)
    out = dict(_classify(cs))
    return cs, [next(ln for ln in lines if ln.startswith("global: ")) for lines in out.values()]


def test_non_attained_infimum_never_gets_a_global_minimum():
    # (xy - 1)^2 + x^2: one critical point (a saddle, f = 1); inf f = 0, not attained
    cs, glob = _globals("(x*y - 1)^2 + x^2")
    assert cs.solve.complete and len(glob) == 1
    assert glob[0].startswith("global: unknown") and "kernel-checked" in glob[0]


def test_non_coercive_attained_minimum_is_decided_by_a_sum_of_squares():
    cs, glob = _globals("(x*y - 1)^2 + (x - 1)^2")
    assert sorted(g.split(" (")[0] for g in glob) == ["global: global minimum", "global: not global"]
    ev = cs.solve.global_evidence
    assert ev["how"] == "attained sum of squares"
    assert check(ev["statement"], ev["certificate"]).accepted


@pytest.mark.parametrize("text, n_points, n_global", [
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", 9, 4),                       # Himmelblau
    ("4*x^2 - 21*x^4/10 + x^6/3 + x*y - 4*y^2 + 4*y^4", 15, 2),         # six-hump camel
    ("(x*y - x + 3/2)^2 + (x^2 + y^2 - 4)^2", 7, 2),                     # no syntactic rule
    ("x^6/6 - 5*x^4/4 + 2*x^2 + y^6/6 - 5*y^4/4 + 2*y^2 + x*y/10", 25, 2),
])
def test_two_variable_losses_complete_with_global_decided(text, n_points, n_global):
    cs, glob = _globals(text)
    assert cs.solve.complete and len(glob) == n_points
    assert not any("unknown" in g or "not certified" in g for g in glob)
    assert sum(g.startswith("global: global minimum (") for g in glob) == n_global


def test_coercive_by_a_kernel_bound_only():
    # (x-y)^4 + (x+y)^2 + x/3: leading form (x-y)^4 vanishes on x = y, no pure power
    # dominates x^3 y; its minimum value is irrational (u^3 = -1/24 with u = x - y), so
    # only f - eps (x^2 + y^2) >= c (kernel-checked) decides the global minimum
    cs, glob = _globals("(x - y)^4 + (x + y)^2 + x/3")
    assert len(glob) == 1 and glob[0].startswith("global: global minimum (coercive: f - ")
    ev = cs.solve.global_evidence
    assert ev["how"] == "coercivity" and check(ev["statement"], ev["certificate"]).accepted


def _grid_min(f):
    import numpy as np

    fn = sympy.lambdify((x, y), f, "numpy")
    g = np.linspace(-4, 4, 161)
    X, Y = np.meshgrid(g, g)
    return float(np.min(fn(X, Y)))


from hypothesis import given, settings, strategies as hst  # noqa: E402


@settings(max_examples=12, derandomize=True, deadline=None)
@given(hst.lists(hst.integers(-3, 3), min_size=12, max_size=12), hst.integers(-4, 4))
def test_certified_bound_never_exceeds_the_sampled_minimum(co, lin):
    """Independent oracle: any bound the search returns (and the kernel accepts) is at
    most the loss's minimum over a grid; a wrong c could not pass both."""
    mons = [1, x, y, x**2, x * y, y**2]
    g = sum(c * m for c, m in zip(co[:6], mons))
    h = sum(c * m for c, m in zip(co[6:], mons))
    f = sympy.expand(g**2 + h**2 + x**4 + y**4 + lin * x)
    b = sos_lower_bound(f, [x, y])
    # f - c >= 0 is a bivariate quartic, hence a sum of squares (Hilbert 1888): the
    # search must find a bound, strictly below the minimum or at it
    assert b is not None
    assert check(b.statement, b.certificate).accepted
    assert float(b.c) <= _grid_min(f) + 1e-9


def test_unbounded_below_is_decided_with_an_exact_direction():
    from critcheck.symbolic.global_min import unbounded_direction

    # x^4 - 3 x^2 y^2 + y^4 ... leading form negative at (1, 1): -1
    f = x**4 - 3 * x**2 * y**2 + y**4 + x**2 + y**2
    w = unbounded_direction(f, [x, y])
    lead = x**4 - 3 * x**2 * y**2 + y**4
    assert w is not None and lead.subs({x: w[0], y: w[1]}) < 0
    cs, glob = _globals("x^4 - 3*x^2*y^2 + y^4 + x^2 + y^2")
    assert glob and all(g.startswith("global: not global (f is unbounded below") for g in glob)
    # a bounded-below loss never gets such a direction
    assert unbounded_direction(HIMMELBLAU, [x, y]) is None
    assert unbounded_direction((x - y) ** 4 + (x + y) ** 2, [x, y]) is None

"""The exact solver on systems with known answers (SymPy 1.14 solver pitfalls: #22723, #20385, #11179)."""

from __future__ import annotations

import sympy
import pytest

from critcheck.errors import InvalidArgument
from critcheck.symbolic.solve import solve_system, verify_component

v, w, x, y, z = sympy.symbols("v w x y z", real=True)


def comps(r):
    return sorted(str(c) for c in r.components)


def test_vw_origin_and_hyperbola():
    r = solve_system([2 * w * (v * w - 1), 2 * v * (v * w - 1)], [v, w])
    assert r.complete
    assert comps(r) == ["{v = 1/w; Ne(w, 0); free: w}", "{w = 0; v = 0}"]


def test_isolated_point_next_to_curve_is_kept():
    # sympy #22723: nonlinsolve drops (0, 0)
    r = solve_system([w * (v * w + 1), v * (v * w + 1)], [v, w])
    assert r.complete
    pts = [c for c in r.components if c.is_point]
    assert len(pts) == 1 and pts[0].solution == {v: 0, w: 0}


def test_property_pt_gradient_is_not_empty():
    # nonlinsolve returns EmptySet here; truth: line w = 1 and curve v (w-1)^2 = -8
    F = (1 + v * (w - 1) ** 2 / 8) ** 2
    r = solve_system([F.diff(v), F.diff(w)], [v, w])
    assert r.complete
    dims = sorted(c.dimension for c in r.components)
    assert dims == [1, 1]
    for c in r.components:
        assert verify_component([F.diff(v), F.diff(w)], c)
    # (1, 1) lies on the line w = 1
    assert any(provable(c, {v: 1, w: 1}) for c in r.components)


def provable(c, point):
    return all(sympy.simplify(sympy.sympify(val).subs(point) - point[k]) == 0
               for k, val in c.solution.items())


def test_parameters_are_split_not_assumed_generic():
    a, b = sympy.symbols("a b", real=True)
    L = sympy.Symbol("L", nonnegative=True)
    lam = sympy.Symbol("lambda", real=True)
    Lt = L * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a ** 2
    r = solve_system([Lt.diff(a), Lt.diff(b)], [a, b, L, lam])
    assert r.complete
    # lambda = 0 opens the branch a e^b = 1 with any L
    assert any(c.solution.get(lam) == 0 and c.solution.get(a) == sympy.exp(-b)
               for c in r.components)


def test_no_real_root_closes_branch():
    r = solve_system([x ** 2 + 1], [x])
    assert r.complete and r.components == []


def test_circle_is_an_implicit_component():
    r = solve_system([x ** 2 + y ** 2 - 1], [x, y])
    assert r.complete and len(r.components) == 1 and r.components[0].implicit


def test_intersection_of_circle_and_line():
    r = solve_system([x ** 2 + y ** 2 - 1, x - y], [x, y])
    assert r.complete and len(r.components) == 2
    assert all(c.is_point for c in r.components)


def test_transcendental_factor_stays_open():
    r = solve_system([sympy.tanh(x) * (x - 1)], [x])
    assert not r.complete
    assert any(c.solution == {x: 1} for c in r.components)
    assert "tanh" in str(r.open_branches[0])


def test_budget_gives_open_branch_not_a_hang():
    # pitfall: no radicals, large Groebner basis
    r = solve_system([3 * x ** 3 * y + 5 * x * y ** 6 + 2, x ** 5 + y ** 5 - 1], [x, y], budget=2)
    assert r.seconds < 30
    assert not r.complete or r.components  # never a silent empty answer
    if not r.components:
        assert r.open_branches


def test_xyz_family():
    F = (x * y * z - 1) ** 2
    r = solve_system([F.diff(s) for s in (x, y, z)], [x, y, z])
    assert r.complete
    assert sorted(c.dimension for c in r.components) == [1, 1, 1, 2]


def test_unlisted_symbols_are_rejected():
    L = sympy.Symbol("L")
    with pytest.raises(InvalidArgument, match="not unknowns"):
        solve_system([L * x], [x])


def test_positive_unknown_assignment_is_checked():
    u = sympy.Symbol("u", positive=True)
    r = solve_system([u + 1], [u])
    assert r.complete and r.components == []


@pytest.mark.parametrize("eqs,unknowns,n", [
    ([4 * x ** 3, 4 * y ** 3], [x, y], 1),
    ([2 * x, -2 * y], [x, y], 1),
    ([x * (x - 1) * (x + 2)], [x], 3),
])
def test_simple_counts(eqs, unknowns, n):
    r = solve_system(eqs, unknowns)
    assert r.complete and len(r.components) == n
    for c in r.components:
        assert verify_component(eqs, c)


def test_every_derivation_step_rechecks():
    r = solve_system([2 * w * (v * w - 1), 2 * v * (v * w - 1)], [v, w])
    assert r.derivation.recheck() == []

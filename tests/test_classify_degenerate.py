"""Textbook critical points, degenerate ones included, classified exactly."""

from __future__ import annotations

import pytest
import sympy

from critcheck.symbolic.classify import classify_all, classify_point, describe_component
from critcheck.symbolic.critical import critical_points
from critcheck.symbolic.inertia import descartes_inertia, matrix_inertia
from critcheck.symbolic.taylor import curve_witness, find_witnesses


def only(cs):
    (c,) = classify_all(cs)
    return c


@pytest.mark.parametrize("expr, kind", [
    ("x**2 + y**2", "strict local min"),
    ("x**2 + y**4", "strict local min"),
    ("x**4 + y**4", "strict local min"),
    ("x**2 - y**4", "saddle"),
    ("x**3 - 3*x*y**2", "saddle"),            # monkey saddle
    ("(y - x**2)*(y - 2*x**2)", "saddle"),     # Peano: every line goes up, a parabola goes down
    ("-x**2 - y**4", "local max"),
    ("x**2 - y**2", "saddle"),
])
def test_isolated_point_kinds(expr, kind):
    c = only(critical_points(expr, "x,y"))
    assert c.kind == kind
    assert not c.derivation.recheck(), "every classification step must re-check"


def test_peano_needs_a_parabola_not_a_line():
    x, y = sympy.symbols("x y", real=True)
    f = (y - x**2) * (y - 2 * x**2)
    o = {x: 0, y: 0}
    down, up = find_witnesses(f, (x, y), o, parabolas=False)
    assert down is None and up is not None   # no line descends
    w = curve_witness(f, (x, y), o, (1, 0), (0, sympy.Rational(3, 2)))
    assert w.descent and w.order == 4 and w.coefficient == sympy.Rational(-1, 4) and w.check()


def test_index_of_nondegenerate_points():
    cs = critical_points("(v*w-1)**2", "v,w")
    origin = [c for c in classify_all(cs) if c.component.is_point][0]
    assert (origin.kind, origin.index, origin.value, origin.is_global) == ("saddle", 1, 1, False)
    c = only(critical_points("-(x**2+y**2+z**2)", "x,y,z"))
    assert c.index == 3 and c.kind == "local max"


def test_circle_of_minima_and_central_max():
    cls = classify_all(critical_points("(x**2+y**2-1)**2", "x,y"))
    by_dim = {c.component.dimension: c for c in cls}
    assert by_dim[1].kind == "non-strict local min" and by_dim[1].is_global is True
    assert by_dim[0].kind == "local max" and by_dim[0].index == 2


def test_morse_bott_sub_ranges_of_fig2_line():
    cs = critical_points("(1 - v*(-(w-1)**2/8))**2", "v,w")
    line = [c for c in classify_all(cs) if c.value == 1][0]
    kinds = {p.condition: p.kind for p in line.pieces}
    assert kinds == {"v < 0": "local max", "v = 0": "saddle", "v > 0": "non-strict local min"}
    assert line.is_global is False


def test_degenerate_line_points_on_xyz():
    cls = classify_all(critical_points("(x*y*z-1)**2", "x,y,z"))
    lines = [c for c in cls if c.value == 1]
    assert len(lines) == 3
    for c in lines:
        assert {p.kind for p in c.pieces} == {"saddle"}
        assert sorted(p.index for p in c.pieces) == [0, 1, 1]


def test_descartes_inertia_matches_eigenvalues():
    H = sympy.Matrix([[2, 1, 0], [1, -3, 0], [0, 0, 0]])
    inert, _ = matrix_inertia(H)
    ev = H.eigenvals()
    assert inert.positive == sum(m for e, m in ev.items() if e > 0)
    assert inert.negative == sum(m for e, m in ev.items() if e < 0)
    assert inert.zero == ev.get(0, 0)
    assert descartes_inertia([1, 0, -1]).negative == 1


def test_semidefinite_without_witness_is_undecided():
    # f = x^2 at the origin in (x, y): y is a flat direction, no curve goes down or up in y
    x, y = sympy.symbols("x y", real=True)
    from critcheck.claims.derivation import Derivation
    p = classify_point(x**2, (x, y), {x: 0, y: 0}, Derivation())
    assert p.kind == "undecided" and p.not_max and not p.not_min


def test_describe_component_lines():
    cs = critical_points("(v*w-1)**2", "v,w")
    lines = describe_component(cs, cs.solve.components[0])
    assert "type: saddle" in lines[0] and "index: 1" in lines[0] and "global min: no" in lines[0]


def test_cli_critical_prints_classification(capsys):
    from critcheck.cli import main
    rc = main(["critical", "x**2 - y**4", "--vars", "x,y"])
    out = capsys.readouterr().out
    assert rc == 0 and "type: saddle" in out and "index: 0" in out


def test_family_whose_type_changes_twice():
    # {w = 0, free v} of (2 - v*w**2 - v**2*w**2)**2: normal Hessian ~ -(v + v^2); changes at v=-1, 0
    cs = critical_points("(2 - (v + v**2)*w**2)**2", "v,w")
    line = [c for c in classify_all(cs) if c.component.solution.get(cs.variables[1]) == 0
            and c.component.free][0]
    kinds = {p.condition: p.kind for p in line.pieces}
    assert kinds["-1 < v < 0"] == "non-strict local min"
    assert kinds["v > 0"] == "local max" and kinds["v < -1"] == "local max"
    assert not line.derivation.recheck()


def test_coercive_polynomial_global_by_least_critical_value():
    (c,) = classify_all(critical_points("(x**2+y**2+1)**2", "x,y"))
    assert c.is_global is True and c.value == 1
    cls = classify_all(critical_points("x**4 - 2*x**2 + x/2 + y**2", "x,y"))
    mins = [c for c in cls if c.kind == "strict local min"]
    assert sorted(c.is_global for c in mins) == [False, True]
    glob = [c for c in mins if c.is_global][0]
    other = [c for c in mins if not c.is_global][0]
    assert sympy.N(glob.value) < sympy.N(other.value)   # independent float cross-check


def test_not_coercive_means_no_global_claim():
    # x^3 + y^2 is unbounded below: no lower bound, never "global min: yes"
    cls = classify_all(critical_points("x**3 + y**2", "x,y"))
    assert all(c.is_global is not True for c in cls)


def test_family_side_conditions_restrict_the_pieces():
    from critcheck.symbolic.classify import classify_component
    from critcheck.symbolic.solve import Component

    cs = critical_points("(1 - v*w**2)**2", "v,w")
    v, w = cs.variables
    line = [c for c in cs.solve.components if c.solution.get(w) == 0][0]
    restricted = Component(line.solution, line.free, (), (v > 1,))
    pieces = classify_component(cs, restricted).pieces
    assert [(p.condition, p.kind) for p in pieces] == [("v > 1", "local max")]


def test_solver_algebraic_coefficient_branch_is_open_not_a_crash():
    # regression: a branch y = 3/4 - sqrt(7)/4 left 8x^2 + 5 - 2 sqrt(7) = 0, which
    # Poly(..., domain=QQ) rejected (CoercionFailed, then infinite recursion)
    cs = critical_points("y**3 - x**2*y + x**4 + 2*x**2*y**2", "x,y", budget=20)
    assert cs.solve.open_branches and not cs.solve.complete
    for c in classify_all(cs):
        assert c.is_global is not True   # incomplete analysis: no global claim

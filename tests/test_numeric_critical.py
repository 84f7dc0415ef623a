"""Numeric critical points: index, dedupe, and the exact re-check that must not over-claim."""

import sympy

from critcheck.numeric.critical import find_critical_points, verify_exactly

x, y, v, w = sympy.symbols("x y v w", real=True)


def test_double_well_points_index_and_exact_minima():
    pts = find_critical_points((x**2 - 1)**2 + y**2, [x, y], "-2:2,-2:2", n_starts=64, exact=True)
    assert [p.kind for p in pts] == ["minimum", "minimum", "saddle"]
    assert [p.index for p in pts] == [0, 0, 1]
    for p in pts[:2]:
        assert p.exact["status"] == "exact strict local minimum"
        assert p.exact["point"] in ({"x": "-1", "y": "0"}, {"x": "1", "y": "0"})


def test_vw_origin_is_an_index_one_saddle_and_minima_are_degenerate():
    pts = find_critical_points((v * w - 1)**2, [v, w], "-2:2,-2:2", n_starts=32)
    sad = [p for p in pts if p.kind == "saddle"]
    assert len(sad) == 1 and max(map(abs, sad[0].point)) < 1e-8 and sad[0].index == 1
    # the minima form the curve vw = 1: one zero Hessian eigenvalue each
    assert all(p.kind == "degenerate" and abs(p.value) < 1e-12 for p in pts if p.kind != "saddle")


def test_exact_check_refuses_a_point_that_is_not_critical():
    # (0.5, 0) is not a critical point of the double well; a nearby float must not be "verified"
    rec = verify_exactly((x**2 - 1)**2 + y**2, [x, y], (0.5, 0.0))
    assert rec["status"] == "not verified"
    # a critical point whose Hessian is only semidefinite is not called a strict minimum
    rec = verify_exactly(x**4 + y**2, [x, y], (0.0, 0.0))
    assert rec["status"] == "exact critical point"

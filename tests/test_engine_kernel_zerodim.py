"""The trusted zero-dimensional check: valid certificates pass, perturbed ones fail.

The certificates here are written by hand (no engine needed): for
``f = x^4/4 - x^2/2 + y^2/2`` the gradient is ``(x^3 - x, y)``, whose
solutions are ``(-1, 0), (0, 0), (1, 0)``; with ``t = x`` the shape form is
``P = t^3 - t``, ``x = t``, ``y = 0``.
"""

from __future__ import annotations

import ast
import copy
import pathlib

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from critcheck.kernel.zerodim import check_zerodim

x, y = sympy.symbols("x y")
F = x**4 / 4 - x**2 / 2 + y**2 / 2
CERT = {
    "variables": ["x", "y"],
    "linear_form": ["1", "0"],
    "eliminant": ["0", "-1", "0", "1"],
    "denominator": ["1"],
    "numerators": [["0", "1"], []],
    "real_roots": [["-3/2", "-1/2"], ["-1/2", "1/2"], ["1/2", "3/2"]],
    "completeness": "bezout",
}


def cert(**changes):
    c = copy.deepcopy(CERT)
    c.update(changes)
    return c


def test_valid_certificate_is_complete():
    out = check_zerodim(F, [x, y], cert())
    assert out["complete"] is True
    assert out["complex_count"] == 3
    assert [p["interval"] for p in out["points"]] == CERT["real_roots"]


def test_without_completeness_the_points_are_open():
    out = check_zerodim(F, [x, y], cert(completeness=None))
    assert out["complete"] is False and len(out["points"]) == 3


@pytest.mark.parametrize("bad, why", [
    (dict(eliminant=["0", "-1", "0", "2"]), "does not vanish"),            # coefficient changed
    (dict(eliminant=["0", "-1", "1"], real_roots=[["-1/2", "1/2"], ["1/2", "3/2"]]),
     "Bezout"),                                                             # a root dropped (t^2 - t)
    (dict(numerators=[["1/10000000000000000000000000000000000000000", "1"], []]),
     "does not vanish|linear form"),                                                    # x moved by 1e-40
    (dict(numerators=[["0", "1"], ["1"]]), "does not vanish"),              # y = 1
    (dict(real_roots=[["-3/2", "-1/2"], ["1/2", "3/2"]]), "missing root"),  # a root left out
    (dict(real_roots=[["-3/2", "-1/2"], ["-1/2", "1/4"], ["1/2", "3/2"]]), None),  # fine: still isolating
    (dict(real_roots=[["-3/2", "-1/2"], ["1/4", "1/2"], ["1/2", "3/2"]]), "exactly one"),  # end moved
    (dict(real_roots=[["-3/2", "-1/2"], ["-1/2", "3/2"]]), "exactly one"),  # two roots in one
    (dict(real_roots=[["-1", "-1/2"], ["-1/2", "1/2"], ["1/2", "3/2"]]), "end point is a root"),
    (dict(linear_form=["2", "0"]), "linear form"),
    (dict(variables=["y", "x"]), "variables"),
    (dict(completeness="trust me"), "unknown rule"),
    (dict(eliminant=["1e3"]), "not an integer"),
    (dict(eliminant=["__import__('os')"]), "not an integer"),
    (dict(numerators=[["0", "1/0"], []]), "zero denominator"),
    (dict(denominator=["0", "1"]), "shares a root"),
])
def test_perturbed_certificates_are_rejected(bad, why):
    if why is None:
        assert check_zerodim(F, [x, y], cert(**bad))["complete"]
        return
    with pytest.raises(ValueError, match=why):
        check_zerodim(F, [x, y], cert(**bad))


def test_singular_point_blocks_bezout_completeness():
    # x^4/4 + y^2/2: gradient (x^3, y); one point (0,0) of multiplicity 3
    f = x**4 / 4 + y**2 / 2
    c = cert(eliminant=["0", "1"], real_roots=[["-1", "1"]])
    assert check_zerodim(f, [x, y], dict(c, completeness=None))["complete"] is False
    with pytest.raises(ValueError, match="Bezout"):
        check_zerodim(f, [x, y], c)


def test_linear_elimination_rule():
    # Rosenbrock-like: (y - x^2)^2/2 + (x - 1)^2/2; Bezout number of ∇f is 3*2 = 6,
    # but y - x^2 = 0 eliminates y and leaves x - 1: one point (1, 1)
    f = (y - x**2) ** 2 / 2 + (x - 1) ** 2 / 2
    c = cert(eliminant=["-1", "1"], numerators=[["0", "1"], ["0", "0", "1"]],
             real_roots=[["0", "2"]])
    with pytest.raises(ValueError, match="Bezout"):
        check_zerodim(f, [x, y], c)
    out = check_zerodim(f, [x, y], dict(c, eliminations=[["y", 1]]))
    assert out["complete"] and len(out["points"]) == 1
    with pytest.raises(ValueError, match="eliminations"):
        check_zerodim(f, [x, y], dict(c, eliminations=[["x", 0]]))  # not linear in x
    with pytest.raises(ValueError, match="eliminations"):
        check_zerodim(f, [x, y], dict(c, eliminations=[["y", 1], ["y", 0]]))


def test_not_a_polynomial_is_rejected():
    with pytest.raises(ValueError, match="polynomial"):
        check_zerodim(sympy.exp(x) + y**2, [x, y], cert())
    with pytest.raises(ValueError, match="polynomial"):
        check_zerodim(sympy.sqrt(2) * x**2 + y**2, [x, y], cert())
    with pytest.raises(ValueError, match="floating"):
        check_zerodim(x**4 / 4 - 0.5 * x**2 + y**2 / 2, [x, y], cert())


@settings(max_examples=40, deadline=None, derandomize=True)
@given(field=st.sampled_from(["eliminant", "numerators", "denominator"]),
       index=st.integers(0, 3), delta=st.integers(1, 5))
def test_any_coefficient_change_is_rejected(field, index, delta):
    c = cert()
    if field == "numerators":
        coeffs = c["numerators"][0] + ["0"] * 4
        coeffs[index] = str(sympy.Rational(coeffs[index]) + sympy.Rational(delta, 7))
        c["numerators"][0] = coeffs
    else:
        coeffs = c[field] + ["0"] * (4 - len(c[field]))
        coeffs[index] = str(sympy.Integer(coeffs[index]) + delta)
        c[field] = coeffs
    with pytest.raises(ValueError):
        check_zerodim(F, [x, y], c)


def test_kernel_module_hygiene():
    """Only the standard library, sympy and flint; no floats, evalf, eval or sympify."""
    src = pathlib.Path(__file__).parents[1] / "critcheck" / "kernel" / "zerodim.py"
    text = src.read_text()
    tree = ast.parse(text)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "the kernel module imports nothing from critcheck"
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "re", "flint", "sympy"}, imported
    banned = {"float", "evalf", "nsimplify", "eval", "exec", "sympify", "S", "parse_expr"}
    for node in ast.walk(tree):
        name = (node.id if isinstance(node, ast.Name)
                else node.attr if isinstance(node, ast.Attribute) else None)
        assert name not in banned, f"line {node.lineno}: {name}"

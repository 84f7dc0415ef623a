"""Random polynomials: exact classifications never contradict a numeric oracle.

The oracle (float sampling near each point and over a box) is independent of the
exact code; it can only catch a wrong 'local min', 'local max' or 'global' claim.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings, strategies as st

from critcheck.symbolic.classify import classify_all
from critcheck.symbolic.critical import critical_points

x, y = sympy.symbols("x y", real=True)
MONOMIALS = [x**2, y**2, x * y, x**3, y**3, x**2 * y, x * y**2, x**4, y**4, x**2 * y**2]


def _pt(c):
    return [float(sympy.N(c.component.solution.get(v, v), 30)) for v in (x, y)]


@pytest.mark.slow
@settings(max_examples=8, derandomize=True, deadline=None)
@given(st.lists(st.integers(-2, 2), min_size=len(MONOMIALS), max_size=len(MONOMIALS)))
@example(coeffs=[0, 0, 0, 0, 1, -1, 0, 1, 0, 2])  # algebraic-coefficient branch (solver bug, fixed)
def test_classification_agrees_with_sampling(coeffs):
    f = sum(c * m for c, m in zip(coeffs, MONOMIALS))
    if f == 0:
        return
    cs = critical_points(f, (x, y), budget=20)
    F = sympy.lambdify((x, y), f, "numpy")
    rng = np.random.default_rng(0)
    for c in classify_all(cs):
        if not c.component.is_point:
            continue
        p = np.array(_pt(c))
        f0 = float(F(*p))
        h = rng.normal(size=(400, 2))
        h /= np.linalg.norm(h, axis=1)[:, None]
        for r in (1e-2, 1e-3):
            vals = F(p[0] + r * h[:, 0], p[1] + r * h[:, 1])
            if c.kind == "strict local min":
                assert np.all(vals >= f0 - 1e-12), (f, c.component)
            if c.kind == "local max":
                assert np.all(vals <= f0 + 1e-12), (f, c.component)
        if c.is_global is True:
            g = rng.uniform(-5, 5, size=(4000, 2))
            assert np.all(F(g[:, 0], g[:, 1]) >= f0 - 1e-9), (f, c.component)

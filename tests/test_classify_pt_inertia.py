"""Property PT paths and exact inertia against independent oracles."""

from __future__ import annotations

import numpy as np
import sympy
from hypothesis import given, settings, strategies as st

from critcheck.symbolic.inertia import matrix_inertia
from critcheck.symbolic.pt import DecreasingPath, strictly_negative_on

t = sympy.Symbol("t", real=True)
v, w = sympy.symbols("v w", real=True)
F = (1 + v * (w - 1) ** 2 / 8) ** 2


def test_decreasing_path_verified():
    p = DecreasingPath(F, (v, w), (1 - 801 * t, sympy.Rational(11, 10)), t, 0, 1, 0)
    assert p.verify()


def test_path_that_overshoots_is_rejected():
    # going past v* = -800 makes F increase again after t = 1/2
    p = DecreasingPath(F, (v, w), (1 - 1602 * t, sympy.Rational(11, 10)), t, 0, 1, 0)
    assert not p.decreasing()


def test_path_along_the_flat_line_is_rejected():
    # on w = 1 the loss is constant: not strictly decreasing, and not at a global minimum
    p = DecreasingPath(F, (v, w), (1 - t, sympy.Integer(1)), t, 0, 1, 0)
    assert not p.decreasing() and not p.reaches_global()


def test_strictly_negative_on_catches_interior_root():
    assert strictly_negative_on(-(t - 1) ** 2 - 1, t, 0, 3)
    assert not strictly_negative_on(-(t - 1) ** 2, t, 0, 3)   # zero at t = 1
    assert not strictly_negative_on(t - 2, t, 0, 3)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=6, max_size=6))
def test_inertia_matches_numpy_eigenvalues(entries):
    a, b, c, d, e, f = entries
    H = sympy.Matrix([[a, b, c], [b, d, e], [c, e, f]])
    inert, _ = matrix_inertia(H)
    ev = np.linalg.eigvalsh(np.array(H.tolist(), dtype=float))
    tol = 1e-9
    if np.all(np.abs(ev) > 1e-6) or np.any(np.abs(ev) < tol):
        assert inert.negative == int(np.sum(ev < -1e-6))
        assert inert.positive == int(np.sum(ev > 1e-6))

"""Minima at infinity: divergence is detected, convergence is not mistaken for it (and vice versa)."""

import numpy as np
import pytest
import sympy

from critcheck import Context, Verdict, load_catalogue
from critcheck.errors import InvalidArgument
from critcheck.numeric.divergence import classify_trajectory, gradient_flow

a, b, x, y = sympy.symbols("a b x y", real=True)


def test_augmented_loss_diverges_at_the_predicted_rate():
    # seed 000 eq. (1), L = 1, lambda = 1: along the valley e^{2b} ~ 4 t (our asymptotics)
    expr = 1 + (a * sympy.exp(b) - 1) ** 2 + a ** 2
    tr = gradient_flow(expr, [a, b], [[0.7, -1.0], [-1.0, 1.0]], t_max=1e6)
    for t in tr:
        assert t.status == "diverging"
        assert t.direction[1] > 0.99
        assert abs(t.final[1] - 0.5 * np.log(4e6)) < 0.05
        assert 0 < t.losses[-1] - 1 < 1e-6
        assert t.grad_norms[-1] < 1e-5  # tiny gradient, yet not converged


def test_global_case_and_convex_loss_converge():
    # eq. (1) with L = 0 (the global minimum of L): Ltilde = a^2, minimum at a = 0, any b
    for t in gradient_flow(a ** 2 + 0 * b, [a, b], [[1.0, 2.0]], t_max=1e3):
        assert t.status == "converged" and abs(t.final[0]) < 1e-8 and t.direction is None
    for t in gradient_flow(x ** 2 + (y - 1) ** 2, [x, y], [[1.0, 2.0], [3.0, -1.0]], t_max=1e3):
        assert t.status == "converged" and abs(t.final[1] - 1) < 1e-8


def test_slow_convergence_is_not_called_divergence():
    # x^4: converges like t^{-1/2}; |x| shrinks, never grows
    t = np.logspace(-3, 4, 50)
    X = np.stack([1 / np.sqrt(1 + 8 * t), np.zeros_like(t)], axis=1)
    tr = classify_trajectory(t, X, X[:, 0] ** 4, 4 * X[:, 0] ** 3)
    assert tr.status != "diverging"


def test_growth_with_increasing_loss_is_not_a_minimum_at_infinity():
    t = np.logspace(-3, 4, 50)
    X = np.stack([np.log1p(t), np.zeros_like(t)], axis=1)
    tr = classify_trajectory(t, X, X[:, 0], np.ones_like(t))
    assert tr.status == "undecided"


def test_bad_input():
    with pytest.raises(InvalidArgument):
        gradient_flow(x ** 2, [x], [[0.0, 1.0]])


def test_seed000_claims_quick(tmp_path):
    cat = load_catalogue(["proofs/sd_numeric.py"])
    ctx = Context(quick=True, out_dir=tmp_path)
    r1 = cat["sd.minimum_at_infinity"].run(ctx)
    assert r1.verdict is Verdict.SUPPORTED, r1.explain()
    r2 = cat["sd.figure_1"].run(ctx)
    assert r2.verdict is Verdict.SUPPORTED, r2.explain()
    assert (tmp_path / "sd_figure_1.png").stat().st_size > 10_000
    prof = r2.evidence["L1_profile_min_over_a"]
    # min_a Ltilde(a, b) = L + L*lam/(L e^{2b} + lam) (closed form from eq. (1)); L = lam = 1
    for bb, m in prof.items():
        assert abs(m - (1 + 1 / (np.exp(2 * float(bb)) + 1))) < 1e-9

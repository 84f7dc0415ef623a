"""Seed 004, eqs. (6)-(9): genuineness tests, cross-checked between routes."""

import numpy as np
import pytest

from critcheck.relu.cells import activation_pattern, augment, in_cell_minimum
from critcheck.relu.genuine import (check_witness, dense_lp_test, exact_test, lp_test, milp_test,
                                    paper_test, sign_program)


def _instance(seed, N=6, d=9, K=3, bias=0.0, pos_frac=0.5):
    rng = np.random.default_rng(seed)
    X = augment(rng.standard_normal((N, d)))
    y = np.where(rng.random(N) < pos_frac, 1.0, -1.0)
    W = rng.standard_normal((K, d + 1))
    W[:, -1] += bias
    return X, y, activation_pattern(X, W)


def _cases():
    # full row rank (N <= d + 1): both the closed form and the LP / MILP apply
    return [_instance(s, pos_frac=p, bias=b) for s in range(12) for p in (0.5, 0.9) for b in (0.0, -1.0)]


def test_closed_form_agrees_with_lp_paper_test():
    answers = []
    for X, y, I in _cases():
        cell = in_cell_minimum(X, y, I, null_basis=True)
        fast = paper_test(X, y, I, cell)
        lp = lp_test(X, I, cell)
        assert fast.genuine is not None and lp.genuine is not None
        assert fast.genuine == lp.genuine, (fast.reason, lp.reason)
        if fast.genuine:
            assert fast.witness_checked and lp.witness_checked
        answers.append(fast.genuine)
    assert True in answers and False in answers       # the comparison is not vacuous


def test_closed_form_agrees_with_milp_exact_test():
    answers = []
    for X, y, I in _cases():
        cell = in_cell_minimum(X, y, I, null_basis=True)
        fast = exact_test(X, y, I, cell)
        slow = milp_test(X, I, cell)
        if fast.genuine:
            assert fast.witness_checked
            assert slow.genuine is True, slow.reason
        else:
            assert slow.genuine is not True, slow.reason
        answers.append(fast.genuine)
    assert True in answers and False in answers


def test_exact_test_finds_minima_the_paper_test_misses():
    # all labels negative, one active neuron per active sample: (7) impossible, (8) possible
    differ = 0
    for seed in range(10):
        X, y, I = _instance(seed, pos_frac=0.0)
        if not I.any():
            continue
        p, e = paper_test(X, y, I), exact_test(X, y, I)
        assert p.genuine is False
        assert e.genuine is True and e.witness_checked and np.all(e.signs[I.any(axis=0)] < 0)
        differ += 1
    assert differ >= 5


def test_per_sample_theorem_fitted_values_are_labels():
    X, y, I = _instance(3, N=8, d=12, K=4)
    cell = in_cell_minimum(X, y, I)
    active = I.any(axis=1)
    np.testing.assert_allclose(cell.fitted[active], y[active], atol=1e-8)
    np.testing.assert_allclose(cell.fitted[~active], 0, atol=1e-8)


def test_certificate_and_witness_recheck_catch_false_claims():
    # a false claim: a cell whose minimiser is outside it must never come back genuine
    X, y, I = _instance(5, N=60, d=2, K=3)      # N > D: LP / certificate routes
    r = paper_test(X, y, I)
    assert r.genuine is False
    # a tampered witness fails the independent re-check
    X2, y2, I2 = _instance(7, pos_frac=1.0)
    g = paper_test(X2, y2, I2)
    assert g.genuine is True and g.witness_checked
    ok, _, _ = check_witness(X2, I2, in_cell_minimum(X2, y2, I2).fitted, g.witness * 1.5, g.signs)
    assert not ok
    ok, _, _ = check_witness(X2, I2, in_cell_minimum(X2, y2, I2).fitted, -g.witness, g.signs)
    assert not ok


def test_sign_program_infeasible_case():
    # one sample active only for neuron 0 with t > 0, another only for neuron 0 with t < 0
    I = np.array([[1, 0], [1, 0]], bool)
    assert sign_program(I, np.array([1.0, -1.0])) is None
    assert sign_program(I, np.array([1.0, 2.0])) is not None


def test_dense_lp_agrees_on_a_small_instance():
    X, y, I = _instance(2, pos_frac=1.0)
    a, b = dense_lp_test(X, y, I, time_limit=30), paper_test(X, y, I)
    assert a.genuine == b.genuine
    X, y, I = _instance(4)
    assert dense_lp_test(X, y, I, time_limit=30).genuine == paper_test(X, y, I).genuine


def test_unique_minimum_accepts_eq_8_in_both_tests():
    # N >= K D, a unique R*; flip the sign of the labels' fit so that R*_j satisfies (8):
    # one neuron, labels equal to -(x.r) on active samples, 0 elsewhere -> R* = -r exactly
    rng = np.random.default_rng(0)
    X = augment(rng.standard_normal((40, 2)))
    r = np.array([1.0, 0.5, 0.2])
    I = (X @ r > 0)[:, None]
    y = np.where(I[:, 0], -(X @ r), 0.0)
    cell = in_cell_minimum(X, y, I)
    assert cell.unique
    p, e = paper_test(X, y, I, cell), exact_test(X, y, I, cell)
    assert p.genuine is True and e.genuine is True and p.signs[0] == -1 and p.witness_checked
    # a false claim: labels fitted by s = (0, 1, 0), whose sign changes among the active samples:
    # R* = s violates (7) and (8), the minimum is not genuine
    y2 = X @ np.array([0.0, 1.0, 0.0])
    assert cell.unique and np.any(y2[I[:, 0]] > 0) and np.any(y2[I[:, 0]] < 0)
    assert paper_test(X, y2, I).genuine is False and exact_test(X, y2, I).genuine is False


def _stacked_lp9_rows(X, I, R0, Z, signs):
    """LP (9)'s rows as lp_test stacked them before :func:`_lp9_rows` (the oracle)."""
    N, K = I.shape
    D, m = X.shape[1], Z.shape[1]
    U0 = (X @ R0.T) * signs
    M = np.einsum("nd,kdm->nkm", X, Z.reshape(K, D, m)) * signs[None, :, None]
    Ia, Mf, U0f = I.reshape(-1), M.reshape(N * K, m), U0.reshape(-1)
    A_ub = np.vstack([np.hstack([-Mf[Ia], np.ones((Ia.sum(), 1))]),
                      np.hstack([Mf[~Ia], np.zeros(((~Ia).sum(), 1))])])
    return A_ub, np.concatenate([U0f[Ia], -U0f[~Ia]])


@pytest.mark.parametrize("N,d,K,bias", [(30, 2, 20, 3.0), (30, 2, 20, 0.0), (12, 4, 6, -1.0), (8, 9, 3, 0.0),
                                        (30, 2, 20, 20.0)])
def test_lp9_rows_written_in_place_equal_the_stacked_rows(N, d, K, bias):
    """The LP handed to HiGHS is the same array, bit for bit, for all-plus signs (the
    paper's test, where the sign pass is skipped) and for mixed signs (the exact test)."""
    from critcheck.relu.genuine import _lp9_rows

    rng = np.random.default_rng(N + K)
    X = augment(rng.standard_normal((N, d)))
    y = rng.standard_normal(N)
    W = rng.standard_normal((K, d + 1))
    W[:, -1] = bias
    I = activation_pattern(X, W)
    cell = in_cell_minimum(X, y, I, null_basis=True)
    assert cell.null_basis.shape[1] > 0
    for signs in (np.ones(K), np.where(rng.random(K) < 0.5, 1.0, -1.0), -np.ones(K)):
        got = _lp9_rows(X, I, cell.R0, cell.null_basis, signs)
        ref = _stacked_lp9_rows(X, I, cell.R0, cell.null_basis, signs)
        assert got[0].shape == ref[0].shape
        assert got[0].tobytes() == ref[0].tobytes() and got[1].tobytes() == ref[1].tobytes()


def _candidate_loop(U, I, test, tol):
    """The per-neuron loop _candidate ran before it compared all neurons at once (the oracle)."""
    signs = np.ones(I.shape[1])
    for j in range(I.shape[1]):
        u, a = U[:, j], I[:, j]
        if np.all(u[a] > tol.strict) and np.all(u[~a] <= tol.boundary):
            continue
        if test == "exact" and np.all(u[a] < -tol.strict) and np.all(u[~a] >= -tol.boundary):
            signs[j] = -1
            continue
        return None
    return signs


def test_candidate_signs_equal_the_per_neuron_loop():
    """Vectorised _candidate against the loop on patterns built to pass, to need eq. (8),
    to fail, and to sit exactly on the tolerances (u = +-strict, +-boundary, 0), plus an all-
    inactive and an all-active neuron; and gap_fractions against the two separate formulas."""
    from types import SimpleNamespace

    from critcheck.relu.genuine import DEFAULT_TOL, _candidate, gap_fraction, gap_fractions

    tol = DEFAULT_TOL
    rng = np.random.default_rng(5)
    seen = {"paper": set(), "exact": set()}
    for trial in range(300):
        N, K = 7, 4
        X = np.eye(N)                          # U = R0.T: the entries are set directly
        I = rng.random((N, K)) < rng.random()
        I[:, 0] = trial % 3 == 0               # all inactive / all active columns
        sign = np.where(rng.random(K) < 0.5, 1.0, -1.0)
        U = np.where(I, sign * rng.uniform(1e-3, 1, (N, K)), -sign * rng.uniform(0, 1, (N, K)))
        edge = rng.random((N, K)) < 0.15
        U = np.where(edge, rng.choice([tol.strict, -tol.strict, tol.boundary, -tol.boundary, 0.0], (N, K)), U)
        if trial % 5 == 0:
            U[rng.integers(N), rng.integers(K)] *= -1        # one violation
        cell = SimpleNamespace(R0=U.T.copy())
        for test in ("paper", "exact"):
            got, ref = _candidate(X, I, cell, test, tol), _candidate_loop(U, I, test, tol)
            assert (got is None) == (ref is None)
            if ref is not None:
                assert np.array_equal(got, ref)
            seen[test].add("none" if ref is None else ("mixed" if (ref < 0).any() else "plus"))
        paper, either = gap_fractions(X, cell.R0, I)
        assert np.array_equal(paper, gap_fraction(X, cell.R0, I))
        assert np.array_equal(either, gap_fraction(X, cell.R0, I, either_sign=True))
        pos = (I & (U <= 0)) | (~I & (U > 0))
        neg = (I & (U >= 0)) | (~I & (U < 0))
        assert np.array_equal(paper, pos.mean(axis=0))        # eq. (18), written out independently
        assert np.array_equal(either, np.minimum(pos.mean(axis=0), neg.mean(axis=0)))
    assert seen["exact"] == {"none", "mixed", "plus"} and seen["paper"] == {"none", "plus"}

"""Seed 004, eqs. (3)-(5): activation patterns, A, the in-cell minimiser."""

import numpy as np
import pytest

from critcheck.errors import InvalidArgument
from critcheck.relu.cells import (activation_pattern, augment, design_matrix, full_row_rank,
                                  gram_matrix, in_cell_minimum)


def _instance(rng, N, d, K, bias=0.0):
    X = augment(rng.standard_normal((N, d)))
    y = np.where(rng.random(N) < 0.5, 1.0, -1.0)
    W = rng.standard_normal((K, d + 1))
    W[:, -1] += bias
    return X, y, activation_pattern(X, W)


def test_design_matrix_matches_per_sample_sum():
    rng = np.random.default_rng(0)
    X, y, I = _instance(rng, 7, 3, 4)
    R = rng.standard_normal((4, 4))
    A = design_matrix(X, I)
    direct = np.array([sum(I[i, j] * R[j] @ X[i] for j in range(4)) for i in range(7)])
    np.testing.assert_allclose(A @ R.reshape(-1), direct, atol=1e-12)
    np.testing.assert_allclose(gram_matrix(X, I), A @ A.T, atol=1e-12)


@pytest.mark.parametrize("N,d,K", [(6, 8, 3), (40, 2, 3), (300, 3, 10)])
def test_in_cell_minimum_is_pinv_solution(N, d, K):
    rng = np.random.default_rng(N)
    X, y, I = _instance(rng, N, d, K)
    A = design_matrix(X, I)
    cell = in_cell_minimum(X, y, I)
    np.testing.assert_allclose(cell.R0.reshape(-1), np.linalg.pinv(A) @ y, atol=1e-8)
    assert cell.rank == np.linalg.matrix_rank(A)
    assert cell.unique == (cell.rank == K * (d + 1))
    np.testing.assert_allclose(cell.loss, np.mean((A @ np.linalg.pinv(A) @ y - y) ** 2), atol=1e-10)
    full = in_cell_minimum(X, y, I, null_basis=True)
    Z = full.null_basis
    assert Z.shape[1] == K * (d + 1) - cell.rank
    np.testing.assert_allclose(A @ Z, 0, atol=1e-8)


@pytest.mark.parametrize("bias,rank", [(0.0, 30), (20.0, 5)])
def test_gram_route_full_rank_cholesky_and_deficient_eigh_agree_with_pinv(bias, rank):
    # N = 30 <= K*D = 50: the Gram route; at full rank a Cholesky solve, with every neuron
    # active (bias 20) A = [X, ..., X] has rank D = 5 and the eigenvectors are used
    rng = np.random.default_rng(3)
    X, y, I = _instance(rng, 30, 4, 10, bias=bias)
    A = design_matrix(X, I)
    cell = in_cell_minimum(X, y, I)
    assert cell.rank == rank == np.linalg.matrix_rank(A)
    np.testing.assert_allclose(cell.R0.reshape(-1), np.linalg.pinv(A) @ y, atol=1e-8)
    np.testing.assert_allclose(cell.fitted, A @ np.linalg.pinv(A) @ y, atol=1e-8)
    assert 0 < cell.rank_gap <= 1


@pytest.mark.parametrize("bias,rank", [(0.0, 12), (20.0, 4)])
def test_tall_route_qr_agrees_with_pinv_full_and_deficient_rank(bias, rank):
    # N = 60 > K*D = 12: QR of A and the SVD of R; with every neuron active A = [X, X, X], rank 4
    rng = np.random.default_rng(4)
    X, y, I = _instance(rng, 60, 3, 3, bias=bias)
    A = design_matrix(X, I)
    for nb in (False, True):
        cell = in_cell_minimum(X, y, I, null_basis=nb)
        assert cell.rank == rank == np.linalg.matrix_rank(A)
        np.testing.assert_allclose(cell.R0.reshape(-1), np.linalg.pinv(A) @ y, atol=1e-8)
        np.testing.assert_allclose(cell.fitted, A @ np.linalg.pinv(A) @ y, atol=1e-8)
        if nb:
            assert cell.null_basis.shape == (12, 12 - rank)
            np.testing.assert_allclose(A @ cell.null_basis, 0, atol=1e-8)


def test_all_dead_cell_and_bad_input():
    rng = np.random.default_rng(1)
    X, y, I = _instance(rng, 10, 2, 3, bias=-100)
    assert not I.any()
    cell = in_cell_minimum(X, y, I)
    assert cell.rank == 0 and not cell.unique and cell.loss == pytest.approx(1.0)
    with pytest.raises(InvalidArgument):
        activation_pattern(X, np.ones((3, 5)))
    with pytest.raises(InvalidArgument):
        in_cell_minimum(X, y[:-1], I)


def test_full_row_rank_check():
    rng = np.random.default_rng(2)
    X = augment(rng.standard_normal((5, 9)))
    assert full_row_rank(X)[0]
    X[4] = X[3]                       # duplicate sample: rank drops
    assert not full_row_rank(X)[0]
    assert not full_row_rank(augment(rng.standard_normal((20, 3))))[0]


def test_repeated_cell_is_answered_from_the_cache_as_an_independent_copy():
    """The cache of in_cell_minimum returns the uncached answer, never a shared array."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(3)
    X = cells.augment(rng.standard_normal((40, 3)))
    y = rng.standard_normal(40)
    I = np.ones((40, 5), dtype=bool)             # every unit active: rank-deficient A
    cells._CELL_CACHE.clear()
    first = cells.in_cell_minimum(X, y, I)
    first.R0[:] = 123.0                          # a caller that writes into its answer
    first.fitted[:] = -1.0
    again = cells.in_cell_minimum(X, y, I)
    fresh = cells._solve_cell(X, y, I)
    assert len(cells._CELL_CACHE) == 1
    assert np.array_equal(again.R0, fresh.R0) and np.array_equal(again.fitted, fresh.fitted)
    assert (again.rank, again.loss, again.rank_gap) == (fresh.rank, fresh.loss, fresh.rank_gap)
    other = cells.in_cell_minimum(X, y + 1.0, I)  # different labels: a different cell answer
    assert not np.array_equal(other.fitted, fresh.fitted)


@pytest.mark.parametrize("N,d,K,bias,null_basis", [(40, 3, 5, 0.0, False), (40, 3, 5, 20.0, False),
                                                   (12, 30, 4, 1.0, False), (12, 30, 4, 1.0, True),
                                                   (40, 3, 20, 0.0, True), (40, 3, 5, -50.0, False)])
def test_cell_data_gives_the_uncached_answer_bit_for_bit(N, d, K, bias, null_basis):
    """in_cell_minimum / full_row_rank through cell_data (key and X X^T computed once)
    against the plain calls with the cache emptied: the same numbers, bytes compared."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(N + d + K)
    X = cells.augment(rng.standard_normal((N, d)))
    y = rng.standard_normal(N)
    data = cells.cell_data(X, y)
    for _ in range(3):
        W = rng.standard_normal((K, d + 1))
        W[:, -1] = bias
        I = cells.activation_pattern(X, W)
        cells._CELL_CACHE.clear()
        ref = cells._solve_cell(X, y, I, null_basis=null_basis)
        got = cells.in_cell_minimum(data.X, data.y, I, null_basis=null_basis, data=data)
        for a, b in ((got.R0, ref.R0), (got.fitted, ref.fitted), (got.null_basis, ref.null_basis)):
            assert (a is None and b is None) or a.tobytes() == b.tobytes()
        assert (got.rank, got.unique, got.loss, got.rank_gap) == (ref.rank, ref.unique, ref.loss, ref.rank_gap)
        assert np.array_equal(cells.gram_matrix(X, I, xxt=data.xxt()), cells.gram_matrix(X, I))
    if N <= d + 1:
        cells._RANK_CACHE.clear()
        assert cells.full_row_rank(data.X, data=data) == cells._full_row_rank_svd(X)


def test_cell_data_cannot_be_written_and_a_foreign_array_is_keyed_by_its_own_bytes():
    """The frozen copy refuses writes (so its key cannot go stale), the caller's array stays
    its own, and passing data= with other arrays never reuses the data's key."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(11)
    X = cells.augment(rng.standard_normal((30, 3)))
    y = rng.standard_normal(30)
    data = cells.cell_data(X, y)
    for a in (data.X, data.y, data.xxt()):
        with pytest.raises(ValueError):
            a[0] = 1.0
        with pytest.raises(ValueError):
            a.flags.writeable = True
    X[0, 0] += 1.0                                  # the caller's array is not the frozen copy
    assert data.X[0, 0] != X[0, 0]
    I = np.ones((30, 4), dtype=bool)
    cells._CELL_CACHE.clear()
    frozen = cells.in_cell_minimum(data.X, data.y, I, data=data)
    moved = cells.in_cell_minimum(X, y, I, data=data)          # other X: its own key, its own answer
    assert len(cells._CELL_CACHE) == 2
    assert not np.array_equal(moved.fitted, frozen.fitted)
    assert np.array_equal(moved.fitted, cells._solve_cell(X, y, I).fitted)
    with pytest.raises(InvalidArgument):
        cells.cell_data(X, y[:-1])


def _pinv_through_full_gram(X, y, I):
    """(R0, fitted, rank) from the eigendecomposition of the whole N x N matrix AA^T, zero rows
    included (how the Gram route treated samples no neuron is active on before): the oracle."""
    import numpy as np

    N, D = X.shape
    KD = I.shape[1] * D
    G = gram_matrix(X, I)
    lam, V = np.linalg.eigh(G)
    keep = lam > (max(N, KD) * np.finfo(float).eps) * lam[-1] * 10
    alpha = V[:, keep] @ ((V[:, keep].T @ y) / lam[keep])
    return (I * alpha[:, None]).T @ X, G @ alpha, int(keep.sum())


@pytest.mark.parametrize("N,d,K,bias,dead,eigh_calls", [
    (30, 40, 3, 0.0, 4, 0),       # full row rank after the dead samples are left out: Cholesky, no eigh
    (30, 40, 3, 0.0, 1, 0),
    (60, 3, 30, 2.0, 5, 1),       # the block of the live samples is itself rank-deficient: eigh on it
    (60, 3, 30, -1.0, 9, None),
])
def test_samples_no_neuron_sees_are_left_out_of_the_gram_factorisation(N, d, K, bias, dead, eigh_calls,
                                                                       monkeypatch):
    """Zero rows of A: the block of the other samples is factorised alone. Same minimiser
    as the pseudo-inverse of the whole AA^T (to rounding), same rank; and with a full-rank
    block no eigenvector computation runs."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(N + K + dead)
    X = augment(rng.standard_normal((N, d)))
    y = rng.standard_normal(N)
    W = rng.standard_normal((K, d + 1))
    W[:, -1] = bias
    I = activation_pattern(X, W)
    I[rng.choice(N, dead, replace=False)] = False           # samples no neuron is active on
    assert N <= K * (d + 1) and not I.any(axis=1).all() and I.any()
    R0_ref, fitted_ref, rank_ref = _pinv_through_full_gram(X, y, I)
    calls = []
    eigh = np.linalg.eigh
    monkeypatch.setattr(np.linalg, "eigh", lambda G, *a, **k: calls.append(G.shape) or eigh(G, *a, **k))
    got = cells._solve_cell(X, y, I)
    assert got.rank == rank_ref and got.unique == (rank_ref == K * (d + 1))
    scale = max(1.0, np.abs(R0_ref).max())
    np.testing.assert_allclose(got.R0, R0_ref, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(got.fitted, fitted_ref, rtol=0, atol=1e-9 * max(1.0, np.abs(y).max()))
    assert np.all(got.fitted[~I.any(axis=1)] == 0)
    if eigh_calls is not None:
        assert len(calls) == eigh_calls
    assert all(shape[0] == N - dead for shape in calls)      # never the whole matrix with its zero rows


def test_design_matrix_equals_the_bool_times_float_product_bit_for_bit():
    """A built from the 0/1 pattern as floats against the bool * float broadcast it replaced,
    bytes compared (signed zeros included: 0 * x is -0.0 for negative x in both)."""
    import numpy as np

    rng = np.random.default_rng(2)
    for N, d, K in [(50, 3, 10), (7, 12, 4), (1, 1, 1)]:
        X = augment(rng.standard_normal((N, d)))
        X[0, 0] = -0.0
        I = rng.random((N, K)) < 0.5
        ref = (I[:, :, None] * X[:, None, :]).reshape(N, K * (d + 1))
        got = design_matrix(X, I)
        assert got.dtype == ref.dtype and got.tobytes() == ref.tobytes()
        assert np.signbit(got).sum() == np.signbit(ref).sum()


def _eigvalsh_counter(monkeypatch):
    import numpy as np

    calls = []
    eigvalsh = np.linalg.eigvalsh
    monkeypatch.setattr(np.linalg, "eigvalsh", lambda G, *a, **k: calls.append(G.shape) or eigvalsh(G, *a, **k))
    return calls


@pytest.mark.parametrize("N,d,K,bias,dead", [(30, 60, 4, 0.0, 0), (30, 60, 4, 2.0, 3), (12, 40, 10, -0.5, 2)])
def test_rank_decided_by_the_data_bound_equals_the_eigenvalue_decision(N, d, K, bias, dead, monkeypatch):
    """Full-row-rank data (N <= D): CellData.gram_floor bounds the Gram block's smallest eigenvalue,
    the rank is decided without the eigenvalue pass, and the answer (R0, fitted, rank, loss) is
    the eigenvalue route's bit for bit; rank_gap, computed on first access, equals it too."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(N * d + K)
    X = cells.augment(rng.standard_normal((N, d)))
    y = rng.standard_normal(N)
    data = cells.cell_data(X, y)
    assert data.gram_floor(K) > 0
    W = rng.standard_normal((K, d + 1))
    W[:, -1] = bias
    I = cells.activation_pattern(X, W)
    I[rng.choice(N, dead, replace=False)] = False
    ref = cells._solve_cell(data.X, data.y, I, xxt=data.xxt)                  # eigenvalues decide
    calls = _eigvalsh_counter(monkeypatch)
    got = cells._solve_cell(data.X, data.y, I, xxt=data.xxt, floor=data.gram_floor)
    assert calls == []                                                          # the bound decided
    assert got.R0.tobytes() == ref.R0.tobytes() and got.fitted.tobytes() == ref.fitted.tobytes()
    assert (got.rank, got.unique, got.loss) == (ref.rank, ref.unique, ref.loss)
    assert got.rank == int(I.any(axis=1).sum()) and got.rank <= N - dead
    assert got.rank_gap == ref.rank_gap and len(calls) == 1                     # computed when asked


@pytest.mark.parametrize("case", ["tall", "nearly dependent rows", "exactly dependent rows"])
def test_data_bound_never_decides_rank_deficient_or_ill_conditioned_cells(case, monkeypatch):
    """Where the bound cannot show every eigenvalue far above the threshold (N > D: no bound;
    two samples 3e-7 apart: Cholesky succeeds but an eigenvalue is below the threshold, and the
    bound is far too small to say otherwise; a repeated sample: no full row rank) the
    eigenvalues decide as before, and the rank is theirs."""
    import numpy as np

    from critcheck.relu import cells

    rng = np.random.default_rng(4)
    N, d, K = (30, 3, 20) if case == "tall" else (20, 40, 5)
    X = cells.augment(rng.standard_normal((N, d)))
    if case != "tall":
        X[1] = X[0] + (3e-7 if case == "nearly dependent rows" else 0.0)
    y = rng.standard_normal(N)
    data = cells.cell_data(X, y)
    I = np.ones((N, K), dtype=bool)
    I[2:, 0] = False
    floor = data.gram_floor(K)
    assert floor < 1e-6
    ref = cells._solve_cell(data.X, data.y, I, xxt=data.xxt)
    calls = _eigvalsh_counter(monkeypatch)
    got = cells._solve_cell(data.X, data.y, I, xxt=data.xxt, floor=data.gram_floor)
    assert calls or got.rank < N                   # the eigenvalues were computed (or eigh decided)
    assert got.rank == ref.rank and got.R0.tobytes() == ref.R0.tobytes() and got.rank_gap == ref.rank_gap
    if case != "tall":
        assert got.rank == N - 1

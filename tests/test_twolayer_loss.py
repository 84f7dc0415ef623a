"""The closed-form two-layer ReLU loss, gradient and Hessian (Safran & Shamir 2018, Sec. 2)."""

import numpy as np
import pytest

from critcheck.errors import InvalidArgument
from critcheck.twolayer.loss import gradient, gradient_fast, hessian, population_loss
from critcheck.twolayer.polish import newton_polish
from critcheck.twolayer.vectors import PATTERN, embed, pattern_point


def _mc_loss(W, V, samples, rng):
    """Monte Carlo estimate of ½E[(N_W(x) - N_V(x))^2] and its standard error."""
    vals = []
    for _ in range(samples // 250_000):
        X = rng.standard_normal((250_000, W.shape[1]))
        diff = np.maximum(X @ W.T, 0).sum(1) - np.maximum(X @ V.T, 0).sum(1)
        vals.append(0.5 * diff ** 2)
    v = np.concatenate(vals)
    return v.mean(), v.std(ddof=1) / np.sqrt(v.size)


def test_loss_matches_monte_carlo_n_ne_k():
    rng = np.random.default_rng(20180712)
    W = rng.standard_normal((4, 5)) * np.array([[0.5], [1.5], [2.0], [0.8]])
    V = rng.standard_normal((3, 5)) * 1.3
    est, se = _mc_loss(W, V, 1_000_000, rng)
    F = population_loss(W, V)
    assert abs(F - est) <= 4 * se, (F, est, se)


def test_loss_zero_at_teacher_and_permutations():
    rng = np.random.default_rng(1)
    V = rng.standard_normal((5, 7))
    assert abs(population_loss(V, V)) < 1e-13
    perm = rng.permutation(5)
    assert abs(population_loss(V[perm], V)) < 1e-13
    W = rng.standard_normal((6, 7))
    F = population_loss(W, V)
    assert population_loss(W[rng.permutation(6)], V) == pytest.approx(F, rel=1e-13)
    cols = rng.permutation(7)   # coordinates and teacher permuted together
    assert population_loss(W[:, cols], V[:, cols]) == pytest.approx(F, rel=1e-13)
    assert population_loss(W[:, cols], V) != pytest.approx(F, rel=1e-6)


def test_batched_shapes_agree_with_single():
    rng = np.random.default_rng(2)
    V = np.eye(4)
    W = rng.standard_normal((3, 2, 5, 4))
    F, G, H = population_loss(W, V), gradient(W, V), hessian(W, V)
    assert F.shape == (3, 2) and G.shape == (3, 2, 5, 4) and H.shape == (3, 2, 20, 20)
    assert F[1, 0] == pytest.approx(population_loss(W[1, 0], V), rel=1e-14)
    assert np.allclose(G[2, 1], gradient(W[2, 1], V), rtol=1e-13, atol=1e-15)
    assert np.allclose(H[0, 1], hessian(W[0, 1], V), rtol=1e-12, atol=1e-14)
    assert np.allclose(gradient_fast(W, V), G, atol=1e-12)


def test_gradient_and_hessian_against_central_differences():
    rng = np.random.default_rng(3)
    W = rng.standard_normal((4, 5))
    V = rng.standard_normal((3, 5))
    g, H = gradient(W, V), hessian(W, V)
    e = 1e-6
    gf = np.zeros_like(W)
    Hf = np.zeros_like(H)
    for m in range(W.size):
        E = np.zeros(W.size)
        E[m] = e
        E = E.reshape(W.shape)
        gf.flat[m] = (population_loss(W + E, V) - population_loss(W - E, V)) / (2 * e)
        Hf[:, m] = ((gradient(W + E, V) - gradient(W - E, V)) / (2 * e)).ravel()
    assert np.max(np.abs(g - gf)) < 1e-8
    assert np.max(np.abs(H - Hf)) < 1e-7
    assert np.allclose(H, H.T, atol=1e-14)


@pytest.mark.parametrize("k,F_ref,lam_ref", [(6, 0.0250805810, 4.700355e-3), (7, 0.0232027149, 1.405901e-2)])
def test_anchor_test_vectors(k, F_ref, lam_ref):
    V = np.eye(k)
    W = newton_polish(pattern_point(k, *PATTERN[k]), V)
    assert np.max(np.linalg.norm(gradient(W, V), axis=-1)) < 1e-12
    assert population_loss(W, V) == pytest.approx(F_ref, abs=5e-11)
    lam = np.linalg.eigvalsh(hessian(W, V))[0]
    assert lam == pytest.approx(lam_ref, abs=5e-9)   # half a unit in the last printed digit


@pytest.mark.parametrize("d", [7, 10, 20])
def test_embedding_into_higher_dimension(d):
    V = np.eye(6)
    W = newton_polish(pattern_point(6, *PATTERN[6]), V)
    F = population_loss(W, V)
    lam = np.linalg.eigvalsh(hessian(W, V))[0]
    We, Ve = embed(W, V, d)
    assert population_loss(We, Ve) == pytest.approx(F, abs=1e-14)
    assert np.max(np.abs(gradient(We, Ve))) < 1e-13
    assert np.linalg.eigvalsh(hessian(We, Ve))[0] == pytest.approx(lam, abs=1e-10)


def test_shape_errors_are_actionable():
    with pytest.raises(InvalidArgument, match="V.shape"):
        population_loss(np.ones((3, 4)), np.eye(3))


def _bits(a):
    return np.asarray(a, dtype=float).view(np.int64)


@pytest.mark.parametrize("k,n,d", [(3, 3, 3), (4, 6, 5), (7, 7, 7), (2, 1, 4)])
def test_loss_with_precomputed_teacher_is_bit_identical(k, n, d):
    # the descents' fast path (teacher terms once, the student's norms once) must give
    # exactly population_loss, batched or not, with zero rows, parallel and
    # antiparallel rows, rows equal to the teacher's, and NaN rows
    from critcheck.twolayer.loss import _norm_rows, population_loss_with, teacher_terms

    rng = np.random.default_rng(k * 100 + n)
    V = np.eye(k, d) if k != 2 else rng.normal(size=(k, d))
    W = rng.normal(size=(30, n, d))
    W[1, 0] = 0.0
    if n > 1:
        W[2, 1] = 3.0 * W[2, 0]
        W[3, 1] = -W[3, 0]
    W[4, 0] = V[0]
    W[5] = np.nan
    W[6] *= 1e-150
    W[7] *= 1e150
    t = teacher_terms(V)
    want = population_loss(W, V)
    assert np.array_equal(_bits(population_loss_with(W, t)), _bits(want))
    for i in range(W.shape[0]):           # one row at a time, as a single-point call
        assert np.array_equal(_bits(population_loss_with(W[i], t)), _bits(population_loss(W[i], V)))
    A = rng.normal(size=(5, 4, d))
    assert np.array_equal(_bits(_norm_rows(A)), _bits(np.linalg.norm(A, axis=-1)))
    # and it is the loss: zero at the teacher, positive elsewhere
    if n == k:
        assert population_loss_with(V[::-1], t) == pytest.approx(0.0, abs=1e-12)
    assert population_loss_with(W[0], t) > 1e-3


@pytest.mark.parametrize("shape_a,shape_b", [((7, 7), (7, 7)), ((30, 5, 4), (3, 4)), ((2, 3, 6, 5), (2, 3, 4, 5)),
                                             ((1, 9), (2, 9))])
def test_angles_scratch_array_is_bit_identical_to_the_plain_formula(shape_a, shape_b):
    # _angles_units squares in place in one scratch array; the plain formula allocates
    # every intermediate: the same numbers, to the last bit (zero and parallel rows too)
    from critcheck.twolayer.loss import _angles_units, _norms_units

    rng = np.random.default_rng(len(shape_a) * 10 + shape_a[-1])
    A, B = rng.normal(size=shape_a), rng.normal(size=shape_b)
    A.reshape(-1, shape_a[-1])[0] = 0.0
    A.reshape(-1, shape_a[-1])[-1] = -2.5 * B.reshape(-1, shape_b[-1])[0]
    ua, ub = (np.nan_to_num(_norms_units(M)[1]) for M in (A, B))
    d = ua[..., :, None, :] - ub[..., None, :, :]
    p = ua[..., :, None, :] + ub[..., None, :, :]
    plain = 2.0 * np.arctan2(np.linalg.norm(d, axis=-1), np.linalg.norm(p, axis=-1))
    got = _angles_units(ua, ub)
    assert got.shape == plain.shape
    assert np.array_equal(_bits(got), _bits(plain))


def test_sum_last_is_numpys_reduction_bit_for_bit():
    # _sum_last re-does NumPy's pairwise summation column by column; pinned against
    # np.add.reduce for every length it handles (and beyond), signed values over many
    # magnitudes, NaN, infinities and negative zeros (a NumPy change would show here)
    from critcheck.twolayer.loss import _sum_last

    rng = np.random.default_rng(2)
    for d in range(1, 140):
        B = rng.normal(size=(2100, d)) * np.exp(rng.normal(size=(2100, d)) * 8)
        B[0, 0] = np.nan
        B[1, -1] = np.inf
        B[2, 0], B[2, -1] = np.inf, -np.inf
        B[5, :] = -0.0
        for M in (B, -np.zeros((2100, d)), rng.random((3, 700, d))):
            with np.errstate(invalid="ignore"):
                got, want = _sum_last(M), np.add.reduce(M, axis=-1)
            assert got.shape == want.shape
            assert np.array_equal(_bits(got), _bits(want)), d
    # a non-contiguous array and a small one take NumPy's own reduction
    M = rng.random((3000, 16))[:, ::2]
    assert np.array_equal(_bits(_sum_last(M)), _bits(np.add.reduce(M, axis=-1)))

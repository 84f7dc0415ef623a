"""Cells of a one-hidden-layer ReLU network and the in-cell minimiser.

Implements seed 004 (Bo Liu, "Understanding Global Loss Landscape of
One-hidden-layer ReLU Networks, Part 2"), Sec. II-A, eqs. (1)-(5):

* the activation pattern :math:`I_{ij} = [\\mathbf w_j\\cdot\\mathbf x_i > 0]`
  of bias-augmented weights and samples (:func:`activation_pattern`);
* the matrix :math:`A` of eq. (4), whose block :math:`j` is
  :math:`\\operatorname{diag}(I_{\\cdot j})\\tilde X` (:func:`design_matrix`);
* the in-cell minimiser :math:`R^* = A^+ y + (I - A^+A) c` of eq. (3), unique iff
  :math:`\\operatorname{rank} A = Kd`, and its loss, eq. (5)
  (:func:`in_cell_minimum`).

Notation: ``X`` is the bias-augmented data matrix :math:`\\tilde X` of shape
``(N, D)`` (``D = d + 1``, last column all ones), ``W`` holds the weight
vectors :math:`\\mathbf w_j` as rows, shape ``(K, D)``, and ``R`` holds
:math:`\\mathbf R_j = z_j \\mathbf w_j` as rows, shape ``(K, D)`` (the paper's
stacked vector :math:`\\mathbf R` is ``R.reshape(-1)``).
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib

import numpy as np

from ..errors import InvalidArgument
from ..threads import blas_threads, single_blas_thread

__all__ = [
    "augment",
    "activation_pattern",
    "design_matrix",
    "gram_matrix",
    "CellData",
    "cell_data",
    "InCellMinimum",
    "in_cell_minimum",
    "full_row_rank",
]


def _as_2d(name, a):
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise InvalidArgument(f"{name} must be a 2-D array, got shape {a.shape!r}")
    if not np.all(np.isfinite(a)):
        raise InvalidArgument(f"{name} contains NaN or infinite entries")
    return a


def augment(X):
    """Append the bias coordinate 1 to every sample (seed 004, Sec. II-A).

    Parameters
    ----------
    X : array_like, shape (N, d)

    Returns
    -------
    ndarray, shape (N, d + 1)
    """
    X = _as_2d("X", X)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def activation_pattern(X, W):
    """The activation pattern :math:`I_{ij}` of seed 004, Sec. II-A.

    Parameters
    ----------
    X : array_like, shape (N, D)
        bias-augmented samples (rows).
    W : array_like, shape (K, D)
        bias-augmented weight vectors (rows).

    Returns
    -------
    ndarray of bool, shape (N, K)
        ``I[i, j]`` is True iff :math:`\\mathbf w_j\\cdot\\mathbf x_i > 0`.
    """
    X = _as_2d("X", X)
    W = _as_2d("W", W)
    if X.shape[1] != W.shape[1]:
        raise InvalidArgument(
            f"X has {X.shape[1]} columns but W has {W.shape[1]}; both must be bias-augmented "
            "with the same D = d + 1")
    return (X @ W.T) > 0


def design_matrix(X, I):
    """The matrix :math:`A` of seed 004, eq. (4), shape ``(N, K*D)``.

    Row :math:`i` is :math:`(I_{i1}\\mathbf x_i^T, \\dots, I_{iK}\\mathbf x_i^T)`,
    so that :math:`A\\,\\mathbf R = (\\sum_j I_{ij}\\mathbf R_j\\cdot\\mathbf x_i)_i`.
    """
    X = np.asarray(X, dtype=float)
    I = np.asarray(I, dtype=bool)
    N, D = X.shape
    # the pattern as 0.0 / 1.0 first (as the bool * float product casts it), then one float
    # product: the same numbers, without a per-element cast in the (N, K, D) loop
    return (I.astype(float)[:, :, None] * X[:, None, :]).reshape(N, I.shape[1] * D)


def gram_matrix(X, I, *, xxt=None):
    """:math:`AA^T = (I I^T) \\circ (\\tilde X \\tilde X^T)` (Hadamard product).

    Because block :math:`j` of :math:`A` is :math:`D_j\\tilde X` with
    :math:`D_j = \\operatorname{diag}(I_{\\cdot j})`,
    :math:`AA^T = \\sum_j D_j \\tilde X\\tilde X^T D_j`, whose entry
    :math:`(i, k)` is :math:`(\\sum_j I_{ij}I_{kj})\\,\\mathbf x_i\\cdot\\mathbf x_k`.
    Costs :math:`O(N^2(D+K))` instead of :math:`O(N^2KD)`; ``xxt``, when
    given, is :math:`\\tilde X\\tilde X^T` computed once for the data set
    (:meth:`CellData.xxt`), leaving :math:`O(N^2K)`.
    """
    I = np.asarray(I, dtype=float)
    return (I @ I.T) * (X @ X.T if xxt is None else xxt)


_RANK_CACHE: collections.OrderedDict = collections.OrderedDict()
_RANK_CACHE_SIZE = 8


def _content_key(X: np.ndarray) -> tuple:
    """Exact key of an array's contents (shape, dtype, BLAKE2b digest of the bytes)."""
    Xc = np.ascontiguousarray(X)
    return (Xc.shape, Xc.dtype.str, hashlib.blake2b(Xc.data, digest_size=16).digest())


@dataclasses.dataclass(frozen=True, eq=False)
class CellData:
    """One data set ``(X, y)`` frozen for solving many of its cells (seed 004, Sec. IV-A).

    The tables solve eq. (3) once per weight draw on the *same* data; what
    depends on the data alone is computed here once: the exact content key
    of ``X`` and ``y`` (the caches of :func:`in_cell_minimum` and
    :func:`full_row_rank` would otherwise hash the whole of ``X`` on every
    call) and :math:`\\tilde X\\tilde X^T`, the data factor of
    :func:`gram_matrix`. Make it with :func:`cell_data`.

    Attributes
    ----------
    X : ndarray, shape (N, D)
        bias-augmented samples, a private copy backed by an immutable
        ``bytes`` object: NumPy refuses to make it writeable, so the key
        below stays the key of its contents.
    y : ndarray, shape (N,)
        labels, held the same way.
    key : tuple
        the exact content keys of ``X`` and ``y`` (shape, dtype, BLAKE2b digest).

    Notes
    -----
    The functions that accept ``data=`` use it only for the very arrays
    ``data.X`` / ``data.y`` (an identity test); for any other array they
    compute the key as before, so a wrong pairing costs time, never a wrong
    answer.
    """

    X: np.ndarray
    y: np.ndarray
    key: tuple
    _xxt: list = dataclasses.field(default_factory=list, repr=False, compare=False)
    _sigma: list = dataclasses.field(default_factory=list, repr=False, compare=False)

    def gram_floor(self, K: int) -> float:
        """A lower bound on :math:`\\lambda_{\\min}` of every computed Gram block of the samples
        some neuron is active on, for ``K`` neurons (0 when there is none).

        With :math:`\\tilde X` of full row rank, :math:`AA^T` restricted to those samples is
        :math:`\\sum_j D_j\\tilde X_a\\tilde X_a^T D_j \\succeq \\sigma_{\\min}(\\tilde X)^2 \\sum_j D_j^2
        \\succeq \\sigma_{\\min}(\\tilde X)^2 I` (each such sample is active for one neuron at least;
        Cauchy interlacing for the rows kept). :math:`\\sigma_{\\min}` is taken from the SVD less
        the Weyl margin of :func:`full_row_rank`; the rounding of the computed matrix, at most
        :math:`(D+1)\\varepsilon K\\|\\tilde X\\|_F^2` in norm, is taken off ten times over.
        """
        if not self._sigma:
            N, D = self.X.shape
            lo = 0.0
            if N <= D:
                with blas_threads(1):
                    s = np.linalg.svd(self.X, compute_uv=False)
                eps = np.finfo(float).eps
                lo = max(0.0, float(s[-1] - 10.0 * max(N, D) * eps * s[0]))
            self._sigma.append((lo, float(np.sum(self.X * self.X))))
        lo, fro2 = self._sigma[0]
        D = self.X.shape[1]
        return max(0.0, lo * lo - 10.0 * (D + 1) * np.finfo(float).eps * K * fro2)

    def xxt(self) -> np.ndarray:
        """:math:`\\tilde X\\tilde X^T` (read-only; computed on first use, then kept)."""
        if not self._xxt:
            self._xxt.append(_frozen(self.X @ self.X.T))
        return self._xxt[0]


def _frozen(a: np.ndarray) -> np.ndarray:
    """A read-only copy of ``a`` backed by immutable bytes (cannot be made writeable)."""
    a = np.ascontiguousarray(a)
    return np.frombuffer(a.tobytes(), dtype=a.dtype).reshape(a.shape)


def cell_data(X, y) -> CellData:
    """Freeze ``(X, y)`` for :func:`in_cell_minimum` and the genuineness tests (:class:`CellData`).

    Parameters
    ----------
    X : array_like, shape (N, D)
        bias-augmented samples.
    y : array_like, shape (N,)
        labels.
    """
    X = _frozen(_as_2d("X", X))
    y = _frozen(np.asarray(y, dtype=float).reshape(-1))
    if y.shape[0] != X.shape[0]:
        raise InvalidArgument(f"X has {X.shape[0]} rows but y has {y.shape[0]}; pass one label per sample")
    return CellData(X, y, (_content_key(X), _content_key(y)))


def _key_of(a: np.ndarray, data: CellData | None, which: int) -> tuple:
    """The content key of ``a``: taken from ``data`` when ``a`` is its own frozen array."""
    if data is not None and a is (data.X, data.y)[which]:
        return data.key[which]
    return _content_key(a)


def full_row_rank(X, *, data: CellData | None = None):
    """Whether the bias-augmented data matrix has full row rank ``N``, with margin.

    The test is :math:`\\sigma_{\\min}(\\tilde X) > \\tau`,
    :math:`\\tau = 10\\,\\max(N, D)\\,\\varepsilon\\,\\sigma_{\\max}`. The computed
    singular values are those of :math:`\\tilde X + E` with
    :math:`\\|E\\|_2 \\lesssim \\max(N,D)\\,\\varepsilon\\,\\|\\tilde X\\|_2`, so
    by Weyl's inequality a computed :math:`\\sigma_{\\min}` above :math:`\\tau`
    leaves the true one positive.

    Returns
    -------
    (bool, float)
        the verdict and :math:`\\sigma_{\\min}/\\sigma_{\\max}` (0 when N > D).

    Notes
    -----
    The answer depends on the data only, while the tables of seed 004
    (Sec. IV-A) ask it once per weight draw: the last few answers are kept,
    keyed by the exact bytes of ``X`` (a BLAKE2b digest, about 1 ms for a
    200 x 785 MNIST matrix against 6-10 ms for its SVD), so the SVD runs once
    per data set. With ``data`` (:func:`cell_data`) and ``X is data.X`` the key
    is the one computed once for the data set. The SVD runs with one BLAS
    thread (:mod:`critcheck.threads`).
    """
    X = np.asarray(X, dtype=float)
    N, D = X.shape
    if N > D:
        return False, 0.0
    key = _key_of(X, data, 0)
    hit = _RANK_CACHE.get(key)
    if hit is not None:
        _RANK_CACHE.move_to_end(key)
        return hit
    out = _full_row_rank_svd(X)
    _RANK_CACHE[key] = out
    while len(_RANK_CACHE) > _RANK_CACHE_SIZE:
        _RANK_CACHE.popitem(last=False)
    return out


@single_blas_thread
def _full_row_rank_svd(X):
    N, D = X.shape
    s = np.linalg.svd(X, compute_uv=False)
    if s[0] == 0:
        return False, 0.0
    tau = 10.0 * max(N, D) * np.finfo(float).eps * s[0]
    return bool(s[-1] > tau), float(s[-1] / s[0])


@dataclasses.dataclass(frozen=True)
class InCellMinimum:
    """The in-cell minimiser of seed 004, eq. (3), for one activation pattern.

    Attributes
    ----------
    R0 : ndarray, shape (K, D)
        the minimum-norm minimiser :math:`A^+ y` (rows :math:`\\mathbf R_j`).
    fitted : ndarray, shape (N,)
        :math:`t = AA^+ y`, the network output at every minimiser.
    rank : int
        numerical rank of :math:`A`.
    unique : bool
        ``rank == K*D`` (case 1 of Sec. II-A); otherwise the minimisers form
        the affine set ``R0 + null(A)`` ("continuous", case 2).
    loss : float
        eq. (5), :math:`\\frac1N\\|AA^+y - y\\|^2`.
    null_basis : ndarray or None, shape (K*D, m)
        orthonormal basis of null(A) when requested (``m = K*D - rank``).
    rank_gap : float
        smallest kept over largest singular value of A (1 when A = 0); how far
        the rank decision was from the threshold. Where a bound decided the
        rank without the eigenvalues (:func:`in_cell_minimum`, Notes) they are
        computed on first access, the same numbers as otherwise.
    """

    R0: np.ndarray
    fitted: np.ndarray
    rank: int
    unique: bool
    loss: float
    null_basis: np.ndarray | None
    _gap: object = dataclasses.field(repr=False, compare=False)

    @property
    def rank_gap(self) -> float:
        return self._gap if isinstance(self._gap, float) else self._gap()


class _DeferredGap:
    """``rank_gap`` of a positive-definite Gram block, from its eigenvalues when first asked."""

    def __init__(self, G, scale):
        self._G, self._scale, self._value = G, scale, None

    def __call__(self) -> float:
        if self._value is None:
            with blas_threads(1):
                lam = np.linalg.eigvalsh(self._G)
            keep = lam > self._scale * lam[-1] * 10
            self._value = float(np.sqrt(lam[keep].min() / lam[-1]))
            self._G = None
        return self._value


_CELL_CACHE: collections.OrderedDict = collections.OrderedDict()
_CELL_CACHE_SIZE = 16


def in_cell_minimum(X, y, I, *, null_basis=False, data: CellData | None = None):
    """Solve eq. (3) of seed 004 for the cell given by the pattern ``I``.

    The same ``(X, y, I)`` recurs across weight draws (e.g. every unit active
    at a large bias); the answer for the last 16 distinct inputs is kept, keyed
    by the exact bytes of ``X``, ``y`` and ``I``, and returned as a fresh copy
    (:func:`_solve_cell` does the work).

    Parameters
    ----------
    X : array_like, shape (N, D)
        bias-augmented samples.
    y : array_like, shape (N,)
        labels.
    I : array_like of bool, shape (N, K)
        activation pattern.
    null_basis : bool
        also return an orthonormal basis of null(A) (needed by the LP of eq. (9)).
    data : CellData, optional
        from :func:`cell_data`; when ``X is data.X`` and ``y is data.y`` the
        data's key and :math:`\\tilde X\\tilde X^T` are reused instead of
        recomputed (same answer, bit for bit: the same products of the same
        numbers).

    Returns
    -------
    InCellMinimum

    Notes
    -----
    When ``N <= K*D`` the pseudo-inverse is taken through the ``N x N`` Gram
    matrix :func:`gram_matrix` (:math:`A^+y = A^T (AA^T)^+ y`: its eigenvalues
    decide the rank, and at full rank ``N`` a Cholesky solve gives
    :math:`(AA^T)^{-1}y`; only below full rank the eigenvectors). Samples on
    which no neuron is active are zero rows of :math:`A`; they are left out of
    the factorisation (the pseudo-inverse of a matrix with zero rows and
    columns is that of the rest, padded with zeros), so the Cholesky route
    still applies to the other samples; with ``data`` of full row rank,
    :meth:`CellData.gram_floor` bounds the block's smallest eigenvalue, and
    where the bound clears the rank threshold (scaled by a Gershgorin bound on
    the largest) a thousand times over the eigenvalues are not computed for
    the decision (``rank_gap`` computes them when read). When
    ``N > K*D`` through a QR factorisation of ``A`` and the SVD of its
    ``KD x KD`` factor (``Q`` applied to ``y`` only, never formed); otherwise
    through the SVD of ``A`` (``N x KD``). Each costs
    :math:`O(\\min(N, KD)^2 \\max(N, KD))`, with one BLAS thread
    (:mod:`critcheck.threads`: called once per weight draw, where threads
    only add waiting). Rank threshold: singular values
    below :math:`\\max(N, KD)\\,\\varepsilon\\,\\sigma_{\\max}` count as zero
    (NumPy's ``matrix_rank`` default).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    key = (_key_of(X, data, 0), _key_of(y, data, 1), _content_key(np.asarray(I, dtype=bool)), bool(null_basis))
    hit = _CELL_CACHE.get(key)
    if hit is None:
        mine = data is not None and X is data.X
        hit = _solve_cell(X, y, I, null_basis=null_basis, xxt=data.xxt if mine else None,
                          floor=data.gram_floor if mine else None)
        _CELL_CACHE[key] = hit
        while len(_CELL_CACHE) > _CELL_CACHE_SIZE:
            _CELL_CACHE.popitem(last=False)
    else:
        _CELL_CACHE.move_to_end(key)
    return dataclasses.replace(hit, R0=hit.R0.copy(), fitted=hit.fitted.copy(),
                               null_basis=None if hit.null_basis is None else hit.null_basis.copy())


@single_blas_thread
def _solve_cell(X, y, I, *, null_basis=False, xxt=None, floor=None):
    """:func:`in_cell_minimum` without the cache; ``xxt()``, when given, returns ``X @ X.T``,
    ``floor(K)`` a lower bound on the smallest eigenvalue of the Gram block (:meth:`CellData.gram_floor`)."""
    X = _as_2d("X", X)
    y = np.asarray(y, dtype=float).reshape(-1)
    I = np.asarray(I, dtype=bool)
    N, D = X.shape
    if y.shape[0] != N or I.shape[0] != N:
        raise InvalidArgument(f"X has {N} rows but y has {y.shape[0]} and I has {I.shape[0]}")
    K = I.shape[1]
    KD = K * D
    eps = np.finfo(float).eps
    Z = None
    if not I.any():
        R0 = np.zeros((K, D))
        fitted = np.zeros(N)
        rank, gap = 0, 1.0
        if null_basis:
            Z = np.eye(KD)
    elif N <= KD and not null_basis:
        G = gram_matrix(X, I, xxt=None if xxt is None else xxt())
        # a sample on which no neuron is active is a zero row of A, so a zero row and column
        # of AA^T, and (AA^T)^+ is the pseudo-inverse of the block of the other samples padded
        # with zeros: that block is factorised alone (else the zero rows alone defeat Cholesky)
        act = I.any(axis=1)
        Gs, ys = (G, y) if act.all() else (G[np.ix_(act, act)], y[act])
        alpha = gap = None
        # eigenvalues of AA^T are squared singular values of A. When a Cholesky factor exists
        # (about 1/15 of the cost of eigh) the eigenvalues alone (about 1/3) decide the rank,
        # and at full rank the factor gives (AA^T)^{-1} y; below full rank, as before, eigh
        from scipy.linalg import cho_factor, cho_solve

        try:
            chol = cho_factor(Gs, lower=True, check_finite=False)
        except np.linalg.LinAlgError:     # not numerically positive definite: rank < N
            chol = None
        scale = max(N, KD) * eps
        if chol is not None and floor is not None and \
                floor(K) > 1e3 * scale * np.abs(Gs).sum(axis=1).max() * 10:
            # every eigenvalue is at least floor(K) (CellData.gram_floor) and the largest at most
            # the largest absolute row sum (Gershgorin): the computed eigenvalues, within a small
            # multiple of N eps of the largest, clear the threshold with a factor 1000 to spare,
            # so the eigenvalue pass is not needed to decide the rank (rank_gap computes it if asked)
            alpha = cho_solve(chol, ys, check_finite=False)
            rank, gap = Gs.shape[0], _DeferredGap(Gs, scale)
        elif chol is not None:
            lam = np.linalg.eigvalsh(Gs)
            lmax = lam[-1]
            keep = lam > scale * lmax * 10
            if keep.all():
                alpha = cho_solve(chol, ys, check_finite=False)
        if alpha is None:
            lam, V = np.linalg.eigh(Gs)
            lmax = lam[-1]
            keep = lam > scale * lmax * 10
            alpha = V[:, keep] @ ((V[:, keep].T @ ys) / lam[keep])    # (AA^T)^+ y
        if Gs is not G:
            alpha_s, alpha = alpha, np.zeros(N)
            alpha[act] = alpha_s
        if gap is None:
            rank = int(keep.sum())
            gap = float(np.sqrt(lam[keep].min() / lmax))
        R0 = (I * alpha[:, None]).T @ X                              # A^T alpha, block j
        fitted = G @ alpha
    elif N > KD:
        # tall A: A = QR (Householder, Q never formed: only Q^T y), then the SVD of the
        # KD x KD factor R = U_R S V^T; A = (Q U_R) S V^T has the same singular values and
        # right vectors. About half the cost of the SVD of A with its N x KD left vectors
        from scipy.linalg import qr_multiply

        A = design_matrix(X, I)
        qty, Rf = qr_multiply(A, y, mode="right")                      # y^T Q, R
        Ur_, s, Vt = np.linalg.svd(Rf)
        keep = s > max(N, KD) * eps * s[0]
        rank = int(keep.sum())
        gap = float(s[keep].min() / s[0])
        coef = (Ur_[:, :rank].T @ qty) / s[:rank]
        R0v = Vt[:rank].T @ coef
        R0 = R0v.reshape(K, D)
        fitted = A @ R0v                                               # A A^+ y
        if null_basis:
            Z = Vt[rank:].T
    else:
        A = design_matrix(X, I)
        U, s, Vt = np.linalg.svd(A, full_matrices=bool(null_basis and N < KD))
        U = U[:, :min(N, KD)]
        keep = s > max(N, KD) * eps * s[0]
        rank = int(keep.sum())
        gap = float(s[keep].min() / s[0])
        Ur, Vr = U[:, :rank], Vt[:rank].T
        coef = (Ur.T @ y) / s[:rank]
        R0 = (Vr @ coef).reshape(K, D)
        fitted = Ur @ (Ur.T @ y)
        if null_basis:
            Z = Vt[rank:].T
    loss = float(np.mean((fitted - y) ** 2))
    return InCellMinimum(R0=R0, fitted=fitted, rank=rank, unique=(rank == KD), loss=loss,
                         null_basis=Z, _gap=gap)

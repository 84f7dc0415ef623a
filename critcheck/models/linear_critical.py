"""Critical points of deep linear networks (seed 003, Sec. III, eq. (3)).

For :math:`\\min \\|Y - W_L \\cdots W_1 X\\|_F^2` (here with samples as rows:
``X`` is ``(n, d_x)``, ``Y`` is ``(n, d_y)``) let
:math:`\\Sigma_{XX} = X^T X`, :math:`\\Sigma_{YX} = Y^T X`,
:math:`B = \\Sigma_{YX}\\Sigma_{XX}^{-1}` (least squares) and
:math:`M = B\\,\\Sigma_{XY} = U\\Lambda U^T`. For every index set ``S`` of
eigenvectors (Baldi & Hornik 1989, extended to depth ``L``),

.. math:: W_L = [U_S\\ 0],\\quad W_j = \\begin{pmatrix} I_{|S|} & 0 \\\\ 0 & 0\\end{pmatrix},
          \\quad W_1 = \\begin{pmatrix} U_S^T B \\\\ 0 \\end{pmatrix}

is a critical point with product :math:`U_S U_S^T B`; it is full rank iff
``|S| = min(d_x, d_y)``. The global minimum over products of rank at most
:math:`p = \\min_i d_i` (the "mother problem" P2 of Thm III.1) is
:math:`\\|Y - XB^T\\|^2 + \\sum_{i > p} \\lambda_i(M)`.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["least_squares_parts", "global_value", "constructed_critical_point", "product"]


def least_squares_parts(X, Y):
    """``(B, eigenvalues of M (descending), U)`` for data ``X (n, d_x)``, ``Y (n, d_y)``."""
    Sxx = X.T @ X
    if np.linalg.matrix_rank(Sxx) < Sxx.shape[0]:
        raise InvalidArgument("X^T X is singular: X must have full column rank "
                              "(full row rank in the seed's column convention)")
    B = np.linalg.solve(Sxx, X.T @ Y).T          # d_y x d_x
    M = B @ (X.T @ Y)
    lam, U = np.linalg.eigh(M)
    order = np.argsort(lam)[::-1]
    return B, lam[order], U[:, order]


def global_value(X, Y, dims) -> float:
    """Global minimum of eq. (3) for widths ``dims`` (via problem P2)."""
    B, lam, _ = least_squares_parts(X, Y)
    p = min(dims)
    resid = Y - X @ B.T
    return float(np.sum(resid**2) + np.sum(np.clip(lam[p:], 0, None)))


def constructed_critical_point(X, Y, dims, S, rng=None) -> np.ndarray:
    """The flat parameter vector of the critical point for eigen-index set ``S``.

    With ``rng``, the factors are rebalanced by random invertible matrices
    (``W_{j+1} C^{-1}``, ``C W_j``), which keeps the product and criticality.
    """
    dims = tuple(dims)
    S = list(S)
    k = len(S)
    if any(k > d for d in dims):
        raise InvalidArgument(f"|S|={k} exceeds the thinnest width of dims={dims}")
    B, lam, U = least_squares_parts(X, Y)
    L = len(dims) - 1
    Ws = []
    for j in range(1, L + 1):
        W = np.zeros((dims[j], dims[j - 1]))
        if j == 1 and j == L:
            W = U[:, S] @ U[:, S].T @ B
        elif j == 1:
            W[:k, :] = U[:, S].T @ B
        elif j == L:
            W[:, :k] = U[:, S]
        else:
            W[:k, :k] = np.eye(k)
        Ws.append(W)
    if rng is not None:
        for j in range(L - 1):
            d = dims[j + 1]
            C = np.eye(d) + 0.3 * rng.standard_normal((d, d))
            Ws[j] = C @ Ws[j]
            Ws[j + 1] = Ws[j + 1] @ np.linalg.inv(C)
    return np.concatenate([W.ravel() for W in Ws])


def product(theta, dims) -> np.ndarray:
    """:math:`W_L \\cdots W_1` of a flat parameter vector."""
    dims = tuple(dims)
    off, P = 0, np.eye(dims[0])
    for j in range(1, len(dims)):
        size = dims[j] * dims[j - 1]
        P = theta[off:off + size].reshape(dims[j], dims[j - 1]) @ P
        off += size
    return P

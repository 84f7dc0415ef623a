"""Exact (rational) certificate that a cell holds a genuine differentiable local minimum.

For data with rational entries (MNIST pixels are k/255) and float weights
(exact binary rationals), everything the per-sample reduction of
:mod:`critcheck.relu.genuine` builds can be redone in exact rational arithmetic
(python-flint): the witness :math:`\\mathbf R` and every inequality and
equation it must satisfy. Seed 004 (Bo Liu, Part 2), Sec. II, eqs. (3), (6)-(8).

What :func:`verify_certificate` checks, exactly:

1. the weights ``W`` put every sample strictly on one side
   (:math:`\\mathbf w_j\\cdot\\mathbf x_i \\ne 0`) with pattern ``I``: ``W`` is
   interior to the defining cells;
2. :math:`s_j\\,\\mathbf x_i\\cdot\\mathbf R_j > 0` where :math:`I_{ij}=1` and
   :math:`< 0` where :math:`I_{ij}=0`: the weights
   :math:`\\mathbf w_j^* = s_j\\mathbf R_j`, :math:`z_j^* = s_j` lie in the same
   open cells (eq. (6)), so :math:`z_j^*\\mathbf w_j^* = \\mathbf R_j`;
3. the normal equations :math:`A^T(A\\mathbf R - y) = 0`: :math:`\\mathbf R`
   minimises the in-cell loss, a convex quadratic in :math:`\\mathbf R` (eq. (3)).

Then :math:`(z^*, \\mathbf w^*)` is a local minimum of eq. (1): on an open
neighbourhood inside the cells the pattern is constant and
:math:`L(z, \\mathbf w) = L_I(z\\mathbf w) \\ge \\min L_I = L(z^*, \\mathbf w^*)`.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["exact_witness", "verify_certificate"]


def _q(x):
    import flint

    n, d = float(x).as_integer_ratio()
    return flint.fmpq(n, d)


def _mat(rows):
    import flint

    rows = [list(r) for r in rows]
    return flint.fmpq_mat(len(rows), len(rows[0]), [v for r in rows for v in r])


def exact_witness(Xint, scale, y, I, signs):
    """Build the per-sample witness in rational arithmetic.

    Parameters
    ----------
    Xint : ndarray of int (N, D)
        integer data; the samples are ``Xint / scale`` (bias column = scale).
    scale : int
    y : ndarray (N,) of +-1
    I : ndarray of bool (N, K)
    signs : ndarray (K,) of +-1
        a sign vector meeting the per-sample conditions with t = y
        (:func:`critcheck.relu.genuine.sign_program`).

    Returns
    -------
    flint.fmpq_mat (D, K)
        :math:`R^T`, with :math:`\\tilde X R^T = U/\\text{scale}` exactly.
    """
    import flint

    Xint = np.asarray(Xint, dtype=np.int64)
    N, D = Xint.shape
    K = I.shape[1]
    U = [[flint.fmpq(0)] * K for _ in range(N)]
    for i in range(N):
        S = [j for j in range(K) if I[i, j]]
        t = flint.fmpq(int(scale) * int(y[i]))
        P = [j for j in S if signs[j] > 0]
        Nn = [j for j in S if signs[j] < 0]
        for j in range(K):
            if not I[i, j]:
                U[i][j] = flint.fmpq(-int(signs[j]))
        if not S:
            continue
        if P and Nn:
            for j in P:
                U[i][j] = flint.fmpq(1)
            for j in Nn:
                U[i][j] = flint.fmpq(-1)
            rest = t - (len(P) - len(Nn))
            grp = P if rest >= 0 else Nn
            for j in grp:
                U[i][j] += rest / len(grp)
        else:
            grp = P or Nn
            for j in grp:
                U[i][j] = t / len(grp)
    X = _mat(Xint.tolist())
    G = X * X.transpose()
    alpha = G.solve(_mat(U))                 # (N, K)
    return X.transpose() * alpha             # (D, K): X R^T = U


def verify_certificate(Xint, scale, y, I, W, signs, RT):
    """Re-check the certificate exactly (see module docstring). Returns (bool, dict)."""
    Xint = np.asarray(Xint, dtype=np.int64)
    N, D = Xint.shape
    K = I.shape[1]
    X = _mat(Xint.tolist())
    Wq = _mat([[_q(v) for v in row] for row in np.asarray(W, float).T.tolist()])   # (D, K)
    P = X * Wq
    V = X * RT
    info = {}
    pattern_ok = all((P[i, j] > 0) == bool(I[i, j]) and P[i, j] != 0 for i in range(N) for j in range(K))
    info["weights_interior_with_pattern"] = pattern_ok
    side_ok = all((int(signs[j]) * V[i, j] > 0) if I[i, j] else (int(signs[j]) * V[i, j] < 0)
                  for i in range(N) for j in range(K))
    info["witness_strictly_inside"] = side_ok
    # residual of A R - y in the true (unscaled) data: (sum_j I_ij V_ij) / scale - y_i
    import flint

    r = [sum((V[i, j] for j in range(K) if I[i, j]), flint.fmpq(0)) / int(scale) - int(y[i]) for i in range(N)]
    # normal equations: for every j, sum_i I_ij r_i x_i = 0 (x_i = Xint_i / scale)
    normal_ok = True
    for j in range(K):
        vec = [flint.fmpq(0)] * D
        for i in range(N):
            if I[i, j] and r[i] != 0:
                for c in range(D):
                    if Xint[i, c]:
                        vec[c] += r[i] * int(Xint[i, c])
        if any(v != 0 for v in vec):
            normal_ok = False
            break
    info["normal_equations_hold"] = normal_ok
    loss = sum((v * v for v in r), flint.fmpq(0)) / N
    info["loss"] = str(loss)
    return bool(pattern_ok and side_ok and normal_ok), info

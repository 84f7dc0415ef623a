"""Population loss of a two-layer ReLU student against a ReLU teacher, in closed form.

With x ~ N(0, I_d), student N_W(x) = sum_i relu(w_i^T x) (n rows of W) and
teacher N_V(x) = sum_j relu(v_j^T x) (k rows of V), the loss with the factor
one half of Safran & Shamir (ICML 2018, arXiv 1712.08968, Sec. 2, Eq. (1),
as implemented in the authors' ``objval.m``) is

.. math::

    F(W) = \\tfrac12 \\sum_{i,i'} \\kappa(w_i, w_{i'})
           - \\sum_{i,j} \\kappa(w_i, v_j)
           + \\tfrac12 \\sum_{j,j'} \\kappa(v_j, v_{j'}),

with the degree-1 arc-cosine kernel of Cho & Saul (NIPS 2009, Eq. (6))
:math:`\\kappa(u,v) = \\frac{\\|u\\|\\|v\\|}{2\\pi}(\\sin\\theta + (\\pi-\\theta)\\cos\\theta)`.
The gradient is Tian's formula (ICML 2017, arXiv 1703.00560, Sec. 3, Eq. (5)):
:math:`\\nabla_{w_i}F = \\sum_{i'} \\gamma(w_i, w_{i'}) - \\sum_j \\gamma(w_i, v_j)` with
:math:`\\gamma(w,u) = \\frac{1}{2\\pi}(\\|u\\|\\sin\\theta\\,\\bar w + (\\pi-\\theta)u)`.
The Hessian blocks are those of the authors' ``Hessian.m`` (see
``docs/twolayer.md`` for the formulas).

Angles are computed as :math:`\\theta = 2\\,\\mathrm{atan2}(\\|\\bar u-\\bar v\\|, \\|\\bar u+\\bar v\\|)`,
which keeps full relative accuracy near 0 and pi where ``arccos`` loses digits.

All functions are vectorised NumPy: ``W`` has shape ``(..., n, d)`` (any
leading batch axes), ``V`` shape ``(k, d)``. The parameter vector is the rows
``w_1, ..., w_n`` stacked, so the Hessian has shape ``(..., n*d, n*d)``.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument
from ..numeric.backend import array_ops

__all__ = ["angles", "arccos_kernel", "population_loss", "population_loss_with", "teacher_terms",
           "gradient", "hessian", "gradient_fast"]

_TWO_PI = 2.0 * np.pi


def _check(W, V):
    W = np.asarray(W, dtype=float)
    V = np.asarray(V, dtype=float)
    if W.ndim < 2:
        raise InvalidArgument(f"W.shape={W.shape!r}: W must have shape (..., n, d)")
    if V.ndim != 2 or V.shape[1] != W.shape[-1]:
        raise InvalidArgument(
            f"V.shape={V.shape!r} does not fit W.shape={W.shape!r}: V must be (k, d) with "
            f"d = W.shape[-1] = {W.shape[-1]}")
    return W, V


def _norm_rows(A):
    """``np.linalg.norm(A, axis=-1)`` for a real float array, the same operations
    (``sqrt(add.reduce(A*A, -1))``) without its argument handling."""
    return np.sqrt(np.add.reduce(A * A, axis=-1))


def _norms_units(A):
    r = _norm_rows(A)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = A / r[..., None]
    return r, u


def angles(A, B):
    """Angles between the rows of ``A`` (..., a, d) and ``B`` (..., b, d), shape (..., a, b).

    :math:`\\theta = 2\\,\\mathrm{atan2}(\\|\\bar a-\\bar b\\|, \\|\\bar a+\\bar b\\|)` on the unit vectors.
    """
    _, ua = _norms_units(np.asarray(A, dtype=float))
    _, ub = _norms_units(np.asarray(B, dtype=float))
    return _angles_units(ua, ub)


# ``np.add.reduce(A, axis=-1)``, bit for bit, without the reduction's per-row loop
_sum_last = array_ops(np).sum_last


def _angles_units(ua, ub):
    # |a - b| and |a + b| of all pairs through one scratch array, squared in place: the
    # operations of sqrt(add.reduce(d*d, -1)) on the same numbers, without allocating
    # four (..., a, b, d) arrays (the allocations cost more than the arithmetic)
    work = ua[..., :, None, :] - ub[..., None, :, :]
    work *= work
    dn = np.sqrt(_sum_last(work))
    np.add(ua[..., :, None, :], ub[..., None, :, :], out=work)
    work *= work
    return 2.0 * np.arctan2(dn, np.sqrt(_sum_last(work)))


def _kernel_units(ra, ua, rb, ub):
    """:func:`arccos_kernel` from the rows' norms and their unit vectors (zero rows: 0)."""
    th = _angles_units(ua, ub)
    val = np.sin(th) + (np.pi - th) * np.cos(th)
    return ra[..., :, None] * rb[..., None, :] / _TWO_PI * val


def arccos_kernel(A, B):
    """Kernel matrix :math:`\\kappa(a_i, b_j) = E[\\sigma(a_i^Tx)\\sigma(b_j^Tx)]`, shape (..., a, b).

    Cho & Saul (2009), Eq. (6) with degree 1; a zero row gives a zero row.
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    ra, ua = _norms_units(A)
    rb, ub = _norms_units(B)
    return _kernel_units(ra, np.nan_to_num(ua), rb, np.nan_to_num(ub))


def teacher_terms(V):
    """What :func:`population_loss` needs of the teacher ``V`` alone: its rows' norms,
    unit vectors and the constant :math:`\\tfrac12\\sum_{j,j'}\\kappa(v_j, v_{j'})` term's
    sum, for :func:`population_loss_with` (a loop over many ``W`` for one ``V``)."""
    V = np.asarray(V, dtype=float)
    rv, uv = _norms_units(V)
    uv = np.nan_to_num(uv)
    return rv, uv, _kernel_units(rv, uv, rv, uv).sum()


def population_loss_with(W, teacher):
    """:func:`population_loss` with ``teacher = teacher_terms(V)`` computed once: the
    same operations on the same numbers (bit for bit), without recomputing the
    teacher's kernel and the student's norms for each of the three sums."""
    rv, uv, vv = teacher
    rw, uw = _norms_units(W)
    uw = np.nan_to_num(uw)
    ww = _kernel_units(rw, uw, rw, uw).sum(axis=(-1, -2))
    wv = _kernel_units(rw, uw, rv, uv).sum(axis=(-1, -2))
    return 0.5 * ww - wv + 0.5 * vv


def population_loss(W, V):
    """F(W; V) = ½ E[(N_W(x) − N_V(x))²] for x ~ N(0, I), shape ``W.shape[:-2]``.

    Safran & Shamir (2018), Sec. 2, Eq. (1) with the factor ½ of ``objval.m``.
    """
    W, V = _check(W, V)
    ww = arccos_kernel(W, W).sum(axis=(-1, -2))
    wv = arccos_kernel(W, V).sum(axis=(-1, -2))
    vv = arccos_kernel(V, V).sum()
    return 0.5 * ww - wv + 0.5 * vv


def gradient(W, V):
    """∇_W F, shape (..., n, d) (Tian 2017, Eq. (5); Safran & Shamir ``g.m`` divided by 2π).

    The self term :math:`\\gamma(w_i, w_i) = w_i/2` is exact (θ = 0).
    Undefined (NaN) where some ``w_i = 0``.
    """
    W, V = _check(W, V)
    rw, uw = _norms_units(W)
    rv, uv = _norms_units(V)
    Vb = np.broadcast_to(V, W.shape[:-2] + V.shape)
    U = np.concatenate([W, Vb], axis=-2)               # (..., n+k, d)
    ru = np.concatenate([rw, np.broadcast_to(rv, W.shape[:-2] + rv.shape)], axis=-1)
    uu = np.concatenate([uw, np.broadcast_to(uv, W.shape[:-2] + uv.shape)], axis=-2)
    n = W.shape[-2]
    sign = np.concatenate([np.ones(n), -np.ones(V.shape[0])])
    th = _angles_units(uw, uu)                         # (..., n, n+k)
    coef_self = (ru[..., None, :] * np.sin(th) * sign).sum(axis=-1)   # (..., n)
    M = (np.pi - th) * sign                            # (..., n, n+k)
    return (coef_self[..., None] * uw + M @ U) / _TWO_PI


def _transpose(xp, A):
    """Swap the last two axes (array API ``matrix_transpose``; ``swapaxes`` where that is missing)."""
    f = getattr(xp, "matrix_transpose", None)
    return f(A) if f is not None else xp.swapaxes(A, -1, -2)


def gradient_fast(W, V, xp=None):
    """∇_W F via Gram matrices: the same formula as :func:`gradient`, for descent loops.

    Pairwise angles come from ``arccos`` of the Gram matrix of unit vectors
    (accurate to about 1e-8 rad for nearly parallel pairs, which descent does
    not approach); the self term is exact. About 10x faster than
    :func:`gradient` on batches.

    Written against the array API: ``W`` (..., n, d) and ``V`` (k, d) may be
    NumPy, CuPy or array-api-strict arrays of one namespace (``xp``, default
    that of ``W``; :mod:`critcheck.numeric.backend`); the result lives there too.
    """
    if xp is None:
        from ..numeric.backend import array_namespace

        xp = array_namespace(W)
    rw = xp.sqrt(xp.sum(W * W, axis=-1))
    uw = W / rw[..., None]
    rv = xp.sqrt(xp.sum(V * V, axis=-1))
    uv = V / rv[:, None]
    acos = getattr(xp, "acos", None) or xp.arccos     # CuPy before its NumPy-2 names: arccos
    tww = acos(xp.clip(uw @ _transpose(xp, uw), -1.0, 1.0))
    twv = acos(xp.clip(uw @ _transpose(xp, uv), -1.0, 1.0))
    n = W.shape[-2]
    off = 1.0 - xp.eye(n, dtype=W.dtype)               # 0 on the diagonal (the self term)
    sww = xp.sin(tww) * off
    mww = (np.pi - tww) * off + np.pi * (1.0 - off)
    coef = xp.sum(sww * rw[..., None, :], axis=-1) - xp.sin(twv) @ rv
    return (coef[..., None] * uw + mww @ W - (np.pi - twv) @ V) / _TWO_PI


def _h1(rw, uw, ru, uu, th):
    """Hessian contribution h1(w, u) of one pair (Safran & Shamir ``Hessian.m``), shape (..., d, d).

    Inputs broadcast: rw (...), uw (..., d), ru (...), uu (..., d), th (...).
    """
    s = np.sin(th)
    c = np.cos(th)
    d = uw.shape[-1]
    eye = np.eye(d)
    a = c[..., None] * uw - uu
    outer_w = uw[..., :, None] * uw[..., None, :]
    mat = (s ** 2)[..., None, None] * (eye - outer_w) + a[..., :, None] * a[..., None, :]
    return (ru / (_TWO_PI * rw * s))[..., None, None] * mat


def hessian(W, V):
    """∇²_W F with rows w_1..w_n stacked, shape (..., n*d, n*d).

    Blocks (Safran & Shamir, ``Verify_minima_code/Hessian.m``):
    (i,i) = ½I + Σ_{i'≠i} h1(w_i, w_i') − Σ_j h1(w_i, v_j) and
    (i,i') = (π−θ)/(2π) I + [(w̄+ū)(w̄+ū)ᵀ − (1+cos θ)(w̄w̄ᵀ + ūūᵀ)] / (2π sin θ), u = w_i'.
    Infinite or NaN where two neurons, or a neuron and a teacher row, are parallel.
    """
    W, V = _check(W, V)
    n, d = W.shape[-2:]
    k = V.shape[0]
    batch = W.shape[:-2]
    rw, uw = _norms_units(W)
    rv, uv = _norms_units(V)
    tww = _angles_units(uw, uw)                        # (..., n, n)
    twv = _angles_units(uw, np.broadcast_to(uv, batch + (k, d)))  # (..., n, k)
    eye_d = np.eye(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        # student-teacher terms of the diagonal blocks
        hv = _h1(rw[..., :, None], uw[..., :, None, :], rv, np.broadcast_to(uv, batch + (n, k, d)), twv)
        diag = 0.5 * eye_d - hv.sum(axis=-3)            # (..., n, d, d)
        # student-student pairs
        hw = _h1(rw[..., :, None], uw[..., :, None, :], rw[..., None, :], uw[..., None, :, :], tww)
        off_mask = ~np.eye(n, dtype=bool)
        hw = np.where(off_mask[..., None, None], hw, 0.0)
        diag = diag + hw.sum(axis=-3)
        s = np.sin(tww)
        c = np.cos(tww)
        p = uw[..., :, None, :] + uw[..., None, :, :]   # (..., n, n, d)
        outer_p = p[..., :, None] * p[..., None, :]
        outer_i = uw[..., :, None, :, None] * uw[..., :, None, None, :]
        outer_j = uw[..., None, :, :, None] * uw[..., None, :, None, :]
        cross = ((np.pi - tww) / _TWO_PI)[..., None, None] * eye_d + \
            (outer_p - (1 + c)[..., None, None] * (outer_i + outer_j)) / (_TWO_PI * s)[..., None, None]
    idx = np.arange(n)
    cross[..., idx, idx, :, :] = diag
    return np.swapaxes(cross, -3, -2).reshape(batch + (n * d, n * d))

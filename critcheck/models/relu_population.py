"""Population loss of a two-layer ReLU teacher-student network, batched over students.

Student :math:`N_W(x) = \\sum_{i=1}^n \\sigma(w_i^\\top x)`, teacher
:math:`N_V(x) = \\sum_{j=1}^k \\sigma(v_j^\\top x)`, :math:`x \\sim N(0, I_d)`,
:math:`\\sigma(z) = \\max(0, z)`; with the factor 1/2 of the authors' code,

.. math:: F(W) = \\tfrac12 \\sum_{i,i'} \\kappa(w_i, w_{i'})
                - \\sum_{i,j} \\kappa(w_i, v_j)
                + \\tfrac12 \\sum_{j,j'} \\kappa(v_j, v_{j'}),
          \\qquad
          \\kappa(u, v) = \\frac{\\|u\\|\\|v\\|}{2\\pi}
                         \\big(\\sin\\theta + (\\pi - \\theta)\\cos\\theta\\big),

the degree-1 arc-cosine kernel (Cho & Saul), :math:`\\theta` the angle
between ``u`` and ``v``. The gradient is
:math:`\\nabla_{w_i} F = \\sum_{i'} \\gamma(w_i, w_{i'}) - \\sum_j \\gamma(w_i, v_j)`
with :math:`\\gamma(w, u) = \\frac{1}{2\\pi}(\\|u\\|\\sin\\theta\\,\\bar w + (\\pi-\\theta) u)`
(the :math:`i' = i` term is :math:`w_i/2`).

This module exists because the issue-12 implementation
(``critcheck/twolayer/loss.py``) was not yet available on its branch when the
minima-graph engine needed it; it implements the same closed forms from the
project's anchor notes (Safran & Shamir's released code; Tian 2017), value and
gradient only (the Hessian is taken by differences of this exact gradient
in :mod:`critcheck.numeric.minima_graph`). When the issue-12 module lands, the
two should be compared and this one retired.

The angle is computed as :math:`\\theta = 2\\,\\mathrm{atan2}(\\|\\bar u-\\bar v\\|, \\|\\bar u+\\bar v\\|)`,
which keeps its digits near 0 and :math:`\\pi`. ``F`` is not differentiable
where a student neuron vanishes; there the gradient uses
:math:`\\bar w = 0` (the one-sided limit along the neuron's own direction is
not defined) and callers should treat such points as unresolved.

References
----------
I. Safran, O. Shamir, "Spurious local minima are common in two-layer ReLU
neural networks", ICML 2018, Sec. 2 (eq. (1)) and Sec. 4. Y. Tian, "An
analytical formula of population gradient for two-layered ReLU network",
ICML 2017, Sec. 3, eq. (5). Y. Cho, L. Saul, "Kernel methods for deep
learning", NIPS 2009, eq. (6) (arc-cosine kernel of degree 1). Seed 002
(the teacher-student setting).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["population_loss", "population_gradient", "loss_and_gradient", "teacher_identity"]

_TINY = 1e-300


def _norm(A):
    return np.sqrt(np.einsum("...k,...k->...", A, A))


def _unit(A):
    r = _norm(A)
    return A / np.maximum(r, _TINY)[..., None], r


def _angles(Ua, Ub):
    """theta[..., a, b] between unit rows ``Ua[..., a, :]`` and ``Ub[..., b, :]``."""
    d = Ua[..., :, None, :] - Ub[..., None, :, :]
    s = Ua[..., :, None, :] + Ub[..., None, :, :]
    return 2.0 * np.arctan2(_norm(d), _norm(s))


def _kernel_sum(A, B):
    """sum over rows a of A and b of B of kappa(a, b); A (..., p, d), B (..., q, d)."""
    Ua, ra = _unit(A)
    Ub, rb = _unit(B)
    th = _angles(Ua, Ub)
    k = (np.sin(th) + (np.pi - th) * np.cos(th)) * ra[..., :, None] * rb[..., None, :]
    return k.sum(axis=(-1, -2)) / (2 * np.pi)


def _check(W, V):
    W = np.asarray(W, dtype=float)
    V = np.asarray(V, dtype=float)
    if W.ndim < 2 or V.ndim != 2 or W.shape[-1] != V.shape[-1]:
        raise InvalidArgument(f"W of shape {W.shape} must be (..., n, d) and V of shape {V.shape} "
                              "(k, d) with the same input dimension d")
    return W, V


def population_loss(W, V):
    """``F(W)`` for students ``W`` of shape ``(..., n, d)``, teacher ``V`` ``(k, d)``.

    Examples
    --------
    >>> import numpy as np
    >>> V = np.eye(3)
    >>> float(population_loss(V[[2, 0, 1]], V))  # a permutation of the teacher
    0.0
    """
    W, V = _check(W, V)
    Vb = np.broadcast_to(V, W.shape[:-2] + V.shape)
    return 0.5 * _kernel_sum(W, W) - _kernel_sum(W, Vb) + 0.5 * _kernel_sum(V, V)


def _gamma_sum(W, U):
    """sum_u gamma(w_i, u) for every row w_i of W; W (..., n, d), U (..., q, d)."""
    Uw, _ = _unit(W)
    Uu, ru = _unit(U)
    th = _angles(Uw, Uu)                                   # (..., n, q)
    a = (ru[..., None, :] * np.sin(th)).sum(axis=-1)       # coefficient of w_bar
    b = np.pi - th                                         # (..., n, q) coefficients of u
    return (a[..., None] * Uw + b @ U) / (2 * np.pi)


def population_gradient(W, V):
    """``dF/dW`` (same shape as ``W``), Tian's formula (see the module notes)."""
    W, V = _check(W, V)
    Vb = np.broadcast_to(V, W.shape[:-2] + V.shape)
    return _gamma_sum(W, W) - _gamma_sum(W, Vb)


def loss_and_gradient(W, V):
    """``(F(W), dF/dW)`` sharing the angles (half the work of two calls)."""
    W, V = _check(W, V)
    Vb = np.broadcast_to(V, W.shape[:-2] + V.shape)
    Uw, rw = _unit(W)
    Uv, rv = _unit(Vb)
    out_f = 0.5 * _kernel_sum(V, V)
    G = np.zeros_like(W)
    for U, ru, sign in ((Uw, rw, 1.0), (Uv, rv, -1.0)):
        U_all = W if sign > 0 else Vb
        th = _angles(Uw, U)
        sn = np.sin(th)
        k = (sn + (np.pi - th) * np.cos(th)) * rw[..., :, None] * ru[..., None, :]
        out_f = out_f + (0.5 if sign > 0 else -1.0) * k.sum(axis=(-1, -2)) / (2 * np.pi)
        a = (ru[..., None, :] * sn).sum(axis=-1)
        G += sign * (a[..., None] * Uw + (np.pi - th) @ U_all) / (2 * np.pi)
    return out_f, G


def teacher_identity(k: int, d: int | None = None) -> np.ndarray:
    """The orthonormal teacher ``V = I_k`` embedded in ``d >= k`` inputs."""
    d = k if d is None else int(d)
    if k < 1 or d < k:
        raise InvalidArgument(f"need 1 <= k <= d, got k={k!r}, d={d!r}")
    return np.eye(k, d)

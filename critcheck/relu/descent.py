"""Verification by gradient descent: does descent stay in its starting cell?

Seed 004 (Bo Liu, Part 2), Sec. V-A, eqs. (23)-(24). From weights
:math:`(z, \\mathbf w)` run gradient descent on the squared loss of eq. (1),

.. math::
    \\frac{\\partial L}{\\partial z_j} = \\frac{\\partial L}{\\partial\\mathbf R_j}\\cdot\\mathbf w_j,\\quad
    \\frac{\\partial L}{\\partial\\mathbf w_j} = z_j\\frac{\\partial L}{\\partial\\mathbf R_j},\\quad
    \\frac{\\partial L}{\\partial\\mathbf R_j} = \\frac2N\\sum_i\\Big(\\sum_k I_{ik}\\mathbf R_k\\cdot\\mathbf x_i - y_i\\Big)I_{ij}\\mathbf x_i.

A trial *left* its cell as soon as some :math:`(\\mathbf w_j\\cdot\\mathbf x_i)(\\mathbf w_j'\\cdot\\mathbf x_i) \\le 0`
(the paper's test); it is *trapped* when it is still in the cell and the
gradient norm is below the threshold (paper: step :math:`10^{-6}`, threshold
:math:`10^{-3}`); *undecided* when neither happened within ``max_iter`` steps.

All trials run together, vectorised over the batch; a trial stops updating
once decided. Array-API code: pass arrays of any supported namespace.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidArgument
from ..numeric.backend import array_namespace, to_numpy

__all__ = ["DescentResult", "descend", "loss_and_grads"]


@dataclasses.dataclass(frozen=True)
class DescentResult:
    """Outcome of :func:`descend` for a batch of T trials.

    Attributes
    ----------
    status : list of str
        ``"left"``, ``"trapped"`` or ``"undecided"`` per trial.
    steps : ndarray (T,)
        steps taken until decided (``max_iter`` when undecided).
    grad_norm : ndarray (T,)
        gradient norm at the last step.
    loss : ndarray (T,)
        loss at the last step.
    """

    status: list
    steps: np.ndarray
    grad_norm: np.ndarray
    loss: np.ndarray


def loss_and_grads(X, y, W, z, I=None):
    """Loss of eq. (1) (squared) and its gradients, eqs. (23)-(24), batched.

    Parameters
    ----------
    X : array (N, D), y : array (N,), W : array (T, K, D), z : array (T, K)
    I : array of bool (T, N, K), optional
        the activation pattern to differentiate with (default: that of ``W``).

    Returns
    -------
    (loss (T,), dL/dz (T, K), dL/dW (T, K, D), pre-activations (T, N, K))
    """
    xp = array_namespace(X, W)
    N = X.shape[0]
    T, K, D = W.shape
    XT = xp.permute_dims(X, (1, 0))
    pre = xp.reshape(xp.matmul(xp.reshape(W, (T * K, D)), XT), (T, K, N))
    pre = xp.permute_dims(pre, (0, 2, 1))                    # (T, N, K)
    act = pre > 0 if I is None else I
    h = xp.where(act, pre, xp.zeros_like(pre))
    f = xp.sum(h * z[:, None, :], axis=2)                    # (T, N)
    r = f - y[None, :]
    loss = xp.sum(r * r, axis=1) / N
    g = (2.0 / N) * xp.where(act, r[:, :, None], xp.zeros_like(pre))   # (T, N, K)
    gT = xp.reshape(xp.permute_dims(g, (0, 2, 1)), (T * K, N))
    dR = xp.reshape(xp.matmul(gT, X), (T, K, D))              # dL/dR_j
    dz = xp.sum(dR * W, axis=2)
    dW = dR * z[:, :, None]
    return loss, dz, dW, pre


def descend(X, y, W, z, *, step=None, threshold=1e-3, max_iter=3000, adaptive=True):
    """Gradient descent from each (W[t], z[t]); report whether it leaves its cell.

    Parameters
    ----------
    X : array (N, D)
        bias-augmented samples.
    y : array (N,)
    W : array (T, K, D), z : array (T, K)
        starting weights (batch of T trials).
    step : float, optional
        the fixed step size when ``adaptive=False`` (paper: 1e-6, the default
        then); the initial step when ``adaptive=True`` (default 1e-3).
    threshold : float
        gradient-norm threshold for "trapped" (paper: 1e-3).
    max_iter : int
    adaptive : bool
        Armijo backtracking per trial (a step is taken only when it decreases
        the loss by at least half the linear prediction; the step doubles after
        a success, halves after a failure). Still plain gradient descent, with
        the step chosen per iteration; the paper's fixed 1e-6 needs far more
        iterations than a few-minute run allows.

    Returns
    -------
    DescentResult
    """
    if step is None:
        step = 1e-3 if adaptive else 1e-6
    if step <= 0 or threshold <= 0 or max_iter < 1:
        raise InvalidArgument(f"need step > 0, threshold > 0, max_iter >= 1; got {step!r}, "
                              f"{threshold!r}, {max_iter!r}")
    xp = array_namespace(X, W)
    X = xp.asarray(X, dtype=xp.float64)
    y = xp.asarray(y, dtype=xp.float64)
    W = xp.asarray(W, dtype=xp.float64)
    z = xp.asarray(z, dtype=xp.float64)
    if W.ndim != 3 or z.ndim != 2 or W.shape[:2] != z.shape or W.shape[2] != X.shape[1]:
        raise InvalidArgument(f"shapes W {W.shape!r}, z {z.shape!r}, X {X.shape!r} do not match "
                              "(T, K, D), (T, K), (N, D)")
    T = W.shape[0]
    pre0 = loss_and_grads(X, y, W, z)[3]
    I0 = pre0 > 0
    status = np.array(["undecided"] * T, dtype=object)
    steps = np.full(T, max_iter)
    live = np.ones(T, dtype=bool)
    gnorm = np.zeros(T)
    loss_out = np.zeros(T)
    eta = np.full(T, float(step))
    loss, dz, dW, pre = loss_and_grads(X, y, W, z, I0)
    for it in range(max_iter + 1):
        left = xp.any((pre * pre0) <= 0, axis=(1, 2))
        gn2 = xp.sum(dz * dz, axis=1) + xp.sum(dW * dW, axis=(1, 2))
        left_np, gn2_np, loss_np = to_numpy(left), to_numpy(gn2), to_numpy(loss)
        gn_np = np.sqrt(gn2_np)
        newly_left = live & left_np
        status[newly_left] = "left"
        steps[newly_left] = it
        newly_trapped = live & ~left_np & (gn_np < threshold)
        status[newly_trapped] = "trapped"
        steps[newly_trapped] = it
        done = newly_left | newly_trapped
        gnorm[live] = gn_np[live]
        loss_out[live] = loss_np[live]
        live &= ~done
        if not live.any() or it == max_iter:
            break
        e = xp.asarray(np.where(live, eta, 0.0))
        W1 = W - e[:, None, None] * dW
        z1 = z - e[:, None] * dz
        if adaptive:
            # the new point's true loss (its own activation pattern)
            l1, dz1, dW1, pre1 = loss_and_grads(X, y, W1, z1)
            l1_np = to_numpy(l1)
            ok = live & (l1_np <= loss_np - 0.5 * eta * gn2_np)
            eta = np.where(ok, eta * 2.0, np.where(live, eta * 0.5, eta))
            okx = xp.asarray(ok)
            W = xp.where(okx[:, None, None], W1, W)
            z = xp.where(okx[:, None], z1, z)
        else:
            W, z = W1, z1
        loss, dz, dW, pre = loss_and_grads(X, y, W, z, I0)
    return DescentResult(status=list(status), steps=steps, grad_norm=gnorm, loss=loss_out)

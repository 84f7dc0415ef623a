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
once decided. Array-API code: pass arrays of any supported namespace. With
NumPy arrays a fused path runs instead (:func:`_descend_numpy`): the two
matrix products per evaluation go to BLAS over the undecided trials only, the
element-wise middle (activation, residual, loss, the cell test) is one Numba
pass without temporaries, and an accepted Armijo step reuses the evaluation
at the trial point when its activation pattern is the starting one (then the
two evaluations of the array-API loop coincide). Same decisions as the
array-API loop (``tests/test_relu_descent.py`` compares them).
"""

from __future__ import annotations

import dataclasses

import numba
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

def _settle(it, live, left, gn, loss, threshold, status, steps, gnorm, loss_out):
    """One step's bookkeeping for the live trials (NumPy arrays, updated in place):
    a trial that left its cell or whose gradient norm fell below ``threshold``
    ("trapped") stops at step ``it``; the others record their norm and loss."""
    newly_left = live & left
    status[newly_left] = "left"
    steps[newly_left] = it
    newly_trapped = live & ~left & (gn < threshold)
    status[newly_trapped] = "trapped"
    steps[newly_trapped] = it
    gnorm[live] = gn[live]
    loss_out[live] = loss[live]
    live &= ~(newly_left | newly_trapped)



def descend(X, y, W, z, *, step=None, threshold=1e-3, max_iter=3000, adaptive=True, fused=True):
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
    fused : bool
        with NumPy arrays, the fused path (module notes); ``False``: the
        array-API loop (the reference the fused path is tested against).

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
    if fused and all(type(a) is np.ndarray for a in (X, y, W, z)):
        return _descend_numpy(X, y, W, z, float(step), float(threshold), int(max_iter), bool(adaptive))
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
        _settle(it, live, left_np, gn_np, loss_np, threshold, status, steps, gnorm, loss_out)
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


@numba.njit(cache=True)
def _middle(pre, z, y, s0, rows, use_start, g, loss, left, same):
    """The element-wise part of one evaluation, fused (pre, g: (R, K, N)).

    For trial ``rows[q]``: activation (its own pattern, or the starting one
    when ``use_start``), outputs, residual, loss, ``g`` = (2/N) r masked by the
    activation (so that dL/dR = g X), whether some pre-activation changed
    sign from the start (the paper's "left the cell" test,
    ``pre * pre0 <= 0``), and whether its own pattern is the starting one.
    """
    R, K, N = pre.shape
    inv = 2.0 / N
    f = np.empty(N)
    for q in range(R):
        t = rows[q]
        f[:] = 0.0
        lf = False
        sm = True
        for j in range(K):
            zj = z[t, j]
            for i in range(N):
                p = pre[q, j, i]
                s = s0[t, j, i]
                own = p > 0
                a = s > 0 if use_start else own
                if a:
                    f[i] += p * zj
                if s == 0 or (s > 0 and p <= 0) or (s < 0 and p >= 0):
                    lf = True
                if own != (s > 0):
                    sm = False
        acc = 0.0
        for i in range(N):
            r = f[i] - y[i]
            acc += r * r
            f[i] = inv * r
        loss[t] = acc / N
        left[t] = lf
        same[t] = sm
        for j in range(K):
            for i in range(N):
                p = pre[q, j, i]
                a = s0[t, j, i] > 0 if use_start else p > 0
                g[q, j, i] = f[i] if a else 0.0


def _evaluate(X, XT, y, W, z, rows, s0, use_start, out, quad=None, pre=None):
    """Loss, gradients and the cell test at the trials ``rows``, written into ``out``.

    With ``quad`` (:class:`_Quadratic`), trials it certifies still inside their
    starting cell are evaluated through the cell's quadratic form instead.
    ``pre``, when given, is ``W[rows]``'s pre-activations computed by the caller
    with this very product (the start of the loop has them already).
    """
    loss, dz, dW, left, same = out
    if quad is not None and rows.shape[0]:
        inside = quad.certified(W, rows)
        if inside.any():
            quad.evaluate(W, z, rows[inside], out)
            rows = rows[~inside]
    R = rows.shape[0]
    if R == 0:
        return
    K, D = W.shape[1], W.shape[2]
    N = X.shape[0]
    Wr = W[rows]
    if pre is None:
        pre = (Wr.reshape(R * K, D) @ XT).reshape(R, K, N)
    g = np.empty_like(pre)
    _middle(pre, z, y, s0, rows, use_start, g, loss, left, same)
    dR = (g.reshape(R * K, N) @ X).reshape(R, K, D)
    dz[rows] = np.einsum("rkd,rkd->rk", dR, Wr)
    dW[rows] = dR * z[rows][:, :, None]


class _Quadratic:
    """Inside a fixed cell the loss is a quadratic form in :math:`\\mathbf R`.

    With the starting pattern's :math:`A` (seed 004, eq. (4)),
    :math:`L = (\\mathbf R^T H\\mathbf R - 2\\mathbf b^T\\mathbf R + y^Ty)/N`,
    :math:`H = A^TA`, :math:`\\mathbf b = A^Ty`, and
    :math:`\\partial L/\\partial\\mathbf R = \\tfrac2N(H\\mathbf R - \\mathbf b)`:
    :math:`(KD)^2` operations per step instead of :math:`2NKD`, worth it when
    :math:`KD < N` (the Gaussian tables). A trial is evaluated this way only
    while a certificate shows it is still in its starting cell: with
    :math:`m_j = \\min_i |\\mathbf x_i\\cdot\\mathbf w^0_j| / \\|\\mathbf x_i\\|` and
    :math:`\\|\\mathbf w_j - \\mathbf w^0_j\\| \\le m_j/2` for every neuron,
    :math:`|\\mathbf x_i\\cdot(\\mathbf w_j - \\mathbf w^0_j)| \\le \\|\\mathbf x_i\\|\\,\\|\\mathbf w_j-\\mathbf w^0_j\\|
    < |\\mathbf x_i\\cdot\\mathbf w^0_j|` (Cauchy-Schwarz), so no pre-activation changed
    sign (not "left", and its own pattern is the starting one). Otherwise
    the direct evaluation runs, with the exact test.
    """

    def __init__(self, X, y, W0, pre0, s0):
        T, K, D = W0.shape
        self.X, self.y, self.W0 = X, y, W0.copy()
        xn = np.sqrt(np.einsum("nd,nd->n", X, X))
        self.margin = 0.5 * (np.abs(pre0) / np.maximum(xn, 1e-300)[None, None, :]).min(axis=2)
        self.margin[(s0 == 0).any(axis=2)] = -1.0
        self.s0 = s0
        self.yy = float(y @ y)
        self.H = np.zeros((T, K * D, K * D))
        self.b = np.zeros((T, K * D))
        self.ready = np.zeros(T, dtype=bool)

    def build(self, rows):
        X, y = self.X, self.y
        N, D = X.shape
        for t in rows:
            if self.ready[t]:
                continue
            A = ((self.s0[t] > 0).T[:, :, None] * X[:, None, :]).reshape(N, -1)
            self.H[t] = A.T @ A
            self.b[t] = A.T @ y
            self.ready[t] = True

    def certified(self, W, rows):
        ok = self.ready[rows]
        if not ok.any():
            return ok
        r = rows[ok]
        dist = np.sqrt(np.einsum("rkd,rkd->rk", W[r] - self.W0[r], W[r] - self.W0[r]))
        ok[ok] = (dist <= self.margin[r]).all(axis=1)
        return ok

    def evaluate(self, W, z, rows, out):
        loss, dz, dW, left, same = out
        T, K, D = W.shape
        N = self.X.shape[0]
        Wr = W[rows]
        R = (z[rows][:, :, None] * Wr).reshape(rows.shape[0], K * D)
        HR = np.einsum("rab,rb->ra", self.H[rows], R)
        b = self.b[rows]
        loss[rows] = (np.einsum("ra,ra->r", R, HR) - 2.0 * np.einsum("ra,ra->r", b, R) + self.yy) / N
        dR = ((2.0 / N) * (HR - b)).reshape(rows.shape[0], K, D)
        dz[rows] = np.einsum("rkd,rkd->rk", dR, Wr)
        dW[rows] = dR * z[rows][:, :, None]
        left[rows] = False
        same[rows] = True


def _descend_numpy(X, y, W, z, step, threshold, max_iter, adaptive):
    """:func:`descend` for NumPy arrays (module notes); same decisions, fewer passes."""
    from ..threads import blas_threads

    with blas_threads(1):
        return _descend_numpy_loop(X, y, W, z, step, threshold, max_iter, adaptive)


_QUADRATIC_AFTER = 8  # steps a trial must survive before its quadratic form is built


def _new_state(T, K, D):
    return [np.full(T, np.inf), np.zeros((T, K)), np.zeros((T, K, D)), np.zeros(T, bool),
            np.zeros(T, bool)]


def _descend_numpy_loop(X, y, W, z, step, threshold, max_iter, adaptive):
    X = np.ascontiguousarray(X)
    XT = np.ascontiguousarray(X.T)
    y = np.ascontiguousarray(y)
    W = W.copy()
    z = z.copy()
    T, K, D = W.shape
    N = X.shape[0]
    pre0 = (W.reshape(T * K, D) @ XT).reshape(T, K, N)
    s0 = np.sign(pre0).astype(np.int8)
    # the quadratic form pays once a trial has stayed a few steps (KD < N only)
    quad = _Quadratic(X, y, W, pre0, s0) if K * D * 2 <= N else None
    status = np.array(["undecided"] * T, dtype=object)
    steps = np.full(T, max_iter)
    live = np.ones(T, dtype=bool)
    gnorm = np.zeros(T)
    loss_out = np.zeros(T)
    eta = np.full(T, step)
    cur = _new_state(T, K, D)
    # the first evaluation's product W X^T is pre0 itself (the same product of the same numbers)
    _evaluate(X, XT, y, W, z, np.arange(T), s0, True, cur, pre=pre0)
    del pre0
    # work arrays reused by every step; only the rows of live trials are written and read
    # (a decided trial's entries are stale, and every use below is masked by `live`)
    trial = _new_state(T, K, D)
    W1, z1 = np.empty_like(W), np.empty_like(z)
    gn2 = np.zeros(T)
    for it in range(max_iter + 1):
        loss, dz, dW, left, _ = cur
        rows = np.flatnonzero(live)
        if rows.shape[0] == T:
            gn2 = np.einsum("tk,tk->t", dz, dz) + np.einsum("tkd,tkd->t", dW, dW)
        else:    # per-trial sums, the same numbers as over the whole batch
            gn2[rows] = np.einsum("tk,tk->t", dz[rows], dz[rows]) + np.einsum("tkd,tkd->t", dW[rows], dW[rows])
        gn = np.sqrt(gn2)
        _settle(it, live, left, gn, loss, threshold, status, steps, gnorm, loss_out)
        if not live.any() or it == max_iter:
            break
        rows = np.flatnonzero(live)
        if quad is not None and it == _QUADRATIC_AFTER:
            quad.build(rows)
        e = eta[rows]
        if adaptive:
            W1[rows] = W[rows] - e[:, None, None] * dW[rows]
            z1[rows] = z[rows] - e[:, None] * dz[rows]
            _evaluate(X, XT, y, W1, z1, rows, s0, False, trial, quad)   # own activation pattern
            ok = live & (trial[0] <= loss - 0.5 * eta * gn2)
            eta = np.where(ok, eta * 2.0, np.where(live, eta * 0.5, eta))
            W[ok] = W1[ok]
            z[ok] = z1[ok]
            # accepted with the starting pattern: the evaluation with it is the same one
            reuse = ok & trial[4]
            for a, b in zip(cur[:4], trial[:4]):
                a[reuse] = b[reuse]
            _evaluate(X, XT, y, W, z, np.flatnonzero(ok & ~trial[4]), s0, True, cur, quad)
            # rejected: W unchanged, its evaluation still holds
        else:
            W[rows] -= e[:, None, None] * dW[rows]
            z[rows] -= e[:, None] * dz[rows]
            _evaluate(X, XT, y, W, z, rows, s0, True, cur, quad)
    return DescentResult(status=list(status), steps=steps, grad_norm=gnorm, loss=loss_out)

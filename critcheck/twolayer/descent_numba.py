"""The descent protocol of Safran & Shamir (ICML 2018) as one compiled loop per run.

Same protocol, same decisions as the batched array loop of
:func:`critcheck.twolayer.descent.run_descent` (module docstring there):
step 0.1 on the exact population gradient (Tian 2017, arXiv 1703.00560,
Sec. 3, Eq. (5); the ½ convention of the authors' ``g.m``), stop when
``max_i ||2 pi grad_{w_i} F|| <= 1e-9``, restart from the initial point with
half the step when that norm exceeds 1e4, ``max_iter`` reported, optional
early labelling below ``global_below`` checked every ``check_every`` steps.

Why: the array loop pays NumPy's per-call overhead (about 1 ms per step for a
batch) on every step, and the few runs of a task that creep for 10^5 steps
towards the stopping rule keep the whole batch's overhead alive. Here each
run's whole descent is one compiled loop (``numba.njit``), runs spread over
threads with ``prange``; per step it forms the pairwise cosines of the unit
rows (each unordered student pair once, and students with the teacher), the
angle by ``arccos`` of the clipped cosine c as in
:func:`~critcheck.twolayer.loss.gradient_fast` and its sine as
:math:`\\sqrt{(1-c)(1+c)}` (one transcendental call per pair instead of two),
and accumulates

.. math::
    2\\pi\\,\\nabla_{w_i}F = \\Big(\\sum_{i'\\ne i}\\|w_{i'}\\|\\sin\\theta_{ii'}
        - \\sum_j\\|v_j\\|\\sin\\theta_{ij}\\Big)\\bar w_i
        + \\pi w_i + \\sum_{i'\\ne i}(\\pi-\\theta_{ii'})w_{i'} - \\sum_j(\\pi-\\theta_{ij})v_j .

The summation order differs from the BLAS products of the array loop, so
iterates agree to rounding, not bit for bit; the tests compare labels,
iteration counts and final points (to about 1e-8) on the same seeds. The
early-labelling loss is the closed form of :func:`~critcheck.twolayer.loss.population_loss`
(Safran & Shamir, Sec. 2, Eq. (1)) with the same ``arccos`` angles.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["descend_compiled"]

_PI = math.pi
_TWO_PI = 2.0 * math.pi


@numba.njit(cache=True, inline="always")
def _angle(c):
    if c > 1.0:
        c = 1.0
    elif c < -1.0:
        c = -1.0
    return math.acos(c)


@numba.njit(cache=True, inline="always")
def _sin_of_angle(c):
    """sin(arccos(c)) = sqrt((1 - c)(1 + c)) for the clipped cosine c."""
    if c > 1.0:
        c = 1.0
    elif c < -1.0:
        c = -1.0
    return math.sqrt((1.0 - c) * (1.0 + c))


@numba.njit(cache=True)
def _grad(W, V, rw, uw, rv, uv, S, M, G, eye):
    """G <- grad F at W (½ convention); returns max_i ||G_i|| (NaN if any is NaN).

    Work arrays filled here: rw, uw (norms, unit rows), S, M (n, n): sin and
    pi - angle of each student pair, computed once per unordered pair.
    ``eye``: V is exactly I_k (k = d), so that cos(w_i, v_j) = uw[i, j] and the
    teacher term touches coordinate j only -- the same numbers as the general
    loop (its other products are exact zeros), with 2 n k d fewer operations.
    """
    n, d = W.shape
    k = V.shape[0]
    for i in range(n):
        s = 0.0
        for c in range(d):
            s += W[i, c] * W[i, c]
        r = math.sqrt(s)
        rw[i] = r
        for c in range(d):
            uw[i, c] = W[i, c] / r
    for i in range(n):
        for j in range(i + 1, n):
            dot = 0.0
            for c in range(d):
                dot += uw[i, c] * uw[j, c]
            sn = _sin_of_angle(dot)
            m = _PI - _angle(dot)
            S[i, j] = sn
            S[j, i] = sn
            M[i, j] = m
            M[j, i] = m
    gmax = 0.0
    nan = False
    for i in range(n):
        coef = 0.0
        for c in range(d):
            G[i, c] = _PI * W[i, c]
        for j in range(n):
            if j == i:
                continue
            coef += S[i, j] * rw[j]
            m = M[i, j]
            for c in range(d):
                G[i, c] += m * W[j, c]
        if eye:
            for j in range(k):
                dot = uw[i, j]
                coef -= _sin_of_angle(dot)
                G[i, j] -= _PI - _angle(dot)
        else:
            for j in range(k):
                dot = 0.0
                for c in range(d):
                    dot += uw[i, c] * uv[j, c]
                coef -= _sin_of_angle(dot) * rv[j]
                m = _PI - _angle(dot)
                for c in range(d):
                    G[i, c] -= m * V[j, c]
        s = 0.0
        for c in range(d):
            g = (coef * uw[i, c] + G[i, c]) / _TWO_PI
            G[i, c] = g
            s += g * g
        s = math.sqrt(s)
        if s != s:
            nan = True
        elif s > gmax:
            gmax = s
    return math.nan if nan else gmax


@numba.njit(cache=True)
def _kappa_sum(A, ra, ua, B, rb, ub):
    """sum_{a,b} kappa(a, b) (Cho & Saul degree 1), angles by arccos of the cosine."""
    tot = 0.0
    for i in range(A.shape[0]):
        for j in range(B.shape[0]):
            dot = 0.0
            for c in range(A.shape[1]):
                dot += ua[i, c] * ub[j, c]
            th = _angle(dot)
            tot += ra[i] * rb[j] / _TWO_PI * (_sin_of_angle(dot) + (_PI - th) * min(max(dot, -1.0), 1.0))
    return tot


@numba.njit(cache=True)
def _loss(W, V, rw, uw, rv, uv, vv):
    """F(W) from the work arrays of the last :func:`_grad` call at this W."""
    return 0.5 * _kappa_sum(W, rw, uw, W, rw, uw) - _kappa_sum(W, rw, uw, V, rv, uv) + 0.5 * vv


@numba.njit(cache=True, parallel=True)
def _descend_all(W0, V, eye, step, target, divergence, max_iter, global_below, check_every,
                 out_W, out_g, out_it, out_conv, out_dec, out_restarts):
    runs, n, d = W0.shape
    k = V.shape[0]
    rv = np.empty(k)
    uv = np.empty((k, d))
    for j in range(k):
        s = 0.0
        for c in range(d):
            s += V[j, c] * V[j, c]
        rv[j] = math.sqrt(s)
        for c in range(d):
            uv[j, c] = V[j, c] / rv[j]
    vv = _kappa_sum(V, rv, uv, V, rv, uv)
    early_on = global_below > 0.0
    for r in numba.prange(runs):
        W = W0[r].copy()
        G = np.empty((n, d))
        rw = np.empty(n)
        uw = np.empty((n, d))
        S = np.zeros((n, n))
        M = np.zeros((n, n))
        eta = step
        it = 0
        total = 0
        restarts = 0
        while True:
            gn = _grad(W, V, rw, uw, rv, uv, S, M, G, eye)
            done = gn <= target
            capped = (it >= max_iter) and not done
            blown = not (gn * _TWO_PI <= divergence)      # also NaN / inf
            early = False
            if early_on and total % check_every == 0 and total > 0 and not done and not blown:
                early = _loss(W, V, rw, uw, rv, uv, vv) < global_below
            if done or capped or early:
                out_W[r] = W
                out_g[r] = gn * _TWO_PI
                out_it[r] = it
                out_conv[r] = done
                out_dec[r] = done or early
                break
            if blown:
                W[:, :] = W0[r]
                eta *= 0.5
                it = 0
                restarts += 1
            else:
                for i in range(n):
                    for c in range(d):
                        W[i, c] -= eta * G[i, c]
                it += 1
            total += 1
        out_restarts[r] = restarts


def descend_compiled(W0, V, *, step: float = 0.1, gradnorm_target: float = 1e-9,
                     max_iter: int = 200_000, divergence: float = 1e4,
                     global_below: float | None = None, check_every: int = 200):
    """Run the protocol from each point of ``W0`` (runs, n, d); NumPy arrays in and out.

    Returns ``(W, gradnorm, iterations, converged, restarts, decided)`` as in
    :class:`~critcheck.twolayer.descent.DescentResult` (without the loss).
    """
    W0 = np.ascontiguousarray(W0, dtype=np.float64)
    V = np.ascontiguousarray(V, dtype=np.float64)
    runs = W0.shape[0]
    out_W = W0.copy()
    out_g = np.full(runs, np.inf)
    out_it = np.zeros(runs, dtype=np.int64)
    out_conv = np.zeros(runs, dtype=np.bool_)
    out_dec = np.zeros(runs, dtype=np.bool_)
    out_restarts = np.zeros(runs, dtype=np.int64)
    eye = V.shape[0] == V.shape[1] and bool(np.array_equal(V, np.eye(V.shape[0])))
    _descend_all(W0, V, eye, float(step), float(gradnorm_target) / _TWO_PI, float(divergence), int(max_iter),
                 -1.0 if global_below is None else float(global_below), int(check_every),
                 out_W, out_g, out_it, out_conv, out_dec, out_restarts)
    return out_W, out_g, out_it, out_conv, out_restarts, out_dec

"""Low-dimensional views of a loss landscape and paths between minima.

Seed 003, Sec. V:

* :func:`interpolate` -- the 1-D slice between an initialisation and a
  solution (Goodfellow et al. [19]; Conjecture V.1). The seed writes
  :math:`F(\\alpha\\theta_1 + (1-\\alpha)\\theta_2)` with :math:`\\theta_1` the
  initial point; we use :math:`t \\mapsto F((1-t)\\theta^0 + t\\theta^*)`, so the
  conjecture reads "decreasing in ``t``" (``t = 1 - alpha``);
* :func:`filter_normalised_directions` and :func:`plane` -- the 2-D view
  :math:`F(\\theta^* + \\alpha v_1 + \\beta v_2)` with filter-normalised random
  directions (Li et al. [33]; Conjecture V.2);
* :func:`bezier_path` -- mode connectivity by a quadratic Bezier curve
  :math:`\\theta_\\psi(t) = (1-t)^2\\theta_1 + 2t(1-t)\\psi + t^2\\theta_2`, with
  :math:`\\psi` trained by SGD on :math:`E_{t\\sim U[0,1]} F(\\theta_\\psi(t))`
  (Garipov et al. [18]; Conjecture V.4);
* :func:`nudged_elastic_band` -- the min-max path
  :math:`\\min_P \\max_{\\theta \\in P} F(\\theta)` (Draxler et al. [15]).

Every loss evaluation along a path is one batched call (no loop over points).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["interpolate", "monotonicity", "filter_normalised_directions", "plane",
           "grid_local_minima", "bezier_path", "nudged_elastic_band", "barrier_height", "polyline"]


def interpolate(obj, theta0, theta1, ts):
    """``F((1 - t) theta0 + t theta1)`` for every ``t`` (one batched call)."""
    ts = np.asarray(ts, dtype=float)
    pts = (1 - ts)[:, None] * theta0[None, :] + ts[:, None] * theta1[None, :]
    return np.asarray(obj.value(pts))


def monotonicity(values, skip: float = 0.0, rel_tol: float = 1e-9) -> dict:
    """How far a sampled curve is from strictly decreasing.

    ``skip`` ignores the first fraction of the curve (the "small bump near
    the initial point" seed 003 Sec. V-A mentions). Returns the number of
    increases, the largest increase, and whether the curve is strictly
    decreasing after the skipped part.
    """
    v = np.asarray(values, dtype=float)
    start = int(np.floor(skip * (len(v) - 1)))
    d = np.diff(v[start:])
    tol = rel_tol * max(1.0, float(np.max(np.abs(v))))
    ups = d > tol
    return {"increases": int(ups.sum()), "largest_increase": float(max(0.0, d.max(initial=0.0))),
            "strictly_decreasing": bool(np.all(d < 0)), "non_increasing": bool(not ups.any()),
            "skipped_fraction": skip}


def filter_normalised_directions(net, theta, rng):
    """Two random directions, each filter (row of each ``W_j``) rescaled to the
    norm of the same filter of ``theta``; biases set to zero (Li et al. [33])."""
    if theta.ndim != 1:
        raise InvalidArgument("theta must be one parameter vector")
    out = []
    for _ in range(2):
        d = rng.standard_normal(theta.shape)
        for name, shape, off in net.layout():
            size = int(np.prod(shape))
            if name[0] == "b":
                d[off:off + size] = 0.0
                continue
            D = d[off:off + size].reshape(shape)
            T = theta[off:off + size].reshape(shape)
            D *= (np.linalg.norm(T, axis=1, keepdims=True) /
                  np.maximum(np.linalg.norm(D, axis=1, keepdims=True), 1e-12))
            d[off:off + size] = D.ravel()
        out.append(d)
    return out[0], out[1]


def plane(obj, theta, v1, v2, alphas, betas):
    """``Z[i, j] = F(theta + alphas[j] v1 + betas[i] v2)`` (one batched call)."""
    A, Bm = np.meshgrid(alphas, betas)
    pts = theta[None, :] + A.ravel()[:, None] * v1[None, :] + Bm.ravel()[:, None] * v2[None, :]
    return np.asarray(obj.value(pts)).reshape(A.shape)


def grid_local_minima(Z) -> list[tuple[int, int]]:
    """Interior grid points lower than all 8 neighbours (discrete basins)."""
    Z = np.asarray(Z, dtype=float)
    c = Z[1:-1, 1:-1]
    mask = np.ones_like(c, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di == dj == 0:
                continue
            mask &= c < Z[1 + di:Z.shape[0] - 1 + di, 1 + dj:Z.shape[1] - 1 + dj]
    return [(int(i) + 1, int(j) + 1) for i, j in zip(*np.nonzero(mask))]


def _bezier_points(theta1, psi, theta2, ts):
    ts = np.asarray(ts, dtype=float)[:, None]
    return (1 - ts) ** 2 * theta1 + 2 * ts * (1 - ts) * psi + ts**2 * theta2


def bezier_path(obj, theta1, theta2, rng, steps: int = 2000, batch_t: int = 16, lr: float = 1e-2,
                psi0=None):
    """Train the control point ``psi`` of a quadratic Bezier curve (Adam on
    :math:`E_t F(\\theta_\\psi(t))`, ``batch_t`` uniform ``t`` per step).

    ``psi`` starts at ``psi0`` or at the midpoint plus a small random jitter
    (a symmetric start can sit on a ridge where the gradient has no
    sideways component). Returns ``(psi, curve)``; ``curve(ts)`` gives points.
    """
    if psi0 is None:
        scale = 1e-2 * max(1e-8, float(np.linalg.norm(theta2 - theta1))) / np.sqrt(theta1.size)
        psi = 0.5 * (theta1 + theta2) + scale * rng.standard_normal(theta1.shape)
    else:
        psi = np.array(psi0, dtype=float)
    m = np.zeros_like(psi)
    v = np.zeros_like(psi)
    for k in range(steps):
        ts = rng.uniform(0, 1, batch_t)
        g = np.asarray(obj.grad(_bezier_points(theta1, psi, theta2, ts)))
        gpsi = np.mean((2 * ts * (1 - ts))[:, None] * g, axis=0)
        m = 0.9 * m + 0.1 * gpsi
        v = 0.999 * v + 0.001 * gpsi**2
        psi = psi - lr * (m / (1 - 0.9 ** (k + 1))) / (np.sqrt(v / (1 - 0.999 ** (k + 1))) + 1e-8)
    return psi, (lambda ts: _bezier_points(theta1, psi, theta2, ts))


def nudged_elastic_band(obj, theta1, theta2, images: int = 20, steps: int = 2000,
                        lr: float = 1e-2, spring: float = 1.0):
    """Nudged elastic band (Jonsson, Mills & Jacobsen 1998) between two minima.

    Images move along the perpendicular part of :math:`-\\nabla F` plus a
    spring force along the tangent; endpoints stay fixed. All images are one
    batch. Returns the ``(images + 2, P)`` array of the final path.
    """
    path = np.linspace(0, 1, images + 2)[:, None] * (theta2 - theta1)[None, :] + theta1[None, :]
    for _ in range(steps):
        inner = path[1:-1]
        g = np.asarray(obj.grad(inner))
        tau = path[2:] - path[:-2]
        tau /= np.maximum(np.linalg.norm(tau, axis=1, keepdims=True), 1e-12)
        g_perp = g - np.sum(g * tau, axis=1, keepdims=True) * tau
        dn = np.linalg.norm(path[2:] - path[1:-1], axis=1) - np.linalg.norm(path[1:-1] - path[:-2], axis=1)
        force = -g_perp + spring * dn[:, None] * tau
        path[1:-1] = inner + lr * force
    return path


def barrier_height(values, end_values=None) -> float:
    """``max`` along a path minus the larger endpoint loss (seed 003 Sec. V-B)."""
    v = np.asarray(values, dtype=float)
    ends = max(v[0], v[-1]) if end_values is None else max(end_values)
    return float(np.max(v) - ends)


def polyline(path, per_segment: int = 8):
    """Points on the piecewise-linear path through ``path``'s rows
    (``per_segment`` points per segment), so a barrier is not read off the
    images alone."""
    path = np.asarray(path, dtype=float)
    s = np.linspace(0, 1, per_segment, endpoint=False)
    seg = path[:-1, None, :] * (1 - s)[None, :, None] + path[1:, None, :] * s[None, :, None]
    return np.concatenate([seg.reshape(-1, path.shape[1]), path[-1:]], axis=0)

"""Two-layer ReLU net with weight decay and the polar test of Haeffele & Vidal.

Seed 003, Sec. VI-A ("Local minima with an inactive neuron", [20] = Haeffele &
Vidal, CVPR 2017): for ``W_2 phi(W_1 x)`` with positively homogeneous ``phi``
and a regulariser of the same degree, a local minimum at which some neuron
``j`` is inactive (row j of W_1 and column j of W_2 both zero) is a global
minimum. Here

.. math:: F(W, v) = \\tfrac12 \\sum_i (v^T \\mathrm{relu}(W \\tilde x_i) - y_i)^2
          + \\tfrac{\\lambda}{2}(\\|W\\|_F^2 + \\|v\\|^2),
          \\qquad \\tilde x_i = (x_i, 1),

(degree 2 in (W, v) for both the network and the regulariser). Haeffele &
Vidal's optimality condition (their Thm 2 / Cor. 1) for this regulariser: a
point is globally optimal (over every width) iff it is stationary and the
polar of the negative loss gradient in the output,

.. math:: \\Omega^\\circ(r) = \\max_{\\|u\\|=1} \\Big| \\sum_i r_i\\, \\mathrm{relu}(u^T \\tilde x_i) \\Big|,
          \\qquad r = y - f(X),

is at most ``lambda``; at any stationary point with an active neuron it is at
least ``lambda``. :func:`polar` estimates the maximum by dense sampling of the
sphere and local refinement (a lower bound of the true maximum, numeric).
"""

from __future__ import annotations

import numpy as np

__all__ = ["value_grad", "polar", "split"]


def split(theta, h):
    """``(W (.., h, d+1), v (.., h))`` from a flat parameter vector."""
    th = np.asarray(theta, dtype=float)
    D = (th.shape[-1] - h) // h
    return th[..., :h * D].reshape(th.shape[:-1] + (h, D)), th[..., h * D:]


def value_grad(theta, Xt, y, h, lam):
    """``(F, grad F, residual f - y)`` for a batch of parameter vectors."""
    W, v = split(theta, h)
    Z = Xt @ np.swapaxes(W, -1, -2)                  # (.., n, h)
    A = np.maximum(Z, 0.0)
    r = np.einsum("...nh,...h->...n", A, v) - y
    add = np.add.reduce                              # np.sum without its dispatch layers
    F = 0.5 * add(r * r, -1) + 0.5 * lam * (add(W * W, (-1, -2)) + add(v * v, -1))
    gv = np.einsum("...n,...nh->...h", r, A) + lam * v
    gZ = r[..., None] * v[..., None, :] * (Z > 0)
    gW = np.einsum("...nh,nk->...hk", gZ, Xt) + lam * W
    g = np.concatenate([gW.reshape(theta.shape[:-1] + (-1,)), gv], -1)
    return F, g, r


def polar(residual, Xt, samples=100_000, seed=0):
    """Estimate of ``max_{|u|=1} |sum_i r_i relu(u . x~_i)|`` (``r = y - f``)."""
    from scipy.optimize import minimize

    r = -np.asarray(residual, dtype=float)          # y - f
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((samples, Xt.shape[1]))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    vals = np.abs(np.maximum(U @ Xt.T, 0.0) @ r)
    best = float(vals.max())
    for i in np.argsort(vals)[-5:]:
        sgn = np.sign(np.maximum(U[i] @ Xt.T, 0.0) @ r) or 1.0

        def neg(u):
            u = u / np.linalg.norm(u)
            return -sgn * float(np.maximum(Xt @ u, 0.0) @ r)

        res = minimize(neg, U[i], method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
        best = max(best, -res.fun)
    return best

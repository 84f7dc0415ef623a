"""Augmented networks that eliminate bad local minima.

* :class:`AugmentedNet` -- one exponential neuron per output unit,
  :math:`\\tilde f_k(x) = f_k(x) + a_k \\exp(w_k^T x + b_k)`, with the
  regulariser :math:`\\tfrac{\\lambda}{2}\\sum_k a_k^2`. With one output and
  the logistic loss this is seed 003 eq. (7) (Liang et al. [36], Thm VI.1);
  with several outputs it is the "one special neuron per output unit" of
  seed 001 (Kawaguchi & Kaelbling 2020, abstract).
* :class:`ReQUNet` -- :math:`f(x) = \\sum_j a_j\\,\\mathrm{ReQU}(w_j^T x + b_j)`
  with the regulariser of seed 003 eq. (8),
  :math:`\\tfrac13\\sum_j \\lambda_j[|a_j|^3 + 2(\\|w_j\\|^2 + b_j^2)^{3/2}]`
  (Liang et al. [38], Thm VI.2).

Parameters are flat vectors ``[theta_base, a (K), w (K*d_x), b (K)]``; the
losses are sums over samples as in eqs. (7) and (8).
"""

from __future__ import annotations

import dataclasses

from ..errors import InvalidArgument
from ..numeric.backend import array_namespace, array_ops
from .mlp import MLP
from .objective import Objective

__all__ = ["AugmentedNet", "ReQUNet"]


@dataclasses.dataclass(frozen=True)
class AugmentedNet:
    """A base :class:`MLP` plus one exponential neuron per output unit.

    Parameters
    ----------
    base : MLP
        the original network :math:`f_\\theta` (its ``loss`` and ``reduction``
        are used for :math:`\\ell`).
    lam : float or tuple of float
        :math:`\\lambda > 0` of eq. (7). A tuple gives one :math:`\\lambda` per
        stacked data set (data ``(G, 1, n, d_x)``, parameters ``(G, B, P)``,
        ``G = len(lam)``; see :meth:`MLP.objective`), so configurations that
        differ only in :math:`\\lambda` train as one batch.
    """

    base: MLP
    lam: "float | tuple" = 1.0

    def __post_init__(self):
        lams = self.lam if isinstance(self.lam, tuple) else (self.lam,)
        if not lams or not all(v > 0 for v in lams):
            raise InvalidArgument(f"lam={self.lam!r} must be positive (eq. (7) needs lambda > 0)")

    @property
    def K(self) -> int:
        return self.base.dims[-1]

    @property
    def d_x(self) -> int:
        return self.base.dims[0]

    @property
    def n_params(self) -> int:
        return self.base.n_params + self.K * (self.d_x + 2)

    def split(self, theta):
        """``(theta_base, a (..., K), w (..., K, d_x), b (..., K))``."""
        P0, K, d = self.base.n_params, self.K, self.d_x
        batch = tuple(theta.shape[:-1])
        a = theta[..., P0:P0 + K]
        w = array_ops(array_namespace(theta)).reshape(theta[..., P0 + K:P0 + K + K * d], batch + (K, d))
        b = theta[..., P0 + K + K * d:]
        return theta[..., :P0], a, w, b

    def join(self, theta_base, a, w, b):
        ops = array_ops(array_namespace(theta_base))
        batch = tuple(theta_base.shape[:-1])
        return ops.concat([theta_base, a, ops.reshape(w, batch + (-1,)), b], axis=-1)

    def forward(self, theta, X):
        """:math:`\\tilde f(x_i)` for all samples, shape ``(..., n, K)``."""
        xp = array_namespace(theta, X)
        tb, a, w, b = self.split(theta)
        E = xp.exp(X @ w.mT + b[..., None, :])
        return self.base.forward(tb, X) + a[..., None, :] * E

    def value_and_grad(self, theta, X, Y):
        """Eq. (7)'s loss (per output) and its exact gradient, in one forward pass;
        the gradient's blocks are concatenated once."""
        xp = array_namespace(theta, X)
        ops = array_ops(xp)
        tb, a, w, b = self.split(theta)
        base = self.base
        out0, cache = base._forward(tb, X, xp)
        E = xp.exp(X @ w.mT + b[..., None, :])              # (..., n, K)
        a_row = a[..., None, :]
        out = out0 + a_row * E
        s = base._scale(X.shape[-2])
        lv, dz = base.loss.both(out, Y, xp)
        lam = self.lam
        if isinstance(lam, tuple):             # one lambda per stacked data set
            if theta.ndim != 3 or theta.shape[0] != len(lam):
                raise InvalidArgument(
                    f"lam={lam!r} gives one lambda per stacked data set, so theta must have shape "
                    f"({len(lam)}, B, {self.n_params}); got {tuple(theta.shape)}")
            lam_g = xp.asarray(lam, dtype=theta.dtype)[:, None]     # (G, 1)
            half, lam_a = 0.5 * lam_g, lam_g[..., None]             # lam_a: (G, 1, 1)
        else:
            half, lam_a = 0.5 * lam, lam
        val = ops.sum(lv, axis=-1) * s + half * ops.sum_last(a * a)
        dout = dz * s
        parts = base._backward_parts(dout, cache, xp)
        dE = dout * E
        ga = ops.sum(dE, axis=-2) + lam_a * a
        q = dE * a_row                                      # (..., n, K)
        gw = q.mT @ X                                       # (..., K, d)
        gb = ops.sum(q, axis=-2)
        parts += [ga, ops.reshape(gw, tuple(theta.shape[:-1]) + (-1,)), gb]
        return val, ops.concat(parts, axis=-1)

    def original_loss(self, theta, X, Y):
        """:math:`L_n(\\theta)`: the base network's loss at the base parameters."""
        tb = self.split(theta)[0]
        return self.base.loss_value(tb, X, Y)

    def objective(self, X, Y) -> Objective:
        self.base._check_X(X)
        return Objective(self.n_params, lambda t: self.value_and_grad(t, X, Y),
                         name=f"AugmentedNet({self.base.dims}, lam={self.lam})")

    def init(self, seed: int = 0, batch: int | None = None, xp=None):
        """Xavier base parameters; ``a`` small normal, ``w`` normal/sqrt(d), ``b = 0``."""
        import numpy as np

        tb = self.base.init(seed, batch=batch)
        rng = np.random.default_rng(seed + 7919)
        shape = tb.shape[:-1]
        a = 0.1 * rng.standard_normal(shape + (self.K,))
        w = rng.standard_normal(shape + (self.K, self.d_x)) / np.sqrt(self.d_x)
        b = np.zeros(shape + (self.K,))
        th = self.join(tb, a, w, b)
        if xp is not None and xp.__name__ != "numpy":
            th = xp.asarray(th)
        return th


@dataclasses.dataclass(frozen=True)
class ReQUNet:
    """The regularised one-hidden-layer ReQU net of seed 003 eq. (8).

    Parameters are ``[a (m), W (m*d), b (m)]``; ``lams`` are the
    :math:`\\lambda_j > 0`. The loss is the logistic loss summed over samples.
    """

    d: int
    m: int
    lams: tuple

    def __post_init__(self):
        lams = tuple(float(v) for v in self.lams)
        if len(lams) != self.m or not all(v > 0 for v in lams):
            raise InvalidArgument(
                f"lams={self.lams!r} must hold m={self.m} positive numbers (eq. (8))")
        object.__setattr__(self, "lams", lams)

    @property
    def n_params(self) -> int:
        return self.m * (self.d + 2)

    def split(self, theta):
        m, d = self.m, self.d
        batch = tuple(theta.shape[:-1])
        a = theta[..., :m]
        W = array_ops(array_namespace(theta)).reshape(theta[..., m:m + m * d], batch + (m, d))
        b = theta[..., m + m * d:]
        return a, W, b

    def forward(self, theta, X):
        xp = array_namespace(theta, X)
        a, W, b = self.split(theta)
        Z = X @ W.mT + b[..., None, :]
        R = xp.where(Z > 0, Z, xp.zeros_like(Z))
        return (R * R) @ a[..., :, None]

    def regulariser(self, theta):
        xp = array_namespace(theta)
        a, W, b = self.split(theta)
        lam = xp.asarray(self.lams, dtype=theta.dtype)
        u2 = xp.sum(W * W, axis=-1) + b * b
        return xp.sum(lam * (xp.abs(a) ** 3 + 2.0 * u2 ** 1.5), axis=-1) / 3.0

    def value_and_grad(self, theta, X, Y):
        """Eq. (8) and its exact gradient (``Y`` in ``{-1, +1}``, shape ``(n, 1)``)."""
        from .losses import LOSSES

        xp = array_namespace(theta, X)
        ops = array_ops(xp)
        sum_last = ops.sum_last
        loss = LOSSES["logistic"]
        a, W, b = self.split(theta)
        lam = xp.asarray(self.lams, dtype=theta.dtype)
        Z = X @ W.mT + b[..., None, :]
        Rl = xp.where(Z > 0, Z, xp.zeros_like(Z))
        out = (Rl * Rl) @ a[..., :, None]                   # (..., n, 1)
        u2 = sum_last(W * W) + b * b
        reg = sum_last(lam * (xp.abs(a) ** 3 + 2.0 * u2 ** 1.5)) / 3.0
        lv, dout = loss.both(out, Y, xp)                    # dout: (..., n, 1)
        val = sum_last(lv) + reg
        ga = ops.sum(dout * Rl * Rl, axis=-2) + lam * a * xp.abs(a)
        q = dout * (2.0 * Rl) * a[..., None, :]             # dF/dZ (..., n, m)
        un = xp.sqrt(u2)
        gW = q.mT @ X + 2.0 * (lam * un)[..., :, None] * W
        gb = ops.sum(q, axis=-2) + 2.0 * lam * un * b
        batch = tuple(theta.shape[:-1])
        return val, ops.concat([ga, ops.reshape(gW, batch + (-1,)), gb], axis=-1)

    def objective(self, X, Y) -> Objective:
        if X.ndim != 2 or X.shape[1] != self.d:
            raise InvalidArgument(f"X has shape {tuple(X.shape)}; expected (n, {self.d})")
        return Objective(self.n_params, lambda t: self.value_and_grad(t, X, Y),
                         name=f"ReQUNet(d={self.d}, m={self.m})")

    def init(self, seed: int = 0, batch: int | None = None):
        import numpy as np

        rng = np.random.default_rng(seed)
        shape = () if batch is None else (batch,)
        return rng.standard_normal(shape + (self.n_params,)) / np.sqrt(self.d + 1)

"""Linear residual networks (seed 002, Hardt & Ma 2016, Theorem 1).

.. math::

    \\mathcal{L}(W) = \\mathbb{E}\\,\\|y - (I + W_H)\\cdots(I + W_1)\\,x\\|_2^2,
    \\qquad y = R x + \\xi,\\ \\xi \\sim \\mathcal{N}(0, I),

with all :math:`W_k \\in \\mathbb{R}^{d\\times d}`. With
:math:`\\Sigma = \\mathbb{E}[x x^T]` the population loss is, exactly,
:math:`\\operatorname{tr}((R - P)\\Sigma(R - P)^T) + d` where
:math:`P = \\prod_k (I + W_k)`; its infimum is ``d`` (attained at ``P = R``).
"""

from __future__ import annotations

import dataclasses

from ..errors import InvalidArgument
from ..numeric.backend import array_namespace
from .objective import Objective

__all__ = ["LinearResNet", "chain_gradients"]


def chain_gradients(Ms, G, xp):
    """Gradients of :math:`\\langle G, M_H \\cdots M_1\\rangle` in each factor.

    :math:`\\partial/\\partial M_k = (M_H\\cdots M_{k+1})^T\\, G\\, (M_{k-1}\\cdots M_1)^T`,
    computed with prefix and suffix products (``O(H)`` matrix products).
    """
    H = len(Ms)
    eye = xp.eye(Ms[0].shape[-1], dtype=Ms[0].dtype)
    below = [None] * H          # below[k] = M_{k-1} ... M_1
    acc = xp.broadcast_to(eye, Ms[0].shape)
    for k in range(H):
        below[k] = acc
        acc = Ms[k] @ acc
    grads = [None] * H
    above = xp.broadcast_to(eye, Ms[0].shape)   # M_H ... M_{k+1}
    for k in range(H - 1, -1, -1):
        grads[k] = above.mT @ G @ below[k].mT
        above = above @ Ms[k]
    return grads


@dataclasses.dataclass(frozen=True)
class LinearResNet:
    """:math:`x \\mapsto (I + W_H)\\cdots(I + W_1)x`, ``H`` blocks of size ``d``."""

    d: int
    H: int

    def __post_init__(self):
        if self.d < 1 or self.H < 1:
            raise InvalidArgument(f"d={self.d!r} and H={self.H!r} must be positive")

    @property
    def n_params(self) -> int:
        return self.H * self.d * self.d

    def unpack(self, theta):
        xp = array_namespace(theta)
        batch = tuple(theta.shape[:-1])
        d = self.d
        return [xp.reshape(theta[..., k * d * d:(k + 1) * d * d], batch + (d, d))
                for k in range(self.H)]

    def product(self, theta):
        """:math:`P = (I + W_H)\\cdots(I + W_1)`."""
        xp = array_namespace(theta)
        Ws = self.unpack(theta)
        eye = xp.eye(self.d, dtype=theta.dtype)
        P = eye + Ws[0]
        for W in Ws[1:]:
            P = (eye + W) @ P
        return P

    def population_objective(self, R, Sigma=None) -> Objective:
        """The population loss above with ``E[xx^T] = Sigma`` (default ``I``)."""
        xp = array_namespace(R)
        d = self.d
        if tuple(R.shape) != (d, d):
            raise InvalidArgument(f"R has shape {tuple(R.shape)}; expected ({d}, {d})")
        S = xp.eye(d, dtype=R.dtype) if Sigma is None else Sigma

        def vg(theta):
            Ws = self.unpack(theta)
            eye = xp.eye(d, dtype=theta.dtype)
            Ms = [eye + W for W in Ws]
            P = Ms[0]
            for M in Ms[1:]:
                P = M @ P
            D = R - P
            DS = D @ S
            val = xp.sum(DS * D, axis=(-2, -1)) + float(d)
            G = -2.0 * DS
            gs = chain_gradients(Ms, G, xp)
            batch = tuple(theta.shape[:-1])
            return val, xp.concat([xp.reshape(g, batch + (-1,)) for g in gs], axis=-1)

        return Objective(self.n_params, vg, name=f"LinearResNet(d={d}, H={self.H})")

    def max_block_norm(self, theta):
        """:math:`\\max_k \\|W_k\\|_2` (spectral norms; NumPy)."""
        import numpy as np

        from ..numeric.backend import to_numpy

        Ws = [np.asarray(to_numpy(W)) for W in self.unpack(theta)]
        return max(float(np.linalg.norm(W, 2)) for W in Ws)

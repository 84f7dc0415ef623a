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
from ..numeric.backend import array_namespace, array_ops
from .objective import Objective

__all__ = ["LinearResNet", "chain_gradients"]


def chain_gradients(Ms, G, xp):
    """Gradients of :math:`\\langle G, M_H \\cdots M_1\\rangle` in each factor.

    :math:`\\partial/\\partial M_k = (M_H\\cdots M_{k+1})^T\\, G\\, (M_{k-1}\\cdots M_1)^T`,
    computed with prefix and suffix products (``O(H)`` matrix products).
    The empty products are the identity itself, shape ``(d, d)``: matmul
    broadcasts it over a batch exactly as an explicitly broadcast copy would
    (the same per-matrix products), without building the copy.
    """
    H = len(Ms)
    eye = xp.eye(Ms[0].shape[-1], dtype=Ms[0].dtype)
    below = [None] * H          # below[k] = M_{k-1} ... M_1
    acc = eye
    for k in range(H):
        below[k] = acc
        acc = Ms[k] @ acc
    grads = [None] * H
    above = eye                 # M_H ... M_{k+1}
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
        reshape = array_ops(array_namespace(theta)).reshape
        shape = tuple(theta.shape[:-1]) + (self.d, self.d)
        dd = self.d * self.d
        return [reshape(theta[..., k * dd:(k + 1) * dd], shape) for k in range(self.H)]

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
        eyes = {}                  # the identity per dtype, built once

        def vg(theta):
            ops = array_ops(xp)
            Ws = self.unpack(theta)
            eye = eyes.get(theta.dtype)
            if eye is None:
                eye = eyes[theta.dtype] = xp.eye(d, dtype=theta.dtype)
            Ms = [eye + W for W in Ws]
            P = Ms[0]
            for M in Ms[1:]:
                P = M @ P
            D = R - P
            DS = D @ S
            val = ops.sum(DS * D, axis=(-2, -1)) + float(d)
            G = -2.0 * DS
            gs = chain_gradients(Ms, G, xp)
            flat = tuple(theta.shape[:-1]) + (-1,)
            return val, ops.concat([ops.reshape(g, flat) for g in gs], axis=-1)

        return Objective(self.n_params, vg, name=f"LinearResNet(d={d}, H={self.H})")

    def max_block_norm(self, theta):
        """:math:`\\max_k \\|W_k\\|_2` (spectral norms; NumPy)."""
        import numpy as np

        from ..numeric.backend import to_numpy

        Ws = [np.asarray(to_numpy(W)) for W in self.unpack(theta)]
        return max(float(np.linalg.norm(W, 2)) for W in Ws)

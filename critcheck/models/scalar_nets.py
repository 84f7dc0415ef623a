"""One-hidden-layer nets on scalar inputs, evaluated on whole parameter grids.

The smallest instances of seed 003's one-hidden-layer results (Claim IV.1,
Prop. IV.2, Prop. IV.3, Thm IV.2): inputs ``x_1, ..., x_n`` in R, width
``p``, no biases, squared loss,

.. math:: E(v, w) = \\sum_{i=1}^n \\Big(\\sum_{j=1}^p v_j \\sigma(w_j x_i) - y_i\\Big)^2 ,

seed 003, Sec. IV-C (the displayed loss before Claim IV.1). The activations
are continuous, as Thm IV.2 requires; ReLU and leaky ReLU are positively
homogeneous, sigmoid and swish are not.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["SCALAR_ACTIVATIONS", "grid_loss", "loss"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


SCALAR_ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.1 * z),
    "sigmoid": _sigmoid,
    "swish": lambda z: z * _sigmoid(z),
}


def _act(name):
    try:
        return SCALAR_ACTIVATIONS[name]
    except KeyError:
        raise InvalidArgument(f"activation={name!r}; use one of {sorted(SCALAR_ACTIVATIONS)}") from None


def loss(theta, x, y, activation: str):
    """``E(v, w)`` at parameters ``theta = (v_1..v_p, w_1..w_p)`` (last axis), any batch shape."""
    th = np.asarray(theta, dtype=float)
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise InvalidArgument(f"x has {x.size} inputs and y has {y.size} labels")
    if th.shape[-1] % 2:
        raise InvalidArgument(f"theta has {th.shape[-1]} entries; need (v_1..v_p, w_1..w_p)")
    p = th.shape[-1] // 2
    v, w = th[..., :p], th[..., p:]
    s = _act(activation)
    out = np.zeros(th.shape[:-1])
    for xi, yi in zip(x, y):
        out += (np.sum(v * s(w * xi), axis=-1) - yi) ** 2
    return out


def grid_loss(x, y, activation: str, width: int, axis_values) -> np.ndarray:
    """``E`` on the grid ``axis_values^(2 p)`` (axes ``v_1..v_p, w_1..w_p``, C order)."""
    g = np.asarray(axis_values, dtype=float)
    mesh = np.meshgrid(*([g] * (2 * width)), indexing="ij")
    return loss(np.stack(mesh, axis=-1), x, y, activation)

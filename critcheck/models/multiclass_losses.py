"""Losses for seed 001's "multi-class classification ... and regression with an
arbitrary loss function" (Kawaguchi & Kaelbling 2020, abstract).

Both are :class:`critcheck.models.losses.Loss` records, usable by
:class:`critcheck.models.MLP` and :class:`critcheck.models.AugmentedNet`:

* ``softmax_cross_entropy`` -- ``logsumexp(z) - y.z`` with a probability
  vector ``y`` per sample (one-hot or smoothed labels); its minimum over ``z``
  is the entropy of ``y``, attained when ``softmax(z) = y`` (smoothed labels);
* ``pseudo_huber`` -- ``sum_k sqrt(1 + (z_k - y_k)^2) - 1``, a convex,
  non-quadratic regression loss (minimum 0 at ``z = y``).
"""

from __future__ import annotations

from ..numeric.backend import array_ops
from .losses import Loss

__all__ = ["softmax_cross_entropy", "pseudo_huber", "entropy"]


def _ce_value(z, y, xp):
    m = xp.max(z, axis=-1, keepdims=True)
    lse = xp.log(xp.sum(xp.exp(z - m), axis=-1)) + m[..., 0]
    return lse - xp.sum(y * z, axis=-1)


def _ce_dz(z, y, xp):
    m = xp.max(z, axis=-1, keepdims=True)
    e = xp.exp(z - m)
    return e / xp.sum(e, axis=-1, keepdims=True) * xp.sum(y, axis=-1, keepdims=True) - y


def _ce_both(z, y, xp):
    sum_last = array_ops(xp).sum_last
    m = xp.max(z, axis=-1, keepdims=True)
    e = xp.exp(z - m)
    se = sum_last(e, keepdims=True)
    value = xp.log(se[..., 0]) + m[..., 0] - sum_last(y * z)
    return value, e / se * sum_last(y, keepdims=True) - y


def _ph_value(z, y, xp):
    r = z - y
    return xp.sum(xp.sqrt(1.0 + r * r) - 1.0, axis=-1)


def _ph_dz(z, y, xp):
    r = z - y
    return r / xp.sqrt(1.0 + r * r)


def _ph_both(z, y, xp):
    r = z - y
    root = xp.sqrt(1.0 + r * r)
    return array_ops(xp).sum_last(root - 1.0), r / root


def _sympy_ph(y, z):
    import sympy

    return sympy.sqrt(1 + (z - y) ** 2) - 1


def _sympy_ce(y, z):  # one output of a softmax has no scalar form
    from ..errors import InvalidArgument

    raise InvalidArgument("softmax cross-entropy couples the outputs, so it has no per-output "
                          "SymPy formula; use the array form (value, gradient) instead")


softmax_cross_entropy = Loss("softmax_cross_entropy", _ce_value, _ce_dz, _sympy_ce, _ce_both)
pseudo_huber = Loss("pseudo_huber", _ph_value, _ph_dz, _sympy_ph, _ph_both)


def entropy(Y):
    """``sum_i H(y_i)``: the least value of the summed cross-entropy over all logits."""
    import numpy as np

    Y = np.asarray(Y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(Y > 0, -Y * np.log(Y), 0.0)
    return float(t.sum())

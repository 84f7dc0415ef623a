"""Per-sample losses :math:`\\ell(y, z)` of seed 003, Sec. II, eq. (2).

* ``squared``: :math:`\\ell(y,z) = \\|y - z\\|^2` (regression; eq. (3), Claim IV.1);
* ``logistic``: :math:`\\ell(y,z) = \\log(1 + e^{-yz})` for labels
  :math:`y \\in \\{-1, +1\\}` (binary classification; eqs. (7), (8)).

Each loss gives its value per sample and its derivative with respect to the
prediction ``z`` (shape ``(..., n, d_y)``), written for any array namespace.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..errors import InvalidArgument
from ..numeric.backend import array_ops
from .activations import _sig

__all__ = ["Loss", "get_loss", "LOSSES", "per_data_set"]


@dataclasses.dataclass(frozen=True)
class Loss:
    """A per-sample loss.

    Attributes
    ----------
    name : str
    value : callable
        ``value(z, y, xp) -> (..., n)`` loss of each sample (summed over outputs).
    dz : callable
        ``dz(z, y, xp) -> (..., n, d_y)`` derivative of ``value`` in ``z``.
    sympy : callable
        ``sympy(y, z) -> expression`` for one scalar output.
    value_and_dz : callable or None
        ``value_and_dz(z, y, xp) -> (value, dz)``: both at once, sharing the
        intermediate arrays (e.g. the residual ``z - y``); each result is
        computed by the same operations as ``value`` and ``dz``, so it has the
        same bits. ``None``: the two are called one after the other.
    """

    name: str
    value: Callable
    dz: Callable
    sympy: Callable
    value_and_dz: "Callable | None" = None

    def both(self, z, y, xp):
        """``(value(z, y), dz(z, y))``, through ``value_and_dz`` when given."""
        if self.value_and_dz is not None:
            return self.value_and_dz(z, y, xp)
        return self.value(z, y, xp), self.dz(z, y, xp)


def _sq_value(z, y, xp):
    r = z - y
    return xp.sum(r * r, axis=-1)


def _sq_dz(z, y, xp):
    return 2.0 * (z - y)


def _log_value(z, y, xp):
    m = -y * z
    return xp.sum(xp.logaddexp(xp.zeros_like(m), m), axis=-1)


def _sq_both(z, y, xp):
    r = z - y
    return array_ops(xp).sum_last(r * r), 2.0 * r


def _log_dz(z, y, xp):
    return -y * _sig(-y * z, xp)


def _log_both(z, y, xp):
    m = -y * z
    return array_ops(xp).sum_last(xp.logaddexp(xp.zeros_like(m), m)), -y * _sig(m, xp)


def _sympy_sq(y, z):
    return (y - z) ** 2


def _sympy_log(y, z):
    import sympy

    return sympy.log(1 + sympy.exp(-y * z))


LOSSES = {
    "squared": Loss("squared", _sq_value, _sq_dz, _sympy_sq, _sq_both),
    "logistic": Loss("logistic", _log_value, _log_dz, _sympy_log, _log_both),
}


def per_data_set(losses) -> Loss:
    """One loss per stacked data set: ``losses[g]`` on ``z[g]``, ``y[g]``.

    For data stacked as ``(G, 1, n, d_y)`` (see :meth:`MLP.objective`), so that
    configurations differing only in their loss (and targets) train as one
    batch. Each slice gets its own loss's operations on the numbers it would
    have alone; the results are stacked along the first axis.
    """
    losses = tuple(get_loss(v) for v in losses)
    if not losses:
        raise InvalidArgument("per_data_set needs at least one loss")

    def check(z, y):
        G = len(losses)
        if y.ndim != z.ndim or y.shape[0] != G or z.shape[0] != G:
            raise InvalidArgument(
                f"{G} losses, one per stacked data set, need targets (G, 1, n, d_y) and outputs "
                f"(G, B, n, d_y) with G = {G}; got {tuple(y.shape)} and {tuple(z.shape)}")

    def value(z, y, xp):
        check(z, y)
        return xp.stack([f.value(z[g], y[g], xp) for g, f in enumerate(losses)])

    def dz(z, y, xp):
        check(z, y)
        return xp.stack([f.dz(z[g], y[g], xp) for g, f in enumerate(losses)])

    def both(z, y, xp):
        check(z, y)
        pairs = [f.both(z[g], y[g], xp) for g, f in enumerate(losses)]
        return xp.stack([v for v, _ in pairs]), xp.stack([d for _, d in pairs])

    def no_sympy(y, z):
        raise InvalidArgument("a loss per stacked data set has no single SymPy formula; "
                              "use each data set's own loss")

    return Loss("per data set (" + ", ".join(f.name for f in losses) + ")", value, dz, no_sympy, both)


def get_loss(name: "str | Loss") -> Loss:
    """The loss called ``name`` (``"squared"`` or ``"logistic"``)."""
    if isinstance(name, Loss):
        return name
    try:
        return LOSSES[str(name).strip().lower()]
    except KeyError:
        raise InvalidArgument(
            f"loss={name!r} is not one of {', '.join(sorted(LOSSES))}") from None

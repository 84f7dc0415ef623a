"""A loss bound to its data: value, exact gradient, Hessian-vector products.

Every network family in :mod:`critcheck.models` returns an
:class:`Objective` from ``model.objective(X, Y)``. The gradient is the
model's exact (hand-written, backend-neutral) gradient; the Hessian-vector
product is the central difference of that exact gradient,

.. math:: H v \\approx \\frac{\\nabla F(\\theta + h v) - \\nabla F(\\theta - h v)}{2h},

which is exact up to :math:`O(h^2)` (third derivatives); the tests compare it
with the SymPy Hessian on tiny sizes. Parameters are flat vectors of shape
``(P,)`` or batches ``(B, P)`` (one row per network).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from ..errors import InvalidArgument
from ..numeric.backend import array_namespace

__all__ = ["Objective"]


@dataclasses.dataclass(frozen=True)
class Objective:
    """A differentiable loss :math:`F(\\theta)` of a flat parameter vector.

    Attributes
    ----------
    n_params : int
    value_and_grad : callable
        ``theta -> (F, dF)`` with shapes ``(...)`` and ``(..., P)``.
    name : str
    """

    n_params: int
    value_and_grad: Callable[[Any], tuple]
    name: str = ""

    def _check(self, theta):
        if theta.shape[-1] != self.n_params:
            raise InvalidArgument(
                f"theta has {theta.shape[-1]} entries in its last axis; "
                f"{self.name or 'this model'} has n_params={self.n_params}")

    def value(self, theta):
        """:math:`F(\\theta)`."""
        self._check(theta)
        return self.value_and_grad(theta)[0]

    def grad(self, theta):
        """Exact gradient :math:`\\nabla F(\\theta)`."""
        self._check(theta)
        return self.value_and_grad(theta)[1]

    def __call__(self, theta):
        return self.value(theta)

    def hvp(self, theta, v, h: float | None = None):
        """Hessian-vector product by central differences of the exact gradient.

        ``h`` defaults to ``1e-5 * (1 + |theta|_inf) / |v|_inf``; the error is
        :math:`O(h^2)` times the third derivative.
        """
        self._check(theta)
        xp = array_namespace(theta, v)
        if h is None:
            vn = float(xp.max(xp.abs(v)))
            if vn == 0.0:
                return xp.zeros_like(v)
            h = 1e-5 * (1.0 + float(xp.max(xp.abs(theta)))) / vn
        gp = self.grad(theta + h * v)
        gm = self.grad(theta - h * v)
        return (gp - gm) / (2.0 * h)

    def hessian(self, theta, h: float | None = None):
        """The full Hessian (NumPy, ``P x P``, symmetrised) from ``P`` HVPs.

        The ``P`` directions are evaluated as one batch, so the cost is two
        batched gradient calls. Only for one parameter vector of small ``P``.
        """
        import numpy as np

        from ..numeric.backend import to_numpy

        t = np.asarray(to_numpy(theta), dtype=float)
        if t.ndim != 1:
            raise InvalidArgument(f"hessian needs one parameter vector; got shape {t.shape}")
        P = t.shape[0]
        if h is None:
            h = 1e-5 * (1.0 + float(np.max(np.abs(t))))
        E = np.eye(P)
        gp = np.asarray(to_numpy(self.grad(t[None, :] + h * E)))
        gm = np.asarray(to_numpy(self.grad(t[None, :] - h * E)))
        H = (gp - gm) / (2.0 * h)
        return 0.5 * (H + H.T)

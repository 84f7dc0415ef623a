"""Newton polishing of a near-critical point of the two-layer loss.

Starting from a descent end point (gradient ~1e-10), a few Newton steps
W <- W - H^{-1} grad F reach machine precision; the Hessian is the closed form
of :func:`critcheck.twolayer.loss.hessian`.
"""

from __future__ import annotations

import numpy as np

from .loss import gradient, hessian

__all__ = ["newton_polish"]


def newton_polish(W, V, steps: int = 6, tol: float = 1e-15) -> np.ndarray:
    """Return W after at most ``steps`` Newton steps (stops when max |grad| <= tol)."""
    W = np.array(W, dtype=float)
    for _ in range(steps):
        g = gradient(W, V)
        if np.max(np.abs(g)) <= tol:
            break
        H = hessian(W, V)
        W = W - np.linalg.solve(H, g.ravel()).reshape(W.shape)
    return W

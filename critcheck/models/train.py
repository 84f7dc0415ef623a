"""Descent methods on batches of parameter vectors (one row per network).

Used by the numeric claims: many random starts train at once, as one array
of shape ``(B, P)``, so there is no Python loop over starts. Every function
reports progress when ``progress`` is given -- a label: a line on stderr at
each fifth of the steps; a callable: ``progress(done, steps)`` at each
hundredth (a claim passes its :meth:`~critcheck.claims.Context.progress`) --
and returns the final parameters and a loss history.
"""

from __future__ import annotations

import sys

from ..numeric.backend import array_namespace, array_ops

__all__ = ["gradient_descent", "adam", "lbfgs"]


def _report(progress, k, steps, val, xp):
    if callable(progress):
        if (k + 1) % max(1, steps // 100) == 0 or k == steps - 1:
            progress(k + 1, steps)
        return
    if progress and (k % max(1, steps // 5) == 0 or k == steps - 1):
        v = float(xp.min(val)) if val.ndim else float(val)
        print(f"  [{progress}] step {k + 1}/{steps}: best loss {v:.3e}", file=sys.stderr, flush=True)


def gradient_descent(obj, theta0, lr: float, steps: int, progress=None,
                     record_every: int = 0, clip: float | None = None):
    """:math:`\\theta \\leftarrow \\theta - \\eta \\nabla F(\\theta)` (seed 003 Conj. VII.1's
    algorithm :math:`\\mathcal{A}`), batched. ``clip`` bounds each step's norm.

    Returns ``(theta, history)``; ``history`` holds the loss every
    ``record_every`` steps (empty when 0). ``lr`` may be an array that
    broadcasts against ``theta`` (one step size per row or per stacked data
    set, e.g. shape ``(G, 1, 1)`` for parameters ``(G, B, P)``).
    """
    xp = array_namespace(theta0)
    ssum = array_ops(xp).sum
    th = theta0
    hist = []
    for k in range(steps):
        val, g = obj.value_and_grad(th)
        if clip is not None:
            gn = xp.sqrt(ssum(g * g, axis=-1, keepdims=True))
            g = g * xp.where(gn > clip, clip / gn, xp.ones_like(gn))
        th = th - lr * g
        if record_every and k % record_every == 0:
            hist.append(val)
        _report(progress, k, steps, val, xp)
    return th, hist


def adam(obj, theta0, lr: float = 1e-2, steps: int = 1000, betas=(0.9, 0.999), eps=1e-8,
         progress=None, record_every: int = 0):
    """Adam (Kingma & Ba 2015) on a batch of parameter vectors.

    .. math:: m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad
              v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad
              \\theta \\leftarrow \\theta - \\eta\\,\\hat m / (\\sqrt{\\hat v} + \\epsilon),

    (Kingma & Ba, Algorithm 1). The moments are updated in place (they are
    this function's own arrays): the same products, sums and quotients in
    the same order, fewer temporary arrays.
    """
    xp = array_namespace(theta0)
    th = theta0
    m = v = None
    b1, b2 = betas
    hist = []
    for k in range(steps):
        val, g = obj.value_and_grad(th)
        if m is None:
            m, v = xp.zeros_like(g), xp.zeros_like(g)
        m *= b1                                  # m = b1 m + (1 - b1) g
        m += g * (1 - b1)
        v *= b2                                  # v = b2 v + ((1 - b2) g) g
        t = g * (1 - b2)
        t *= g
        v += t
        step = m / (1 - b1 ** (k + 1))           # lr m_hat / (sqrt(v_hat) + eps)
        step *= lr
        den = xp.sqrt(v / (1 - b2 ** (k + 1)))
        den += eps
        step /= den
        th = th - step
        if record_every and k % record_every == 0:
            hist.append(val)
        _report(progress, k, steps, val, xp)
    return th, hist


def lbfgs(obj, theta0, gtol: float = 1e-10, maxiter: int = 5000):
    """SciPy L-BFGS-B on one parameter vector (NumPy); returns ``(theta, result)``."""
    import numpy as np
    from scipy.optimize import minimize

    def fg(t):
        v, g = obj.value_and_grad(t)
        return float(v), np.asarray(g, dtype=float)

    res = minimize(fg, np.asarray(theta0, dtype=float), jac=True, method="L-BFGS-B",
                   options={"gtol": gtol, "ftol": 1e-15, "maxiter": maxiter, "maxcor": 30})
    return res.x, res

"""Minima at infinity: descent trajectories that run off while the loss decreases.

Gradient flow ``x' = -grad F(x)`` is integrated from several starts at once
(one stacked stiff system, SciPy's LSODA with the exact Hessian as
Jacobian), and recorded at log-spaced times. Each trajectory is then
classified from its last decade of time ``[T/10, T]``:

``"converged"``
    it moved less than ``xtol * (1 + |x|)`` over the last decade and the
    gradient norm is below ``gtol``;
``"diverging"``
    ``|x|`` grew at every recorded time of the last third, by more than
    ``xtol * (1 + |x|)`` over the last decade, while the loss never
    increased: the loss decreases along a path to infinity (seed 000,
    Sec. I: "minima at b -> infinity"; seed 003, Sec. VI-B). The report gives
    the **direction** of motion (unit vector of ``x(T) - x(T/10)``), the
    **rate** (growth of ``|x|`` per decade of time, and the exponent
    ``d log|x| / d log t``) and the **limit value** (Aitken's extrapolation
    of the loss at ``T/100, T/10, T``);
``"undecided"``
    neither (e.g. slow convergence, or the integration failed).

A diverging trajectory is *not* a convergent one: its gradient norm may be
tiny at the end (it is for seed 000's loss), which is exactly why the test
looks at the motion, not at the gradient alone.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np
import sympy

from ..errors import InvalidArgument
from .compile import compile_loss, compile_vector

__all__ = ["Trajectory", "gradient_flow", "classify_trajectory"]


@dataclasses.dataclass(frozen=True)
class Trajectory:
    """One gradient-flow trajectory and its classification (see module notes)."""

    start: tuple
    times: np.ndarray
    points: np.ndarray
    losses: np.ndarray
    grad_norms: np.ndarray
    status: str
    direction: tuple | None
    norm_growth_per_decade: float
    growth_exponent: float
    limit_value: float
    message: str = ""

    @property
    def final(self) -> np.ndarray:
        return self.points[-1]

    def to_record(self) -> dict:
        return {"start": list(self.start), "status": self.status,
                "final_point": self.final.tolist(), "final_loss": float(self.losses[-1]),
                "final_grad_norm": float(self.grad_norms[-1]),
                "direction": None if self.direction is None else list(self.direction),
                "norm_growth_per_decade": self.norm_growth_per_decade,
                "growth_exponent": self.growth_exponent, "limit_value": self.limit_value,
                "t_max": float(self.times[-1]), "message": self.message}


def _aitken(a, b, c):
    d1, d2 = b - a, c - b
    den = d2 - d1
    if not np.isfinite(den) or abs(den) < 1e-300 or abs(d2) >= abs(d1):
        return float(c)
    return float(c - d2 * d2 / den)


def classify_trajectory(times, points, losses, grad_norms, xtol: float = 1e-6,
                        gtol: float = 1e-6, start=None, message: str = "") -> Trajectory:
    """Classify a recorded trajectory (log-spaced ``times``, increasing)."""
    t = np.asarray(times, float)
    X = np.asarray(points, float)
    f = np.asarray(losses, float)
    g = np.asarray(grad_norms, float)
    start = tuple(X[0].tolist()) if start is None else tuple(start)
    T = t[-1]
    i10 = int(np.searchsorted(t, T / 10))
    i100 = int(np.searchsorted(t, T / 100))
    nrm = np.linalg.norm(X, axis=1)
    move = X[-1] - X[i10]
    dist = float(np.linalg.norm(move))
    scale = 1.0 + float(nrm[-1])
    last = max(2, len(t) // 3)
    grows = bool(np.all(np.diff(nrm[-last:]) > 0))
    nonincreasing = bool(np.all(np.diff(f) <= 1e-12 * (1 + np.abs(f[:-1]))))
    finite = bool(np.all(np.isfinite(X)) and np.all(np.isfinite(f)))
    decades = float(np.log10(T / t[i10])) if t[i10] > 0 else float("nan")
    growth = float(nrm[-1] - nrm[i10]) / decades if decades > 0 else 0.0
    expo = float((np.log(nrm[-1]) - np.log(nrm[i10])) / np.log(T / t[i10])) if nrm[i10] > 0 else float("nan")
    limit = _aitken(f[i100], f[i10], f[-1]) if finite else float("nan")
    if not finite:
        status = "undecided"
        message = message or "non-finite values along the trajectory"
    elif dist <= xtol * scale and g[-1] <= gtol:
        status = "converged"
    elif grows and nonincreasing and nrm[-1] - nrm[i10] > xtol * scale:
        status = "diverging"
    else:
        status = "undecided"
    direction = tuple((move / dist).tolist()) if dist > 0 and status == "diverging" else None
    return Trajectory(start, t, X, f, g, status, direction, growth, expo, limit, message)


def gradient_flow(expr, symbols: Sequence[sympy.Symbol], starts, t_max: float = 1e6,
                  n_times: int = 61, xtol: float = 1e-6, gtol: float = 1e-6,
                  rtol: float = 1e-9, atol: float = 1e-12) -> list[Trajectory]:
    """Integrate ``x' = -grad F`` from every start up to ``t_max`` and classify.

    Parameters
    ----------
    expr : sympy.Expr
        the loss (all free symbols in ``symbols``).
    starts : array (n, d)
    t_max : float
        final time; records at ``n_times`` log-spaced times in ``[1e-3, t_max]``.

    Returns
    -------
    list of Trajectory

    Examples
    --------
    >>> a, b = sympy.symbols("a b", real=True)
    >>> L_tilde = 1 + (a*sympy.exp(b) - 1)**2 + a**2       # seed 000 eq. (1), L = 1, lambda = 1
    >>> tr = gradient_flow(L_tilde, [a, b], [[0.5, 0.0]], t_max=1e5)[0]
    >>> tr.status, tr.direction[1] > 0.99
    ('diverging', True)
    """
    from scipy.integrate import solve_ivp

    symbols = list(symbols)
    d = len(symbols)
    S = np.atleast_2d(np.asarray(starts, dtype=float))
    if S.shape[1] != d or not np.all(np.isfinite(S)):
        raise InvalidArgument(f"starts of shape {S.shape} must be finite (n, {d})")
    if not (t_max > 1e-2):
        raise InvalidArgument(f"t_max={t_max!r} must be larger than 0.01")
    n = S.shape[0]
    F = compile_loss(expr, symbols)
    grad = [sympy.diff(expr, s) for s in symbols]
    G = compile_vector(grad, symbols)
    H = compile_vector([sympy.diff(gi, s) for gi in grad for s in symbols], symbols)

    def rhs(_t, y):
        return -np.asarray(G(y.reshape(n, d))).ravel()

    def jac(_t, y):
        h = np.asarray(H(y.reshape(n, d))).reshape(n, d, d)
        J = np.zeros((n * d, n * d))
        for i in range(n):  # block diagonal: one small block per start
            J[i * d:(i + 1) * d, i * d:(i + 1) * d] = -h[i]
        return J

    t_eval = np.concatenate([[0.0], np.logspace(-3, np.log10(t_max), n_times)])
    with np.errstate(all="ignore"):
        sol = solve_ivp(rhs, (0.0, t_max), S.ravel(), method="LSODA", jac=jac, t_eval=t_eval,
                        rtol=rtol, atol=atol)
    msg = "" if sol.success else f"integration stopped early: {sol.message}"
    Y = sol.y.T.reshape(-1, n, d)
    tt = sol.t
    out = []
    for i in range(n):
        Xi = Y[:, i, :]
        fi = np.asarray(F.values(Xi, nonfinite="keep"))
        gi = np.linalg.norm(np.asarray(G(Xi)), axis=1)
        tr = classify_trajectory(tt[1:], Xi[1:], fi[1:], gi[1:], xtol=xtol, gtol=gtol,
                                 start=S[i], message=msg)
        if not sol.success:
            tr = dataclasses.replace(tr, status="undecided")
        out.append(tr)
    return out

"""The gradient-descent experiment of Safran & Shamir (ICML 2018), batched over runs.

Protocol (arXiv 1712.08968, Sec. 4 "Experiments"; the numbers are those of
the authors' released ``GD_code/findMinimum.m`` and ``run_findBadMinima.m``):

* teacher V = I_k, d = k; student with n rows;
* initialisation ``W = randn(n, d) / sqrt(d)``;
* plain gradient descent ``W <- W - 0.1 * grad F(W)`` on the exact
  population gradient (½ convention of :mod:`critcheck.twolayer.loss`);
* a run stops when every neuron's gradient is small:
  ``max_i ||2*pi*grad_{w_i} F|| <= 1e-9``;
* if that norm ever exceeds 1e4, the run restarts from its initial point with
  half the step;
* a run whose final F >= 1e-3 is a spurious candidate.

All runs of a batch advance together as one array computation; a run that
meets the stopping rule is frozen at that iterate and leaves the batch. The
authors' loop has no iteration cap; ours has ``max_iter`` and reports the runs
that hit it (``converged=False``) so they are never silently counted.

Early labelling (``global_below``, off by default): runs with n > k approach
a degenerate global minimum (a teacher neuron split in two parallel
students) at a sublinear rate and may need far more than 10^5 steps to reach
the stopping rule, although their label is settled long before. With
``global_below=1e-4`` a run whose loss (checked every ``check_every`` steps)
is below 1e-4, a tenth of the spurious threshold, leaves the batch labelled
global (``decided=True``, ``converged=False``): gradient descent with this
step does not climb back above 1e-3. The sweep reports how many runs were
labelled this way.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidArgument
from .loss import gradient_fast, population_loss

__all__ = ["PROTOCOL", "DescentResult", "initial_points", "run_descent", "run_protocol"]

PROTOCOL = {
    "init": "randn(n, d) / sqrt(d)",
    "step": 0.1,
    "stop": "max_i ||2 pi grad_{w_i} F|| <= 1e-9",
    "gradnorm_target": 1e-9,
    "divergence": 1e4,
    "spurious_threshold": 1e-3,
    "teacher": "V = I_k, d = k",
}


@dataclasses.dataclass(frozen=True)
class DescentResult:
    """Final state of a batch of descent runs.

    Attributes
    ----------
    W : ndarray (runs, n, d)
        final points.
    loss : ndarray (runs,)
        F at the final points.
    gradnorm : ndarray (runs,)
        ``max_i ||2 pi grad_{w_i} F||`` at the final points.
    iterations : ndarray (runs,)
        gradient steps taken (after the last restart).
    converged : ndarray of bool (runs,)
        the stopping rule was met (False: ``max_iter`` reached).
    restarts : ndarray (runs,)
        step halvings after divergence.
    decided : ndarray of bool (runs,)
        converged, or labelled global early (see module docstring).
    """

    W: np.ndarray
    loss: np.ndarray
    gradnorm: np.ndarray
    iterations: np.ndarray
    converged: np.ndarray
    restarts: np.ndarray
    decided: np.ndarray

    @property
    def spurious(self) -> np.ndarray:
        """Converged runs with F >= 1e-3 (the protocol's spurious candidates)."""
        return self.converged & (self.loss >= PROTOCOL["spurious_threshold"])


def initial_points(runs: int, n: int, d: int, seed: int) -> np.ndarray:
    """``runs`` initial points ``randn(n, d)/sqrt(d)`` from ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((runs, n, d)) / np.sqrt(d)


def run_descent(W0, V, *, step: float = 0.1, gradnorm_target: float = 1e-9,
                max_iter: int = 200_000, divergence: float = 1e4,
                global_below: float | None = None, check_every: int = 200) -> DescentResult:
    """Run the protocol's gradient descent from each of the points ``W0`` (runs, n, d).

    One iteration evaluates the gradient of every still-active run in one
    batched call (:func:`~critcheck.twolayer.loss.gradient_fast`).
    """
    W0 = np.asarray(W0, dtype=float)
    V = np.asarray(V, dtype=float)
    if W0.ndim != 3:
        raise InvalidArgument(f"W0.shape={W0.shape!r}: need (runs, n, d)")
    runs = W0.shape[0]
    out_W = W0.copy()
    out_g = np.full(runs, np.inf)
    out_it = np.zeros(runs, dtype=np.int64)
    out_conv = np.zeros(runs, dtype=bool)
    out_dec = np.zeros(runs, dtype=bool)
    total = 0
    restarts = np.zeros(runs, dtype=np.int64)
    steps = np.full(runs, float(step))
    active = np.arange(runs)
    W = W0.copy()
    it = np.zeros(runs, dtype=np.int64)
    target = gradnorm_target / (2 * np.pi)        # per-neuron bound on grad F (½ convention)
    while active.size:
        G = gradient_fast(W, V)
        gn = np.sqrt(np.einsum("rnd,rnd->rn", G, G).max(axis=1))
        done = gn <= target
        capped = (it >= max_iter) & ~done
        blown = (gn * 2 * np.pi > divergence) | ~np.isfinite(gn)
        early = np.zeros_like(done)
        if global_below is not None and total % check_every == 0 and total:
            early = (population_loss(W, V) < global_below) & ~done & ~blown
        leave = done | capped | early
        if leave.any():
            idx = active[leave]
            out_W[idx] = W[leave]
            out_g[idx] = gn[leave] * 2 * np.pi
            out_it[idx] = it[leave]
            out_conv[idx] = done[leave]
            out_dec[idx] = (done | early)[leave]
        W = W - steps[:, None, None] * G
        if blown.any():
            b = blown & ~leave
            W[b] = W0[active[b]]
            steps[b] *= 0.5
            it[b] = -1
            restarts[active[b]] += 1
        it += 1
        total += 1
        keep = ~leave
        if not keep.all():
            active, W, it, steps = active[keep], W[keep], it[keep], steps[keep]
    loss = population_loss(out_W, V)
    return DescentResult(out_W, loss, out_g, out_it, out_conv, restarts, out_dec)


def run_protocol(k: int, n: int, runs: int, seed, *, max_iter: int = 200_000,
                 global_below: float | None = None) -> DescentResult:
    """The protocol for teacher V = I_k, d = k, student width n: ``runs`` runs from ``seed``."""
    if k < 1 or n < 1 or runs < 1:
        raise InvalidArgument(f"k={k!r}, n={n!r}, runs={runs!r}: all must be positive")
    W0 = initial_points(runs, n, k, seed)
    return run_descent(W0, np.eye(k), max_iter=max_iter, global_below=global_below)

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

__all__ = ["ENGINES", "PROTOCOL", "DescentResult", "initial_points", "run_descent", "run_protocol"]

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


ENGINES = ("numpy", "numba", "cupy", "array_api_strict")
"""``engine`` names of :func:`run_descent`: an array namespace of
:mod:`critcheck.numeric.backend` (the batched array loop), or ``"numba"``
(one compiled loop per run, :mod:`critcheck.twolayer.descent_numba`)."""


def run_descent(W0, V, *, step: float = 0.1, gradnorm_target: float = 1e-9,
                max_iter: int = 200_000, divergence: float = 1e4,
                global_below: float | None = None, check_every: int = 200,
                engine: str | None = None) -> DescentResult:
    """Run the protocol's gradient descent from each of the points ``W0`` (runs, n, d).

    Parameters
    ----------
    W0 : array (runs, n, d)
        initial points (any namespace; copied to the engine's).
    V : array (k, d)
        teacher rows.
    engine : str, optional
        ``"numpy"`` (default for host arrays), ``"cupy"`` (a GPU),
        ``"array_api_strict"`` (the test namespace) run the batched array loop:
        one iteration evaluates the gradient of every still-active run in one
        call (:func:`~critcheck.twolayer.loss.gradient_fast`), the step sizes,
        counters and decisions live on the host (one copy of the per-run
        gradient norms per step), runs that leave the batch are gathered with
        ``take``. ``"numba"`` runs each run's descent as one compiled loop
        (:func:`~critcheck.twolayer.descent_numba.descend_compiled`). All
        engines implement the same protocol and decisions; the final loss is
        always :func:`~critcheck.twolayer.loss.population_loss` on the host.

    Returns
    -------
    DescentResult
        NumPy arrays, whatever the engine.
    """
    from ..numeric.backend import array_namespace, get_backend, to_numpy

    name = engine
    if name is not None and name not in ENGINES:
        raise InvalidArgument(f"engine={name!r} is not one of {', '.join(ENGINES)}")
    W0h = np.asarray(to_numpy(W0), dtype=float)
    Vh = np.asarray(to_numpy(V), dtype=float)
    if W0h.ndim != 3:
        raise InvalidArgument(f"W0.shape={W0h.shape!r}: need (runs, n, d)")
    if Vh.ndim != 2 or Vh.shape[1] != W0h.shape[2]:
        raise InvalidArgument(f"V.shape={Vh.shape!r} does not fit W0.shape={W0h.shape!r}: need (k, d)")
    if name == "numba":
        from .descent_numba import descend_compiled

        W, g, its, conv, rst, dec = descend_compiled(
            W0h, Vh, step=step, gradnorm_target=gradnorm_target, max_iter=max_iter,
            divergence=divergence, global_below=global_below, check_every=check_every)
        return DescentResult(W, population_loss(W, Vh), g, its, conv, rst, dec)
    xp = array_namespace(W0) if name is None else get_backend(name)
    runs = W0h.shape[0]
    out_W = W0h.copy()
    out_g = np.full(runs, np.inf)
    out_it = np.zeros(runs, dtype=np.int64)
    out_conv = np.zeros(runs, dtype=bool)
    out_dec = np.zeros(runs, dtype=bool)
    total = 0
    restarts = np.zeros(runs, dtype=np.int64)
    steps = np.full(runs, float(step))
    active = np.arange(runs)
    W0d = xp.asarray(W0h, dtype=xp.float64)
    Vd = xp.asarray(Vh, dtype=xp.float64)
    W = W0d
    step_d = xp.asarray(steps[:, None, None])
    it = np.zeros(runs, dtype=np.int64)
    target = gradnorm_target / (2 * np.pi)        # per-neuron bound on grad F (½ convention)
    while active.size:
        G = gradient_fast(W, Vd, xp)
        gn = np.sqrt(to_numpy(xp.max(xp.sum(G * G, axis=-1), axis=-1)))
        done = gn <= target
        capped = (it >= max_iter) & ~done
        blown = (gn * 2 * np.pi > divergence) | ~np.isfinite(gn)
        early = np.zeros_like(done)
        if global_below is not None and total % check_every == 0 and total:
            early = (population_loss(to_numpy(W), Vh) < global_below) & ~done & ~blown
        leave = done | capped | early
        if leave.any():
            idx = active[leave]
            out_W[idx] = to_numpy(xp.take(W, xp.asarray(np.flatnonzero(leave)), axis=0))
            out_g[idx] = gn[leave] * 2 * np.pi
            out_it[idx] = it[leave]
            out_conv[idx] = done[leave]
            out_dec[idx] = (done | early)[leave]
        W = W - step_d * G
        b = blown & ~leave
        if b.any():
            back = xp.take(W0d, xp.asarray(active), axis=0)
            W = xp.where(xp.asarray(b[:, None, None]), back, W)
            steps[b] *= 0.5
            step_d = xp.asarray(steps[:, None, None])
            it[b] = -1
            restarts[active[b]] += 1
        it += 1
        total += 1
        keep = ~leave
        if not keep.all():
            active, it, steps = active[keep], it[keep], steps[keep]
            if active.size:
                W = xp.take(W, xp.asarray(np.flatnonzero(keep)), axis=0)
                step_d = xp.asarray(steps[:, None, None])
    loss = population_loss(out_W, Vh)
    return DescentResult(out_W, loss, out_g, out_it, out_conv, restarts, out_dec)


def run_protocol(k: int, n: int, runs: int, seed, *, max_iter: int = 200_000,
                 global_below: float | None = None, engine: str | None = None) -> DescentResult:
    """The protocol for teacher V = I_k, d = k, student width n: ``runs`` runs from ``seed``."""
    if k < 1 or n < 1 or runs < 1:
        raise InvalidArgument(f"k={k!r}, n={n!r}, runs={runs!r}: all must be positive")
    W0 = initial_points(runs, n, k, seed)
    return run_descent(W0, np.eye(k), max_iter=max_iter, global_below=global_below, engine=engine)

"""Seed 004's 100-draw tables (Tables I-V) split into seeded tasks for Dask.

Seed 004 (Bo Liu, Part 2), Sec. IV-A: each row of a table draws ``trials``
random weight matrices at one bias and tests each draw's in-cell minimum
(:func:`critcheck.relu.experiments.run_trials`). A task here is one bias and
a contiguous chunk of its draws. The draws come from *one* generator seeded
with ``seed`` and consumed bias by bias, draw by draw, exactly as the serial
:func:`~critcheck.relu.experiments.run_table` always did; a task carries the
generator's state at its first draw (``bit_generator.state``, a small dict),
so a worker re-creates the same draws without the parent shipping weight
matrices. Results are therefore independent of which worker runs a task and of
the completion order, and the serial path (the same tasks in a loop) gives
identical rows for the same ``seed`` and ``chunk``.

With ``chunk >= trials`` (the default) a bias is one task, which is the
serial computation of earlier versions draw for draw.
"""

from __future__ import annotations

import copy
import dataclasses
import time

import numpy as np

from ..errors import InvalidArgument
from .experiments import draw_weights, run_trials

__all__ = ["DrawTask", "make_draw_tasks", "run_draw_task"]


@dataclasses.dataclass(frozen=True)
class DrawTask:
    """Draws ``start .. start+count-1`` of row ``row`` (at ``bias``), from generator state ``rng_state``.

    ``X`` is the bias-augmented data matrix (N, d+1) and ``y`` the labels; the
    remaining fields are :func:`~critcheck.relu.experiments.run_trials`'s options.
    """

    row: int
    bias: float
    start: int
    count: int
    rng_state: dict
    K: int
    X: np.ndarray
    y: np.ndarray
    exact: bool = False
    descent: bool = True
    descent_opts: dict | None = None
    time_limit: float | None = None


def make_draw_tasks(Xa, y, K: int, biases, trials: int, seed, *, chunk: int | None = None,
                    exact: bool = False, descent: bool = True, descent_opts=None,
                    time_limit=None) -> list[DrawTask]:
    """The tasks of one table: per bias, ``ceil(trials / chunk)`` chunks of draws.

    The parent advances ``numpy.random.default_rng(seed)`` through every draw
    (cheap: a few Gaussian matrices) to record the state at each chunk's start.
    """
    if K < 1 or trials < 1:
        raise InvalidArgument(f"need K >= 1 and trials >= 1, got K={K!r}, trials={trials!r}")
    chunk = trials if chunk is None else int(chunk)
    if chunk < 1:
        raise InvalidArgument(f"chunk={chunk!r} must be at least 1 (draws per task)")
    Xa = np.asarray(Xa, dtype=float)
    y = np.asarray(y, dtype=float)
    D = Xa.shape[1]
    rng = np.random.default_rng(seed)
    tasks = []
    for row, b in enumerate(biases):
        for start in range(0, trials, chunk):
            count = min(chunk, trials - start)
            state = copy.deepcopy(rng.bit_generator.state)
            for _ in range(count):
                draw_weights(K, D, float(b), rng)
            tasks.append(DrawTask(row, float(b), start, count, state, int(K), Xa, y, bool(exact), bool(descent),
                                  dict(descent_opts) if descent_opts else None, time_limit))
    return tasks


def _generator(state: dict) -> np.random.Generator:
    name = state.get("bit_generator")
    cls = getattr(np.random, str(name), None)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, np.random.BitGenerator):
        raise InvalidArgument(f"rng_state names bit_generator={name!r}, not a NumPy bit generator")
    bg = cls()
    bg.state = state
    return np.random.Generator(bg)


def run_draw_task(task: DrawTask, progress=None) -> dict:
    """Run one task: its draws' :class:`~critcheck.relu.experiments.Trial` records and its wall time.

    ``progress(k, count)`` (optional) is called after the task's k-th draw.
    """
    t0 = time.perf_counter()
    rng = _generator(task.rng_state)
    trials = run_trials(task.X, task.y, task.K, task.bias, task.count, rng, exact=task.exact,
                        descent=task.descent, descent_opts=task.descent_opts,
                        time_limit=task.time_limit, progress=progress)
    return {"row": task.row, "bias": task.bias, "start": task.start, "count": task.count, "trials": trials,
            "seconds": time.perf_counter() - t0}

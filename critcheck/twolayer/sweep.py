"""The sweep over (k, n) of the gradient-descent protocol, split into seeded tasks.

Each task runs ``runs`` descents for one (k, n) from its own seed
``(base, k, n, chunk)`` (a :class:`numpy.random.SeedSequence` entropy list),
so the result of a task does not depend on which worker runs it, and the
serial and distributed paths give identical numbers. This mirrors the
authors' split of 1000 runs into 10 seeded jobs of 100 (Safran & Shamir,
ICML 2018, released ``GD_code/runExps.csh``).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from ..errors import InvalidArgument
from .descent import run_descent

__all__ = ["SweepTask", "make_tasks", "run_task", "group_by_cell", "run_cell", "aggregate",
           "initial_points_of"]

SEED_BASE = 10954


@dataclasses.dataclass(frozen=True)
class SweepTask:
    """One chunk of runs: ``runs`` descents for teacher I_k, width n, from seed (base, k, n, chunk)."""

    k: int
    n: int
    chunk: int
    runs: int
    base: int = SEED_BASE
    max_iter: int = 200_000
    global_below: float | None = 1e-4
    engine: str = "numpy"

    @property
    def seed(self) -> list[int]:
        return [self.base, self.k, self.n, self.chunk]


def make_tasks(ks, widths=("k", "k+1"), runs: int = 1000, chunk: int = 100,
               base: int = SEED_BASE, max_iter: int = 200_000,
               global_below: float | None = 1e-4, engine: str = "numpy") -> list[SweepTask]:
    """Tasks for every k in ``ks`` and width in ``widths`` (``"k"``, ``"k+1"`` or ints).

    ``engine`` is :func:`~critcheck.twolayer.descent.run_descent`'s; it does not
    enter the seeds, so every engine descends from the same initial points.
    """
    from .descent import ENGINES

    if runs < 1 or chunk < 1:
        raise InvalidArgument(f"runs={runs!r} and chunk={chunk!r} must be positive")
    if engine not in ENGINES:
        raise InvalidArgument(f"engine={engine!r} is not one of {', '.join(ENGINES)}")
    tasks = []
    for k in ks:
        for w in widths:
            n = k if w == "k" else k + 1 if w == "k+1" else int(w)
            left, c = runs, 0
            while left > 0:
                m = min(chunk, left)
                tasks.append(SweepTask(int(k), n, c, m, base, max_iter, global_below, engine))
                left -= m
                c += 1
    return tasks


def initial_points_of(task: SweepTask) -> np.ndarray:
    """The task's initial points ``randn(runs, n, k)/sqrt(k)`` from its own seed."""
    rng = np.random.default_rng(task.seed)
    return rng.standard_normal((task.runs, task.n, task.k)) / np.sqrt(task.k)


def _record(task: SweepTask, res, seconds: float) -> dict:
    sp = res.spurious
    return {
        "k": task.k, "n": task.n, "chunk": task.chunk, "runs": task.runs, "seed": task.seed,
        "engine": task.engine,
        "converged": int(res.converged.sum()), "decided": int(res.decided.sum()),
        "spurious": int(sp.sum()),
        "spurious_W": res.W[sp].tolist(), "spurious_loss": res.loss[sp].tolist(),
        "undecided_loss": res.loss[~res.decided].tolist(),
        "iterations_max": int(res.iterations.max()),
        "iterations_median": float(np.median(res.iterations)),
        "restarts": int(res.restarts.sum()),
        "seconds": seconds,
    }


def run_task(task: SweepTask) -> dict:
    """Run one task; return counts, the spurious end points and timing (plain data)."""
    t0 = time.perf_counter()
    res = run_descent(initial_points_of(task), np.eye(task.k), max_iter=task.max_iter,
                      global_below=task.global_below, engine=task.engine)
    return _record(task, res, time.perf_counter() - t0)


def group_by_cell(tasks) -> list[tuple[SweepTask, ...]]:
    """The tasks grouped per (k, n), in order (one group is one descent batch of :func:`run_cell`)."""
    groups: dict = {}
    for t in tasks:
        groups.setdefault((t.k, t.n), []).append(t)
    return [tuple(g) for g in groups.values()]


def run_cell(tasks: tuple[SweepTask, ...]) -> list[dict]:
    """Run several tasks of one (k, n) as *one* descent batch; one record per task, as :func:`run_task`.

    Each task keeps its own seed and initial points; the runs are only
    advanced together (a GPU or the compiled engine's threads then see 1000
    runs at once instead of 100). Every engine treats runs independently, so
    the records are those of :func:`run_task` up to floating-point rounding in
    the batched products; ``tests/test_twolayer_engines.py`` compares them.
    Each record's ``seconds`` is the batch's wall time shared in proportion
    to its runs.
    """
    tasks = tuple(tasks)
    if not tasks:
        return []
    k, n = tasks[0].k, tasks[0].n
    if any((t.k, t.n, t.engine, t.max_iter, t.global_below) != (k, n, tasks[0].engine, tasks[0].max_iter,
                                                                   tasks[0].global_below) for t in tasks):
        raise InvalidArgument("run_cell needs tasks of one (k, n) with the same engine and options; "
                              "group them with group_by_cell")
    t0 = time.perf_counter()
    W0 = np.concatenate([initial_points_of(t) for t in tasks])
    res = run_descent(W0, np.eye(k), max_iter=tasks[0].max_iter, global_below=tasks[0].global_below,
                      engine=tasks[0].engine)
    sec = time.perf_counter() - t0
    total = sum(t.runs for t in tasks)
    out, at = [], 0
    for t in tasks:
        part = dataclasses.replace(res, **{f.name: getattr(res, f.name)[at:at + t.runs]
                                           for f in dataclasses.fields(res)})
        out.append(_record(t, part, sec * t.runs / total))
        at += t.runs
    return out


def aggregate(results: list[dict]) -> dict:
    """Per (k, n): runs, converged, spurious, families, min/mean F of candidates, seconds."""
    from .families import group_families

    out: dict = {}
    for r in results:
        key = (r["k"], r["n"])
        a = out.setdefault(key, {"k": r["k"], "n": r["n"], "runs": 0, "converged": 0, "spurious": 0,
                                 "W": [], "loss": [], "seconds": 0.0, "undecided_loss": [],
                                 "decided": 0})
        a["runs"] += r["runs"]
        a["converged"] += r["converged"]
        a["spurious"] += r["spurious"]
        a["W"] += r["spurious_W"]
        a["loss"] += r["spurious_loss"]
        a["undecided_loss"] += r["undecided_loss"]
        a["decided"] += r["decided"]
        a["seconds"] += r["seconds"]
    for a in out.values():
        W = np.array(a.pop("W"), dtype=float).reshape(-1, a["n"], a["k"])
        loss = np.array(a.pop("loss"), dtype=float)
        fams = group_families(W, loss) if len(loss) else []
        a["families"] = len(fams)
        a["family_sizes"] = [f.size for f in fams]
        a["representatives"] = [f.representative for f in fams]
        a["min_F"] = float(loss.min()) if len(loss) else None
        a["mean_F"] = float(loss.mean()) if len(loss) else None
    return out

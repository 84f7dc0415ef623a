"""Shipped spurious end points (one per k) and the search that found them.

``data/spurious_points.json`` holds, for n = k = 6..20 and V = I_k, one
Newton-polished descent end point with F >= 1e-3, with the task seed it came
from. These floats are only *candidates*: the claim ``twolayer.spurious_minima``
hands each to the trusted kernel, which re-does every rigorous step
(:func:`critcheck.kernel.twolayer.check_certificate`). Regenerate with
``critcheck twolayer certify --search``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .polish import newton_polish
from .sweep import SweepTask, run_task

__all__ = ["DATA_FILE", "find_spurious", "load_points", "save_points"]

DATA_FILE = Path(__file__).with_name("data") / "spurious_points.json"


def find_spurious(k: int, n: int | None = None, chunk: int = 100, max_chunks: int = 30,
                  base: int = 10954) -> dict | None:
    """Run seeded chunks of the protocol until one spurious run appears; return it polished.

    The record: k, n, d, seed (the task's seed list), run (index in the
    chunk), loss, W (nested lists of floats). None when ``max_chunks`` chunks
    found nothing.
    """
    from .loss import population_loss

    n = k if n is None else n
    for c in range(max_chunks):
        task = SweepTask(k, n, c, chunk, base)
        r = run_task(task)
        if r["spurious"]:
            losses = np.array(r["spurious_loss"])
            i = int(np.argmin(losses))
            W = newton_polish(np.array(r["spurious_W"][i]), np.eye(k))
            return {"k": k, "n": n, "d": k, "seed": task.seed, "chunk_runs": chunk,
                    "loss": float(population_loss(W, np.eye(k))), "W": W.tolist()}
    return None


def load_points(path: Path | str = DATA_FILE) -> dict[int, dict]:
    """The shipped points, keyed by k (empty when the file does not exist)."""
    p = Path(path)
    if not p.is_file():
        return {}
    return {int(r["k"]): r for r in json.loads(p.read_text())}


def save_points(points: dict[int, dict], path: Path | str = DATA_FILE) -> None:
    """Write points (keyed by k) as JSON, floats with full precision (repr round-trips)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps([points[k] for k in sorted(points)], indent=1) + "\n")

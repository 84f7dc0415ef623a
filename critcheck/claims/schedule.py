"""The order in which parallel workers take claims: longest first, from recorded costs.

``critcheck verify --jobs N`` hands the claims to ``N`` workers, each taking
the next claim when it is free. Taken in catalogue order, a long claim that
comes late (``twolayer.*`` near the end) runs alone while the other workers
idle. Taken longest first (LPT, Graham 1969, "Bounds on multiprocessing
timing anomalies", SIAM J. Appl. Math. 17(2), Thm 3), the makespan is at
most ``4/3 - 1/(3N)`` times the optimum, and in practice the workers finish
within about one short claim of each other.

The costs come from a small table kept next to the catalogue,
``proofs/costs.json`` (CPU seconds per claim, written by
``python benchmarks/profile_claims.py --write-costs``). A claim the table does
not know is given the median known cost. The order only changes which
worker runs a claim and when: every claim is run, rows and JSON records stay
in catalogue order, and verdicts do not depend on it.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Mapping, Sequence

__all__ = ["COSTS_FILE", "load_costs", "write_costs", "longest_first"]

COSTS_FILE = "costs.json"


def _default_path() -> Path:
    from .registry import proofs_dir

    return proofs_dir() / COSTS_FILE


def load_costs(path: str | Path | None = None) -> dict[str, float]:
    """``{claim id: seconds}`` from the cost table; ``{}`` when it is absent or unreadable.

    The table only orders work, so a missing or damaged file costs speed, never a verdict.
    """
    p = Path(path) if path is not None else _default_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        costs = data.get("cpu_seconds", {}) if isinstance(data, dict) else {}
        return {str(k): float(v) for k, v in costs.items() if float(v) >= 0}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def write_costs(costs: Mapping[str, float], how: str, path: str | Path | None = None) -> Path:
    """Write the cost table (sorted by id, 2 decimals) with a note on how it was measured."""
    p = Path(path) if path is not None else _default_path()
    data = {"measured": how,
            "cpu_seconds": {k: round(float(costs[k]), 2) for k in sorted(costs)}}
    p.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return p


def longest_first(ids: Sequence[str], costs: Mapping[str, float]) -> list[int]:
    """Indices into ``ids`` ordered by decreasing cost (ties: catalogue order).

    Examples
    --------
    >>> longest_first(["a", "b", "c", "d"], {"a": 1.0, "b": 5.0, "c": 2.0})
    [1, 2, 3, 0]
    """
    known = [costs[i] for i in ids if i in costs]
    default = statistics.median(known) if known else 0.0
    est = [costs.get(i, default) for i in ids]
    return sorted(range(len(ids)), key=lambda j: (-est[j], j))

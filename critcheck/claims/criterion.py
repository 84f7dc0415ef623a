"""The falsifiable criterion that every ``SUPPORTED`` verdict carries.

DESIGN.md ("Verdicts") allows ``SUPPORTED`` only with "a stated criterion that
a false claim would fail". A :class:`Criterion` is that statement as data: the
hypothesis tested, the statistic, the sample size, the decision rule, and what
the rule decided. The verdict guard (:func:`critcheck.claims.runner.guard`)
refuses ``SUPPORTED`` without one whose ``passed`` is True.

``rows`` hold the side-by-side comparison (ours, the paper's, the interval,
the decision) rendered as a table by the report, the LaTeX and ``--json``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["Criterion", "CriterionRow"]


@dataclasses.dataclass(frozen=True)
class CriterionRow:
    """One compared quantity: ours, the reference value, our interval, the decision."""

    quantity: str
    ours: Any
    reference: Any = None
    interval: tuple | None = None
    decision: str = ""
    undecided: int = 0

    def to_record(self) -> dict:
        return {"quantity": self.quantity, "ours": self.ours, "reference": self.reference,
                "interval": list(self.interval) if self.interval is not None else None,
                "decision": self.decision, "undecided": self.undecided}


@dataclasses.dataclass(frozen=True)
class Criterion:
    """What was tested and how a false claim would have been caught.

    Attributes
    ----------
    hypothesis : str
        the statement the numbers test, in words (instance sizes included).
    statistic : str
        what was computed (e.g. "share of runs ending at a spurious minimum").
    sample_size : int
        draws / runs / samples behind the statistic (> 0).
    decision_rule : str
        the rule, with its level and, where one was computed, its power
        (e.g. "Clopper-Pearson 95 % interval contains the paper's rate;
        n = 100 detects a 10-pp deviation with power >= 0.9").
    passed : bool
        what the rule decided.
    rows : tuple of CriterionRow
        per-quantity comparison, rendered as a table.
    """

    hypothesis: str
    statistic: str
    sample_size: int
    decision_rule: str
    passed: bool
    rows: tuple = ()

    def problems(self) -> list[str]:
        """What makes this criterion unusable as evidence (empty when usable)."""
        out = []
        for name in ("hypothesis", "statistic", "decision_rule"):
            if not str(getattr(self, name) or "").strip():
                out.append(f"criterion.{name} is empty")
        if not isinstance(self.sample_size, int) or self.sample_size <= 0:
            out.append(f"criterion.sample_size={self.sample_size!r} is not a positive integer")
        return out

    def to_record(self) -> dict:
        return {"hypothesis": self.hypothesis, "statistic": self.statistic,
                "sample_size": self.sample_size, "decision_rule": self.decision_rule,
                "passed": bool(self.passed), "rows": [r.to_record() for r in self.rows]}

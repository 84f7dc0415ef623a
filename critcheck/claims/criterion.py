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

__all__ = ["Criterion", "CriterionRow", "supported_problems", "rate_row", "no_failure_criterion"]


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


def supported_problems(method, outcome) -> str:
    """Why ``outcome`` may not be ``SUPPORTED`` under claim method ``method`` ('' when it may).

    The rule of DESIGN.md ("Verdicts") and issue 11: a numeric or mixed
    method; ``evidence["samples"]`` a positive integer; ``evidence["seed"]``
    recorded and not None; a :class:`Criterion` without :meth:`~Criterion.problems`
    whose ``passed`` is True.
    """
    from .verdict import Method

    if method not in (Method.NUMERIC, Method.MIXED):
        return f"SUPPORTED under method {str(method)!r}; need 'numeric' or 'symbolic + numeric'"
    ev = outcome.evidence or {}
    samples = ev.get("samples")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples <= 0:
        return f"SUPPORTED with evidence samples={samples!r}; need a positive integer"
    if ev.get("seed") is None:
        return "SUPPORTED without a seed recorded in the evidence (seed=None)"
    c = outcome.criterion
    if not isinstance(c, Criterion):
        return "SUPPORTED without a Criterion (hypothesis, statistic, sample size, decision rule)"
    bad = c.problems()
    if bad:
        return "SUPPORTED with an unusable criterion: " + "; ".join(bad)
    if c.passed is not True:
        return "SUPPORTED although its criterion did not pass: " + c.decision_rule
    return ""


def rate_row(quantity: str, k: int, n: int, reference_pct: float, *, level: float = 0.95,
             undecided: int = 0) -> CriterionRow:
    """Compare an observed count ``k`` of ``n`` with a reference percentage.

    Decision "agrees" iff the Clopper-Pearson interval (level ``level``) of
    ``k/n`` contains ``reference_pct / 100``
    (:func:`critcheck.claims.statistics.clopper_pearson`).
    """
    from .statistics import clopper_pearson, contains

    lo, hi = clopper_pearson(k, n, level)
    ok = contains((lo, hi), reference_pct / 100.0)
    return CriterionRow(quantity, round(100.0 * k / n, 2), reference_pct,
                        (round(100 * lo, 2), round(100 * hi, 2)),
                        "agrees" if ok else "differs", undecided)


def no_failure_criterion(hypothesis: str, statistic: str, trials: int, failures: int, *,
                         undecided: int = 0, max_undecided_share: float = 0.1,
                         detect_rate: float = 0.1, rows: tuple = ()) -> Criterion:
    """The rule "no failure among the decided trials, few undecided".

    Passes iff ``failures == 0``, at least one trial was decided and
    ``undecided <= max_undecided_share * trials``. Its power against a
    failure rate ``detect_rate`` is :math:`1-(1-r)^{n}` with ``n`` the decided
    trials (:func:`critcheck.claims.statistics.zero_failure_power`); it is
    stated in the decision rule.
    """
    from .statistics import zero_failure_power

    decided = trials - undecided
    power = zero_failure_power(decided, detect_rate) if decided > 0 else 0.0
    rule = (f"pass iff 0 of the {decided} decided trials fail and at most "
            f"{max_undecided_share:.0%} of {trials} are undecided; a failure rate >= "
            f"{detect_rate:.0%} is caught with power {power:.3f}")
    passed = (failures == 0 and decided > 0 and undecided <= max_undecided_share * trials)
    summary = CriterionRow(statistic, failures, 0, None, "pass" if passed else "fail", undecided)
    return Criterion(hypothesis, statistic, int(trials), rule, bool(passed), (summary,) + tuple(rows))

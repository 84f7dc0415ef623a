"""The records a claim run produces: :class:`Outcome` and :class:`Result`.

A claim's check function returns an :class:`Outcome`; the runner
(:mod:`critcheck.claims.runner`) times it, applies the verdict guard and wraps
it into a frozen :class:`Result`.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Callable

from .criterion import Criterion
from .derivation import Derivation
from .verdict import Verdict

__all__ = ["Counterexample", "Outcome", "Result"]


@dataclasses.dataclass(frozen=True)
class Counterexample:
    """A point that refutes a statement, with an exact re-check.

    Parameters
    ----------
    point : dict
        Coordinates, exact (SymPy rationals / algebraic numbers) where
        ``verified_by == "exact"``; interval enclosures where ``"interval"``.
    description : str
        What the point shows, in words.
    verify : callable
        ``verify() -> bool``; re-runs the exact or interval check. The runner
        calls it again before accepting ``REFUTED``.
    verified_by : {"exact", "interval"}
    """

    point: dict
    description: str
    verify: Callable[[], bool] = dataclasses.field(compare=False, repr=False)
    verified_by: str = "exact"

    def to_record(self) -> dict:
        return {
            "point": {str(k): str(v) for k, v in self.point.items()},
            "description": self.description,
            "verified_by": self.verified_by,
        }


@dataclasses.dataclass
class Outcome:
    """What a claim's check function returns.

    ``evidence`` holds JSON-serialisable facts (numbers, strings, lists).
    Numeric evidence (``SUPPORTED``) must record an integer ``samples > 0``, a
    ``seed`` that is not None, and the tolerances used, and ``criterion`` must
    hold a passed :class:`Criterion` (issue 11; see the verdict guard).
    ``open_branches`` lists every case the reasoning could not decide.
    """

    verdict: Verdict
    summary: str = ""
    evidence: dict = dataclasses.field(default_factory=dict)
    derivation: Derivation | None = None
    counterexample: Counterexample | None = None
    artifacts: list = dataclasses.field(default_factory=list)
    open_branches: list = dataclasses.field(default_factory=list)
    criterion: Criterion | None = None
    statement: Any = None
    certificate: Any = None

    def __post_init__(self):
        self.verdict = Verdict.parse(self.verdict)


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (str, bool)) or obj is None:
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return obj if obj == obj and abs(obj) != float("inf") else str(obj)
    try:  # numpy scalars and arrays
        import numpy as np

        if isinstance(obj, np.generic):
            return _jsonable(obj.item())
        if isinstance(obj, np.ndarray):
            return _jsonable(obj.tolist())
    except ImportError:  # pragma: no cover
        pass
    return str(obj)


@dataclasses.dataclass(frozen=True)
class Result:
    """The verdict on one claim, with its evidence.

    Attributes
    ----------
    claim : Claim
    verdict, expected : Verdict
    seconds : float
        wall-clock time of the check.
    summary : str
        one line in words.
    evidence : dict
    derivation : Derivation or None
    counterexample : Counterexample or None
    artifacts : list of str
        files written (plots, LaTeX).
    open_branches : list of str
    guard : str
        empty, or why the verdict guard downgraded the verdict.
    """

    claim: Any
    verdict: Verdict
    expected: Verdict
    seconds: float
    summary: str = ""
    evidence: dict = dataclasses.field(default_factory=dict)
    derivation: Derivation | None = None
    counterexample: Counterexample | None = None
    artifacts: tuple = ()
    open_branches: tuple = ()
    guard: str = ""
    criterion: Criterion | None = None
    statement: Any = None
    certificate: Any = None

    @property
    def statement_text(self) -> str:
        """What was checked: the kernel's rendering of the certified statement(s),
        else the claim's own statement."""
        if self.statement is not None and self.verdict.value in ("PROVED", "REFUTED"):
            parts = self.statement if isinstance(self.statement, (list, tuple)) else [self.statement]
            try:
                text = " ".join(p.to_latex() for p in parts)
            except Exception:  # noqa: BLE001 - a statement that cannot render is shown raw
                text = "; ".join(str(p) for p in parts)
            if self.verdict.value == "REFUTED":
                return "The claim is refuted: the kernel proved the contrary statement. " + text
            return text
        return self.claim.statement or self.claim.title

    @property
    def ok(self) -> bool:
        """True iff the verdict is the expected one."""
        return self.verdict == self.expected

    def to_record(self) -> dict:
        """The JSON record of DESIGN.md ("--json FILE")."""
        ev = dict(self.evidence)
        if self.summary:
            ev.setdefault("summary", self.summary)
        if self.counterexample is not None:
            ev["counterexample"] = self.counterexample.to_record()
        if self.open_branches:
            ev["open_branches"] = list(self.open_branches)
        if self.guard:
            ev["guard"] = self.guard
        if self.criterion is not None:
            ev["criterion"] = self.criterion.to_record()
        if self.statement is not None and self.verdict.value in ("PROVED", "REFUTED"):
            ev["statement"] = self.statement_text
        if self.derivation is not None:
            ev["derivation_steps"] = sum(1 for _ in self.derivation.steps())
        return _jsonable({
            "id": self.claim.id,
            "title": self.claim.title,
            "source": self.claim.source,
            "method": str(self.claim.method),
            "verdict": self.verdict.value,
            "expected": self.expected.value,
            "seconds": round(self.seconds, 4),
            "evidence": ev,
            "artifacts": list(self.artifacts),
        })

    def to_json(self) -> str:
        return json.dumps(self.to_record(), indent=2)

    def explain(self) -> str:
        """A readable multi-line account (used by the pytest plugin)."""
        lines = [f"{self.claim.id}: {self.verdict.value} (expected {self.expected.value})"]
        if self.summary:
            lines.append(f"  {self.summary}")
        if self.guard:
            lines.append(f"  verdict guard: {self.guard}")
        for b in self.open_branches:
            lines.append(f"  open branch: {b}")
        if self.counterexample is not None:
            c = self.counterexample
            pt = ", ".join(f"{k}={v}" for k, v in c.point.items())
            lines.append(f"  counterexample ({c.verified_by}): {pt} -- {c.description}")
        err = self.evidence.get("error")
        if err and str(err) not in self.summary:  # a raising check: its summary already says it
            lines.append(f"  error: {err}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        from ..render.latex import result_snippet

        return result_snippet(self)

    def __repr__(self) -> str:
        return (f"Result(id={self.claim.id!r}, verdict={self.verdict.value}, "
                f"expected={self.expected.value}, seconds={self.seconds:.3f})")

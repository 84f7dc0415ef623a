"""Running claims, and the verdict guard that enforces the one rule.

The guard (:func:`guard`) is the single place where the verdict rules of
DESIGN.md are enforced, whatever the check function returned:

* ``PROVED`` needs an exact method (``symbolic`` or ``symbolic + numeric``),
  a derivation with at least one step, every step re-checked on its own
  (:meth:`Step.recheck`), and no open branch;
* ``REFUTED`` needs a :class:`Counterexample` verified ``"exact"`` or
  ``"interval"`` whose ``verify()`` passes again now;
* ``SUPPORTED`` needs numeric evidence recording ``samples`` and ``seed``.

A verdict that fails its rule becomes ``INCONCLUSIVE`` with the reason in
``Result.guard``. A check that raises, or runs past its budget, is
``INCONCLUSIVE`` with the error recorded -- never a crash, never a hang.
"""

from __future__ import annotations

import time
import traceback

from ..budget import time_budget
from ..errors import BudgetExceeded
from .registry import Claim, Context
from .result import Outcome, Result
from .verdict import Method, Verdict

__all__ = ["run_claim", "guard"]


def guard(claim: Claim, outcome: Outcome) -> str:
    """Return why ``outcome.verdict`` is not admissible ('' when it is)."""
    v = outcome.verdict
    if v is Verdict.PROVED:
        if claim.method is Method.NUMERIC:
            return "PROVED from a numeric method is not allowed"
        d = outcome.derivation
        if d is None or not any(True for _ in d.steps()):
            return "PROVED without a derivation of re-checkable steps"
        failed = d.recheck()
        if failed:
            names = "; ".join(f"{s.rule!r}" for s in failed[:3])
            return f"{len(failed)} derivation step(s) failed the independent re-check: {names}"
        if outcome.open_branches:
            return f"PROVED with {len(outcome.open_branches)} open branch(es)"
    elif v is Verdict.REFUTED:
        c = outcome.counterexample
        if c is None:
            return "REFUTED without a counterexample"
        if c.verified_by not in ("exact", "interval"):
            return f"counterexample verified_by={c.verified_by!r}; need 'exact' or 'interval'"
        try:
            ok = bool(c.verify())
        except Exception as exc:  # noqa: BLE001 - a crashing check is no check
            return f"counterexample re-check raised {type(exc).__name__}: {exc}"
        if not ok:
            return "counterexample failed its re-check"
    elif v is Verdict.SUPPORTED:
        from .criterion import supported_problems

        return supported_problems(claim.method, outcome)
    return ""


def run_claim(claim: Claim, ctx: Context | None = None) -> Result:
    """Run one claim under its budget and the verdict guard."""
    ctx = ctx or Context()
    t0 = time.perf_counter()
    try:
        with time_budget(ctx.budget, what=f"claim {claim.id}"):
            outcome = claim.func(ctx)
        if not isinstance(outcome, Outcome):
            raise TypeError(
                f"check of {claim.id!r} returned {type(outcome).__name__}; it must return an Outcome")
        why = guard(claim, outcome)
    except BudgetExceeded as exc:
        outcome = Outcome(Verdict.INCONCLUSIVE, summary=str(exc),
                          evidence={"error": str(exc)},
                          open_branches=[f"budget exhausted: {exc}"])
        why = ""
    except Exception as exc:  # noqa: BLE001 - reported, never hidden
        outcome = Outcome(Verdict.INCONCLUSIVE,
                          summary=f"check raised {type(exc).__name__}: {exc}",
                          evidence={"error": f"{type(exc).__name__}: {exc}",
                                    "traceback": traceback.format_exc(limit=8)})
        why = ""
    seconds = time.perf_counter() - t0
    verdict = outcome.verdict
    if why:
        verdict = Verdict.INCONCLUSIVE
    return Result(
        claim=claim,
        verdict=verdict,
        expected=claim.expected,
        seconds=seconds,
        summary=outcome.summary,
        evidence=dict(outcome.evidence),
        derivation=outcome.derivation,
        counterexample=outcome.counterexample,
        artifacts=tuple(str(a) for a in outcome.artifacts),
        open_branches=tuple(outcome.open_branches),
        guard=why,
        criterion=outcome.criterion,
        statement=outcome.statement,
        certificate=outcome.certificate,
    )

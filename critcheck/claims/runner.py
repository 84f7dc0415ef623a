"""Running claims, and the verdict guard that enforces the one rule.

The guard (:func:`guard`) is the single place where the verdict rules of
DESIGN.md are enforced, whatever the check function returned:

* ``PROVED`` and ``REFUTED`` need an exact method (``symbolic`` or
  ``symbolic + numeric``), no open branch, and a statement with a
  certificate that the trusted kernel (:mod:`critcheck.kernel`) accepts --
  under the claim's time budget; derivations and counterexample closures are
  for readers only and are never trusted;
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


def _as_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def kernel_judgements(claim: Claim, outcome: Outcome, deadline: float | None = None,
                      progress=None):
    """Check every (statement, certificate) pair of ``outcome`` with the kernel.

    Returns ``(why, judgements)``: ``why`` is '' when every pair was accepted.
    ``progress(done, total, label)``, when given, hears of each pair checked
    (display only: :meth:`Context.progress`).
    """
    from ..kernel import Rejected, Statement, check

    if outcome.statement is None or outcome.certificate is None:
        return (f"{outcome.verdict.value} without a kernel certificate "
                "(the outcome carries no statement and certificate)"), []
    stmts, certs = _as_list(outcome.statement), _as_list(outcome.certificate)
    if len(stmts) != len(certs) or not stmts:
        return f"{len(stmts)} statement(s) but {len(certs)} certificate(s)", []
    try:
        stmts = [s if isinstance(s, Statement) else Statement.from_data(s) for s in stmts]
    except Rejected as exc:
        return f"malformed statement: {exc}", []
    formal = getattr(claim, "formal", None)
    if formal is not None:
        want = [s.to_data() for s in _as_list(formal)]
        if [s.to_data() for s in stmts] != want:
            return "the certified statement differs from the claim's declared formal statement", []
    out = []
    if progress is not None:
        progress(0, len(stmts), "kernel")
    for i, (st, cert) in enumerate(zip(stmts, certs)):
        j = check(st, cert, deadline)
        out.append(j)
        if progress is not None:
            progress(i + 1, len(stmts), "kernel")
        if not j.accepted:
            label = f" #{i + 1}" if len(stmts) > 1 else ""
            return f"the kernel rejected certificate{label}: [{j.rule}] {j.reason}", out
    return "", out


def guard(claim: Claim, outcome: Outcome, deadline: float | None = None, progress=None) -> str:
    """Return why ``outcome.verdict`` is not admissible ('' when it is).

    ``PROVED`` and ``REFUTED`` stand only when the trusted kernel
    (:mod:`critcheck.kernel`) accepts the outcome's certificate(s) for its
    statement(s); a ``REFUTED`` outcome's statement is the one that
    contradicts the claim (e.g. "a sub-optimal local minimum exists" for "no
    bad local minimum"). Derivation steps and check closures are shown to
    readers but never trusted. ``progress`` is passed to
    :func:`kernel_judgements` (display only).
    """
    v = outcome.verdict
    if v in (Verdict.PROVED, Verdict.REFUTED):
        if claim.method is Method.NUMERIC:
            return f"{v.value} from a numeric method is not allowed"
        if v is Verdict.PROVED and outcome.open_branches:
            return f"PROVED with {len(outcome.open_branches)} open branch(es)"
        why, judgements = kernel_judgements(claim, outcome, deadline, progress)
        outcome.evidence.setdefault("kernel", [
            {"accepted": j.accepted, "rule": j.rule, "reason": j.reason,
             "facts": {k: str(x) for k, x in j.facts.items()}, "seconds": round(j.seconds, 4)}
            for j in judgements])
        return why
    elif v is Verdict.SUPPORTED:
        from .criterion import supported_problems

        return supported_problems(claim.method, outcome)
    return ""


def run_claim(claim: Claim, ctx: Context | None = None) -> Result:
    """Run one claim under its budget and the verdict guard."""
    ctx = ctx or Context()
    t0 = time.perf_counter()
    try:
        deadline = time.monotonic() + ctx.budget if ctx.budget else None
        with time_budget(ctx.budget, what=f"claim {claim.id}"):
            outcome = claim.func(ctx)
            if not isinstance(outcome, Outcome):
                raise TypeError(
                    f"check of {claim.id!r} returned {type(outcome).__name__}; it must return an Outcome")
            why = guard(claim, outcome, deadline,
                        ctx.progress if ctx.on_progress is not None else None)
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

"""Running many claims: serially, or in parallel processes with the same results.

Claims are independent (each check builds its own data from ``ctx.seed``), so
:func:`run_claims` can run them in separate processes, at most ``jobs`` at a
time, and hand back their reports in the order of the input, whatever order
they finished in. Each claim gets a fresh child process
(``multiprocessing``, ``fork`` where the platform has it, else ``spawn``):

* the verdict, evidence and timing are those of :func:`run_claim` in the
  child, under the claim's own budget (``SIGALRM`` works there: the check
  runs in the child's main thread);
* a child that dies (a segmentation fault in a native library, the
  out-of-memory killer, ``os._exit``) or hangs past its budget plus a grace
  period is ``INCONCLUSIVE`` with the exit status in the evidence -- never a
  crash of the whole run, and the other claims are not affected;
* every claim runs with ``threads`` BLAS threads (default 1;
  :mod:`critcheck.threads`): the catalogue's matrices are small, so the cores
  are better spent on claims than on BLAS threads that wait for each other
  (measured: ``benchmarks/RESULTS.md``).

The parent turns each :class:`~critcheck.claims.result.Result` into a
picklable :class:`Report` inside the child through ``finish`` (a module-level
function, so ``spawn`` can send it): results hold SymPy derivations and
re-check closures that do not cross process boundaries.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from multiprocessing.connection import wait
from typing import Callable, Sequence

from .registry import Claim, Context, _load_file, registry
from .result import Result
from .runner import run_claim
from .verdict import Verdict

__all__ = ["Report", "run_claims", "crashed_result", "default_jobs", "GRACE_SECONDS"]

GRACE_SECONDS = 30.0  # past its budget, a child that has not answered is killed


@dataclasses.dataclass(frozen=True)
class Report:
    """What the parent keeps of one claim run (picklable).

    Attributes
    ----------
    id : str
    verdict, expected : str
        verdict values (``"PROVED"``, ...).
    seconds : float
    record : dict
        the JSON record (DESIGN.md, ``--json``).
    explain : str
        :meth:`Result.explain`.
    """

    id: str
    verdict: str
    expected: str
    seconds: float
    record: dict
    explain: str

    @property
    def ok(self) -> bool:
        return self.verdict == self.expected


def crashed_result(claim: Claim, seconds: float, why: str) -> Result:
    """The ``INCONCLUSIVE`` result of a claim whose process died or hung."""
    return Result(claim=claim, verdict=Verdict.INCONCLUSIVE, expected=claim.expected,
                  seconds=seconds, summary=why, evidence={"error": why},
                  open_branches=(why,))


def _resolve(path: str, cid: str) -> Claim:
    c = registry.get(cid)
    if c is None and path:
        _load_file(path)
        c = registry.get(cid)
    if c is None:  # pragma: no cover - the parent resolved it from the same files
        raise LookupError(f"claim {cid!r} not found in {path!r}")
    return c


def _run_one(claim: Claim, ctx: Context, finish: Callable, quiet: bool) -> Report:
    if not quiet:
        return finish(run_claim(claim, ctx))
    import contextlib

    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        return finish(run_claim(claim, ctx))


def _child(path: str, cid: str, ctx: Context, finish: Callable, threads: int | None,
           quiet: bool, conn) -> None:
    from ..threads import pin_process

    try:
        if threads is not None:
            pin_process(threads)
        conn.send(_run_one(_resolve(path, cid), ctx, finish, quiet))
    finally:
        conn.close()


def _why_dead(exitcode) -> str:
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}"
    return f"exit status {exitcode}"


def run_claims(claims: Sequence[Claim], ctx: Context, finish: Callable[[Result], Report], *,
               jobs: int = 1, on_start: Callable[[Claim], None] | None = None,
               on_end: Callable[[Claim, Report], None] | None = None,
               on_ready: Callable[[int, Report], None] | None = None,
               quiet: bool = False, threads: int | None = 1) -> list[Report]:
    """Run ``claims`` and return one :class:`Report` each, in input order.

    Parameters
    ----------
    claims : sequence of Claim
    ctx : Context
        shared by every claim (its ``budget`` applies to each claim).
    finish : callable
        ``finish(result) -> Report``, called where the claim ran; must be a
        module-level function when ``jobs > 1``.
    jobs : int
        ``1``: in this process, one after another. ``> 1``: at most ``jobs``
        child processes at a time.
    on_start, on_end : callable, optional
        called in this process when a claim starts and when it ends
        (completion order).
    on_ready : callable, optional
        ``on_ready(index, report)`` in input order, as soon as a report and
        all before it are done (for printing rows in a deterministic order).
    quiet : bool
        discard what the checks print on ``sys.stderr`` (their own progress).
    threads : int or None
        BLAS/OpenMP threads per claim (None: leave the libraries' defaults).
    """
    claims = list(claims)
    if jobs < 1:
        raise ValueError(f"jobs={jobs!r} must be at least 1")
    reports: list[Report | None] = [None] * len(claims)
    next_ready = 0

    def done(i: int, rep: Report) -> None:
        nonlocal next_ready
        reports[i] = rep
        if on_end:
            on_end(claims[i], rep)
        while next_ready < len(claims) and reports[next_ready] is not None:
            if on_ready:
                on_ready(next_ready, reports[next_ready])
            next_ready += 1

    from ..threads import blas_threads

    if jobs == 1 or len(claims) <= 1:
        with blas_threads(threads):
            for i, c in enumerate(claims):
                if on_start:
                    on_start(c)
                done(i, _run_one(c, ctx, finish, quiet))
        return reports  # type: ignore[return-value]

    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    limit = None if ctx.budget is None else float(ctx.budget) + GRACE_SECONDS
    pending = list(range(len(claims)))
    running: dict[int, tuple] = {}  # index -> (process, connection, start time)
    while pending or running:
        while pending and len(running) < jobs:
            i = pending.pop(0)
            c = claims[i]
            recv, send = mp.Pipe(duplex=False)
            p = mp.Process(target=_child, args=(c.path, c.id, ctx, finish, threads, quiet, send),
                           name=f"critcheck-{c.id}", daemon=True)
            if on_start:
                on_start(c)
            p.start()
            send.close()
            running[i] = (p, recv, time.perf_counter())
        waits = [r for _, r, _ in running.values()] + [p.sentinel for p, _, _ in running.values()]
        timeout = None
        if limit is not None:
            now = time.perf_counter()
            timeout = max(0.0, min(t0 + limit - now for _, _, t0 in running.values()))
        wait(waits, timeout=timeout)
        for i in list(running):
            p, recv, t0 = running[i]
            rep = None
            why = ""
            if recv.poll():
                try:
                    rep = recv.recv()
                except (EOFError, OSError):
                    rep = None
                if rep is None:
                    p.join()
                    why = f"the process running the claim died ({_why_dead(p.exitcode)})"
            elif not p.is_alive():
                p.join()
                why = f"the process running the claim died ({_why_dead(p.exitcode)})"
            elif limit is not None and time.perf_counter() - t0 >= limit:
                p.kill()
                p.join()
                why = (f"no answer {limit:g} s after the start (budget {ctx.budget:g} s "
                       f"+ {GRACE_SECONDS:g} s grace); the process was stopped")
            else:
                continue
            if rep is not None:
                p.join()
            else:
                rep = finish(crashed_result(claims[i], time.perf_counter() - t0, why))
            recv.close()
            del running[i]
            done(i, rep)
    return reports  # type: ignore[return-value]


def default_jobs() -> int:
    """The cores this process may use (``critcheck verify --jobs`` default)."""
    from ..threads import cpu_count

    return cpu_count()


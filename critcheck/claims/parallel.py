"""Running many claims: serially, or in parallel processes with the same results.

Claims are independent (each check builds its own data from ``ctx.seed``), so
:func:`run_claims` can run them in separate processes, at most ``jobs`` at a
time, and hand back their reports in the order of the input, whatever order
they finished in. ``jobs`` worker processes (``multiprocessing``, ``fork``
where the platform has it, else ``spawn``) each run one claim at a time and
then the next, keeping their imports and caches warm as a serial run does
(a fresh process per claim re-imports SymPy and SciPy every time, which made
the catalogue slower in parallel than serially):

* the verdict, evidence and timing are those of :func:`run_claim` in the
  child, under the claim's own budget (``SIGALRM`` works there: the check
  runs in the child's main thread);
* a worker that dies (a segmentation fault in a native library, the
  out-of-memory killer, ``os._exit``) or hangs past the claim's budget plus a
  grace period makes that claim ``INCONCLUSIVE`` with the exit status in the
  evidence -- never a crash of the whole run; a fresh worker takes over the
  remaining claims;
* a check's progress (:meth:`Context.progress`) is written by the worker
  into a small shared-memory slot (:class:`_SharedProgress`: a few integers
  and the label; no system call, no message that would wake the parent), and
  the parent reads every worker's latest state each :data:`PROGRESS_POLL`
  seconds and once more before it takes a claim's result, and hands what
  changed to ``on_progress``. A call costs about 2 us in the worker and
  never wakes the parent (a first version sent each event over the result
  pipe, which makes a system call per event and wakes the parent each time);
  ``benchmarks/bench_claim_progress.py`` measures it;
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

__all__ = ["Report", "run_claims", "crashed_result", "default_jobs", "GRACE_SECONDS",
           "PROGRESS_POLL"]

GRACE_SECONDS = 30.0  # past its budget, a child that has not answered is killed
PROGRESS_POLL = 0.5  # seconds between two reads of the workers' progress by the parent
_LABEL_BYTES = 120


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


def _run_one(claim: Claim, ctx: Context, finish: Callable, quiet: bool,
             sink: Callable | None = None) -> Report:
    if sink is not None:
        ctx = dataclasses.replace(ctx, on_progress=sink)
    if not quiet:
        return finish(run_claim(claim, ctx))
    import contextlib

    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        return finish(run_claim(claim, ctx))


class _SharedProgress:
    """One worker's latest progress, in shared memory (``multiprocessing.RawArray``).

    The worker (the claim's ``ctx.on_progress``) writes ``(done, total, label)``
    tagged with the number of the claim it runs, between two increments of a
    sequence counter (odd while writing); the parent reads it and drops a read
    that overlapped a write or belongs to an earlier claim. Display only: a
    dropped read is shown at the next one.
    """

    def __init__(self, mp):
        import ctypes

        self.nums = mp.RawArray(ctypes.c_int64, 4)        # seq, claim number, done, total
        self.label = mp.RawArray(ctypes.c_char, _LABEL_BYTES)
        self.number = 0

    def __call__(self, done, total, label="") -> None:   # in the worker
        n = self.nums
        n[0] += 1
        n[1], n[2], n[3] = self.number, int(done), int(total)
        self.label.value = str(label).encode("utf-8", "replace")[:_LABEL_BYTES - 1]
        n[0] += 1

    def read(self, number: int):                         # in the parent
        """``(seq, done, total, label)`` of claim ``number``, or None."""
        n = self.nums
        seq = n[0]
        if seq % 2:
            return None
        num, done, total = n[1], n[2], n[3]
        label = self.label.value.decode("utf-8", "replace")
        if n[0] != seq or num != number:
            return None
        return seq, done, total, label


def _serve(ctx: Context, finish: Callable, threads: int | None, quiet: bool, conn,
           shared: _SharedProgress | None = None) -> None:
    """A worker's loop: receive ``(path, id, number)``, answer with the claim's
    Report (its progress goes to ``shared`` when given); ``None`` ends it."""
    from ..threads import pin_process

    if threads is not None:
        pin_process(threads)
    try:
        while True:
            msg = conn.recv()
            if msg is None:
                return
            path, cid, number = msg
            if shared is not None:
                shared.number = number
            conn.send(_run_one(_resolve(path, cid), ctx, finish, quiet, shared))
    except (EOFError, KeyboardInterrupt):
        return
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
               on_progress: Callable[[Claim, int, int, str], None] | None = None,
               quiet: bool = False, threads: int | None = 1,
               order: Sequence[int] | None = None) -> list[Report]:
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
    on_progress : callable, optional
        ``on_progress(claim, done, total, label)`` in this process whenever a
        running check reports progress (:meth:`Context.progress`); from worker
        processes, the latest state each :data:`PROGRESS_POLL` s and before
        the claim's result. Ignored with ``quiet`` (the checks then get no
        progress sink at all).
    quiet : bool
        discard what the checks print on ``sys.stderr`` (their own progress).
    threads : int or None
        BLAS/OpenMP threads per claim (None: leave the libraries' defaults).
    order : sequence of int, optional
        with ``jobs > 1``: the order in which workers take the claims (a
        permutation of the indices; e.g. longest first,
        :func:`~critcheck.claims.schedule.longest_first`). Reports, ``on_ready``
        and the returned list stay in input order.
    """
    claims = list(claims)
    if jobs < 1:
        raise ValueError(f"jobs={jobs!r} must be at least 1")
    if order is not None and sorted(order) != list(range(len(claims))):
        raise ValueError(f"order must be a permutation of range({len(claims)})")
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

    if quiet:
        on_progress = None
    if jobs == 1 or len(claims) <= 1:
        with blas_threads(threads):
            for i, c in enumerate(claims):
                if on_start:
                    on_start(c)
                sink = None if on_progress is None else _bound(on_progress, c)
                done(i, _run_one(c, ctx, finish, quiet, sink))
        return reports  # type: ignore[return-value]

    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    limit = None if ctx.budget is None else float(ctx.budget) + GRACE_SECONDS
    pending = list(range(len(claims))) if order is None else list(order)
    if mp.get_start_method() == "fork" and len(claims) > jobs:
        _preload()   # every worker will run several claims: import their libraries once
    workers: list[_Worker] = []
    try:
        while pending or any(w.index is not None for w in workers):
            for w in workers:
                if w.index is None and pending and w.alive():
                    i = pending.pop(0)
                    if on_start:
                        on_start(claims[i])
                    w.assign(i, claims[i])
            while pending and len(workers) < jobs:
                w = _Worker(mp, ctx, finish, threads, quiet, progress=on_progress is not None)
                workers.append(w)
                i = pending.pop(0)
                if on_start:
                    on_start(claims[i])
                w.assign(i, claims[i])
            busy = [w for w in workers if w.index is not None]
            timeout = None
            if limit is not None:
                now = time.perf_counter()
                timeout = max(0.0, min(w.t0 + limit - now for w in busy))
            if on_progress is not None:
                timeout = PROGRESS_POLL if timeout is None else min(timeout, PROGRESS_POLL)
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=timeout)
            for w in busy:
                i, rep, why = w.index, None, ""
                if on_progress is not None:
                    got = w.progress()
                    if got is not None:
                        on_progress(claims[i], *got)
                if w.conn.poll():
                    try:
                        rep = w.conn.recv()
                    except (EOFError, OSError):
                        rep = None
                    if rep is None:
                        why = f"the process running the claim died ({w.stop()})"
                elif not w.alive():
                    why = f"the process running the claim died ({w.stop()})"
                elif limit is not None and time.perf_counter() - w.t0 >= limit:
                    w.stop(kill=True)
                    why = (f"no answer {limit:g} s after the start (budget {ctx.budget:g} s "
                           f"+ {GRACE_SECONDS:g} s grace); the process was stopped")
                else:
                    continue
                if rep is None:
                    rep = finish(crashed_result(claims[i], time.perf_counter() - w.t0, why))
                w.index = None
                done(i, rep)
            # drop dead workers only once their claim is accounted for: one that died after the
            # checks above still holds its index and is reported on the next pass (else its
            # claim would be lost and its report left None)
            workers = [w for w in workers if w.alive() or w.index is not None]
    finally:
        for w in workers:
            w.close()
    return reports  # type: ignore[return-value]


PRELOAD = ("numpy", "scipy.linalg", "scipy.optimize", "scipy.sparse", "scipy.stats", "sympy", "flint",
           "numba")


def _preload() -> None:
    """Import the libraries nearly every claim needs, once, before the workers fork.

    Forked workers then start with them loaded (copy-on-write) instead of each
    importing them again: about 2 CPU-seconds per worker on the development
    machine (``benchmarks/RESULTS.md``). Threads are not started by these
    imports, so forking after them is safe; a library that is missing or
    fails to import is left to the claim that needs it (whose own import then
    fails inside the claim: INCONCLUSIVE with the error, never a crash of the run).
    """
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - pragma: no cover; a claim that needs it reports the error
            pass


class _Worker:
    """A child process that runs claims one after another (warm imports and
    caches, as in a serial run), one at a time, sent through a pipe."""

    def __init__(self, mp, ctx, finish, threads, quiet, progress=False):
        self.conn, child = mp.Pipe(duplex=True)
        self.shared = _SharedProgress(mp) if progress else None
        self.number, self.seen = 0, -1
        self.proc = mp.Process(target=_serve, args=(ctx, finish, threads, quiet, child, self.shared),
                               name="critcheck-verify-worker", daemon=True)
        self.proc.start()
        child.close()
        self.index: int | None = None
        self.t0 = 0.0

    def assign(self, i: int, claim: Claim) -> None:
        self.index, self.t0 = i, time.perf_counter()
        self.number, self.seen = self.number + 1, -1
        self.conn.send((claim.path, claim.id, self.number))

    def progress(self):
        """``(done, total, label)`` when the running claim's progress changed, else None."""
        got = None if self.shared is None else self.shared.read(self.number)
        if got is None or got[0] == self.seen:
            return None
        self.seen = got[0]
        return got[1:]

    def alive(self) -> bool:
        return self.proc.is_alive()

    def stop(self, kill: bool = False) -> str:
        """End the process (it died, or ran past its time); say how it ended."""
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()
        return _why_dead(self.proc.exitcode)

    def close(self) -> None:
        if self.proc.is_alive():
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            self.proc.join(timeout=5)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()
        self.conn.close()


def _bound(on_progress: Callable, claim: Claim) -> Callable:
    def sink(done, total, label=""):
        on_progress(claim, done, total, label)

    return sink


def default_jobs() -> int:
    """The cores this process may use (``critcheck verify --jobs`` default)."""
    from ..threads import cpu_count

    return cpu_count()


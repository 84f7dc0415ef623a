"""What claim progress costs in ``critcheck verify``'s parallel path (issue 14, item 1).

Two measurements, multiplied together:

1. the cost of one progress call in a worker -- ``ctx.progress`` into the
   worker's shared-memory slot (:class:`critcheck.claims.parallel._SharedProgress`)
   -- timed over 200 000 calls in a tight loop (``time.perf_counter``, best of 5);
2. how many progress calls each claim makes, counted while the claims run
   through :func:`critcheck.claims.parallel.run_claims` exactly as
   ``verify --jobs N`` runs them (worker processes, the parent reading the
   workers' slots and drawing plain lines into a discarded stream); the
   parent's own CPU time for the whole run is reported too.

(Timing each call inside the running claims was tried first: on this shared
2-core VM the two clock reads per call let the scheduler's pauses land inside
the timed interval, and an *empty* timed sink then "cost" 7 % of the claims'
wall time -- a measurement artifact, so the per-call cost is taken apart.)

    python benchmarks/bench_claim_progress.py [IDS ... | --all] [--jobs 2] [--quick]

Default ids: the claims that report progress and run longest.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import multiprocessing
import os
import time

DEFAULT = ["relu.table_*", "twolayer.*", "conj.VII_1", "valley.minima_graph",
           "liang.global_at_local_minima", "kk.one_neuron_per_output", "requ.thm_VI_2.training",
           "deep_linear.thm_III_*", "resnet.hardt_ma"]

_calls = [0]


def _install_counter():
    from critcheck.claims import parallel

    cls = parallel._SharedProgress
    plain = cls.__call__

    def counted(self, done, total, label=""):
        _calls[0] += 1
        plain(self, done, total, label)

    cls.__call__ = counted


def finish(result):
    """verify's own Report, plus the number of progress calls the claim made."""
    from critcheck.commands.verify import _report

    rep = _report(result, tex=None)
    rec = dict(rep.record, progress_calls=_calls[0])
    _calls[0] = 0
    return dataclasses.replace(rep, record=rec)


def per_call_seconds(n: int = 200_000) -> float:
    """Best-of-5 seconds of one ``ctx.progress(done, total, label)`` into a shared slot."""
    from critcheck.claims import Context
    from critcheck.claims.parallel import _SharedProgress

    slot = _SharedProgress(multiprocessing.get_context())
    ctx = Context(on_progress=slot)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for k in range(n):
            ctx.progress(k, n, "bias -3")
        best = min(best, time.perf_counter() - t0)
    return best / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", default=DEFAULT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--all", action="store_true", help="the whole catalogue (as `critcheck verify`)")
    args = ap.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from critcheck.claims import Context, select
    from critcheck.claims.parallel import run_claims
    from critcheck.render.progress import ClaimBoard

    load = os.getloadavg()[0]
    call = per_call_seconds()
    _install_counter()
    claims = select([] if args.all else args.ids)
    board = ClaimBoard(len(claims), 1, io.StringIO(), tty=False)
    parent = {"seconds": 0.0, "updates": 0}

    def on_progress(c, done, total, label):
        t0 = time.perf_counter()
        board.update(c.id, done, total, label)
        parent["seconds"] += time.perf_counter() - t0
        parent["updates"] += 1

    t0, cpu0 = time.perf_counter(), time.process_time()
    reps = run_claims(claims, Context(quick=args.quick), finish, jobs=args.jobs,
                      on_start=lambda c: board.start(c.id), on_end=lambda c, r: board.end(c.id),
                      on_progress=on_progress)
    wall, cpu_parent = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"one progress call in a worker: {1e6 * call:.2f} us (best of 5 x 200000); "
          f"load average at start {load:.2f}")
    print(f"{'claim':<32} {'seconds':>8} {'calls':>7} {'calls x cost ms':>15} {'share':>9}")
    claim_s = calls = 0.0
    for r in reps:
        n = r.record["progress_calls"]
        claim_s += r.seconds
        calls += n
        print(f"{r.id:<32} {r.seconds:8.2f} {n:7d} {1e3 * n * call:15.3f} "
              f"{100 * n * call / max(r.seconds, 1e-9):8.4f}%")
    print(f"{'all (' + str(len(reps)) + ' claims)':<32} {claim_s:8.2f} {int(calls):7d} "
          f"{1e3 * calls * call:15.3f} {100 * calls * call / claim_s:8.4f}%")
    print(f"parent: {parent['updates']} updates read and drawn ({1e3 * parent['seconds']:.2f} ms in the "
          f"board), {cpu_parent:.2f} s CPU in all for its loop = {100 * cpu_parent / wall:.3f}% of "
          f"{wall:.1f} s wall; verdicts {sum(r.ok for r in reps)}/{len(reps)} as expected; "
          f"--jobs {args.jobs}{' --quick' if args.quick else ''}; load average at the end "
          f"{os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

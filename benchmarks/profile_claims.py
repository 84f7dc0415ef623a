"""Where the main job's time goes: per-claim CPU, the kernel's share, start-up cost.

Runs the selected claims one after another in this process, as a
``critcheck verify`` worker does, and prints one row per claim:

* ``wall s`` and ``CPU s`` (this process's user + sys time, so the other
  developers' load on a shared machine inflates only the wall column);
* ``kernel s``: the seconds the trusted kernel spent re-checking the claim's
  certificates in the verdict guard (``evidence["kernel"][*]["seconds"]``);
* the verdict and whether it is the expected one.

Before the first claim it times the start-up a worker pays: ``import
critcheck``, loading the catalogue, and the heavy libraries (NumPy, SciPy,
SymPy, flint) imported the first time a claim needs them.

With ``--profile ID`` the claim runs under ``cProfile`` and the top functions
by cumulative time are printed instead.

Command: ``python benchmarks/profile_claims.py [IDS_OR_PATTERNS ...] [--quick] [--sort cpu]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _timed(fn):
    w, c = time.perf_counter(), _cpu()
    out = fn()
    return out, time.perf_counter() - w, _cpu() - c


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items", nargs="*", help="claim ids or patterns (default: the whole catalogue)")
    ap.add_argument("--quick", action="store_true", help="the claims' quick runs")
    ap.add_argument("--sort", choices=["catalogue", "cpu"], default="catalogue")
    ap.add_argument("--profile", metavar="ID", help="cProfile one claim; print the top functions")
    ap.add_argument("--top", type=int, default=30, help="rows of the cProfile listing")
    ap.add_argument("--write-costs", action="store_true",
                    help="merge the measured CPU seconds into proofs/costs.json (the order in "
                         "which `critcheck verify` workers take claims)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    print(f"# cores: {os.cpu_count()}; load average (1, 5, 15 min) at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    _, w_imp, c_imp = _timed(lambda: __import__("critcheck.claims", fromlist=["select"]))
    from critcheck.claims import Context, select
    from critcheck.claims.runner import run_claim
    from critcheck.threads import blas_threads

    claims, w_cat, c_cat = _timed(lambda: select(args.items or None))
    try:
        from critcheck.claims.parallel import PRELOAD
    except ImportError:  # an earlier checkout (before/after figures)
        PRELOAD = ("numpy", "scipy.linalg", "scipy.optimize", "scipy.sparse", "scipy.stats", "sympy",
                   "flint", "numba")

    heavy = {}
    for mod in PRELOAD:  # what a verify worker finds loaded (imported by the parent before forking)
        _, w, c = _timed(lambda m=mod: __import__(m))
        heavy[mod] = (w, c)
    print(f"# start-up: import critcheck.claims {w_imp:.2f} s wall / {c_imp:.2f} s CPU; "
          f"catalogue ({len(claims)} claims) {w_cat:.2f} / {c_cat:.2f}; "
          + "; ".join(f"{m} {w:.2f} / {c:.2f}" for m, (w, c) in heavy.items()))
    ctx = Context(quick=args.quick, budget=300.0)

    if args.profile:
        import cProfile
        import pstats

        (c,) = [c for c in claims if c.id == args.profile] or select([args.profile])
        prof = cProfile.Profile()
        with blas_threads(1):
            prof.enable()
            r = run_claim(c, ctx)
            prof.disable()
        print(f"# {c.id}: {r.verdict.value} (expected {r.expected.value}), {r.seconds:.2f} s")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
        return 0

    rows = []
    t_all, c_all = time.perf_counter(), _cpu()
    with blas_threads(1):
        for c in claims:
            r, w, cpu = _timed(lambda c=c: run_claim(c, ctx))
            kern = sum(float(j.get("seconds", 0.0)) for j in r.evidence.get("kernel", []) or [])
            rows.append((c.id, w, cpu, kern, r.verdict.value, r.ok))
    t_all, c_all = time.perf_counter() - t_all, _cpu() - c_all
    if args.sort == "cpu":
        rows.sort(key=lambda x: -x[2])
    print("| claim | wall s | CPU s | kernel s | verdict | as expected |")
    print("|---|---|---|---|---|---|")
    for cid, w, cpu, kern, v, ok in rows:
        print(f"| `{cid}` | {w:.2f} | {cpu:.2f} | {kern:.2f} | {v} | {'yes' if ok else 'NO'} |")
    if args.write_costs:
        from critcheck.claims.schedule import load_costs, write_costs

        costs = load_costs()
        costs.update({cid: cpu for cid, _, cpu, *_ in rows})
        la = os.getloadavg()[0]
        path = write_costs(costs, f"CPU seconds per claim, one process, serial: "
                                  f"python benchmarks/profile_claims.py --write-costs "
                                  f"(last run {time.strftime('%Y-%m-%d')}, load {la:.1f}, {len(rows)} claims)")
        print(f"# wrote {path}")
    kern_all = sum(x[3] for x in rows)
    print(f"\n# {len(rows)} claims: {t_all:.1f} s wall, {c_all:.1f} s CPU, of which kernel "
          f"{kern_all:.1f} s; load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(x[5] for x in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

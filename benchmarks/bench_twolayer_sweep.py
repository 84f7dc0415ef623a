"""Wall time of the two-layer ReLU sweep (k = 6..20, n in {k, k+1}, 1000 runs each).

The full sweep is 300 tasks of 100 runs. This script times one 100-run task
per (k, n) for a few k (serial, one process), fits log(seconds) linearly in k
per width, and extrapolates the full sweep's CPU time and its wall time on a
two-worker LocalCluster (CPU time / 2). The output says which numbers are
measured and which are extrapolated.

    python benchmarks/bench_twolayer_sweep.py --k 6 10 14 20 --runs 100
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from critcheck.twolayer.sweep import SweepTask, run_task


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, nargs="+", default=[6, 10, 14, 20])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    for k in args.k:
        for n in (k, k + 1):
            t0 = time.perf_counter()
            r = run_task(SweepTask(k, n, 0, args.runs))
            sec = time.perf_counter() - t0
            rows.append({"k": k, "n": n, "runs": args.runs, "seconds": sec, "spurious": r["spurious"],
                         "decided": r["decided"], "iterations_max": r["iterations_max"]})
            print(f"measured k={k:>2} n={n:>2}: {args.runs} runs in {sec:7.1f} s "
                  f"(spurious {r['spurious']}, decided {r['decided']}, max iter {r['iterations_max']})",
                  flush=True)
    total = 0.0
    for off in (0, 1):
        pts = [(r["k"], r["seconds"] * 100 / r["runs"]) for r in rows if r["n"] == r["k"] + off]
        ks, s = np.array([p[0] for p in pts]), np.log([p[1] for p in pts])
        a, b = np.polyfit(ks, s, 1)
        est = sum(10 * np.exp(a * k + b) for k in range(6, 21))
        total += est
        print(f"extrapolated CPU time, n = k+{off}, k = 6..20, 1000 runs each: {est:8.0f} s")
    print(f"extrapolated full sweep: CPU {total:.0f} s; wall on a 2-worker LocalCluster ~{total / 2:.0f} s "
          f"({total / 7200:.1f} h)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"measured": rows, "extrapolated_cpu_seconds": total}, fh, indent=1)


if __name__ == "__main__":
    main()

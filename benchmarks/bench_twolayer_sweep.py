"""Wall time of the two-layer ReLU sweep (Safran & Shamir, ICML 2018; k = 6..20, n in {k, k+1}).

Three modes, all on the seeded tasks of :mod:`critcheck.twolayer.sweep`
(seed (base, k, n, chunk): every engine descends from the same points):

``full``        run the sweep cell by cell, each (k, n) as one descent batch of
                its chunks (:func:`~critcheck.twolayer.sweep.run_cell`), with the
                engine given by ``--backend``; print per cell the wall time and
                the spurious count with its 95 % Clopper-Pearson interval beside
                the derived table of the anchor note, then the total wall time;
                the JSON record is rewritten after every cell (a killed run keeps
                what it finished). The full sweep:

                    python benchmarks/bench_twolayer_sweep.py full --backend cupy --json full.json

``compare``     per cell, the NumPy array loop and the compiled (numba) engine
                on the same tasks: wall times and whether labels and final points
                agree.

                    python benchmarks/bench_twolayer_sweep.py compare --k 6 10 14 --runs 100

``extrapolate`` one ``--runs`` task per (k, n) for a few k, log(seconds) fitted
                linearly in k per width, the full sweep's single-process time
                extrapolated (the output says what is measured and what is not).

                    python benchmarks/bench_twolayer_sweep.py extrapolate --k 6 10 14 20 --backend numba
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

from critcheck.twolayer.rates import NO_FILE, clopper_pearson, reference_share
from critcheck.twolayer.sweep import (SweepTask, aggregate, group_by_cell, make_tasks, run_cell,
                                      run_task)


def _machine(backend: str) -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": os.cpu_count(), "backend": backend}
    try:
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    if backend == "numba":
        import numba

        info["numba_threads"] = numba.get_num_threads()
    if backend == "cupy":
        import cupy

        dev = cupy.cuda.Device()
        info["gpu"] = cupy.cuda.runtime.getDeviceProperties(dev.id)["name"].decode()
        info["cupy"] = cupy.__version__
    return info


def _cell_line(a: dict, sec: float) -> str:
    k, n, x, N = a["k"], a["n"], a["spurious"], a["runs"]
    lo, hi = clopper_pearson(x, N)
    ref = reference_share(k, n)
    if ref is None:
        tab = "no file" + (" (0/1000 likely)" if (k, n) in NO_FILE else "")
        verdict = ""
    else:
        rlo, rhi = clopper_pearson(int(round(ref * 1000)), 1000)
        tab = f"{100 * ref:5.1f}% ({100 * rlo:4.1f}-{100 * rhi:4.1f})"
        verdict = "  in" if lo <= ref <= hi else "  OUT"
    und = N - a["decided"]
    return (f"k={k:>2} n={n:>2}  {sec:8.1f} s  spurious {x:>4}/{N:<4} {100 * x / N:5.1f}% "
            f"({100 * lo:4.1f}-{100 * hi:4.1f})  fam {a['families']:>3}  table {tab}{verdict}"
            f"  undecided {und}  max iter {a['iterations_max']}")


def full(args) -> None:
    ks = list(range(args.k[0], args.k[-1] + 1)) if len(args.k) == 2 and args.range else args.k
    tasks = make_tasks(ks, runs=args.runs, chunk=args.chunk, base=args.seed, max_iter=args.max_iter,
                       engine=args.backend)
    record = {"mode": "full", "machine": _machine(args.backend), "runs_per_cell": args.runs,
              "chunk": args.chunk, "seed_base": args.seed, "max_iter": args.max_iter,
              "command": "python benchmarks/bench_twolayer_sweep.py " + " ".join(args.argv), "cells": []}
    print(f"machine: {record['machine']}", flush=True)
    record["compile_seconds"] = _warm_up(args.backend)
    t_all = time.perf_counter()
    for cell in group_by_cell(tasks):
        t0 = time.perf_counter()
        results = run_cell(cell)
        sec = time.perf_counter() - t0
        (a,) = aggregate(results).values()
        a["iterations_max"] = max(r["iterations_max"] for r in results)
        a["restarts"] = sum(r["restarts"] for r in results)
        a["wall_seconds"] = sec
        a["representatives"] = [r.tolist() for r in a.pop("representatives")]
        print(_cell_line(a, sec), flush=True)
        record["cells"].append(a)
        record["total_wall_seconds"] = time.perf_counter() - t_all
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(record, fh)
    total = time.perf_counter() - t_all
    record["total_wall_seconds"] = total
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(record, fh)
    print(f"total wall {total:.1f} s for {len(record['cells'])} cells x {args.runs} runs "
          f"(backend {args.backend})", flush=True)


def _warm_up(engine: str) -> float:
    """Compile (or load from numba's cache) the compiled engine before anything is timed."""
    if engine != "numba":
        return 0.0
    from critcheck.twolayer.descent import initial_points, run_descent

    t0 = time.perf_counter()
    run_descent(initial_points(2, 3, 3, 0), np.eye(3), max_iter=10, engine="numba")
    sec = time.perf_counter() - t0
    print(f"numba engine compiled or loaded from its cache in {sec:.1f} s (not counted below)", flush=True)
    return sec


def compare(args) -> None:
    _warm_up("numba")
    rows = []
    for k in args.k:
        for n in (k, k + 1):
            tasks = make_tasks([k], widths=(n,), runs=args.runs, chunk=args.runs, base=args.seed,
                               max_iter=args.max_iter)
            t = tasks[0]
            t0 = time.perf_counter()
            a = run_task(t)
            sa = time.perf_counter() - t0
            b_task = SweepTask(t.k, t.n, t.chunk, t.runs, t.base, t.max_iter, t.global_below, "numba")
            t0 = time.perf_counter()
            b = run_task(b_task)
            sb = time.perf_counter() - t0
            same = (a["spurious"], a["converged"], a["decided"]) == (b["spurious"], b["converged"], b["decided"])
            dW = (float(np.abs(np.array(a["spurious_W"]) - np.array(b["spurious_W"])).max())
                  if same and a["spurious"] else 0.0)
            rows.append({"k": k, "n": n, "runs": args.runs, "numpy_seconds": sa, "numba_seconds": sb,
                         "spurious": [a["spurious"], b["spurious"]], "labels_equal": same,
                         "max_abs_diff_spurious_W": dW,
                         "iterations_max": [a["iterations_max"], b["iterations_max"]]})
            print(f"k={k:>2} n={n:>2} {args.runs} runs: numpy {sa:7.1f} s, numba {sb:7.1f} s "
                  f"(x{sa / max(sb, 1e-9):5.1f}); spurious {a['spurious']} / {b['spurious']}, "
                  f"labels {'equal' if same else 'DIFFER'}, |dW| {dW:.1e}, max iter {a['iterations_max']}",
                  flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"mode": "compare", "machine": _machine("numba"), "rows": rows}, fh, indent=1)


def extrapolate(args) -> None:
    _warm_up(args.backend)
    rows = []
    for k in args.k:
        for n in (k, k + 1):
            t0 = time.perf_counter()
            r = run_task(SweepTask(k, n, 0, args.runs, engine=args.backend))
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
        print(f"extrapolated time, n = k+{off}, k = 6..20, 1000 runs each: {est:8.0f} s")
    print(f"extrapolated full sweep ({args.backend}): {total:.0f} s in one process ({total / 3600:.2f} h)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"mode": "extrapolate", "machine": _machine(args.backend), "measured": rows,
                       "extrapolated_seconds": total}, fh, indent=1)


def main(argv=None):
    import sys

    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    f = sub.add_parser("full", help="the whole sweep, cell by cell, with one engine")
    f.add_argument("--backend", choices=["numpy", "numba", "cupy"], default="numba")
    f.add_argument("--k", type=int, nargs="+", default=[6, 20],
                   help="first and last k (a range, default 6 20), or a list with --list")
    f.add_argument("--list", dest="range", action="store_false", help="--k is a list of k, not a range")
    f.add_argument("--runs", type=int, default=1000)
    f.add_argument("--chunk", type=int, default=100, help="runs per seeded task (seeds as the CLI's)")
    f.add_argument("--seed", type=int, default=10954)
    f.add_argument("--max-iter", type=int, default=200_000)
    f.add_argument("--json", default=None)
    c = sub.add_parser("compare", help="numpy array loop against the compiled engine, per cell")
    c.add_argument("--k", type=int, nargs="+", default=[6, 10, 14])
    c.add_argument("--runs", type=int, default=100)
    c.add_argument("--seed", type=int, default=10954)
    c.add_argument("--max-iter", type=int, default=200_000)
    c.add_argument("--json", default=None)
    e = sub.add_parser("extrapolate", help="a few cells measured, the full sweep extrapolated")
    e.add_argument("--k", type=int, nargs="+", default=[6, 10, 14, 20])
    e.add_argument("--runs", type=int, default=100)
    e.add_argument("--backend", choices=["numpy", "numba", "cupy"], default="numpy")
    e.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    args.argv = argv
    {"full": full, "compare": compare, "extrapolate": extrapolate}[args.mode](args)


if __name__ == "__main__":
    main()

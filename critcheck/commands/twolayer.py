"""``critcheck twolayer``: the two-layer ReLU teacher-student experiments (Safran & Shamir 2018).

``critcheck twolayer sweep [--k 6-20] [--runs 1000] [--scheduler ADDRESS|serial]
[--workers 2] [--backend numpy|numba|cupy] [--batch chunk|cell] [--json FILE]
[--plot FILE.png]`` runs the gradient-descent protocol for n = k and n = k+1
on dask.distributed (a local cluster unless a scheduler address is given),
prints per (k, n) the spurious share with its Clopper-Pearson interval beside
the derived table, and writes the records.

``critcheck twolayer certify [--k 6-20] [--from-sweep FILE] [--search]
[--certificates DIR] [--json FILE]`` certifies spurious points with the
trusted kernel (one per family with ``--from-sweep``, else the shipped point
per k) and prints per k: families, certified, radius, lambda lower bound,
F enclosure. ``--certificates DIR`` writes files that ``critcheck check``
re-checks.

``critcheck twolayer table [--sweep FILE] [--plot FILE.png]`` prints the
derived reference table (and ours beside it from a sweep file).
"""

from __future__ import annotations

import json
import sys

NAME = "twolayer"
HELP = "two-layer ReLU teacher-student: sweeps on Dask, interval certificates, rate table"


def _krange(text: str) -> list[int]:
    from ..errors import InvalidArgument

    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        try:
            lo, hi = int(a), int(b or a)
        except ValueError:
            raise InvalidArgument(f"--k={text!r}: use e.g. 6-20 or 6,8,10") from None
        out.extend(range(lo, hi + 1))
    if not out or min(out) < 1:
        raise InvalidArgument(f"--k={text!r} must name positive integers")
    return out


def add_arguments(p):
    sub = p.add_subparsers(dest="twolayer_command", metavar="WHAT")
    s = sub.add_parser("sweep", help="the GD protocol for n = k, k+1 on dask.distributed",
                       description="Run Safran & Shamir's gradient-descent protocol (V = I_k, d = k) for "
                                   "every k and width, as seeded tasks on dask.distributed; print each "
                                   "(k, n) share with its Clopper-Pearson interval beside the derived table.")
    s.add_argument("--k", default="6-20", help="teacher sizes, e.g. 6-20 or 6,8 (default 6-20)")
    s.add_argument("--widths", nargs="+", default=["k", "k+1"], help="student widths (default k k+1)")
    s.add_argument("--runs", type=int, default=1000, help="runs per (k, n) (default 1000)")
    s.add_argument("--chunk", type=int, default=100, help="runs per task (default 100)")
    s.add_argument("--seed", type=int, default=10954, help="seed base (default 10954)")
    s.add_argument("--max-iter", type=int, default=200_000, help="step cap per run (default 200000)")
    s.add_argument("--scheduler", default=None,
                   help="Dask scheduler address, or 'serial' (default: a LocalCluster)")
    s.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    s.add_argument("--backend", default="numba", choices=["numpy", "numba", "cupy"],
                   help="descent engine: numba (one compiled loop per run, threads over runs; default), "
                        "numpy (the batched array loop), cupy (the array loop on a GPU); same protocol "
                        "and labels, see docs/twolayer.md for measured speeds")
    s.add_argument("--batch", default="chunk", choices=["chunk", "cell"],
                   help="one task per --chunk runs (default), or per (k, n): the cell's chunks, "
                        "same seeds, advanced as one batch (for --backend cupy/numba)")
    s.add_argument("--json", metavar="FILE", help="write the per-(k, n) records (with family representatives)")
    s.add_argument("--plot", metavar="FILE", help="rate against k with intervals (PNG/PDF)")
    c = sub.add_parser("certify", help="kernel-checked interval certificates of spurious minima",
                       description="Certify spurious local minima (n = k, V = I_k) with the trusted kernel: "
                                   "the shipped point per k, or every family representative of a sweep; "
                                   "print families, certified, radius, lambda lower bound, F enclosure.")
    c.add_argument("--k", default="6-20", help="teacher sizes, e.g. 6-20 or 6,8 (default 6-20)")
    c.add_argument("--from-sweep", metavar="FILE", help="certify every family representative in a sweep JSON")
    c.add_argument("--search", action="store_true",
                   help="find new points by seeded descent and update the shipped data file")
    c.add_argument("--certificates", metavar="DIR", help="write certificate files for `critcheck check`")
    c.add_argument("--json", metavar="FILE", help="write one record per certified point")
    t = sub.add_parser("table", help="the derived reference table (and a sweep beside it)",
                       description="Print the spurious-run shares derived from the authors' released "
                                   "result files (not the paper's printed Table 1), with intervals, and "
                                   "ours beside them from a sweep JSON.")
    t.add_argument("--sweep", metavar="FILE", help="a sweep JSON to compare")
    t.add_argument("--plot", metavar="FILE", help="rate against k with intervals (needs --sweep)")


def _fmt_cell(a, ref):
    from ..twolayer.rates import clopper_pearson

    lo, hi = clopper_pearson(a["spurious"], a["runs"])
    refs = "   -  " if ref is None else f"{100 * ref:5.1f}%"
    minf = f"{a['min_F']:.5f}" if a.get("min_F") is not None else "   -   "
    inside = "" if ref is None else ("  in" if lo <= ref <= hi else "  OUT")
    return (f"{a['k']:>3} {a['n']:>3} {a['spurious']:>5}/{a['runs']:<5} {100 * a['spurious'] / a['runs']:5.1f}% "
            f"({100 * lo:4.1f}-{100 * hi:4.1f})  fam {a.get('families', '-'):>3}  min F {minf}  "
            f"table {refs}{inside}  undecided {a['runs'] - a.get('decided', a['runs'])}")


def _sweep(args) -> int:
    import time

    from ..distributed import map_tasks
    from ..twolayer.rates import reference_share
    from ..twolayer.sweep import aggregate, group_by_cell, make_tasks, run_cell, run_task

    tasks = make_tasks(_krange(args.k), widths=args.widths, runs=args.runs, chunk=args.chunk,
                       base=args.seed, max_iter=args.max_iter, engine=args.backend)
    if args.backend == "cupy":
        from ..numeric.backend import get_backend

        get_backend("cupy")            # fail here, in one line, when no GPU is usable
    t0 = time.perf_counter()
    if args.batch == "cell":
        per_cell = map_tasks(run_cell, group_by_cell(tasks), scheduler=args.scheduler, workers=args.workers,
                              progress=True)
        results = [r for c in per_cell for r in c]
    else:
        results = map_tasks(run_task, tasks, scheduler=args.scheduler, workers=args.workers, progress=True)
    wall = time.perf_counter() - t0
    agg = aggregate(results)
    print("  k   n  spurious/runs   share (95% CP)   families  min F   derived table")
    cells = []
    for key in sorted(agg):
        a = agg[key]
        print(_fmt_cell(a, reference_share(*key)))
        reps = a.pop("representatives")
        a["representatives"] = [r.tolist() for r in reps]
        cells.append(a)
    print(f"wall time {wall:.1f} s for {len(tasks)} tasks ({sum(t.runs for t in tasks)} runs)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"wall_seconds": wall, "tasks": len(tasks), "scheduler": args.scheduler or "LocalCluster",
                       "workers": args.workers, "backend": args.backend, "batch": args.batch,
                       "cells": cells}, fh)
    if args.plot:
        from ..twolayer.figures import rate_figure

        print(f"figure: {rate_figure(cells, args.plot)}")
    return 0


def _certify(args) -> int:
    from pathlib import Path

    import numpy as np

    from ..kernel import certificate_record
    from ..twolayer.certify import certify_point
    from ..twolayer.points import find_spurious, load_points, save_points

    ks = _krange(args.k)
    todo: dict[int, list] = {}
    fams: dict[int, int] = {}
    if args.from_sweep:
        with open(args.from_sweep) as fh:
            cells = json.load(fh)["cells"]
        for a in cells:
            if a["k"] in ks and a["n"] == a["k"]:
                todo[a["k"]] = [np.array(r) for r in a["representatives"]]
                fams[a["k"]] = a["families"]
    else:
        pts = load_points()
        if args.search:
            for k in ks:
                print(f"k={k}: searching ...", file=sys.stderr, flush=True)
                r = find_spurious(k, chunk=200 if k <= 7 else 50)
                if r is not None:
                    pts[k] = r
            save_points(pts)
        todo = {k: [np.array(pts[k]["W"])] for k in ks if k in pts}
        fams = {k: 1 for k in todo}
    out, bad = [], 0
    print("  k  families  certified  radius        lambda lower                 F enclosure")
    for k in sorted(todo):
        reps = [certify_point(W) for W in todo[k]]
        ok = [r for r in reps if r.accepted]
        bad += not ok
        best = ok[0] if ok else reps[0]
        print(f"{k:>3}  {fams[k]:>8}  {len(ok):>9}  {best.radius or '-':<12}  {best.lambda_lower or '-':<27}  "
              f"{best.F_enclosure or best.reason}")
        for i, r in enumerate(reps):
            out.append(r.to_record() | {"family": i})
            if args.certificates and r.accepted:
                d = Path(args.certificates)
                d.mkdir(parents=True, exist_ok=True)
                rec = certificate_record("twolayer.spurious_minima", "PROVED", r.statement, r.certificate)
                (d / f"twolayer_k{k}_n{r.n}_fam{i}.json").write_text(json.dumps(rec))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1, default=str)
    return 1 if bad else 0


def _table(args) -> int:
    from ..twolayer.rates import DERIVED_TABLE, NO_FILE, clopper_pearson

    print("derived table (runs out of 1000 with F >= 1e-3; from the released result files, "
          "NOT the paper's printed Table 1)")
    print("  k   n  share (95% CP)        families")
    for (k, n), (x, f) in sorted(DERIVED_TABLE.items(), key=lambda t: (t[0][1] - t[0][0], t[0][0])):
        lo, hi = clopper_pearson(x, 1000)
        print(f"{k:>3} {n:>3}  {x / 10:5.1f}% ({100 * lo:4.1f}-{100 * hi:4.1f})  {f:>4}")
    print("no released file (most likely 0/1000, upper bound 0.37%): "
          + ", ".join(f"({k},{n})" for k, n in sorted(NO_FILE)))
    if args.sweep:
        from ..twolayer.rates import reference_share

        with open(args.sweep) as fh:
            cells = json.load(fh)["cells"]
        print("\nours:")
        for a in sorted(cells, key=lambda a: (a["n"] - a["k"], a["k"])):
            print(_fmt_cell(a, reference_share(a["k"], a["n"])))
        if args.plot:
            from ..twolayer.figures import rate_figure

            print(f"figure: {rate_figure(cells, args.plot)}")
    return 0


def run(args) -> int:
    what = getattr(args, "twolayer_command", None)
    if what == "sweep":
        return _sweep(args)
    if what == "certify":
        return _certify(args)
    if what == "table":
        return _table(args)
    print("critcheck twolayer: choose sweep, certify or table (see --help)", file=sys.stderr)
    return 2

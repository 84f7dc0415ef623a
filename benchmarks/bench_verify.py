"""The main job: ``critcheck verify`` over the whole catalogue, several ways, side by side.

Each configuration runs ``python -m critcheck.cli verify -q`` in a fresh
process; configurations alternate (round robin, ``--repeat`` rounds) so that
the machine's load affects them alike, and the 1-minute load average is
recorded before every run (the development machine's 2 cores are shared),
with the CPU time (user + sys) of the run and all its processes: on a loaded
machine the wall-clock time says more about the other jobs than about ours.

* ``serial, library threads``: ``--jobs 1 --threads 0`` (OpenBLAS picks its
  thread count, as before this benchmark's issue);
* ``serial, 1 BLAS thread``: ``--jobs 1``;
* ``parallel``: the default (``--jobs`` = cores, one BLAS thread per claim).

With ``--old DIR`` (a checkout of an earlier commit) also that version's
``verify`` with library threads, for before/after figures.

After the runs it prints, from the ``--json`` records of the first run of the
first configuration, the per-claim table (seconds each claim took in its
worker, longest first) and the load averages (1, 5, 15 min) before and after:
one run gives every figure ``benchmarks/RESULTS.md`` records for the main job.

Command: ``python benchmarks/bench_verify.py [--claims relu.table_IV] [--repeat 1]
[--configs parallel,serial-1]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd_args, pythonpath, env_extra=None, json_path=None):
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    env.pop("OPENBLAS_NUM_THREADS", None)
    env.pop("OMP_NUM_THREADS", None)
    env.update(env_extra or {})
    load = os.getloadavg()[0]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    extra = ["--json", str(json_path)] if json_path else []
    p = subprocess.run([sys.executable, "-m", "critcheck.cli", "verify", *cmd_args, *extra],
                       capture_output=True, text=True, env=env, cwd=str(pythonpath))
    dt = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr.strip()[-200:]
    return dt, cpu, load, p.returncode, last


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", nargs="*", default=[], help="claim ids (default: the whole catalogue)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--old", default=None, help="an earlier checkout to compare with (library threads)")
    ap.add_argument("--configs", default="parallel,serial-1,serial-lib",
                    help="comma-separated: parallel, serial-1, serial-lib (the first one's "
                         "per-claim table is printed)")
    args = ap.parse_args(argv)
    configs = {
        "serial, library threads": (["-q", "--jobs", "1", "--threads", "0"], ROOT),
        "serial, 1 BLAS thread": (["-q", "--jobs", "1"], ROOT),
        "parallel (default)": (["-q"], ROOT),
    }
    keep = {"serial-lib": "serial, library threads", "serial-1": "serial, 1 BLAS thread",
            "parallel": "parallel (default)"}
    configs = {keep[k]: configs[keep[k]] for k in args.configs.split(",")}
    if args.old:
        configs["earlier commit, library threads"] = ([], Path(args.old).resolve())
    times = {k: [] for k in configs}
    import json
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench_verify_"))
    first = next(iter(configs))
    load0 = os.getloadavg()
    print(f"# cores: {os.cpu_count()}; claims: {' '.join(args.claims) or 'whole catalogue'}; "
          f"load average (1, 5, 15 min) before: {' '.join(f'{x:.2f}' for x in load0)}")
    print("| configuration | round | wall s | CPU s (user+sys, all processes) | load avg (1 min) before "
          "| exit | last line |")
    print("|---|---|---|---|---|---|---|")
    for rnd in range(args.repeat):
        for name, (extra, path) in configs.items():
            jp = tmp / "first.json" if (rnd == 0 and name == first) else None
            dt, cpu, load, rc, last = run([*extra, *args.claims], path, json_path=jp)
            times[name].append(dt)
            print(f"| {name} | {rnd + 1} | {dt:.1f} | {cpu:.1f} | {load:.1f} | {rc} | {last} |", flush=True)
    print()
    for name, ts in times.items():
        print(f"{name}: median {statistics.median(ts):.1f} s over {len(ts)}")
    print(f"load average (1, 5, 15 min) after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    jp = tmp / "first.json"
    if jp.is_file():
        recs = sorted(json.loads(jp.read_text()), key=lambda r: -r["seconds"])
        print(f"\nper claim, {first}, round 1 (seconds in its worker, longest first; "
              f"sum {sum(r['seconds'] for r in recs):.1f} s):")
        print("| claim | seconds | verdict | expected |")
        print("|---|---|---|---|")
        for r in recs:
            print(f"| `{r['id']}` | {r['seconds']:.2f} | {r['verdict']} | {r['expected']} |")


if __name__ == "__main__":
    main()

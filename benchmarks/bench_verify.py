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

Command: ``python benchmarks/bench_verify.py [--claims relu.table_IV] [--repeat 1]``
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


def run(cmd_args, pythonpath, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    env.pop("OPENBLAS_NUM_THREADS", None)
    env.pop("OMP_NUM_THREADS", None)
    env.update(env_extra or {})
    load = os.getloadavg()[0]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "critcheck.cli", "verify", *cmd_args],
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
    ap.add_argument("--configs", default="serial-lib,serial-1,parallel")
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
    print(f"# cores: {os.cpu_count()}; claims: {' '.join(args.claims) or 'whole catalogue'}")
    print("| configuration | round | wall s | CPU s (user+sys, all processes) | load avg (1 min) before "
          "| exit | last line |")
    print("|---|---|---|---|---|---|---|")
    for rnd in range(args.repeat):
        for name, (extra, path) in configs.items():
            dt, cpu, load, rc, last = run([*extra, *args.claims], path)
            times[name].append(dt)
            print(f"| {name} | {rnd + 1} | {dt:.1f} | {cpu:.1f} | {load:.1f} | {rc} | {last} |", flush=True)
    print()
    for name, ts in times.items():
        print(f"{name}: median {statistics.median(ts):.1f} s over {len(ts)}")


if __name__ == "__main__":
    main()

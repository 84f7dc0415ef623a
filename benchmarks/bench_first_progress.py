"""Seconds from starting a command to its first line on stderr (progress) and to its end.

A new user should see progress within 2 s of starting any command that runs
longer than 3 s. For ``verify`` and ``report`` the table also gives the time
to the first bar of a claim's inner loop (``[##...] k/n``: a claim reporting
``Context.progress``). Each command runs in a fresh interpreter (``python -m
critcheck.cli``), as a user would start it, with stderr on a pseudo-terminal
(as in a terminal window: start-up messages such as "loading SymPy ..." show
only there); the figure includes Python start-up and imports.

    python benchmarks/bench_first_progress.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

COMMANDS = [
    ["verify", "relu.table_I", "twolayer.two_units", "--jobs", "2"],
    ["report", "relu.table_I", "-o", "{tmp}/report_t1", "--no-pdf"],
    ["report", "sd.appendix_a", "toy.vw", "-o", "{tmp}/report", "--no-pdf"],
    ["latex", "sd.appendix_a", "-o", "{tmp}/a.tex"],
    ["critical", "L*(1+(a*exp(b)-1)^2)+lambda*a^2", "--vars", "a,b", "--params", "L,lambda",
     "--assume", "lambda>0", "--assume", "L>=0"],
    ["landscape", "(x^2-1)^2 + x/2 + y^2", "--vars", "x,y", "--box", "-2:2,-2:2", "--samples", "1000000"],
    ["relu", "table", "--d", "2", "--K", "10", "--N", "100", "--trials", "20"],
    ["relu", "figure", "3c", "-o", "{tmp}"],
    ["relu", "diameters", "--draws", "200"],
]


BAR = re.compile(rb"\[[#.]+\] \d+/\d+")


def first_line(cmd, tmp):
    """(seconds to the first byte on stderr, seconds in all, exit status, first text,
    seconds to the first claim bar or nan)."""
    import pty
    import select

    argv = [sys.executable, "-m", "critcheck.cli"] + [a.format(tmp=tmp) for a in cmd]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    master, slave = pty.openpty()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    t_first, first, t_bar, seen = float("nan"), b"", float("nan"), b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            if not first:
                t_first, first = time.perf_counter() - t0, chunk
            if t_bar != t_bar:
                seen = seen[-200:] + chunk
                if BAR.search(seen):
                    t_bar = time.perf_counter() - t0
        elif p.poll() is not None:
            break
    rc = p.wait()
    os.close(master)
    return (t_first, time.perf_counter() - t0, rc, first.decode(errors="replace").strip(), t_bar)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--only", nargs="*", metavar="COMMAND",
                    help="run only these subcommands (e.g. --only verify report)")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'command':<58} {'first line s':>12} {'first bar s':>11} {'total s':>8}  first line")
    with tempfile.TemporaryDirectory() as tmp:
        for cmd in COMMANDS:
            if args.only and cmd[0] not in args.only:
                continue
            runs = [first_line(cmd, tmp) for _ in range(args.repeat)]
            first = min(r[0] for r in runs)
            total = min(r[1] for r in runs)
            bar = min(r[4] for r in runs)
            name = " ".join(cmd[:4])[:58]
            print(f"{name:<58} {first:12.2f} {bar:11.2f} {total:8.2f}  {runs[0][3][:50]}  "
                  f"(rc {runs[0][2]})")


if __name__ == "__main__":
    main()

"""Does ``critcheck critical --budget S`` end within S seconds (issue 10, item 5)?

For each loss and budget, the whole command runs as a fresh process
(``python -m critcheck.cli critical ... --budget S``): its wall time,
interpreter start-up and imports included, its exit code and its last line.
For comparison, the in-process bound alone (:func:`critcheck.budget.time_budget`,
``SIGALRM``: what the command used before it ran its work in a killable
worker process) on the same loss and budget.

The losses are the issue's slow cases, made fast since by the engine route,
at budgets below what they need, plus one where SymPy's case analysis is
the slow part:

* double well ``sum (x_i^2 - 1)^2 + (sum_{i<j} x_i x_j)/5``, n = 5 (243 points;
  about 17 s of work on 2 loaded cores);
* chain ``(w1...w6 - 1)^2 + (sum wi^2)/10`` (321 complex points, Singular basis);
* a rational loss whose gradient is not polynomial (case analysis only).

Run::

    python benchmarks/bench_budget.py [--budgets 1,5,10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

CASES = [
    ("double well n=5",
     "+".join(f"(x{i}**2-1)**2" for i in range(1, 6)) + "+("
     + "+".join(f"x{i}*x{j}" for i in range(1, 6) for j in range(i + 1, 6)) + ")/5",
     "x1,x2,x3,x4,x5"),
    ("chain H=6", "(w1*w2*w3*w4*w5*w6-1)**2+(w1**2+w2**2+w3**2+w4**2+w5**2+w6**2)/10",
     "w1,w2,w3,w4,w5,w6"),
    ("rational, 3 vars", "(x*y*z-1)**2/(1+x**2+y**2+z**2) + (x-y)**2*(y-z)**2", "x,y,z"),
]


def command(expr, names, budget):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "critcheck.cli", "critical", expr, "--vars", names,
                        "--budget", str(budget)], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    last = (p.stdout.strip().splitlines() or ["(no output)"])[-1]
    return wall, p.returncode, last


def in_process(expr, names, budget):
    """The previous bound: SIGALRM in this process (does not stop a long C call)."""
    code = (
        "import time, sys\n"
        "t0 = time.perf_counter()\n"
        "from critcheck.budget import time_budget\n"
        "from critcheck.errors import BudgetExceeded\n"
        "from critcheck.symbolic.critical import critical_points\n"
        "from critcheck.commands.critical import _classify\n"
        "try:\n"
        f"    with time_budget({budget}, 'critical'):\n"
        f"        cs = critical_points({expr!r}, {names!r}, budget={0.8 * budget})\n"
        "        dict(_classify(cs))\n"
        "except BudgetExceeded:\n"
        "    pass\n")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budgets", default="1,5,10", help="comma-separated seconds")
    ap.add_argument("--no-baseline", action="store_true", help="skip the in-process runs")
    args = ap.parse_args(argv)
    budgets = [float(b) for b in args.budgets.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'loss':<18} {'budget s':>8} {'command wall s':>15} {'exit':>4} "
          f"{'in-process wall s':>18}  last line")
    for name, expr, names in CASES:
        for b in budgets:
            wall, rc, last = command(expr, names, b)
            base = "-" if args.no_baseline else f"{in_process(expr, names, b):.1f}"
            print(f"{name:<18} {b:>8g} {wall:>15.1f} {rc:>4} {base:>18}  {last[:70]}",
                  flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

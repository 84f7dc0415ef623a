"""Seed 004 Tables I-IV at the paper's 100 draws per bias: seconds per table.

The per-trial primitives of :mod:`critcheck.relu` (in-cell minimum, the
paper's genuineness test, gradient descent of eqs. (23)-(24)) as
``proofs/relu_tables.py`` calls them, with ``--trials`` draws per bias
(paper: 100). Prints one line per table: seconds, and the descent / genuineness
decisions per bias, so a faster primitive that decides differently shows.

Command: ``python benchmarks/bench_relu_tables.py --trials 100``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from critcheck.relu.experiments import PAPER_TABLES, gaussian_data, run_table  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--tables", default="I,II,III,IV")
    ap.add_argument("--max-iter", type=int, default=500, help="descent steps (proofs/relu_tables.py: 500)")
    args = ap.parse_args(argv)
    total = 0.0
    for table in args.tables.split(","):
        spec = PAPER_TABLES[table]
        if spec["dataset"] == "gaussian":
            X, y = gaussian_data(spec["d"], spec["N"], np.random.default_rng(0))
        else:
            from critcheck.relu.data import mnist_01

            X, y, _ = mnist_01()
        biases = sorted(spec["rows"], reverse=True)
        t0 = time.perf_counter()
        rows = run_table(X, y, spec["K"], biases, args.trials, seed=1, descent=True,
                         descent_opts={"max_iter": args.max_iter}, progress=False)
        dt = time.perf_counter() - t0
        total += dt
        cols = "  ".join(f"b={r.bias:g}: gen {r.genuineness_pct:.0f}% trap {r.trapped_pct:.0f}%" for r in rows)
        print(f"Table {table:<4} {args.trials} draws/bias  {dt:7.2f} s   {cols}", flush=True)
    print(f"total {total:.2f} s")


if __name__ == "__main__":
    main()

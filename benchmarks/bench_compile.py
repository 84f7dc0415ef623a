"""Throughput of compiled-loss evaluation on the CPU (NumPy backend), chunked.

Usage::

    python benchmarks/bench_compile.py [--n 10000000]
"""

import argparse
import sys
import time

import numpy as np
import sympy

sys.path.insert(0, ".")
from critcheck.numeric.compile import compile_loss  # noqa: E402
from critcheck.numeric.samplers import grid  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    args = ap.parse_args()
    a, b, v, w = sympy.symbols("a b v w", real=True)
    losses = {
        "(v*w-1)^2": ((v * w - 1) ** 2, [v, w]),
        "seed 000 eq.(1), L=1, lambda=1": (1 + (a * sympy.exp(b) - 1) ** 2 + a ** 2, [a, b]),
        "1-neuron net, 2 samples, softplus+z": (
            sum((1 - v * (w * x + sympy.log(1 + sympy.exp(w * x)))) ** 2 for x in (1, 2)) / 2, [w, v]),
    }
    per = int(np.sqrt(args.n))
    G = grid("-3:3,-3:3", per)
    pts = G.points()
    print(f"# {G.size:,} points (grid {per}x{per}), NumPy backend, float64")
    print("| loss | chunk | seconds | points/s | non-finite |")
    print("|---|---|---|---|---|")
    for name, (e, syms) in losses.items():
        F = compile_loss(e, syms)
        for chunk in (1 << 16, 1 << 20):
            t = time.perf_counter()
            ev = F(pts, chunk=chunk)
            dt = time.perf_counter() - t
            print(f"| {name} | {chunk} | {dt:.2f} | {G.size / dt:,.0f} | {ev.n_nonfinite} |", flush=True)


if __name__ == "__main__":
    main()

"""k-NN sublevel analysis: samples/second vs dimension and k (loss evaluations along edges dominate).

Loss: a sum of shifted double wells in d dimensions, sum_i (x_i^2 - 1)^2 + x_0/2.
Usage::

    python benchmarks/bench_knn.py [--samples 20000]
"""

import argparse
import sys
import time

import sympy

sys.path.insert(0, ".")
from critcheck.numeric.sublevel import analyze  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=20000)
    args = ap.parse_args()
    analyze(sympy.Symbol("x0", real=True) ** 2, [sympy.Symbol("x0", real=True)], "-1:1",
            samples=100, sampler="sobol", k=4)  # warm-up
    print(f"# Sobol samples = {args.samples}, 3 interior points per edge, seed 0")
    print("| d | k | edges (upper bound k*n) | seconds | samples/s | interior evaluations/s (upper bound) |")
    print("|---|---|---|---|---|---|")
    for d in (2, 4, 6, 8):
        xs = sympy.symbols(f"x0:{d}", real=True)
        f = sum((x ** 2 - 1) ** 2 for x in xs) + xs[0] / 2
        for k in (4, 8, 16):
            t = time.perf_counter()
            L = analyze(f, xs, ",".join(["-2:2"] * d), samples=args.samples, sampler="sobol",
                        k=k, seed=0)
            dt = time.perf_counter() - t
            m = L.tree  # noqa: F841
            n_edges = L.resolution.get("k", k) * args.samples  # upper bound before dedupe
            print(f"| {d} | {k} | <= {n_edges} | {dt:.2f} | {args.samples / dt:,.0f} | "
                  f"{3 * n_edges / dt:,.0f} |", flush=True)


if __name__ == "__main__":
    main()

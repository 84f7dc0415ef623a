"""Compiled-loss throughput and sublevel analysis on the GPU (CuPy), beside the CPU.

Skips cleanly (exit 0, one line) when CuPy or a CUDA device is not available.
Usage::

    python benchmarks/bench_gpu.py [--n 100000000]
"""

import argparse
import sys
import time

import sympy

sys.path.insert(0, ".")
from critcheck.numeric.backend import _cupy_usable  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000_000)
    ap.add_argument("--chunk", type=int, default=1 << 24)
    args = ap.parse_args()
    ok, why = _cupy_usable()
    if not ok:
        print(f"bench_gpu: skipped: {why}")
        return 0
    import cupy as cp

    from critcheck.numeric.compile import compile_loss

    a, b = sympy.symbols("a b", real=True)
    expr = 1 + (a * sympy.exp(b) - 1) ** 2 + a ** 2
    print(f"# device: {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}")
    print("| backend | points | seconds | points/s | non-finite |")
    print("|---|---|---|---|---|")
    for backend, n in (("numpy", min(args.n, 10_000_000)), ("cupy", args.n)):
        xp = cp if backend == "cupy" else __import__("numpy")
        F = compile_loss(expr, [a, b], backend=backend)
        F(xp.zeros((16, 2)))  # warm-up
        done, nonfinite, t = 0, 0, time.perf_counter()
        rng = xp.random.default_rng(0) if backend == "cupy" else __import__("numpy").random.default_rng(0)
        while done < n:  # stream blocks of points: 1e8 points never live at once
            m = min(args.chunk, n - done)
            pts = rng.random((m, 2)) * 6 - 3
            nonfinite += F(pts, chunk=m).n_nonfinite
            done += m
        if backend == "cupy":
            cp.cuda.Stream.null.synchronize()
        dt = time.perf_counter() - t
        print(f"| {backend} | {n:,} | {dt:.2f} | {n / dt:,.0f} | {nonfinite} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

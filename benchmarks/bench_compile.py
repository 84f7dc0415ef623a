"""Compiled losses against hand-written NumPy, same chunking, same accounting.

For each loss, :func:`critcheck.numeric.compile.compile_loss` (NumPy backend)
and a hand-written NumPy function evaluate the same points in the same
chunks; the hand-written loop does what a careful user would: one
``isfinite`` + ``count_nonzero`` per chunk, writing into a preallocated
output. Runs are interleaved (compiled, hand, compiled, ...) and the median
of ``--repeat`` is reported, with the ratio compiled / hand (target <= 1.2).

Usage::

    python benchmarks/bench_compile.py [--n 10000000] [--repeat 5]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from critcheck.numeric.compile import compile_loss  # noqa: E402
from critcheck.numeric.samplers import grid  # noqa: E402


def _vw(v, w):
    return (v * w - 1) ** 2


def _sd(a, b):
    return 1 + (a * np.exp(b) - 1) ** 2 + a ** 2


def _softplus_net(w, v):
    return ((1 - v * (w + np.log(1 + np.exp(w)))) ** 2
            + (1 - v * (2 * w + np.log(1 + np.exp(2 * w)))) ** 2) / 2


def hand_loop(f, pts, chunk):
    """The hand-written baseline: chunked, one isfinite + count_nonzero per chunk."""
    n = pts.shape[0]
    out = np.empty(n)
    bad = 0
    with np.errstate(all="ignore"):
        for i in range(0, n, chunk):
            j = min(n, i + chunk)
            v = f(pts[i:j, 0], pts[i:j, 1])
            fin = np.isfinite(v)
            k = (j - i) - int(np.count_nonzero(fin))
            if k:
                v = np.where(fin, v, np.inf)
                bad += k
            out[i:j] = v
    return out, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    a, b, v, w = sympy.symbols("a b v w", real=True)
    losses = {
        "(v*w-1)^2": ((v * w - 1) ** 2, [v, w], _vw),
        "seed 000 eq.(1), L=1, lambda=1": (1 + (a * sympy.exp(b) - 1) ** 2 + a ** 2, [a, b], _sd),
        "1-neuron net, 2 samples, softplus+z": (
            sum((1 - v * (w * x + sympy.log(1 + sympy.exp(w * x)))) ** 2 for x in (1, 2)) / 2, [w, v],
            _softplus_net),
    }
    per = int(np.sqrt(args.n))
    G = grid("-3:3,-3:3", per)
    pts = G.points()
    print(f"# {G.size:,} points (grid {per}x{per}), NumPy backend, float64, "
          f"median of {args.repeat} interleaved runs")
    print("| loss | chunk | compiled s | hand-written s | ratio | points/s (compiled) | non-finite |")
    print("|---|---|---|---|---|---|---|")
    for name, (e, syms, hand) in losses.items():
        F = compile_loss(e, syms)
        for chunk in (1 << 16, 1 << 20):
            tc, th = [], []
            for _ in range(args.repeat):
                t = time.perf_counter()
                ev = F(pts, chunk=chunk)
                tc.append(time.perf_counter() - t)
                t = time.perf_counter()
                ref, nbad = hand_loop(hand, pts, chunk)
                th.append(time.perf_counter() - t)
            np.testing.assert_allclose(ev.values, ref, rtol=1e-12)
            assert ev.n_nonfinite == nbad
            c, h = float(np.median(tc)), float(np.median(th))
            print(f"| {name} | {chunk} | {c:.3f} | {h:.3f} | {c / h:.2f} | {G.size / c:,.0f} "
                  f"| {ev.n_nonfinite} |", flush=True)


if __name__ == "__main__":
    main()

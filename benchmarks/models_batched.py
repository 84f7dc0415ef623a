"""Benchmarks for critcheck.models: batching over networks and over samples.

1. Training B networks: one batched array ``(B, P)`` vs a Python loop over
   the B networks (same arithmetic).
2. The NTK Jacobian G of seed 003 eq. (5): per-sample outer products in one
   pass vs a loop over samples (one back-propagation per sample).

Run:  PYTHONPATH=. python benchmarks/models_batched.py
Timings are wall-clock medians of ``--repeat`` runs; the machine is shared,
so treat them as rough.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from critcheck.models import MLP


def median_time(fn, repeat):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print(f"machine: {platform.processor() or platform.machine()}, numpy {np.__version__}, "
          f"python {platform.python_version()}")

    # 1. batched training
    X = rng.standard_normal((20, 2))
    Y = rng.standard_normal((20, 1))
    net = MLP((2, 16, 1), "tanh")
    F = net.objective(X, Y)
    B, steps = 32, 300
    th0 = net.init(0, batch=B)

    def batched():
        th = th0.copy()
        for _ in range(steps):
            th = th - 0.1 * F.grad(th)
        return th

    def looped():
        out = []
        for i in range(B):
            th = th0[i].copy()
            for _ in range(steps):
                th = th - 0.1 * F.grad(th)
            out.append(th)
        return np.stack(out)

    assert np.allclose(batched(), looped())
    tb, tl = median_time(batched, args.repeat), median_time(looped, args.repeat)
    print(f"GD, {B} nets MLP(2,16,1), n=20, {steps} steps: batched {tb:.3f} s, "
          f"loop over nets {tl:.3f} s, speed-up {tl / tb:.1f}x")

    # 2. NTK Jacobian
    n = 200
    X = rng.standard_normal((n, 5))
    net = MLP((5, 64, 64, 1), "tanh")
    th = net.init(1)

    def vectorised():
        return net.jacobian(th, X)

    def per_sample():
        cols = []
        for i in range(n):
            cols.append(net.backward(th, X[i:i + 1], np.ones((1, 1))))
        return np.stack(cols, axis=1)

    assert np.allclose(vectorised(), per_sample())
    tv, tp = median_time(vectorised, args.repeat), median_time(per_sample, args.repeat)
    print(f"NTK G for MLP(5,64,64,1), n={n}, P={net.n_params}: vectorised {tv:.4f} s, "
          f"loop over samples {tp:.4f} s, speed-up {tp / tv:.1f}x")


if __name__ == "__main__":
    main()

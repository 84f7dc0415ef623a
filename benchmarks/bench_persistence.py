"""0-dim sublevel persistence of an N x N grid: critcheck vs GUDHI, side by side, same pairs.

GUDHI's fastest route for 2-D top cells is the routine behind
``gudhi.sklearn.CubicalPersistence(0)`` (``_persistence_on_rectangle_from_top_cells``);
we call it directly (the sklearn wrapper needs scikit-learn). Top cells meet
through edges and corners, so we compare with our 8-neighbour grid merge tree.
Also GUDHI's general ``CubicalComplex(vertices=...)`` vs our 4-neighbour tree
at a smaller size, and ``CubicalComplex(top_dimensional_cells=...)`` with
``cofaces_of_persistence_pairs()`` -- the GUDHI route that also gives the
positions of the minima, which the landscape engine needs -- vs our
8-neighbour tree on white noise (same minima positions checked). Usage::

    python benchmarks/bench_persistence.py [--sizes 1000,2000,4000] [--repeat 5]
                                           [--cofaces 1000]

Each size and data set: ours and GUDHI's alternate (ours, GUDHI, ours, ...),
median (min) of ``--repeat`` runs each.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from critcheck.numeric.persistence import grid_merge_tree  # noqa: E402


def sorted_pairs(p):
    p = np.asarray(p, float).reshape(-1, 2)
    p = p[p[:, 1] - p[:, 0] > 0]
    return p[np.lexsort((p[:, 1], p[:, 0]))]


def timeit(f, repeat):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), min(ts), out


def interleaved(f, g, repeat):
    """Alternate f and g; (median, min, last result) of each."""
    tf, tg = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        a = f()
        tf.append(time.perf_counter() - t)
        t = time.perf_counter()
        b = g()
        tg.append(time.perf_counter() - t)
    return (statistics.median(tf), min(tf), a), (statistics.median(tg), min(tg), b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,2000,4000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cofaces", type=int, default=1000,
                    help="side of the white-noise grid for GUDHI's cofaces route (slow)")
    args = ap.parse_args()
    import gudhi
    from gudhi._pers_cub_low_dim_ext import _persistence_on_rectangle_from_top_cells as top

    import numba

    grid_merge_tree(np.random.default_rng(2).random((16, 16)), 8)  # JIT warm-up (cached)
    print(f"# median (min) of {args.repeat} interleaved runs, seconds; GUDHI {gudhi.__version__}, "
          f"Numba {numba.__version__}, NumPy {np.__version__}; {os.cpu_count()} cores; "
          f"load average at start {os.getloadavg()[0]:.2f}")
    print("| size | data | critcheck 8-nbr | GUDHI top cells | ratio | pairs | same pairs |")
    print("|---|---|---|---|---|---|---|")
    for n in [int(v) for v in args.sizes.split(",")]:
        x = np.linspace(-3, 3, n)
        X, Y = np.meshgrid(x, x, indexing="ij")
        data = {
            "smooth: sin(3x)cos(2y)+0.1x^2": np.sin(3 * X) * np.cos(2 * Y) + 0.1 * X ** 2,
            "rugged: smooth + 0.05*noise": np.sin(3 * X) * np.cos(2 * Y)
            + 0.05 * np.random.default_rng(0).random((n, n)),
            "white noise": np.random.default_rng(1).random((n, n)),
        }
        for name, a in data.items():
            (tm, tmin, tree), (gm, gmin, g) = interleaved(lambda: grid_merge_tree(a, 8),
                                                         lambda: top(a, 0.0), args.repeat)
            mine, theirs = sorted_pairs(tree.pairs()), sorted_pairs(g[0])
            same = mine.shape == theirs.shape and np.array_equal(mine, theirs)
            print(f"| {n}^2 | {name} | {tm:.3f} ({tmin:.3f}) | {gm:.3f} ({gmin:.3f}) | {tm / gm:.2f} | "
                  f"{len(mine)} | {same} |", flush=True)
            del tree, g
    m = 500
    x = np.linspace(-3, 3, m)
    X, Y = np.meshgrid(x, x, indexing="ij")
    a = np.sin(3 * X) * np.cos(2 * Y) + 0.1 * X ** 2
    tm, _, tree = timeit(lambda: grid_merge_tree(a, 4), 3)

    def general():
        cc = gudhi.CubicalComplex(vertices=a)
        cc.compute_persistence(min_persistence=0.0)
        return cc.persistence_intervals_in_dimension(0)

    gm, _, g = timeit(general, 1)
    same = np.array_equal(sorted_pairs(tree.pairs()), sorted_pairs(g))
    print(f"| {a.shape[0]}x{a.shape[1]} smooth, 4-nbr vs CubicalComplex(vertices) | {tm:.4f} | "
          f"{gm:.3f} | {tm / gm:.4f} | {len(sorted_pairs(g))} | {same} |")

    a = np.random.default_rng(1).random((args.cofaces, args.cofaces))
    tm, _, tree = timeit(lambda: grid_merge_tree(a, 8), 3)

    def with_positions():
        cc = gudhi.CubicalComplex(top_dimensional_cells=a)
        cc.compute_persistence(min_persistence=0.0)
        return cc.cofaces_of_persistence_pairs()[0][0]   # dim 0: (birth cell, death cell)

    gm, _, reg = timeit(with_positions, 1)
    births = np.ravel_multi_index(np.unravel_index(reg[:, 0], a.shape, order="F"), a.shape)
    same = np.array_equal(np.sort(births), np.sort(tree.minima[tree.merged_into >= 0]))
    print(f"| {a.shape[0]}^2 white noise, 8-nbr vs CubicalComplex(top cells) + cofaces | "
          f"{tm:.4f} | {gm:.3f} | {tm / gm:.4f} | {len(reg)} | same minima positions: {same} |")
    print(f"# load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

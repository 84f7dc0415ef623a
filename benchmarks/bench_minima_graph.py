"""Minima-saddle graph of the two-layer ReLU population loss: time per phase.

    python benchmarks/bench_minima_graph.py --k 6 7 8 --descents 1000 [--plots DIR]
    python benchmarks/bench_minima_graph.py --k 6 --descents 1000 --scheduler local --workers 2

For each k (teacher V = I_k, n = k students, d = k, k*k parameters) it runs
:func:`critcheck.numeric.minima_graph.minima_graph` and prints the wall time of
the descents, of the bands and saddle refinement, and in all, with the
minima, the spurious valleys and the saturation figures. ``--plots DIR``
writes the disconnectivity graphs. ``--scheduler local`` (or a Dask address)
runs the descents and the band rounds on Dask (a local cluster of
``--workers`` processes, its start-up included in the times); the last
columns give the bands, band rounds and degenerate minima.
"""

from __future__ import annotations

import argparse
import os
import time


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, nargs="+", default=[6])
    ap.add_argument("--descents", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--plots", default=None)
    ap.add_argument("--scheduler", default="serial", help="serial, local, or a Dask address")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--wells", type=int, default=None, metavar="D",
                    help="instead of the ReLU net: sum_i (x_i^2-1)^2 + 0.3 x_i in D variables, "
                         "2^D strict minima, so 2^D - 1 bands: a band-heavy case")
    a = ap.parse_args(argv)
    if a.wells is not None:
        return wells(a)

    from critcheck.numeric.minima_graph import minima_graph, relu_surface
    from critcheck.render.disconnectivity import plot_disconnectivity

    print(f"{'k':>3} {'params':>6} {'descents':>8} {'conv':>5} {'steps(med)':>10} {'minima':>6} "
          f"{'t_desc s':>8} {'t_graph s':>9} {'total s':>7} {'cpu s':>6}  spurious minima: F, hits, "
          f"lambda_min, barrier (saddle index)  | new in last quarter, Good-Turing | bands, rounds, "
          f"degenerate | executor")
    for k in a.k:
        marks = {}
        t0 = time.perf_counter()
        c0 = time.process_time()

        def note(msg, marks=marks, t0=t0):
            if msg.startswith("descents ") and "/" in msg.split()[1]:
                marks["descents"] = time.perf_counter() - t0

        sched = None if a.scheduler == "local" else a.scheduler
        G = minima_graph(relu_surface(k), descents=a.descents, seed=a.seed, progress=note,
                         scheduler=sched, workers=a.workers)
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
        st = G.stats
        sp = []
        for v in G.spurious:
            m = G.minima[v.minimum]
            idx = [s.index for s in G.saddles if s.usable and abs(s.f - v.death) < 1e-12]
            sp.append(f"{m.f:.8f}, {m.hits}, {m.min_eig:.4g}, {v.depth:.3g} ({idx[0] if idx else '-'})")
        td = marks.get("descents", float("nan"))
        print(f"{k:3d} {k * k:6d} {a.descents:8d} {st['converged']:5d} {st['median_steps']:10.0f} "
              f"{st['distinct_minima']:6d} {td:8.1f} {total - td:9.1f} {total:7.1f} {cpu:6.1f}  "
              f"{'; '.join(sp) or 'none'}  | {st['new_in_last_quarter']}, {st['good_turing']:.3g} | "
              f"{st['bands']}, {st['band_rounds']}, {st['degenerate_minima']} | {st['executor']}",
              flush=True)
        if a.plots:
            os.makedirs(a.plots, exist_ok=True)
            vs = {v.minimum: v for v in G.valleys()}
            plot_disconnectivity(
                G.tree, os.path.join(a.plots, f"minima_graph_relu{k}.png"),
                kinds=[vs[int(i)].kind if int(i) in vs else "infinity" for i in G.tree.minima],
                labels=[f"F={G.tree.values[int(i)]:.5f}\n{G.minima[int(i)].hits} hits"
                        if int(i) != G.infinity else "escape" for i in G.tree.minima],
                title=f"two-layer ReLU, k = n = {k} ({k * k} parameters): {a.descents} descents")


def wells(a):
    """Band-heavy case: 2^D tilted double wells, time of the band rounds per executor."""
    import sympy

    from critcheck.numeric.minima_graph import minima_graph, surface_from_expr

    xs = sympy.symbols(f"x1:{a.wells + 1}", real=True)
    expr = sum((v ** 2 - 1) ** 2 + sympy.Rational(3, 10) * v for v in xs)
    S = surface_from_expr(expr, xs, ",".join(["-1.6:1.6"] * a.wells))
    marks = {}
    t0 = time.perf_counter()

    def note(msg):
        if msg.startswith("descents ") and "/" in msg.split()[1]:
            marks["descents"] = time.perf_counter() - t0
        if msg.startswith("polished"):
            marks["polished"] = time.perf_counter() - t0

    G = minima_graph(S, descents=a.descents, seed=a.seed, progress=note,
                     scheduler=None if a.scheduler == "local" else a.scheduler, workers=a.workers)
    total = time.perf_counter() - t0
    st = G.stats
    print(f"wells D={a.wells}: {a.descents} descents, {st['distinct_minima']} minima, "
          f"{len(G.spurious)} spurious valleys, {st['bands']} bands in {st['band_rounds']} rounds, "
          f"{st['edges']} edges; t_desc {marks.get('descents', float('nan')):.1f} s, "
          f"t_bands {total - marks.get('polished', float('nan')):.1f} s, total {total:.1f} s "
          f"| {st['executor']}", flush=True)


if __name__ == "__main__":
    main()

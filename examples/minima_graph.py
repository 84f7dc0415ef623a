"""The graph of minima and saddles: spurious valleys, degenerate minima, Dask.

Run from a checkout:  python examples/minima_graph.py
(docs/minima_graph.md explains every field printed here.)
"""

import sympy

from critcheck.numeric.minima_graph import minima_graph, surface_from_expr

x, y = sympy.symbols("x y", real=True)

# 1. A tilted double well: one spurious valley, its barrier an index-1 saddle.
S = surface_from_expr((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2")
G = minima_graph(S, descents=40, seed=1)
for v in G.spurious:
    print(f"spurious valley: minimum {v.birth:.4f}, joins at {v.death:.4f}, depth {v.depth:.4f}")
print("bands:", G.stats["bands"], "in", G.stats["band_rounds"], "round(s)")

# 2. A circle of minima: every minimum found is degenerate (nullity 1), never strict,
#    and lies on a connected set of equal loss.
S = surface_from_expr((x**2 + y**2 - 1)**2, [x, y], "-2:2,-2:2")
m = minima_graph(S, descents=4, seed=0).minima[0]
print("circle:", m.classification, "| nullity", m.hessian["nullity"], "| tolerance",
      f"{m.eig_tol:.1e}", "| on a connected set of equal loss:", m.hessian["on_equal_loss_set"])

# 3. A quartic minimum above a strict global one: the small positive Hessian eigenvalue
#    where the descent stopped is not confirmed, so it is not a spurious valley.
S = surface_from_expr(x**4 * ((x - 2)**2 - x / 10) + y**2, [x, y], "-1:3,-1:1")
G = minima_graph(S, descents=30, seed=0)
top = max(G.minima, key=lambda m: m.f)
print("quartic:", top.hessian["statement"])
print("spurious valleys:", len(G.spurious))

# 4. The same database with descents and band rounds on a local Dask cluster:
#    minima_graph(S, descents=1000, scheduler=None, workers=2)        # or "tcp://host:8786"
#    (command line: critcheck minima --relu 6 --descents 1000 --scheduler local)

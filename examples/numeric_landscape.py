"""A tour of the numeric landscape engine (critcheck.numeric).

Run from a checkout:  python examples/numeric_landscape.py
"""

import sympy

from critcheck.numeric.critical import find_critical_points
from critcheck.numeric.divergence import gradient_flow
from critcheck.numeric.sublevel import analyze

x, y, v, w, a, b = sympy.symbols("x y v w a b", real=True)

# 1. A tilted double well has a sub-optimal local minimum with a basin: one spurious valley.
L = analyze((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2", samples=201**2)
for s in L.spurious:
    print(f"spurious valley: birth {s.birth:.4f}, death {s.death:.4f}, depth {s.depth:.4f}, at {s.point}")

# 2. (vw-1)^2: two sublevel components below 1, both with global minima: no spurious valley.
L = analyze((v * w - 1)**2, [v, w], "-3:3,-3:3", samples=201**2)
print("vw:", L.components(0.5), "spurious:", len(L.spurious))

# 3. Critical points, with the Hessian index, and an exact re-check of the minima.
for p in find_critical_points((x**2 - 1)**2 + y**2, [x, y], "-2:2,-2:2", n_starts=64, exact=True):
    print(p.kind, [round(c, 6) for c in p.point], "index", p.index,
          p.exact["status"] if p.exact else "")

# 4. A minimum at infinity (seed 000, eq. (1), L = 1, lambda = 1): descent runs off to b -> +inf.
tr = gradient_flow(1 + (a * sympy.exp(b) - 1)**2 + a**2, [a, b], [[0.5, 0.0]], t_max=1e6)[0]
print(tr.status, "direction", [round(c, 3) for c in tr.direction],
      "growth of |x| per decade", round(tr.norm_growth_per_decade, 3), "limit", round(tr.limit_value, 6))

"""Property PT (seed 003, Def. IV.1) at the sub-optimal local minimum (1, 1) of Fig. 2.

Run: ``PYTHONPATH=. python examples/property_pt.py``
"""

import sympy

from critcheck.symbolic.pt import DecreasingPath

v, w, t = sympy.symbols("v w t", real=True)
F = (1 + v * (w - 1) ** 2 / 8) ** 2
# perturb (1, 1) to (1, 1 + 1/10), then move v straight to -8/(1/10)^2 = -800
path = DecreasingPath(F, (v, w), (1 - 801 * t, sympy.Rational(11, 10)), t, 0, 1, 0)
print("F along the path:", sympy.factor(path.along()))
print("strictly decreasing on (0, 1):", path.decreasing())
print("ends at a global minimum (F = 0):", path.reaches_global())

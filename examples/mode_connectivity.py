"""Mode connectivity (seed 003 Sec. V-B): straight segment vs trained Bezier
curve vs nudged elastic band between two trained small networks.

Run:  python examples/mode_connectivity.py
"""

import numpy as np

from critcheck.models import MLP
from critcheck.models.paths import (barrier_height, bezier_path, interpolate,
                                    nudged_elastic_band, polyline)
from critcheck.models.train import adam

rng = np.random.default_rng(0)
X = rng.standard_normal((20, 2))
Y = np.tanh(X @ np.array([[1.0], [-2.0]]))
net = MLP((2, 16, 1), "tanh")
F = net.objective(X, Y)
sol, _ = adam(F, net.init(seed=3, batch=2), lr=0.01, steps=2000)   # two solutions at once
a, b = sol
ts = np.linspace(0, 1, 101)
print("end losses:", F.value(sol))
print("straight barrier:", barrier_height(interpolate(F, a, b, ts)))
psi, curve = bezier_path(F, a, b, rng, steps=800)
print("Bezier barrier:  ", barrier_height(F.value(curve(ts))))
band = nudged_elastic_band(F, a, b, images=16, steps=800)
print("NEB barrier:     ", barrier_height(F.value(polyline(band))))

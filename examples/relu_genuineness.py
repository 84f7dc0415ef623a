"""Seed 004: is the in-cell minimum of a random MNIST cell genuine? Paper's test vs the exact test."""

import numpy as np

from critcheck.relu.cells import activation_pattern, augment, cell_data, in_cell_minimum
from critcheck.relu.data import mnist_01
from critcheck.relu.genuine import exact_test, paper_test

X, y, source = mnist_01()                       # first 100 zeros (+1) and ones (-1), pixels in [0, 1]
Xa = augment(X)
data = cell_data(Xa, y)                         # frozen copy: its key and X X^T are computed once
Xa, y = data.X, data.y
for bias in (20.0, 0.0, -50.0):
    W = np.random.default_rng(1).standard_normal((10, Xa.shape[1]))
    W[:, -1] = bias
    I = activation_pattern(Xa, W)
    cell = in_cell_minimum(Xa, y, I, data=data)
    p, e = paper_test(Xa, y, I, cell, data=data), exact_test(Xa, y, I, cell, data=data)
    print(f"bias {bias:>5}: activated {100 * I.mean():5.1f} %, continuous {not cell.unique}, "
          f"paper's test {p.genuine} ({p.route}), exact test {e.genuine} ({e.route}, "
          f"witness re-checked: {e.witness_checked}), {p.seconds + e.seconds:.3f} s")

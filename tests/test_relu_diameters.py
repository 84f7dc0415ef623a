"""Cell diameters (seed 004, Sec. VI) on cells whose chords are known."""

import numpy as np

from critcheck.relu.diameters import average_diameter, cell_diameter


def test_chord_across_a_quadrant():
    # sample hyperplanes w1 = 0 and w2 = 0; from w = (1, 1) along (1, -1)/sqrt2 the line
    # meets w2 = 0 at s = sqrt2 and w1 = 0 at s = -sqrt2: chord 2 sqrt2
    X = np.eye(2)
    d = np.array([[1.0, -1.0]]) / np.sqrt(2)
    assert cell_diameter(X, np.array([1.0, 1.0]), d) == np.float64(2 * np.sqrt(2)) or \
        abs(cell_diameter(X, np.array([1.0, 1.0]), d) - 2 * np.sqrt(2)) < 1e-12
    # along (1, 0) the line never meets w1 = 0 going right: an open direction
    assert cell_diameter(X, np.array([1.0, 1.0]), np.array([[1.0, 0.0]])) == np.inf
    # the largest chord over several directions is kept
    d2 = np.vstack([d, np.array([[1.0, -2.0]]) / np.sqrt(5)])
    chord2 = 1 / (2 / np.sqrt(5)) + 1 / (1 / np.sqrt(5))      # hits w2=0 at s=sqrt5/2, w1=0 at s=-sqrt5
    assert abs(cell_diameter(X, np.array([1.0, 1.0]), d2) - max(2 * np.sqrt(2), chord2)) < 1e-12


def test_average_excludes_open_cells():
    X = np.eye(2)
    r = average_diameter(X, draws=30, seed=0, n_dirs=200)
    assert r["closed"] == 0          # 200 directions always include one inside the quadrant: open
    rng = np.random.default_rng(0)
    X = np.hstack([rng.standard_normal((300, 3)), np.ones((300, 1))])
    r = average_diameter(X, draws=20, seed=1)
    assert r["closed"] > 0 and 0 < r["mean"] < 2

"""Test points: the spurious minima pattern of Safran & Shamir (ICML 2018), k = 6, 7.

For V = I_k the released minima have the form (Sec. 4, Example 1 of the
paper; numbers from the authors' result files, Newton-polished in float64)
w_i = a e_i + b sum_{j<k, j!=i} e_j + c e_k for i < k and
w_k = p sum_{j<k} e_j + q e_k.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PATTERN", "pattern_point", "embed"]

PATTERN = {
    6: (0.98670382, -0.0504134, 0.30801099, 0.22451581, -0.60151192),
    7: (0.9969228, -0.03508016, 0.26169108, 0.18599105, -0.6327039),
}


def pattern_point(k: int, a: float, b: float, c: float, p: float, q: float) -> np.ndarray:
    """The k x k point of the pattern above."""
    W = np.full((k, k), b)
    W[np.arange(k - 1), np.arange(k - 1)] = a
    W[:, k - 1] = c
    W[k - 1, : k - 1] = p
    W[k - 1, k - 1] = q
    return W


def embed(W: np.ndarray, V: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Pad W (n, d0) and V (k, d0) with zero columns to dimension d >= d0."""
    W = np.asarray(W, dtype=float)
    V = np.asarray(V, dtype=float)
    pad = d - W.shape[1]
    return np.pad(W, ((0, 0), (0, pad))), np.pad(V, ((0, 0), (0, pad)))

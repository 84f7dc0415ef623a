"""Probability of a genuine local minimum for 1-D Gaussian data.

Seed 004 (Bo Liu, Part 2), Sec. III, eqs. (10)-(22). Weights are points
:math:`h_k` on the line with normals :math:`n_k = \\pm 1` and :math:`z_k = n_k`,
so :math:`\\mathbf R_k\\cdot\\mathbf x = x - h_k` where neuron :math:`k` is
active (:math:`n_k(x - h_k) > 0`). Classes: :math:`\\mathcal N(+1, 1)` (label +1)
and :math:`\\mathcal N(-1, 1)` (label -1), equal priors, eq. (19).

* :func:`region_stats`: :math:`P_{j\\pm}` and truncated means
  :math:`\\bar x_{j\\pm}` of every region, eqs. (21)-(22);
* :func:`optimal_locations`: the linear system :math:`F\\mathbf h = \\mathbf f`,
  eqs. (11), (15), (16) (population form) or eq. (12) (from samples);
* :func:`gap_probability`: eq. (20); :func:`existence_probability`:
  :math:`P_g = \\max_k P(x\\in g_k)` (eq. (18)) and
  :math:`P_t = (1-P_g)^N` (eq. (17)).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from ..errors import InvalidArgument

__all__ = ["region_stats", "optimal_locations", "gap_probability", "existence_probability",
           "sample_optimal_locations", "gap_probabilities"]

MEANS = (1.0, -1.0)   # x_+, x_-


def _phi(x):
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


def _regions(h, normals):
    h = np.asarray(h, float)
    n = np.asarray(normals, float)
    if h.shape != n.shape or h.ndim != 1 or not np.all(np.abs(n) == 1):
        raise InvalidArgument(f"h and normals must be 1-D of equal length, normals +-1; got {h!r}, {n!r}")
    cuts = np.unique(h)
    lo = np.concatenate([[-np.inf], cuts])
    hi = np.concatenate([cuts, [np.inf]])
    mid = np.where(np.isinf(lo), hi - 1.0, np.where(np.isinf(hi), lo + 1.0, 0.5 * (lo + hi)))
    I = (n[None, :] * (mid[:, None] - h[None, :])) > 0        # (regions, K)
    return lo, hi, I


def region_stats(lo, hi):
    """:math:`P_{j\\pm}` and :math:`\\bar x_{j\\pm}` of intervals ``(lo, hi)``, eqs. (21)-(22).

    Returns
    -------
    (P, xbar): arrays of shape (regions, 2), column 0 for the + class, 1 for -.
    """
    lo = np.asarray(lo, float)[:, None]
    hi = np.asarray(hi, float)[:, None]
    m = np.asarray(MEANS)[None, :]
    P = ndtr(hi - m) - ndtr(lo - m)
    dens = _phi(np.where(np.isinf(lo), 0, lo - m)) * ~np.isinf(lo) - _phi(np.where(np.isinf(hi), 0, hi - m)) * ~np.isinf(hi)
    with np.errstate(invalid="ignore", divide="ignore"):
        xbar = np.where(P > 0, m + dens / P, m)
    return P, xbar


def optimal_locations(h, normals):
    """Solve eq. (11) with :math:`F, \\mathbf f` of eqs. (15)-(16) (population, equal priors).

    Returns
    -------
    ndarray (K,)
        :math:`\\mathbf h^*` (least-squares solution when F is singular).
    """
    lo, hi, I = _regions(h, normals)
    P, xbar = region_stats(lo, hi)
    If = I.astype(float)
    Psum = P.sum(axis=1)
    F = (If * Psum[:, None]).T @ If
    first = (P * xbar).sum(axis=1)                       # P+ x+ + P- x-
    cnt = If.sum(axis=1)                                 # sum_k I_{Omega k}
    f = If.T @ (cnt * first) - If.T @ (P[:, 0] - P[:, 1])
    return np.linalg.lstsq(F, f, rcond=None)[0]


def sample_optimal_locations(h, normals, x, y):
    """Eqs. (11)-(12) from samples ``x`` with labels ``y`` (the Monte-Carlo counterpart)."""
    h = np.asarray(h, float)
    n = np.asarray(normals, float)
    I = (n[None, :] * (np.asarray(x)[:, None] - h[None, :])) > 0
    If = I.astype(float)
    F = If.T @ If
    f = If.T @ (If.sum(axis=1) * x) - If.T @ y
    return np.linalg.lstsq(F, f, rcond=None)[0]


def gap_probability(a, b):
    """Eq. (20): probability that a sample falls between ``a`` and ``b`` (equal priors)."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    return 0.5 * sum(np.abs(ndtr(b - m) - ndtr(a - m)) for m in MEANS)


def gap_probabilities(h, normals):
    """Eq. (20) for every weight: :math:`P(x\\in g_k)`, gaps between :math:`h_k` and :math:`h_k^*`."""
    return gap_probability(np.asarray(h, float), optimal_locations(h, normals))


def existence_probability(h, normals, N=100):
    """:math:`(P_g, P_t)` at weights ``h``: eqs. (18) and (17).

    :math:`P_g` is approximated by the largest single-gap probability, as the
    paper does (a lower bound of the union, so :math:`P_t` is an upper bound).
    """
    hs = optimal_locations(h, normals)
    pg = float(np.max(gap_probability(np.asarray(h, float), hs)))
    return pg, (1.0 - pg) ** N

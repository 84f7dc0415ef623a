"""Cell diameters by random directions (seed 004, Sec. VI, Table VI).

From a weight vector :math:`\\mathbf w` go along a direction
:math:`\\mathbf d_j` both ways until the first sample hyperplane:
:math:`s_{ij} = -\\mathbf w\\cdot\\mathbf x_i / \\mathbf d_j\\cdot\\mathbf x_i`,
:math:`s1_j = \\min\\{s_{ij}\\ge 0\\}`, :math:`s2_j = |\\max\\{s_{ij} < 0\\}|`;
the diameter estimate is :math:`\\max_j (s1_j + s2_j)`. A cell is *open*
(unbounded) when some direction meets no hyperplane on one side; open cells
are excluded from the average, as in the paper.

Not specified by the paper, chosen here (and recorded): weights drawn
uniformly from :math:`[-1, 1]^D` (bias coordinate included), directions
uniform on the unit sphere, ``10 * d`` directions.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["cell_diameter", "average_diameter"]


def cell_diameter(X, w, directions):
    """Diameter estimate of the cell of ``w`` (bias-augmented ``X`` (N, D), ``w`` (D,), ``directions`` (M, D)).

    Returns
    -------
    float
        ``inf`` for an open cell.
    """
    X = np.asarray(X, float)
    a = X @ np.asarray(w, float)                    # (N,)
    b = np.asarray(directions, float) @ X.T         # (M, N)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = -a[None, :] / b
    s = np.where(np.isfinite(s), s, np.nan)
    s1 = np.nanmin(np.where(s >= 0, s, np.nan), axis=1, initial=np.inf)
    s2 = -np.nanmax(np.where(s < 0, s, np.nan), axis=1, initial=-np.inf)
    return float(np.max(s1 + s2))


def average_diameter(X, draws=1000, seed=0, n_dirs=None, progress=None):
    """Average diameter over ``draws`` random weights, open cells excluded (Table VI).

    Parameters
    ----------
    X : array_like (N, D)
        bias-augmented samples.

    Returns
    -------
    dict with ``mean`` (over closed cells), ``closed`` (count), ``draws``, ``n_dirs``, ``seed``.
    """
    X = np.asarray(X, float)
    if draws < 1:
        raise InvalidArgument(f"draws={draws!r} must be positive")
    N, D = X.shape
    n_dirs = n_dirs or 10 * (D - 1)
    rng = np.random.default_rng(seed)
    vals = []
    for k in range(draws):
        w = rng.uniform(-1, 1, D)
        dirs = rng.standard_normal((n_dirs, D))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
        vals.append(cell_diameter(X, w, dirs))
        if progress:
            progress(k + 1, draws)
    vals = np.array(vals)
    closed = np.isfinite(vals)
    return {"mean": float(vals[closed].mean()) if closed.any() else float("nan"),
            "closed": int(closed.sum()), "draws": draws, "n_dirs": n_dirs, "seed": seed}

"""Sub-optimal basins (seed 003, Defs IV.3-IV.4) read off the merge tree of a sampled loss.

Seed 003 (Sun et al.), Def. IV.3: a compact set ``X`` is a *strict local
minimum in the sense of sets* of ``f`` if some ``eps > 0`` gives
``f(x) < f(y)`` for every ``x in X`` and every ``y`` outside ``X`` with
``||x - y|| <= eps``. Def. IV.4: a *sub-optimal basin* is such a set that
holds no global minimum of ``f``. Thm IV.2 (Li, Ding & Sun, arXiv:1812.11039)
says wide networks have none; Fig. 3 shows a plateau of bad non-strict local
minima that is not a basin (left) and one that lies in a basin (right).

On a graph of samples (a grid, or k nearest neighbours) the merge tree of
sublevel sets (:mod:`critcheck.numeric.persistence`) gives every basin at
once: each local-minimum component is born at its bottom value ``b`` and
dies at the level ``d`` where it merges into an older (lower) component. For
levels in ``(b, d)`` the component ``K`` is a separate piece of the sublevel
set, so its bottom set ``X = {v in K : f(v) <= b + tol}`` is, on the graph,
a setwise strict local minimum: every graph neighbour of ``X`` outside it is
higher (the *strict margin* below). The *depth* ``d - b`` is how much the
loss must rise to leave it; it is *sub-optimal* when ``b`` exceeds the
global minimum of the samples. A bottom set that touches the boundary of
the sampled box may continue outside it (compactness is not seen), so such
basins are reported with ``bottom_on_boundary=True`` and are not counted.
The component itself may reach the boundary (``component_on_boundary``): the
bottom set is still a strict local minimum of sets, but the sampled depth may
overstate the true one, since an escape path outside the box is not seen.

What this does not show: a sample can miss a basin narrower than its
spacing, and the depth of a basin found is a sampled value (the true depth
can differ by the loss's variation over one grid step). Claims state their
spacing and depth threshold.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import InvalidArgument
from .persistence import MergeTree, merge_tree

__all__ = ["Basin", "basins", "grid_basins", "grid_boundary", "local_variation", "sub_optimal_basins"]


@dataclasses.dataclass(frozen=True)
class Basin:
    """One basin of the merge tree (seed 003, Defs IV.3-IV.4, on a sample).

    Attributes
    ----------
    representative : int
        the vertex where the basin's component is lowest (its minimum).
    bottom : float
        ``f`` at the representative (birth of the component).
    death : float
        level at which the component merges into a lower one (``inf``: never).
    depth : float
        ``death - bottom``.
    bottom_set : ndarray
        vertices of ``X``: the component's vertices with ``f <= bottom + tol``.
    strict_margin : float
        ``min f`` over graph neighbours of ``X`` outside ``X`` minus ``max f``
        over ``X``; positive means ``X`` is setwise strict on the graph.
    bottom_on_boundary : bool
        the bottom set holds a boundary vertex of the sample (not counted as a basin).
    component_on_boundary : bool
        the component just below ``death`` holds a boundary vertex (depth may be overstated).
    gap : float
        ``bottom`` minus the least sampled value (0 for the global basin).
    """

    representative: int
    bottom: float
    death: float
    depth: float
    bottom_set: np.ndarray = dataclasses.field(repr=False)
    strict_margin: float
    bottom_on_boundary: bool
    component_on_boundary: bool
    gap: float

    @property
    def setwise_strict(self) -> bool:
        """True when the bottom set is a strict local minimum of sets on the graph."""
        return self.strict_margin > 0

    def is_sub_optimal(self, value_tol: float = 0.0) -> bool:
        """True when the basin holds no sampled global minimum (Def. IV.4)."""
        return self.gap > value_tol

    def to_record(self, points=None) -> dict:
        rec = {"representative": int(self.representative), "bottom": float(self.bottom),
               "death": float(self.death), "depth": float(self.depth),
               "bottom_set_size": int(self.bottom_set.size),
               "strict_margin": float(self.strict_margin),
               "bottom_on_boundary": bool(self.bottom_on_boundary),
               "component_on_boundary": bool(self.component_on_boundary), "gap": float(self.gap)}
        if points is not None:
            rec["representative_point"] = [float(c) for c in np.asarray(points)[self.representative]]
        return rec


def _component(tree: MergeTree, pos: int, level: float) -> np.ndarray:
    """Vertices of the component of minimum ``pos`` in the sublevel set ``{f < level}``."""
    below = np.nextafter(level, -np.inf) if np.isfinite(level) else np.inf
    lab = tree.components_at(below)
    return np.flatnonzero(lab == lab[tree.minima[pos]])


def _strict_margin(f: np.ndarray, edges: np.ndarray, X: np.ndarray) -> float:
    inside = np.zeros(f.shape[0], dtype=bool)
    inside[X] = True
    u, v = edges[:, 0], edges[:, 1]
    cross = inside[u] != inside[v]
    if not cross.any():
        return float("inf")
    outside = np.where(inside[u[cross]], v[cross], u[cross])
    return float(f[outside].min() - f[X].max())


def local_variation(values, edges) -> np.ndarray:
    """For each vertex, the largest ``|f(u) - f(v)|`` over its incident edges:
    how much the loss can change within one sampling step there."""
    f = np.asarray(values, dtype=float).ravel()
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    d = np.abs(f[e[:, 0]] - f[e[:, 1]])
    d[~np.isfinite(d)] = np.inf
    out = np.zeros(f.shape[0])
    np.maximum.at(out, e[:, 0], d)
    np.maximum.at(out, e[:, 1], d)
    return out


def basins(values, edges, *, boundary=None, min_depth: float = 0.0, value_tol: float = 0.0,
           local_factor: float = 0.0, tree: MergeTree | None = None) -> list[Basin]:
    """Every basin of the sampled sublevel filtration with depth above ``min_depth``.

    Parameters
    ----------
    values : array, shape (n,)
        the loss at the vertices.
    edges : int array, shape (m, 2)
        the sample graph (:func:`critcheck.numeric.graphs.grid_edges`, ``knn_edges``).
    boundary : bool array, shape (n,), optional
        vertices on the boundary of the sampled region.
    min_depth : float
        basins no deeper than this are dropped (sampling noise).
    value_tol : float
        values within ``value_tol`` of the bottom belong to the bottom set.
    local_factor : float
        basins no deeper than ``local_factor`` times the :func:`local_variation`
        at their representative are dropped: a grid minimum of a steep smooth
        loss with no minimum nearby has depth of the order of one step's
        change, a genuine basin is much deeper than that.
    tree : MergeTree, optional
        a merge tree already computed for ``(values, edges)``.

    Returns
    -------
    list of Basin, lowest bottom first (the global basin first).
    """
    f = np.asarray(values, dtype=float).ravel()
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if boundary is not None:
        boundary = np.asarray(boundary, dtype=bool).ravel()
        if boundary.shape != f.shape:
            raise InvalidArgument(f"boundary has {boundary.size} entries for {f.size} vertices")
    if min_depth < 0 or value_tol < 0:
        raise InvalidArgument(f"min_depth={min_depth!r} and value_tol={value_tol!r} must be >= 0")
    tree = tree if tree is not None else merge_tree(f, e)
    fmin = float(tree.birth[0]) if tree.minima.size else float("nan")
    lv = local_variation(f, e)[tree.minima] if local_factor > 0 else np.zeros(tree.minima.size)
    out = []
    for pos in range(tree.minima.shape[0]):
        b, d = float(tree.birth[pos]), float(tree.death[pos])
        if not np.isfinite(b) or d - b <= max(min_depth, local_factor * lv[pos]):
            continue
        K = _component(tree, pos, d)
        X = K[f[K] <= b + value_tol]
        out.append(Basin(representative=int(tree.minima[pos]), bottom=b, death=d, depth=d - b,
                         bottom_set=X, strict_margin=_strict_margin(f, e, X),
                         bottom_on_boundary=bool(boundary is not None and boundary[X].any()),
                         component_on_boundary=bool(boundary is not None and boundary[K].any()),
                         gap=b - fmin))
    return out


def sub_optimal_basins(values, edges, *, boundary=None, min_depth: float = 0.0,
                       value_tol: float = 0.0, local_factor: float = 0.0,
                       tree: MergeTree | None = None) -> list[Basin]:
    """The basins of :func:`basins` that are sub-optimal (Def. IV.4) and setwise
    strict (Def. IV.3) on the graph, and do not reach the boundary."""
    return [B for B in basins(values, edges, boundary=boundary, min_depth=min_depth,
                              value_tol=value_tol, local_factor=local_factor, tree=tree)
            if B.is_sub_optimal(value_tol) and B.setwise_strict and not B.bottom_on_boundary]


def grid_boundary(shape) -> np.ndarray:
    """Boolean mask (C order) of the vertices on the boundary of a grid of ``shape``."""
    shape = tuple(int(s) for s in shape)
    mask = np.zeros(shape, dtype=bool)
    for ax, s in enumerate(shape):
        idx = [slice(None)] * len(shape)
        idx[ax] = 0
        mask[tuple(idx)] = True
        idx[ax] = s - 1
        mask[tuple(idx)] = True
    return mask.ravel()


def grid_basins(values, *, min_depth: float = 0.0, value_tol: float = 0.0,
                local_factor: float = 0.0) -> list[Basin]:
    """:func:`basins` of a loss sampled on a regular grid of any dimension
    (axis neighbours joined; boundary = the grid's faces)."""
    from .graphs import grid_edges

    F = np.asarray(values, dtype=float)
    return basins(F.ravel(), grid_edges(F.shape), boundary=grid_boundary(F.shape),
                  min_depth=min_depth, value_tol=value_tol, local_factor=local_factor)

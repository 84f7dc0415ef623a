"""Graphs on samples, and edge levels checked along each segment.

A sampled sublevel set ``{F <= c}`` is represented by a graph: vertices are
the samples, edges join grid neighbours (:func:`grid_edges`) or k nearest
neighbours (:func:`knn_edges`). An edge counts at level ``c`` only if the
whole segment stays in the sublevel set; :func:`segment_levels` checks it

* at ``interior`` equally spaced interior points (the edge's level is the
  maximum of the loss there and at the ends -- a lower estimate of the true
  maximum, stated as the resolution), or
* with a Lipschitz bound ``L`` on the segment: between consecutive checked
  points ``p, q`` at distance ``h`` the loss is at most
  ``(F(p) + F(q))/2 + L h / 2``, so the edge's level is a certified upper
  bound of the maximum (a connection in the graph is then a true connection
  of the sublevel set).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument
from .backend import get_backend, to_numpy

__all__ = ["grid_edges", "knn_edges", "segment_levels", "graph_to_networkx"]


def grid_edges(shape, diagonals: bool = False) -> np.ndarray:
    """Edges of a regular grid of ``shape`` (C-order vertex numbering).

    Axis neighbours only (``2d`` per interior vertex), or with
    ``diagonals=True`` every neighbour of the ``3^d - 1`` Moore neighbourhood.
    """
    shape = tuple(int(s) for s in shape)
    n = int(np.prod(shape))
    idx = np.arange(n).reshape(shape)
    d = len(shape)
    if diagonals:
        offs = [o for o in np.ndindex(*(3,) * d)]
        offs = [tuple(x - 1 for x in o) for o in offs]
        offs = [o for o in offs if any(o) and next(x for x in o if x) > 0]  # half of them
    else:
        offs = [tuple(1 if i == a else 0 for i in range(d)) for a in range(d)]
    out = []
    for o in offs:
        src = tuple(slice(max(0, -x), s - max(0, x)) for x, s in zip(o, shape))
        dst = tuple(slice(max(0, x), s - max(0, -x)) for x, s in zip(o, shape))
        out.append(np.stack([idx[src].ravel(), idx[dst].ravel()], axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)


def knn_edges(points, k: int) -> np.ndarray:
    """Undirected edges joining each point to its ``k`` nearest neighbours (k-d tree)."""
    from scipy.spatial import cKDTree

    p = np.asarray(to_numpy(points), dtype=float)
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidArgument(f"k={k!r} must be a positive integer")
    n = p.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    k = min(int(k), n - 1)
    _, nb = cKDTree(p).query(p, k=k + 1, workers=1)
    src = np.repeat(np.arange(n), k)
    dst = nb[:, 1:].ravel()
    e = np.stack([np.minimum(src, dst), np.maximum(src, dst)], axis=1)
    return np.unique(e, axis=0)


def segment_levels(loss, points, values, edges, interior: int = 3,
                   lipschitz: float | None = None, chunk: int = 1 << 18):
    """Level at which each edge enters: max of the loss along its segment.

    Parameters
    ----------
    loss : CompiledLoss
    points : array (n, d)
        the vertices (any backend).
    values : array (n,)
        the loss at the vertices (already computed).
    edges : int array (m, 2)
    interior : int
        interior points checked per edge (0: endpoints only).
    lipschitz : float, optional
        a Lipschitz bound of the loss on the segments; turns the levels into
        certified upper bounds (see module notes). Samples that violate the
        bound raise :class:`~critcheck.errors.InvalidArgument`.
    chunk : int
        edges per evaluation batch.

    Returns
    -------
    levels : ndarray (m,)
    n_nonfinite : int
        interior evaluations that overflowed (counted as ``+inf``).
    """
    if not isinstance(interior, (int, np.integer)) or interior < 0:
        raise InvalidArgument(f"interior={interior!r} must be a non-negative integer")
    if lipschitz is not None and not (np.isfinite(lipschitz) and lipschitz > 0):
        raise InvalidArgument(f"lipschitz={lipschitz!r} must be a positive finite bound")
    xp = get_backend(loss.backend)
    P = np.asarray(to_numpy(points), dtype=float)
    f = np.asarray(to_numpy(values), dtype=float)
    e = np.asarray(edges, dtype=np.int64)
    m = e.shape[0]
    fu, fv = f[e[:, 0]], f[e[:, 1]]
    levels = np.maximum(fu, fv)
    nonfinite = 0
    if interior == 0 and lipschitz is None:
        return levels, 0
    t = np.arange(1, interior + 1) / (interior + 1)
    for i in range(0, m, int(chunk)):
        j = min(m, i + int(chunk))
        a, b = P[e[i:j, 0]], P[e[i:j, 1]]
        if interior:
            q = a[:, None, :] + t[None, :, None] * (b - a)[:, None, :]
            ev = loss(xp.asarray(q.reshape(-1, P.shape[1])), nonfinite="inf")
            nonfinite += ev.n_nonfinite
            vals = to_numpy(ev.values).reshape(j - i, interior)
            levels[i:j] = np.maximum(levels[i:j], vals.max(axis=1))
        else:
            vals = np.empty((j - i, 0))
        if lipschitz is not None:
            seq = np.concatenate([fu[i:j, None], vals, fv[i:j, None]], axis=1)
            h = np.linalg.norm(b - a, axis=1) / (interior + 1)
            jump = np.abs(np.diff(seq, axis=1))
            finite = np.isfinite(jump)
            if np.any((jump > lipschitz * h[:, None] * (1 + 1e-9) + 1e-12) & finite):
                raise InvalidArgument(
                    f"lipschitz={lipschitz!r} is violated by the samples (the loss changes "
                    "faster along some edge); supply a valid bound or none")
            ub = (seq[:, :-1] + seq[:, 1:]) / 2 + lipschitz * h[:, None] / 2
            levels[i:j] = np.maximum(levels[i:j], ub.max(axis=1))
    return levels, nonfinite


def graph_to_networkx(points, values, edges, levels=None, level: float | None = None):
    """The sample graph as a :class:`networkx.Graph` (nodes: ``pos``, ``value``;
    edges: ``level``); with ``level``, only its sublevel part."""
    import networkx as nx

    P = np.asarray(to_numpy(points), dtype=float)
    f = np.asarray(to_numpy(values), dtype=float)
    e = np.asarray(edges, dtype=np.int64)
    lv = np.maximum(f[e[:, 0]], f[e[:, 1]]) if levels is None else np.asarray(levels)
    g = nx.Graph()
    keep_v = np.ones(f.shape[0], bool) if level is None else f <= level
    for i in np.flatnonzero(keep_v):
        g.add_node(int(i), pos=P[i].tolist(), value=float(f[i]))
    keep_e = np.ones(e.shape[0], bool) if level is None else lv <= level
    g.add_edges_from((int(a), int(b), {"level": float(c)}) for (a, b), c in zip(e[keep_e], lv[keep_e]))
    return g

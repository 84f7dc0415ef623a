"""Sublevel-set connectivity of a sampled loss, and its spurious valleys.

The front door of the numeric landscape engine: sample the loss in a box
(grid, Sobol or uniform points), build a graph (grid neighbours or k nearest
neighbours), give each edge the maximum of the loss along its segment
(:func:`critcheck.numeric.graphs.segment_levels`), compute the merge tree
(:mod:`critcheck.numeric.persistence`) and read off, for every level at once,
the components of the sampled sublevel set and which of them contain a global
minimum.

A **spurious valley** (seed 003, Sun et al., Def. IV.2) is a connected
component of a sublevel set ``{F <= c}`` that contains no global minimum.
In the merge tree every component is born at a local minimum ``m`` (its
lowest point) and lives until it merges into an older one; it is spurious,
for all levels ``c`` in ``[birth, death)``, when ``F(m)`` is above the global
minimum. On samples the decision needs two tolerances, both recorded:

* ``tol`` -- components whose lowest sample is within ``tol`` of the lowest
  sample overall count as containing a global minimum (default: a quarter of
  the resolution error at the lowest sample);
* the **resolution error** ``e(m)`` of a minimum: the largest rise of the
  loss from ``m`` to a graph neighbour, a bound on how much lower the loss
  may get between the samples, and of how much sample values fluctuate at
  the sampling scale. A minimum above ``min F + tol`` is a spurious valley
  only if ``F(m) - e(m) > min F + tol`` *and* its depth (death - birth)
  exceeds ``e(m)``; otherwise it is reported as *unresolved*: the sampling
  cannot tell (typically grid noise along a valley of global minima).

A valley whose lowest sample lies on the box boundary is flagged
``on_boundary``: the loss may keep decreasing outside the box (a minimum at
infinity, seed 000), so it need not be a valley of the unrestricted loss.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import InvalidArgument
from .backend import to_numpy
from .compile import CompiledLoss, compile_loss
from .graphs import grid_edges, knn_edges, segment_levels
from .persistence import MergeTree, grid_merge_tree, merge_tree
from .samplers import grid as make_grid, parse_box, sobol, uniform

__all__ = ["Valley", "Landscape", "analyze", "analyze_values"]

MAX_PAIRS_IN_RECORD = 10_000  # the JSON record lists at most this many persistence pairs


@dataclasses.dataclass(frozen=True)
class Valley:
    """A component of the sampled sublevel sets born at a local minimum.

    ``kind`` is ``"spurious"`` (no global minimum in it for levels in
    ``[birth, death)``), ``"unresolved"`` (within the resolution error of
    the global minimum) or ``"global"``.
    """

    kind: str
    birth: float
    death: float
    point: tuple
    vertex: int
    resolution_error: float
    on_boundary: bool

    @property
    def depth(self) -> float:
        return self.death - self.birth

    def to_record(self) -> dict:
        return {"kind": self.kind, "birth": self.birth,
                "death": self.death if np.isfinite(self.death) else "inf",
                "depth": self.depth if np.isfinite(self.depth) else "inf",
                "point": list(self.point), "resolution_error": self.resolution_error,
                "on_boundary": self.on_boundary}


@dataclasses.dataclass(frozen=True)
class Landscape:
    """Result of :func:`analyze`.

    Attributes
    ----------
    global_min : float
        the lowest sampled value.
    global_min_points : list of tuple
        the lowest sample of every component that contains a global minimum
        (at the level where all of them are still separate, i.e. one point
        per "global" basin).
    tol : float
    valleys : list of Valley
        every basin, spurious, unresolved and global.
    tree : MergeTree
    points : ndarray (n, d)
    samples : int
    resolution : dict
        sampler, grid shape / spacing or k, interior points per edge,
        Lipschitz bound, tolerances.
    n_nonfinite : int
        evaluations that overflowed or gave NaN (treated as ``+inf``).
    seconds : float
    """

    global_min: float
    global_min_points: list
    tol: float
    valleys: list
    tree: MergeTree
    points: np.ndarray
    samples: int
    resolution: dict
    n_nonfinite: int
    seconds: float
    seed: Any = None
    variables: tuple = ()

    @property
    def spurious(self) -> list:
        return [v for v in self.valleys if v.kind == "spurious"]

    @property
    def unresolved(self) -> list:
        return [v for v in self.valleys if v.kind == "unresolved"]

    def components(self, level: float) -> dict:
        """At ``level``: number of components, how many contain a global
        minimum, how many are spurious (and how many unresolved)."""
        kinds = {v.vertex: v.kind for v in self.valleys}
        alive = self.tree.alive_at(level)
        # minima not in `valleys` exist only by a Lipschitz bound's slack (see module notes)
        ks = [kinds.get(int(self.tree.minima[i]), "slack") for i in alive]
        out = {"level": float(level), "components": len(ks),
               "with_global_min": ks.count("global"), "spurious": ks.count("spurious"),
               "unresolved": ks.count("unresolved")}
        if "slack" in ks:
            out["lipschitz_slack"] = ks.count("slack")
        return out

    def default_levels(self, count: int = 8) -> list:
        f = self.tree.values[np.isfinite(self.tree.values)]
        qs = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0][:count]
        lv = set(np.quantile(f, qs).tolist()) if f.size else set()
        for v in self.spurious:
            lv.add(v.birth)
            if np.isfinite(v.death):
                lv.add(0.5 * (v.birth + v.death))
        return sorted(lv)

    def to_record(self, levels: Sequence[float] | None = None) -> dict:
        """The JSON object of ``critcheck landscape --json``."""
        levels = self.default_levels() if levels is None else list(levels)
        return {
            "variables": list(self.variables),
            "global_min": {"value": self.global_min, "points": [list(p) for p in self.global_min_points],
                           "tolerance": self.tol},
            "spurious_valleys": [v.to_record() for v in self.spurious],
            "unresolved_minima": [v.to_record() for v in self.unresolved],
            "components_per_level": [self.components(c) for c in levels],
            "persistence_pairs": [[float(b), float(d) if np.isfinite(d) else "inf"]
                                  for b, d in self.tree.pairs()[:MAX_PAIRS_IN_RECORD]],
            "persistence_pairs_total": int(self.tree.pairs().shape[0]),
            "resolution": self.resolution,
            "samples": self.samples,
            "seed": self.seed,
            "nonfinite_evaluations": self.n_nonfinite,
            "seconds": round(self.seconds, 4),
        }


def _resolution_errors(f: np.ndarray, edges: np.ndarray, which: np.ndarray) -> np.ndarray:
    """``e(m)``: largest rise of ``f`` from each vertex in ``which`` to a neighbour."""
    pos = np.full(f.shape[0], -1, dtype=np.int64)
    pos[which] = np.arange(which.shape[0])
    out = np.zeros(which.shape[0])
    for a, b in ((0, 1), (1, 0)):
        sel = pos[edges[:, a]] >= 0
        rise = f[edges[sel, b]] - f[edges[sel, a]]
        rise = np.where(np.isfinite(rise), rise, 0.0)
        np.maximum.at(out, pos[edges[sel, a]], rise)
    return out


def analyze_values(points, values, edges, levels=None, *, tol: float | None = None,
                   box=None, on_boundary=None, samples=None, resolution=None,
                   n_nonfinite: int = 0, seed=None, variables=(), tree: MergeTree | None = None,
                   t0: float | None = None, certified_levels: bool = False) -> Landscape:
    """Classify the basins of a graph with vertex ``values`` and edge ``levels``.

    The lower-level entry point used by :func:`analyze`; useful when the
    samples and their graph come from elsewhere (a network's parameters).
    """
    t0 = time.perf_counter() if t0 is None else t0
    P = np.asarray(to_numpy(points), dtype=float)
    f = np.asarray(to_numpy(values), dtype=float)
    e = np.asarray(edges, dtype=np.int64)
    if not np.isfinite(f).any():
        raise InvalidArgument("the loss is not finite at any sample; shrink the box")
    if tree is None:
        tree = merge_tree(f, e, levels)
    gmin_v = int(tree.minima[0])
    gmin = float(f[gmin_v])
    err = _resolution_errors(f, e, tree.minima)
    if tol is None:
        tol = max(float(err[0]) / 4, 1e-9 * max(1.0, abs(gmin)))
    elif not (tol >= 0):
        raise InvalidArgument(f"tol={tol!r} must be a non-negative number")
    if on_boundary is None:
        if box is not None:
            b = parse_box(box)
            span = b[:, 1] - b[:, 0]
            near = np.min(np.minimum(P[tree.minima] - b[:, 0], b[:, 1] - P[tree.minima]) / span, axis=1)
            on_boundary = near <= 1e-9
        else:
            on_boundary = np.zeros(tree.minima.shape[0], bool)
    has_lower = np.zeros(f.shape[0], bool)
    if certified_levels:
        # Lipschitz levels exceed the ends by the bound's slack: a sample with a
        # lower neighbour is then born as its own component only because of the
        # slack, not because the loss rises; such births are not valleys.
        lo = (f[e[:, 0]] < f[e[:, 1]]) | ((f[e[:, 0]] == f[e[:, 1]]) & (e[:, 0] < e[:, 1]))
        has_lower[np.where(lo, e[:, 1], e[:, 0])] = True
    valleys = []
    for i, m in enumerate(tree.minima):
        bi = float(tree.birth[i])
        if not np.isfinite(bi) or has_lower[m]:
            continue
        depth = float(tree.death[i]) - bi
        if bi <= gmin + tol:
            kind = "global"
        elif bi - err[i] <= gmin + tol or depth <= err[i]:
            kind = "unresolved"
        else:
            kind = "spurious"
        valleys.append(Valley(kind, bi, float(tree.death[i]), tuple(P[m].tolist()), int(m),
                              float(err[i]), bool(on_boundary[i])))
    gpts = [v.point for v in valleys if v.kind == "global"]
    res = dict(resolution or {})
    res.update({"global_tolerance": tol,
                "rule": ("spurious iff birth - resolution_error > global_min + global_tolerance "
                         "and depth > resolution_error")})
    return Landscape(gmin, gpts, float(tol), valleys, tree, P, int(samples or P.shape[0]), res,
                     int(n_nonfinite), time.perf_counter() - t0, seed, tuple(variables))


def analyze(loss, symbols=None, box=None, *, samples: int | None = None, sampler: str = "grid",
            k: int = 8, interior: int = 3, lipschitz: float | None = None,
            tol: float | None = None, seed: int | None = 0, backend: str | None = None,
            diagonals: bool = False, progress: Callable[[str], None] | None = None,
            chunk: int = 1 << 20) -> Landscape:
    """Sample a loss in a box and analyse its sublevel sets at every level.

    Parameters
    ----------
    loss : sympy.Expr or CompiledLoss
    symbols : sequence of sympy.Symbol
        the variables (needed when ``loss`` is an expression).
    box : str or (d, 2) array
        ``"-3:3,-3:3"`` or ``[(-3, 3), (-3, 3)]``.
    samples : int
        total number of samples (for a grid: about ``samples**(1/d)`` per
        side); default ``200**2`` in 2-D, ``20**4``-ish otherwise.
    sampler : {"grid", "sobol", "uniform"}
        ``grid`` uses grid-neighbour edges; the others k-NN edges.
    k : int
        neighbours per sample for k-NN graphs.
    interior : int
        interior points checked per edge (0: ends only).
    lipschitz : float, optional
        a Lipschitz bound making edge levels certified upper bounds.
    tol : float, optional
        tolerance on "contains a global minimum"; default: a quarter of the
        resolution error ``e`` at the lowest sample (near a quadratic minimum
        the sampled minimum exceeds the true one by about ``e/8`` per
        dimension; a quarter covers two).
    seed : int
        for Sobol / uniform samples (recorded; grids do not use it).
    diagonals : bool
        grid graphs with the full Moore neighbourhood.
    progress : callable, optional
        receives one-line progress messages (the CLI prints them to stderr).

    Returns
    -------
    Landscape

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> L = analyze((x**2 - 1)**2 + x/2 + y**2, [x, y], "-2:2,-2:2", samples=101**2)
    >>> len(L.spurious)          # the tilted double well has one bad basin
    1
    """
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    if isinstance(loss, CompiledLoss):
        F = loss
    else:
        if symbols is None:
            raise InvalidArgument("symbols are needed to compile an expression")
        F = compile_loss(loss, symbols, backend)
    d = F.dim
    if box is None:
        raise InvalidArgument("box is required, e.g. box='-3:3,-3:3'")
    b = parse_box(box, d)
    if samples is not None and (not isinstance(samples, (int, np.integer)) or samples < 4):
        raise InvalidArgument(f"samples={samples!r} must be an integer >= 4")
    if sampler not in ("grid", "sobol", "uniform"):
        raise InvalidArgument(f"sampler={sampler!r}; use 'grid', 'sobol' or 'uniform'")
    n_total = int(samples) if samples is not None else (201 ** 2 if d <= 2 else max(10_000, 15 ** d))
    if n_total > 50_000_000:
        raise InvalidArgument(f"samples={n_total} is more than 5e7; the graph would not fit in memory")
    res: dict = {"sampler": sampler, "interior_points_per_edge": int(interior),
                 "lipschitz": lipschitz, "edge_level": (
                     "certified upper bound (Lipschitz)" if lipschitz is not None else
                     f"max of the loss at the ends and {interior} interior points")}
    if sampler == "grid":
        per = max(2, int(round(n_total ** (1.0 / d))))
        G = make_grid(b, per)
        say(f"grid {G.shape} = {G.size} samples")
        pts = G.points(F.backend)
        res.update({"grid_shape": list(G.shape), "spacing": G.spacing.tolist(),
                    "diagonals": bool(diagonals)})
        edges = grid_edges(G.shape, diagonals=diagonals)
        seed_used = None
    else:
        gen = sobol if sampler == "sobol" else uniform
        pts = gen(b, n_total, seed=seed, backend=F.backend)
        say(f"{sampler}: {n_total} samples (seed {seed}); k-NN graph, k={k}")
        edges = knn_edges(pts, k)
        res.update({"k": int(k)})
        seed_used = seed
    say(f"evaluating the loss at {n_total} samples")
    ev = F(pts, chunk=chunk, nonfinite="inf")
    f = np.asarray(to_numpy(ev.values), dtype=float)
    say(f"checking {edges.shape[0]} edges at {interior} interior points each")
    levels, nf_edges = segment_levels(F, pts, f, edges, interior=interior, lipschitz=lipschitz)
    say("merge tree (0-dim persistence)")
    P = np.asarray(to_numpy(pts), dtype=float)
    tree = merge_tree(f, edges, levels)
    if sampler == "grid":
        onb = G.on_boundary(tree.minima)
    else:
        # within the median edge length of a face of the box
        span = np.median(np.linalg.norm(P[edges[:, 0]] - P[edges[:, 1]], axis=1)) if edges.size else 0
        q = P[tree.minima]
        onb = np.min(np.minimum(q - b[:, 0], b[:, 1] - q), axis=1) <= span
    out = analyze_values(P, f, edges, tol=tol, box=b, on_boundary=onb, samples=n_total,
                         resolution=res, n_nonfinite=ev.n_nonfinite + nf_edges, seed=seed_used,
                         variables=tuple(map(str, F.symbols)), tree=tree, t0=t0,
                         certified_levels=lipschitz is not None)
    say(f"done in {out.seconds:.2f} s: {len(out.spurious)} spurious valley(s)")
    return out


def stderr_progress(msg: str) -> None:
    """Print a progress line on stderr (used by the CLI)."""
    print(f"[landscape] {msg}", file=sys.stderr, flush=True)

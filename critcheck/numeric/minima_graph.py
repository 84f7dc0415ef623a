"""The landscape's own graph: minima from many descents, joined through index-1 saddles.

Where a loss has tens to hundreds of parameters, sampling its sublevel sets
densely (:mod:`critcheck.numeric.sublevel`) is hopeless. The alternative of
the energy-landscape literature is to sample the graph whose vertices are the
local minima and whose edges are the transition states (index-1 saddles)
joining them; its merge tree is the sublevel-set structure at the resolution
of the minima found, and it decides "is this minimum separated from every
lower one by a barrier", i.e. whether it is the bottom of a **spurious
valley** (seed 003, Def. IV.2), in any dimension.

Pipeline (:func:`minima_graph`):

1. **Batched descents** (:func:`descend`): FIRE (fast inertial relaxation),
   vectorised over all starts at once, each row with its own time step and
   mixing parameter; a row whose loss rises is sent back and its step halved.
   Optional **basin hopping**: random kicks from the minima found, descended
   the same way.
2. **Deduplication up to symmetry**: two end points are one minimum when
   their losses agree within ``energy_tol`` and their symmetry invariants
   (:attr:`Surface.invariant`; for the two-layer ReLU net, the sorted entries
   and row / column norms, invariant under neuron and coordinate
   permutations) agree within ``xtol`` (max-norm). One representative per
   minimum is polished by Newton steps and its Hessian classified
   (:func:`critcheck.numeric.degenerate_minima.classify_minima`: strict,
   degenerate with its nullity and flat directions, or a stalled saddle).
3. **Connections**, in rounds: each strict minimum above the lowest level
   not yet joined to a lower one gets a **doubly-nudged elastic band**
   (:func:`elastic_band`; DNEB with a climbing image) to the nearest minimum
   outside its component that it has not tried (distance after
   :attr:`Surface.align`, the symmetric copy closest to it); the round's
   bands run as one batch, and rounds repeat until each is joined or
   ``neighbors`` bands were tried. Each interior local maximum of the band (the climbing
   image first, at most 3) is refined by **eigenvector following**
   (:func:`refine_saddle`) to a stationary point whose Hessian index is
   counted and recorded; the two minima an index-1 saddle joins are found by
   descents from it along both signs of its negative eigenvector (a minimum
   found there for the first time is added). Only index-1 saddles become
   edges, and only the bands needed to join each minimum to a lower one are
   run, not all pairs.
4. **Merge tree** (:func:`critcheck.numeric.persistence.merge_tree`, the code
   the grid engine uses): vertices are the minima with their losses, edges
   the saddles with theirs.

What the graph decides, and what it does not: a minimum with a positive
definite Hessian (numerically, its curvature confirmed by the quadratic
model) above the global minimum is a strict sub-optimal local minimum, hence the bottom of a spurious valley. Its
**depth** (merge level - loss) uses the lowest saddle found: the true barrier
is at most that (a lower saddle may exist that was not found). A minimum
never joined to a lower one has death ``inf`` (unknown barrier). The
database is complete only when the descents have **saturated**; the record
states how many descents found a new minimum in the last quarter of the run
and the Good-Turing estimate (minima hit exactly once / descents) of the
chance that one more descent finds a new one.

The loss interface is :mod:`critcheck.numeric.surfaces`, the descents,
bands and saddle refinement are :mod:`critcheck.numeric.transition_states`;
both are re-exported here.

The random-start descents and the band searches run on the Dask executor of
the sweeps (:func:`critcheck.distributed.map_tasks`, ``scheduler=``): the
connection phase proceeds in **rounds**; each round collects one band job
per strict minimum not yet joined to a lower one (to its nearest minimum
outside its component not yet tried) and maps them as one batch of pure
tasks (:func:`_band_task`: band, saddle refinement, index check, descents
from the saddle); the results are merged in task order, which fixes the
database whatever the executor, and the rounds repeat until every minimum
is joined or has used its ``neighbors`` bands. The flat-direction bands of
degenerate minima go to the executor too; polishing, the rest of the Hessian
classification (its probe descents are one vectorised batch) and
deduplication run in this process.

**Degenerate minima** (:mod:`critcheck.numeric.degenerate_minima`): the
Hessian's numerical nullity is recorded with its tolerance; a positive
eigenvalue counts only when a quadratic-model check along its eigenvector
confirms it; null directions are probed by moving along them and descending
again, and a band to a flat end point tells whether the minimum lies on a
connected set of equal loss. Only confirmed positive definite minima are
strict; degenerate ones are reported ``unresolved``.

References
----------
E. Bitzek, P. Koskinen, F. Gahler, M. Moseler, P. Gumbsch, "Structural
relaxation made simple", PRL 97, 170201 (2006) (FIRE). S. A. Trygubenko,
D. J. Wales, "A doubly nudged elastic band method for finding transition
states", J. Chem. Phys. 120, 2082 (2004), eqs. (2)-(5) (DNEB). G. Henkelman,
B. P. Uberuaga, H. Jonsson, J. Chem. Phys. 113, 9901 (2000) (climbing image;
improved tangent, eq. (8)-(10) of the companion paper 113, 9978). J. Baker,
J. Comput. Chem. 7, 385 (1986) (partitioned rational-function steps,
eigenvector following). O. M. Becker, M. Karplus, J. Chem. Phys. 106, 1495
(1997) (disconnectivity graphs). D. J. Wales, *Energy Landscapes*, CUP 2003,
Sec. 6.2 (databases of minima and transition states). Seed 003 (Sun et al.),
Def. IV.2.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable

import numpy as np

from ..distributed import dask_client, map_tasks
from ..errors import InvalidArgument
from .degenerate_minima import classify_minima
from .persistence import MergeTree, merge_tree
from .surfaces import Surface, relu_surface, surface_from_expr
from .transition_states import (_norms, _polish_minimum, descend, elastic_band, hessian_at,
                                refine_saddle)

__all__ = ["Surface", "Minimum", "Saddle", "GraphValley", "MinimaGraph", "descend",
           "hessian_at", "refine_saddle", "elastic_band", "minima_graph",
           "surface_from_expr", "relu_surface"]


@dataclasses.dataclass(frozen=True)
class Minimum:
    """A local minimum (up to symmetry): representative point, loss, Hessian facts.

    ``hits``: descents (from random starts) that ended here; ``first``: the
    number of the first such descent (-1: found only from a saddle or by a hop).
    ``min_eig``: smallest Hessian eigenvalue; ``hessian``: the record of
    :func:`critcheck.numeric.degenerate_minima.classify_minimum` (numerical
    rank and nullity with the tolerance used, the quadratic-model check, and
    for a degenerate minimum its flat directions and whether it lies on a
    connected set of equal loss). ``strict``: that record says ``"strict"``
    (positive definite up to ``eig_tol`` *and* the curvature confirmed along
    every eigenvector); a degenerate minimum is never strict.
    """

    x: np.ndarray
    f: float
    gnorm: float
    min_eig: float
    eig_tol: float
    hits: int
    first: int
    found_by: str
    hessian: dict = dataclasses.field(default_factory=dict)

    @property
    def classification(self) -> str:
        """``"strict"``, ``"degenerate"`` (strictness undecided) or ``"saddle"``."""
        return self.hessian.get("classification", "degenerate")

    @property
    def strict(self) -> bool:
        return self.classification == "strict"

    @property
    def index(self) -> int:
        return int(self.hessian.get("negative", int(self.min_eig < -self.eig_tol)))

    def to_record(self, variables=()) -> dict:
        return {"loss": self.f, "gradient_norm": self.gnorm, "hessian_min_eigenvalue": self.min_eig,
                "eig_tol": self.eig_tol, "strict": self.strict,
                "classification": self.classification, "hessian": self.hessian,
                "hits": self.hits, "first_descent": self.first, "found_by": self.found_by,
                "point": self.x.tolist()}


@dataclasses.dataclass(frozen=True)
class Saddle:
    """A stationary point refined from a band's highest image.

    ``joins``: the two minima reached by descents from it along ``±`` its
    lowest eigenvector (-1: none; -2: the descent escaped the bounds below the
    other minimum's loss, i.e. it leads to lower loss at infinity);
    ``pair``: the band's ends; ``band_max``: the highest band energy before
    refinement.
    """

    x: np.ndarray
    f: float
    gnorm: float
    index: int
    eigenvalues: tuple
    joins: tuple
    pair: tuple
    band_max: float

    @property
    def usable(self) -> bool:
        a, b = self.joins
        return self.index == 1 and a != b and min(a, b) >= -2 and a != -1 and b != -1 and \
            max(a, b) >= 0

    def to_record(self) -> dict:
        return {"loss": self.f, "gradient_norm": self.gnorm, "index": self.index,
                "lowest_eigenvalues": list(self.eigenvalues), "joins": list(self.joins),
                "band_pair": list(self.pair), "band_max": self.band_max, "usable": self.usable}


@dataclasses.dataclass(frozen=True)
class GraphValley:
    """A minimum's basin in the merge tree of the minima graph.

    ``kind``: ``"global"``, ``"spurious"`` (strict minimum above the global
    one), ``"unresolved"`` (degenerate Hessian: a non-strict minimum or a
    saddle of higher order the descents stalled on). ``hessian``: the
    minimum's classification statement (strict, or degenerate with its
    nullity and flat directions). ``death``: the saddle
    level at which it joins a lower minimum (``inf``: never joined);
    ``merged_into``: that minimum's number, ``-2`` when the saddle leads to
    lower loss at infinity (escaping descents), ``-1`` when never joined.
    """

    kind: str
    minimum: int
    birth: float
    death: float
    merged_into: int
    point: tuple
    hessian: str = ""

    @property
    def depth(self) -> float:
        return self.death - self.birth

    def to_record(self) -> dict:
        fin = np.isfinite(self.death)
        return {"kind": self.kind, "minimum": self.minimum, "birth": self.birth,
                "death": self.death if fin else "inf", "depth": self.depth if fin else "inf",
                "merged_into": "infinity" if self.merged_into == -2 else self.merged_into,
                "point": list(self.point), "hessian": self.hessian,
                "depth_is": "upper bound (lowest saddle found)" if fin else "unknown (never joined)"}


@dataclasses.dataclass(frozen=True)
class MinimaGraph:
    """Result of :func:`minima_graph`: minima, saddles, merge tree, search record."""

    surface: Any
    minima: list
    saddles: list
    tree: MergeTree
    energy_tol: float
    stats: dict
    seconds: float
    infinity: int = -1

    @property
    def global_min(self) -> float:
        """The lowest minimum found."""
        return float(min(m.f for m in self.minima))

    @property
    def reference_level(self) -> float:
        """The lowest loss seen: the lowest minimum, or lower where descents
        escaped the bounds while still decreasing (a minimum at infinity,
        seed 000); minima above it by more than ``energy_tol`` are not global."""
        esc = self.stats.get("escaped_min_loss")
        return self.global_min if esc is None else min(self.global_min, float(esc))

    @property
    def escaped_lower(self) -> bool:
        """True when escaping descents went below every minimum found."""
        return self.reference_level < self.global_min - self.energy_tol

    def valleys(self) -> list:
        gmin = self.reference_level
        out = []
        for pos, i in enumerate(self.tree.minima):
            if int(i) == self.infinity:
                continue
            m = self.minima[int(i)]
            if m.f <= gmin + self.energy_tol:
                kind = "global"
            elif m.strict:
                kind = "spurious"
            else:
                kind = "unresolved"
            j = int(self.tree.merged_into[pos])
            into = int(self.tree.minima[j]) if j >= 0 else -1
            out.append(GraphValley(kind, int(i), float(m.f), float(self.tree.death[pos]),
                                   -2 if (into == self.infinity and into >= 0) else into,
                                   tuple(m.x.tolist()), m.hessian.get("statement", "")))
        return out

    @property
    def spurious(self) -> list:
        return [v for v in self.valleys() if v.kind == "spurious"]

    def saturation(self) -> dict:
        return {k: self.stats[k] for k in ("descents", "converged", "new_in_last_quarter",
                                           "good_turing", "saturated")}

    def to_record(self) -> dict:
        """The JSON object of ``critcheck minima --json``."""
        return {"surface": self.surface.name, "variables": list(self.surface.variables),
                "global_min": self.global_min, "energy_tol": self.energy_tol,
                "minima": [m.to_record() for m in self.minima],
                "saddles": [s.to_record() for s in self.saddles],
                "valleys": [v.to_record() for v in self.valleys()],
                "spurious_valleys": [v.to_record() for v in self.spurious],
                "search": self.stats, "seconds": round(self.seconds, 3)}


class _Registry:
    """Minima up to symmetry: same loss within ``energy_tol`` and invariants within ``xtol``."""

    def __init__(self, surface, energy_tol, xtol):
        self.s, self.etol, self.xtol = surface, energy_tol, xtol
        self.f: list = []
        self.inv: list = []

    def _inv(self, X):
        X = np.atleast_2d(X)
        return self.s.invariant(X) if self.s.invariant is not None else X

    def match(self, x, f) -> int:
        if not self.f:
            return -1
        inv = self._inv(x)[0]
        F = np.asarray(self.f)
        near = np.flatnonzero(np.abs(F - f) <= self.etol)
        for i in near:
            if np.max(np.abs(self.inv[i] - inv)) <= self.xtol:
                return int(i)
        return -1

    def add(self, x, f) -> int:
        self.f.append(float(f))
        self.inv.append(self._inv(x)[0])
        return len(self.f) - 1


def _distance(surface, a, b):
    bb = surface.align(a, b) if surface.align is not None else b
    return float(np.linalg.norm(bb - a)), bb


class _UF:
    def __init__(self):
        self.p: list = []

    def add(self):
        self.p.append(len(self.p))

    def find(self, x):
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        self.p[self.find(a)] = self.find(b)


def minima_graph(surface: Surface, *, descents: int = 200, seed: int = 0, hops: int = 0,
                 hop_size: float | None = None, neighbors: int = 3, gtol: float = 1e-6,
                 max_steps: int = 20000, energy_tol: float | None = None, xtol: float = 1e-3,
                 band_images: int = 14, band_steps: int = 300, batch: int = 1000,
                 starts=None, scheduler: str | None = "serial", workers: int = 2,
                 progress: Callable[[str], None] | None = None) -> MinimaGraph:
    """Build the minima-saddle database of ``surface`` and its merge tree.

    Parameters
    ----------
    descents : int
        descents from ``surface.init`` starts (seeded by ``seed``).
    hops : int
        basin-hopping kicks per minimum found (Gaussian, ``hop_size``
        times ``surface.scale``, default 0.3), each followed by a descent.
    neighbors : int
        at most this many bands per minimum, each to the nearest minimum (after
        alignment) not yet in its component, until it is joined to a lower one.
    gtol : float
        a descent has converged when the gradient norm is at most ``gtol``.
    scheduler : {"serial", None, address}
        where the random-start descents run: ``"serial"`` (default) in this
        process, vectorised in chunks of ``batch``; ``None`` a local Dask
        cluster of ``workers`` processes; ``"tcp://host:port"`` an existing
        one (:func:`critcheck.distributed.map_tasks`). The same executor runs
        the elastic bands: each connection round's bands (with their saddle
        refinement, index check and descents from the saddle) are one batch
        of pure tasks, merged here in task order. The starts are drawn here
        and the merge order is fixed, so the result does not depend on the
        executor. A local cluster is started once for the whole run.
    starts : array (m, dim), optional
        extra starting points (e.g. near a constructed minimum); their end
        points are recorded (``stats["seeded_ends"]``: minimum numbers, -1 when
        not converged) but do not enter the saturation figures.
    energy_tol, xtol : float
        deduplication tolerances (loss; max-norm of the symmetry invariants);
        ``energy_tol`` (default ``1e-7 max(1, |F|)`` of the lowest end point)
        is also the tolerance of "is a global minimum".

    Returns
    -------
    MinimaGraph

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> S = surface_from_expr((x**2 - 1)**2 + x/2 + y**2, [x, y], "-2:2,-2:2")
    >>> G = minima_graph(S, descents=40, seed=1)
    >>> [round(v.depth, 4) for v in G.spurious]   # the tilted double well: one bad basin
    [0.5483]
    """
    if not isinstance(descents, (int, np.integer)) or descents < 1:
        raise InvalidArgument(f"descents={descents!r} must be a positive integer")
    if neighbors < 1:
        raise InvalidArgument(f"neighbors={neighbors!r} must be at least 1")
    kw = dict(descents=descents, seed=seed, hops=hops, hop_size=hop_size, neighbors=neighbors,
              gtol=gtol, max_steps=max_steps, energy_tol=energy_tol, xtol=xtol,
              band_images=band_images, band_steps=band_steps, batch=batch, starts=starts,
              scheduler=scheduler, workers=workers, progress=progress)
    if scheduler == "serial":
        return _build(surface, None, **kw)
    with dask_client(scheduler, workers) as client:  # one cluster for descents and bands
        return _build(surface, client, **kw)


def _build(surface, client, *, descents, seed, hops, hop_size, neighbors, gtol, max_steps,
           energy_tol, xtol, band_images, band_steps, batch, starts, scheduler, workers,
           progress) -> MinimaGraph:
    """:func:`minima_graph` with the executor open (``client`` None: this process)."""
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    rng = np.random.default_rng(seed)
    say(f"{descents} descents in {surface.dim} dimensions ({surface.name})")
    ends = {"x": [], "f": [], "converged": [], "escaped": [], "steps": []}
    X0 = surface.init(rng, descents)  # all starts drawn here: results do not depend on the executor
    chunks = [X0[lo:lo + batch] for lo in range(0, descents, batch)]
    if client is not None:
        per = -(-descents // max(1, int(workers)))
        chunks = [X0[lo:lo + min(per, batch)] for lo in range(0, descents, min(per, batch))]
        say(f"descents in {len(chunks)} tasks on Dask "
            f"({'a local cluster of ' + str(workers) + ' workers' if scheduler is None else scheduler})")
        results = map_tasks(_descend_task, [(surface, c, gtol, max_steps) for c in chunks],
                            client=client,
                            progress=lambda done, total: say(f"descent tasks {done}/{total} done"))
    else:
        results = []
        for c in chunks:
            results.append(descend(surface, c, gtol=gtol, max_steps=max_steps, progress=say))
    done_n = 0
    for r in results:
        done_n += r["x"].shape[0]
        for k in ends:
            ends[k].append(r[k])
        say(f"descents {done_n}/{descents}: {int(r['converged'].sum())} converged, "
            f"{int(r['escaped'].sum())} escaped")
    X = np.concatenate(ends["x"])
    Fv = np.concatenate(ends["f"])
    conv = np.concatenate(ends["converged"])
    esc = np.concatenate(ends["escaped"])
    nsteps = np.concatenate(ends["steps"])
    if not conv.any():
        raise InvalidArgument(
            f"none of {descents} descents converged to gradient norm {gtol:g} within "
            f"{max_steps} steps ({int(esc.sum())} escaped the box); raise max_steps or gtol")
    if energy_tol is None:
        energy_tol = 1e-7 * max(1.0, abs(float(np.min(Fv[conv]))))
    reg = _Registry(surface, max(energy_tol, 10 * gtol * surface.scale), xtol)
    label = np.full(descents, -1, dtype=np.int64)
    reps: list = []      # (x, f, found_by, first)
    hits: list = []
    new_at = []
    for i in range(descents):
        if not conv[i]:
            continue
        j = reg.match(X[i], Fv[i])
        if j < 0:
            j = reg.add(X[i], Fv[i])
            reps.append([X[i], Fv[i], "descent", i])
            hits.append(0)
            new_at.append(i)
        hits[j] += 1
        label[i] = j
    say(f"{len(reps)} distinct minima (up to symmetry) from {int(conv.sum())} converged descents")

    # seeded starts (e.g. near a constructed point): kept out of the saturation figures
    seeded = []
    if starts is not None:
        S0 = np.atleast_2d(np.asarray(starts, dtype=float))
        r = descend(surface, S0, gtol=gtol, max_steps=max_steps)
        for xx, ff, ok in zip(r["x"], r["f"], r["converged"]):
            j = -1
            if ok:
                j = reg.match(xx, ff)
                if j < 0:
                    j = reg.add(xx, ff)
                    reps.append([xx, ff, "seeded", -1])
                    hits.append(0)
            seeded.append(int(j))
        say(f"{S0.shape[0]} seeded starts: {int(r['converged'].sum())} converged")

    # basin hopping
    hop_new = 0
    if hops > 0:
        hs = (0.3 if hop_size is None else hop_size) * surface.scale
        base = np.array([r[0] for r in reps])
        starts = np.repeat(base, hops, axis=0) + hs * rng.standard_normal((base.shape[0] * hops, surface.dim))
        r = descend(surface, starts, gtol=gtol, max_steps=max_steps, progress=say)
        for xx, ff, ok in zip(r["x"], r["f"], r["converged"]):
            if ok and reg.match(xx, ff) < 0:
                reg.add(xx, ff)
                reps.append([xx, ff, "hop", -1])
                hits.append(0)
                hop_new += 1
        say(f"basin hopping: {starts.shape[0]} kicks, {hop_new} new minima")

    minima: list = []
    dedup_tol = reg.etol

    def flat_mapper(func, tasks):
        """The flat-direction bands of degenerate minima, on the executor when there is one."""
        if client is None or len(tasks) < 2:
            return [func(t) for t in tasks]
        return map_tasks(func, tasks, client=client,
                         progress=lambda d, n: say(f"flat-direction bands {d}/{n} done"))

    def finish_many(items):
        """Polish each (x, f, found_by, first, hits) by Newton steps, then classify the
        Hessians together (the null-direction probes of all in one batch of descents)."""
        pol = [_polish_minimum(surface, np.asarray(it[0], dtype=float), 1e-3 * gtol)
               for it in items]
        recs = classify_minima(surface, [p[0] for p in pol], energy_tol=dedup_tol, gtol=gtol,
                               max_steps=max_steps, band_images=band_images,
                               band_steps=band_steps,
                               mapper=None if client is None else flat_mapper)
        for (xp, gn), rec, (_, _, by, first, h) in zip(pol, recs, items):
            minima.append(Minimum(xp, float(surface.value(xp[None])[0]), gn,
                                  float(rec["lowest_eigenvalues"][0]), float(rec["eig_tol"]),
                                  h, first, by, rec))

    def finish_min(x, f, found_by, first, h):
        finish_many([(x, f, found_by, first, h)])
        return len(minima) - 1

    finish_many([(x, f, by, first, h) for (x, f, by, first), h in zip(reps, hits)])
    ndeg = sum(1 for m in minima if not m.strict)
    say(f"polished every minimum (Newton), Hessian rank and curvature checked: "
        f"{len(minima) - ndeg} strict, {ndeg} degenerate or saddle")

    # connections: rounds of band jobs, each round one batch on the executor
    uf = _UF()
    for _ in minima:
        uf.add()
    saddles: list = []
    bands = 0
    opts = {"images": band_images, "steps": band_steps, "gtol": gtol, "max_steps": max_steps}

    def classify(x):
        f = float(surface.value(x[None])[0])
        j = reg.match(x, f)
        if j < 0:
            j = reg.add(x, f)
            uf.add()
            finish_min(x, f, "saddle", -1, 0)
        return j

    def run_bands(jobs, what):
        """``jobs``: (i, j, xb, peaks); one :func:`_band_task` each, in one batch."""
        tasks = [(surface, minima[i].x, xb, {**opts, "peaks": pk}) for i, _, xb, pk in jobs]
        rep = (lambda done, total: say(f"{what}: {done}/{total} bands done"))
        if client is None:
            return map_tasks(_band_task, tasks, scheduler="serial", progress=rep)
        return map_tasks(_band_task, tasks, client=client, progress=rep)

    tried: dict = {}
    rounds = 0
    skipped: set = set()
    while True:
        order = sorted(range(len(minima)), key=lambda i: (minima[i].f, i))
        low = minima[order[0]].f
        jobs = []
        for i in order[1:]:
            if minima[i].f <= low + energy_tol or not minima[i].strict:
                # the lowest level (all global, or a flat set of them), and degenerate
                # minima (reported unresolved), are not joined: no valley to measure
                skipped.add(i)
                continue
            skipped.discard(i)
            seen = tried.setdefault(i, set())
            if len(seen) >= neighbors or _joined_lower(uf, minima, i):
                continue
            # nearest minimum (after alignment) outside i's component not yet tried, lower
            # or higher: a band to a higher neighbour may find the saddle that leads down
            ri = uf.find(i)
            cand = sorted(((*_distance(surface, minima[i].x, minima[j].x), j)
                           for j in range(len(minima)) if uf.find(j) != ri and j not in seen),
                          key=lambda t: (t[0], t[2]))
            if cand:
                jobs.append((i, cand[0][2], cand[0][1], 3))
        if not jobs:
            break
        rounds += 1
        say(f"band round {rounds}: {len(jobs)} bands (minima not yet joined to a lower one)")
        results = run_bands(jobs, f"band round {rounds}")
        for (i, j, _, _), res in zip(jobs, results):
            tried[i].add(j)
            bands += 1
            for pk in res["peaks"]:
                joins = (-1, -1)
                if pk["ends"] is not None:
                    e = pk["ends"]
                    joins = tuple(classify(xx) if ok else -1 for xx, ok in zip(e["x"], e["converged"]))
                sdl = Saddle(pk["x"], pk["f"], pk["gnorm"], pk["index"], tuple(pk["eigenvalues"]),
                             joins, (i, j), res["band_max"])
                saddles.append(sdl)
                if sdl.usable:
                    uf.union(*joins)
        for i, *_ in jobs:
            say(f"minimum {i} (loss {minima[i].f:.6g}): {len(tried[i])} bands, "
                f"{'joined' if _joined_lower(uf, minima, i) else 'NOT joined'} to a lower minimum")

    # lower loss at infinity: descents that escaped the bounds below a strict minimum
    # that no saddle joins to a lower one; one band to the nearest such end point
    esc_idx = np.flatnonzero(esc & np.isfinite(Fv))
    escape_bands = 0
    if esc_idx.size:
        jobs = []
        for i in sorted(range(len(minima)), key=lambda i: (minima[i].f, i)):
            m = minima[i]
            below = esc_idx[Fv[esc_idx] < m.f - energy_tol]
            if not m.strict or below.size == 0 or _joined_lower(uf, minima, i):
                continue
            e = below[np.argmin(np.linalg.norm(X[below] - m.x, axis=1))]
            jobs.append((i, int(e), X[e], 1))
        results = run_bands(jobs, "bands towards escaped descents") if jobs else []
        for (i, e, _, _), res in zip(jobs, results):
            m = minima[i]
            escape_bands += 1
            bands += 1
            (pk,) = res["peaks"]
            joins = (-1, -1)
            if pk["ends"] is not None:
                en = pk["ends"]
                joins = tuple(classify(xx) if ok else (-2 if gone and ff < m.f - energy_tol else -1)
                              for xx, ff, ok, gone in zip(en["x"], en["f"], en["converged"],
                                                          en["escaped"]))
            sdl = Saddle(pk["x"], pk["f"], pk["gnorm"], pk["index"], tuple(pk["eigenvalues"]),
                         joins, (i, -2), res["band_max"])
            saddles.append(sdl)
            say(f"minimum {i} (loss {m.f:.6g}): band towards an escaped descent (loss "
                f"{Fv[e]:.6g}); saddle of index {pk['index']} joins {joins}")

    use = [s for s in saddles if s.usable]
    vals = [m.f for m in minima]
    infinity = -1
    if any(-2 in s.joins for s in use):
        infinity = len(vals)
        vals.append(float(np.min(Fv[esc_idx])))
    vals = np.array(vals)
    edges = np.array([[infinity if j == -2 else j for j in s.joins] for s in use],
                     dtype=np.int64).reshape(-1, 2)
    w = np.array([s.f for s in use], dtype=float)
    tree = merge_tree(vals, edges, w)
    q = max(1, descents // 4)
    conv_idx = np.flatnonzero(conv)
    once = sum(1 for h in hits if h == 1)
    late = sum(1 for i in new_at if i >= descents - q)
    fin_esc = Fv[esc & np.isfinite(Fv)]
    stats = {"descents": int(descents), "seed": seed, "converged": int(conv.sum()),
             "escaped": int(esc.sum()),
             "escaped_min_loss": float(fin_esc.min()) if fin_esc.size else None, "unconverged": int((~conv & ~esc).sum()),
             "gtol": gtol, "median_steps": float(np.median(nsteps[conv_idx])),
             "max_steps": int(max_steps), "distinct_minima": len(minima),
             "minima_from_descents": len(new_at), "minima_from_hops": hop_new,
             "minima_from_saddles": sum(1 for m in minima if m.found_by == "saddle"),
             "first_hit_of_each_minimum": new_at,
             "new_in_last_quarter": int(late), "last_quarter": int(q),
             "good_turing": once / max(1, int(conv.sum())),
             "saturated": bool(late == 0 and hop_new == 0),
             "seeded_ends": seeded,
             "bands": bands, "saddles_refined": len(saddles),
             "not_joined_lowest_level_or_degenerate": len(skipped),
             "bands_towards_infinity": escape_bands,
             "saddles_index_1": sum(1 for s in saddles if s.index == 1), "edges": len(use),
             "energy_tol": energy_tol, "dedup_xtol": xtol,
             "dedup_rule": ("same minimum iff |dF| <= energy_tol and max-norm of the symmetry "
                            "invariants <= xtol"),
             "band_rounds": rounds,
             "degenerate_minima": sum(1 for m in minima if m.classification == "degenerate"),
             "degenerate_on_equal_loss_set": sum(1 for m in minima
                                                 if m.hessian.get("on_equal_loss_set")),
             "stalled_on_saddles": sum(1 for m in minima if m.classification == "saddle"),
             "executor": ("vectorised, this process" if scheduler == "serial" else
                          f"Dask ({'local cluster, ' + str(workers) + ' workers' if scheduler is None else scheduler})"
                          " for the descents and the band rounds")}
    say(f"merge tree: {len(minima)} minima, {len(use)} index-1 saddles used, "
        f"{time.perf_counter() - t0:.1f} s")
    return MinimaGraph(surface, minima, saddles, tree, float(energy_tol), stats,
                       time.perf_counter() - t0, infinity)


def _descend_task(task) -> dict:
    """One Dask task: ``(surface, starts, gtol, max_steps)`` -> :func:`descend`'s dict."""
    surface, X0, gtol, max_steps = task
    return descend(surface, X0, gtol=gtol, max_steps=max_steps)


def _band_task(task) -> dict:
    """One band job, a pure function of ``(surface, a, b, options)`` (a Dask task).

    A doubly-nudged elastic band from ``a`` to ``b``; its interior local maxima
    (the climbing image first, at most ``options["peaks"]``) each refined by
    eigenvector following to a stationary point whose Hessian index is
    counted; from each converged index-1 one, two descents along ``±`` its
    negative eigenvector (step a tenth of the band's spacing). Returns
    ``band_max`` and ``peaks``: per refined point ``x, f, gnorm, index,
    eigenvalues`` and ``ends`` (the descents' ``x, f, converged, escaped``;
    ``None`` unless index 1 and converged). Which minima the ends are is
    decided by the caller, in task order, so the database does not depend on
    the executor.
    """
    surface, a, b, o = task
    band = elastic_band(surface, a, b, images=o["images"], steps=o["steps"])
    E = band["energies"]
    if o["peaks"] > 1:
        peaks = [c for c in range(1, E.shape[0] - 1) if E[c] > E[c - 1] and E[c] >= E[c + 1]]
        peaks = sorted(set(peaks) | {band["climbing"]}, key=lambda c: (-E[c], c))[:o["peaks"]]
    else:
        peaks = [band["climbing"]]
    spacing = float(np.mean(_norms(np.diff(band["path"], axis=0))))
    out = []
    for c in peaks:
        sd = refine_saddle(surface, band["path"][c])
        ends = None
        if sd["index"] == 1 and sd["converged"]:
            u = sd["direction"]
            delta = max(0.1 * spacing, 1e-4 * surface.scale)
            r = descend(surface, np.stack([sd["x"] + delta * u, sd["x"] - delta * u]),
                        gtol=o["gtol"], max_steps=o["max_steps"])
            ends = {k: r[k] for k in ("x", "f", "converged", "escaped")}
        out.append({"x": sd["x"], "f": sd["f"], "gnorm": sd["gnorm"], "index": sd["index"],
                    "eigenvalues": list(sd["eigenvalues"]), "ends": ends})
    return {"band_max": float(np.max(E)), "peaks": out}


def _joined_lower(uf, minima, i) -> bool:
    """Is minimum ``i`` in one component with a minimum before it in the
    (loss, index) order?"""
    r = uf.find(i)
    key = (minima[i].f, i)
    return any(uf.find(j) == r and (minima[j].f, j) < key for j in range(len(minima)) if j != i)

"""Numeric critical points: batched multistart, deduplication, Hessian index, exact re-check.

Critical points of ``F`` are the zeros of ``g = grad F``. From many starts at
once we minimise ``|g|^2`` by a batched Levenberg--Marquardt iteration (the
Jacobian of ``g`` is the Hessian ``H``): ``(H^2 + mu I) s = -H g``, with
``mu`` adapted per start. Converged points (``|g| <= gtol``) are
deduplicated (points closer than ``dedupe`` merge) and classified by the
eigenvalues of ``H``: the **index** is the number of negative eigenvalues;
eigenvalues within ``eig_tol`` of 0 make the point *degenerate* (numerics
cannot classify it).

For a symbolic loss, each minimum may be handed to
:func:`verify_exactly`: the coordinates are rationalised / recognised with
:func:`sympy.nsimplify`, and the gradient is substituted *exactly*; only
when every component simplifies to 0 is the point reported as an exact
critical point, and only when every leading principal minor of the exact
Hessian is positive (Sylvester) as an exact strict local minimum. Otherwise
the point stays "numeric only". References: seed 003, Sec. II (critical
point, index, Def. of local minimum).
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np
import sympy

from ..errors import BudgetExceeded, InvalidArgument
from .compile import compile_loss, compile_vector

__all__ = ["CriticalPoint", "find_critical_points", "verify_exactly"]


@dataclasses.dataclass(frozen=True)
class CriticalPoint:
    """A numerically found critical point.

    ``kind`` is ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"degenerate"``;
    ``index`` the number of negative Hessian eigenvalues; ``exact`` a dict
    from :func:`verify_exactly` (or None when not attempted).
    """

    point: tuple
    value: float
    grad_norm: float
    eigenvalues: tuple
    index: int
    kind: str
    hits: int
    exact: dict | None = None

    def to_record(self) -> dict:
        rec = dataclasses.asdict(self)
        rec["point"] = list(self.point)
        rec["eigenvalues"] = list(self.eigenvalues)
        return rec


def _lm(G, H, X, iters, gtol):
    n, d = X.shape
    mu = np.full(n, 1e-3)
    eye = np.eye(d)
    g = G(X)
    r = np.einsum("ij,ij->i", g, g)
    for _ in range(iters):
        active = np.isfinite(r) & (r > gtol ** 2)
        if not active.any():
            break
        Hx = H(X).reshape(n, d, d)
        A = Hx @ Hx + mu[:, None, None] * eye
        rhs = -np.einsum("nij,nj->ni", Hx, g)
        try:
            s = np.linalg.solve(A, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            s = np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(A, rhs)])
        Xn = np.where(active[:, None], X + s, X)
        gn = G(Xn)
        rn = np.einsum("ij,ij->i", gn, gn)
        better = active & np.isfinite(rn) & (rn < r)
        X = np.where(better[:, None], Xn, X)
        g = np.where(better[:, None], gn, g)
        r = np.where(better, rn, r)
        mu = np.where(better, mu / 3, np.where(active, mu * 4, mu))
        mu = np.clip(mu, 1e-12, 1e12)
    return X, np.sqrt(r)


def find_critical_points(expr, symbols: Sequence[sympy.Symbol], box, n_starts: int = 256,
                         seed: int | None = 0, gtol: float = 1e-10, iters: int = 200,
                         dedupe: float = 1e-5, eig_tol: float = 1e-7,
                         exact: bool = False, exact_budget: float = 5.0) -> list[CriticalPoint]:
    """Multistart search for the critical points of ``expr`` in ``box``.

    Parameters
    ----------
    expr : sympy.Expr
    symbols : sequence of sympy.Symbol
    box : str or (d, 2) array
        where the starts are drawn (Sobol, seeded); points found outside are kept.
    n_starts : int
    gtol : float
        converged when ``|grad F| <= gtol``.
    dedupe : float
        points closer than this (max-norm) are the same point.
    eig_tol : float
        Hessian eigenvalues with ``|lambda| <= eig_tol`` count as zero (degenerate).
    exact : bool
        try :func:`verify_exactly` on every minimum.

    Returns
    -------
    list of CriticalPoint, sorted by value.

    Examples
    --------
    >>> x, y = sympy.symbols("x y", real=True)
    >>> pts = find_critical_points((x**2 - 1)**2 + y**2, [x, y], "-2:2,-2:2", n_starts=64)
    >>> [(p.kind, round(p.point[0], 6)) for p in pts]
    [('minimum', -1.0), ('minimum', 1.0), ('saddle', 0.0)]
    """
    from .samplers import sobol

    symbols = list(symbols)
    d = len(symbols)
    if not isinstance(n_starts, (int, np.integer)) or n_starts < 1:
        raise InvalidArgument(f"n_starts={n_starts!r} must be a positive integer")
    F = compile_loss(expr, symbols)
    grad = [sympy.diff(expr, s) for s in symbols]
    G = compile_vector(grad, symbols)
    H = compile_vector([sympy.diff(gi, s) for gi in grad for s in symbols], symbols)
    X0 = np.asarray(sobol(box, int(n_starts), seed=seed))
    with np.errstate(all="ignore"):
        X, gn = _lm(G, H, X0, iters, gtol)
    ok = np.isfinite(gn) & (gn <= gtol * 10)
    X, gn = X[ok], gn[ok]
    # dedupe: points within `dedupe` (max-norm) are linked; each connected cluster is
    # represented by its member with the smallest gradient norm
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    reps, hits = [], []
    if X.shape[0]:
        pairs = cKDTree(X).query_pairs(dedupe, p=np.inf, output_type="ndarray")
        m = X.shape[0]
        adj = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(m, m))
        _, lab = connected_components(adj, directed=False)
        order = np.lexsort((gn, lab))  # by cluster, then by gradient norm
        first = np.r_[True, lab[order][1:] != lab[order][:-1]]
        reps = order[first].tolist()
        hits = np.bincount(lab)[lab[order][first]].tolist()
    out = []
    if reps:
        R = X[reps]
        Hs = np.asarray(H(R)).reshape(len(reps), d, d)
        vals = np.asarray(F.values(R))
        for r, Hm, val, h, g in zip(R, Hs, vals, hits, gn[reps]):
            ev = np.linalg.eigvalsh((Hm + Hm.T) / 2)
            idx = int((ev < -eig_tol).sum())
            if np.any(np.abs(ev) <= eig_tol):
                kind = "degenerate"
            elif idx == 0:
                kind = "minimum"
            elif idx == d:
                kind = "maximum"
            else:
                kind = "saddle"
            cp = CriticalPoint(tuple(r.tolist()), float(val), float(g), tuple(ev.tolist()), idx,
                               kind, int(h))
            if exact and kind in ("minimum", "degenerate"):
                cp = dataclasses.replace(cp, exact=verify_exactly(expr, symbols, r,
                                                                  budget=exact_budget))
            out.append(cp)
    out.sort(key=lambda c: (c.value, c.point))
    return out


def verify_exactly(expr, symbols: Sequence[sympy.Symbol], point, budget: float = 5.0,
                   tolerance: float = 1e-8) -> dict:
    """Try to confirm a numeric critical point exactly.

    Returns a dict with ``status`` one of ``"exact strict local minimum"``,
    ``"exact critical point"`` (minimality not certified), ``"not verified"``;
    and ``point`` (the exact point as strings) when one was found.
    Nothing here trusts floats: the decision is SymPy's exact simplification.
    """
    from ..budget import time_budget

    symbols = list(symbols)
    grad = [sympy.diff(expr, s) for s in symbols]
    try:
        with time_budget(budget, what="exact verification"):
            cand = {s: sympy.nsimplify(float(c), tolerance=tolerance, rational=False)
                    for s, c in zip(symbols, point)}
            if not all(sympy.simplify(g.subs(cand)) == 0 for g in grad):
                # the rational guess failed; try SymPy's solver, keeping only a nearby root
                sols = sympy.solve(grad, symbols, dict=True)
                best = None
                for sol in sols:
                    if set(sol) != set(symbols):
                        continue
                    try:
                        num = [complex(sympy.N(sol[s])) for s in symbols]
                    except (TypeError, ValueError):
                        continue
                    if all(abs(z.imag) < 1e-12 for z in num) and max(
                            abs(z.real - c) for z, c in zip(num, point)) < 1e-6:
                        best = sol
                        break
                if best is None:
                    return {"status": "not verified", "reason": "no exact point found nearby"}
                cand = best
                if not all(sympy.simplify(g.subs(cand)) == 0 for g in grad):
                    return {"status": "not verified", "reason": "solver root failed the re-check"}
            Hm = sympy.hessian(expr, symbols).subs(cand)
            minors = [sympy.simplify(Hm[:k, :k].det()) for k in range(1, len(symbols) + 1)]
            strict = all(m.is_positive is True for m in minors)
    except BudgetExceeded:
        return {"status": "not verified", "reason": f"exact check ran past {budget} s"}
    rec = {"point": {str(s): str(v) for s, v in cand.items()},
           "gradient": "exactly 0 (SymPy simplify)"}
    if strict:
        rec.update(status="exact strict local minimum",
                   hessian="all leading principal minors exactly positive (Sylvester)")
    else:
        rec.update(status="exact critical point", hessian="not certified positive definite")
    return rec

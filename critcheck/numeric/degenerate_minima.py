"""Is a numerical minimum strict, or degenerate -- and if degenerate, on a flat set?

A descent ends where the gradient is small; whether the end point is a
*strict* local minimum is read off the Hessian there. Numerically that needs
care (seed 003, Sec. III and Def. IV.2; the non-strict minima of its
Prop. IV.1 and Claim IV.1 are of this kind): near a degenerate minimum such as
:math:`x^4 + y^2` a descent stops at :math:`|x| \\approx (g_{tol}/4)^{1/3}`,
where the Hessian eigenvalue :math:`12x^2` is small but positive, and a bare
eigenvalue test would call the point strict. :func:`classify_minimum`
therefore decides in three steps.

1. **Numerical rank.** Eigenvalues :math:`\\lambda_i` of the Hessian with
   :math:`|\\lambda_i| \\le \\tau = 10^{-6}\\max_j|\\lambda_j|` are null
   (the tolerance is recorded); negative ones beyond :math:`\\tau` make the
   point a saddle the descent stalled on.
2. **Curvature confirmed by the quadratic model.** Along every eigenvector
   :math:`u_i` with :math:`\\lambda_i > \\tau` the one-sided second
   differences

   .. math::  d_\\pm = \\frac{2\\,(F(x \\pm t_i u_i) - F(x) \\mp t_i\\, g\\cdot u_i)}{t_i^2},
              \\qquad \\tfrac12 \\lambda_i t_i^2 = \\eta ,

   must agree with :math:`\\lambda_i` within 25 %. At a nondegenerate
   minimum the quadratic term dominates at the scale :math:`t_i`, so
   :math:`d_\\pm/\\lambda_i - 1 = O(F''' t_i/\\lambda_i)` is small; where the
   curvature is an artefact of stopping short of a degenerate point (a
   quartic or cubic direction) the higher-order terms dominate and the test
   fails. Such directions count as numerically null too.
   :math:`\\eta = 10^{-11}\\max(1, |F|)`, four orders above the loss's
   rounding.
3. **Flat directions.** From :math:`x \\pm t u` along each (numerically)
   null direction (at most ``max_probe`` of them, probe step ``t``) a descent
   is run. It is *flat* when it ends at loss within ``energy_tol`` of
   :math:`F(x)` at distance at least :math:`t/2` from :math:`x` (it did not
   come back); *rising* when it comes back within :math:`t/2` at the same
   loss while :math:`F(x \\pm tu) > F(x) + ` ``energy_tol``; *lower* when it
   reaches loss below :math:`F(x) -` ``energy_tol``. For the farthest flat
   end point :math:`y` a doubly-nudged elastic band from :math:`x` to
   :math:`y` is relaxed; if no image rises above :math:`F(x) +` ``energy_tol``
   the minimum lies on a connected set of equal loss (within ``energy_tol``,
   at the band's images).

Only step 1-2's "positive definite and confirmed" is reported ``strict``;
everything else is ``degenerate`` (strictness undecided) or ``saddle``. A
degenerate minimum is never called strict: a rising null direction means
that higher-order terms lift the loss at the probe's scale, not that the
minimum is strict.

References
----------
J. Nocedal, S. J. Wright, *Numerical Optimization*, 2nd ed., Springer 2006,
Thm. 2.3-2.4 (second-order necessary and sufficient conditions) and Sec. 8.1
(finite-difference second derivatives). D. J. Wales, *Energy Landscapes*,
CUP 2003, Sec. 6.2 (zero Hessian eigenvalues of continuous symmetries).
Seed 003 (Sun et al.), Def. IV.2, Prop. IV.1, Claim IV.1.
"""

from __future__ import annotations

import numpy as np

from .surfaces import Surface
from .transition_states import _eig_tol, descend, elastic_band, elastic_bands, hessian_at

__all__ = ["classify_minimum", "classify_minima", "MODEL_TOL"]

MODEL_TOL = 0.25  # |d_pm / lambda - 1| allowed by the quadratic-model check


def _curvature_check(surface, x, F, g, lam, U, tol):
    """Step 2: which eigen-directions with lambda > tol the quadratic model confirms."""
    eta = 1e-11 * max(1.0, abs(F))
    pos = np.flatnonzero(lam > tol)
    if pos.size == 0:
        return eta, np.zeros(0, dtype=bool), pos, np.zeros((0, 2))
    t = np.sqrt(2 * eta / lam[pos])
    Up = U[:, pos].T
    P = np.concatenate([x + t[:, None] * Up, x - t[:, None] * Up])
    with np.errstate(all="ignore"):
        f = np.asarray(surface.value(P), dtype=float)
    gu = Up @ g
    n = pos.size
    dp = 2 * (f[:n] - F - t * gu) / t ** 2
    dm = 2 * (f[n:] - F + t * gu) / t ** 2
    ratio = np.stack([dp, dm], axis=1) / lam[pos][:, None]
    ok = np.all(np.isfinite(ratio) & (np.abs(ratio - 1) <= MODEL_TOL), axis=1)
    return eta, ok, pos, ratio


def classify_minimum(surface: Surface, x, *, energy_tol: float, gtol: float = 1e-6,
                     max_steps: int = 20000, probe: float = 0.05, max_probe: int = 4,
                     band_images: int = 14, band_steps: int = 300) -> dict:
    """Numerical rank, curvature check and flat directions at a descent's end point ``x``.

    Parameters
    ----------
    energy_tol : float
        losses within this of :math:`F(x)` count as equal (the database's
        deduplication tolerance).
    probe : float
        probe step along null directions, in units of ``surface.scale``.
    max_probe : int
        at most this many null directions probed (smallest :math:`|\\lambda|` first).

    Returns
    -------
    dict (JSON-ready): ``classification`` (``"strict"``, ``"degenerate"``,
    ``"saddle"``), ``statement`` (one sentence), ``eig_tol``, ``rank``,
    ``nullity`` (``|lambda| <= eig_tol``), ``unconfirmed`` (eigenvalues above
    ``eig_tol`` the quadratic model did not confirm), ``numerical_nullity``
    (their sum), ``negative``, ``lowest_eigenvalues``, ``model_eta``,
    ``model_tol``, ``worst_model_ratio``; for degenerate points also
    ``probe_step``, ``probes`` (per direction and sign: ``kind``, end loss,
    distance), ``flat_directions``, ``on_equal_loss_set`` (True / False /
    None when no flat direction) and ``band_max_minus_loss``.

    Examples
    --------
    >>> import sympy
    >>> from critcheck.numeric.surfaces import surface_from_expr
    >>> x, y = sympy.symbols("x y", real=True)
    >>> S = surface_from_expr((x**2 + y**2 - 1)**2, [x, y], "-2:2,-2:2")
    >>> r = classify_minimum(S, [1.0, 0.0], energy_tol=1e-6)
    >>> r["classification"], r["nullity"], r["flat_directions"], r["on_equal_loss_set"]
    ('degenerate', 1, 1, True)
    """
    return classify_minima(surface, [x], energy_tol=energy_tol, gtol=gtol, max_steps=max_steps,
                           probe=probe, max_probe=max_probe, band_images=band_images,
                           band_steps=band_steps)[0]


def classify_minima(surface: Surface, points, *, energy_tol: float, gtol: float = 1e-6,
                    max_steps: int = 20000, probe: float = 0.05, max_probe: int = 4,
                    band_images: int = 14, band_steps: int = 300, mapper=None) -> list:
    """:func:`classify_minimum` for several points, the probe descents of all of them
    in one vectorised batch; one record per point, in order.

    ``mapper(func, tasks) -> list`` runs the flat-direction bands (pure tasks
    :func:`_flat_band_task`), e.g. on the Dask executor of
    :func:`critcheck.distributed.map_tasks`; default: in this process, all bands
    relaxed together (:func:`_flat_band_maxima`).
    """
    first = [_rank_and_probes(surface, np.asarray(x, dtype=float), probe, max_probe)
             for x in points]
    P = [st["P"] for st in first if st.get("P") is not None]
    r = None
    if P:
        r = descend(surface, np.concatenate(P), gtol=gtol, max_steps=max_steps)
    out, jobs, lo = [], [], 0
    for st in first:
        if st.get("P") is None:
            out.append(st["rec"])
            continue
        hi = lo + st["P"].shape[0]
        part = {k: r[k][lo:hi] for k in ("x", "f", "converged", "escaped")}
        lo = hi
        out.append(_read_probes(st, part, energy_tol))
        if out[-1].pop("_band_to", None) is not None:
            jobs.append((len(out) - 1, st["x"], part["x"][st["far"]]))
    if jobs:
        tasks = [(surface, a, b, band_images, band_steps) for _, a, b in jobs]
        maxima = _flat_band_maxima(tasks) if mapper is None else mapper(_flat_band_task, tasks)
        for (i, *_), emax in zip(jobs, maxima):
            _band_verdict(out[i], float(emax), energy_tol)
    return out


def _flat_band_task(task) -> float:
    """``(surface, a, b, images, steps)`` -> the highest energy of a relaxed DNEB from a to b."""
    surface, a, b, images, steps = task
    return float(np.max(elastic_band(surface, a, b, images=images, steps=steps)["energies"]))


def _flat_band_maxima(tasks) -> list:
    """:func:`_flat_band_task` of every task (one surface, band size and step count), the
    bands relaxed together in this process (:func:`elastic_bands`: the same numbers as
    one band at a time)."""
    surface, _, _, images, steps = tasks[0]
    bands = elastic_bands(surface, np.stack([t[1] for t in tasks]), np.stack([t[2] for t in tasks]),
                          images=images, steps=steps)
    return [float(np.max(b["energies"])) for b in bands]


def _band_verdict(rec, emax, energy_tol):
    """Connected set of equal loss or not, from the flat band's highest energy."""
    rise = emax - rec["_F"]
    rec["band_max_minus_loss"] = rise
    rec["on_equal_loss_set"] = bool(rise <= energy_tol)
    head, nflat, nprobed, far = rec.pop("_head"), rec["flat_directions"], rec["probed_directions"], rec.pop("_far")
    rec.pop("_F")
    if rec["on_equal_loss_set"]:
        rec["statement"] = (
            f"{head}; {nflat} of {nprobed} probed null directions flat: it lies on "
            f"a connected set of equal loss (a band to a minimum {far:.3g} away rises "
            f"at most {max(rise, 0.0):.2g} above the loss at its images; tolerance "
            f"{energy_tol:.2g})")
    else:
        rec["statement"] = (
            f"{head}; a probe along a null direction reached equal loss {far:.3g} away, "
            f"but the band there rises {rise:.3g} above the loss: not shown connected")


def _rank_and_probes(surface, x, probe, max_probe):
    """Steps 1-2, and the probe points of step 3 for a degenerate point."""
    D = x.shape[0]
    F = float(surface.value(x[None])[0])
    g = np.asarray(surface.gradient(x[None])[0], dtype=float)
    lam, U = np.linalg.eigh(hessian_at(surface, x))
    tol = _eig_tol(lam)
    neg = int(np.sum(lam < -tol))
    null = np.abs(lam) <= tol
    eta, ok, pos, ratio = _curvature_check(surface, x, F, g, lam, U, tol)
    weak = pos[~ok]
    numnull = np.flatnonzero(null | np.isin(np.arange(D), weak))
    worst = float(np.max(np.abs(ratio - 1))) if ratio.size else None
    rec = {"eig_tol": tol, "lowest_eigenvalues": lam[:min(D, 5)].tolist(),
           "negative": neg, "nullity": int(null.sum()), "unconfirmed": lam[weak].tolist(),
           "numerical_nullity": int(numnull.size), "rank": int(D - numnull.size),
           "model_eta": eta, "model_tol": MODEL_TOL,
           "worst_model_ratio": None if worst is None or not np.isfinite(worst) else worst,
           "rule": ("null: |lambda| <= eig_tol = 1e-6 max|lambda|; a positive eigenvalue is "
                    "confirmed when the one-sided second differences at 1/2 lambda t^2 = model_eta "
                    "agree with it within model_tol; unconfirmed ones count as null")}
    if neg:
        rec["classification"] = "saddle"
        rec["statement"] = (f"not a minimum: {neg} Hessian eigenvalue(s) below -{tol:.2g} "
                            f"(lowest {lam[0]:.3g}); the descent stalled on a saddle")
        return {"rec": rec}
    if numnull.size == 0:
        rec["classification"] = "strict"
        rec["statement"] = (f"strict: Hessian positive definite (smallest eigenvalue {lam[0]:.4g} "
                            f"> {tol:.2g}), the curvature confirmed along all {D} eigenvectors")
        return {"rec": rec}
    rec["classification"] = "degenerate"
    # step 3: probe points along the null directions, smallest |lambda| first
    order = numnull[np.argsort(np.abs(lam[numnull]))][:max_probe]
    t = probe * surface.scale
    dirs = U[:, order].T
    P = np.concatenate([x + t * dirs, x - t * dirs])
    with np.errstate(all="ignore"):
        fP = np.asarray(surface.value(P), dtype=float)
    return {"rec": rec, "P": P, "fP": fP, "x": x, "F": F, "t": t, "order": order, "lam": lam,
            "weak": weak, "numnull": numnull, "tol": tol}


def _read_probes(st, r, energy_tol):
    """Step 3: read the probe descents ``r``; ask for a band to the farthest flat end point
    (``_band_to``; the caller runs it and completes the record)."""
    rec, P, x, F, t, order, lam = (st[k] for k in ("rec", "P", "x", "F", "t", "order", "lam"))
    weak, numnull, tol, fP = st["weak"], st["numnull"], st["tol"], st["fP"]
    dist = np.linalg.norm(r["x"] - x, axis=1)
    probes, flat_dirs, far = [], set(), None
    for row in range(P.shape[0]):
        d, sign = int(order[row % order.size]), (1 if row < order.size else -1)
        fe = float(r["f"][row])
        if r["escaped"][row] or (np.isfinite(fe) and fe < F - energy_tol):
            kind = "lower"
        elif not r["converged"][row]:
            kind = "unconverged"
        elif abs(fe - F) <= energy_tol and dist[row] >= t / 2:
            kind = "flat"
            flat_dirs.add(d)
            if far is None or dist[row] > dist[far]:
                far = row
        elif abs(fe - F) <= energy_tol and fP[row] > F + energy_tol:
            kind = "rising"
        elif abs(fe - F) <= energy_tol:
            kind = "level"  # came back, and F(x + t u) was within energy_tol: undecided
        else:
            kind = "higher"
        probes.append({"eigenvalue": float(lam[d]), "sign": sign, "kind": kind,
                       "loss_at_probe": float(fP[row]), "end_loss": fe,
                       "end_distance": float(dist[row])})
    rec.update({"probe_step": t, "probed_directions": int(order.size), "probes": probes,
                "flat_directions": len(flat_dirs), "on_equal_loss_set": None,
                "band_max_minus_loss": None})
    m = int(numnull.size)
    head = (f"degenerate: Hessian PSD with numerical nullity {m} ({m - weak.size} eigenvalue(s) "
            f"with |lambda| <= {tol:.2g}"
            + (f", {weak.size} small positive one(s) unconfirmed by the quadratic model"
               if weak.size else "") + "); strictness undecided")
    if far is not None:
        st["far"] = far
        rec.update({"_band_to": far, "_head": head, "_far": float(dist[far]), "_F": F,
                    "statement": f"{head}; flat direction found, band pending"})
    elif any(p["kind"] == "lower" for p in probes):
        rec["statement"] = (f"{head}; a descent from {t:.3g} along a null direction reached lower "
                            "loss: not confirmed a local minimum at the probe's scale")
    elif probes and all(p["kind"] == "rising" for p in probes):
        rec["statement"] = (f"{head}; no flat direction: the loss rises along every probed null "
                            f"direction at step {t:.3g} and descents from there come back "
                            "(higher-order terms; isolated at this resolution)")
    else:
        rec["statement"] = f"{head}; the probes along null directions were inconclusive"
    return rec

"""Numeric critical points and their classification.

Numeric evidence only (verdict ``SUPPORTED`` at most): critical points are
found by Newton's method on :math:`\\nabla F = 0` (which converges to saddles
as well as minima) and by L-BFGS (minima); a critical point is classified by
the spectrum of its Hessian and, when that is degenerate, by an explicit
descent direction :math:`d` with :math:`F(\\theta + t d) < F(\\theta)` at the
tested step sizes ``t`` (the "negative-curvature direction exhibited").
Definitions: seed 003 Sec. II (critical point, local minimum, saddle) and
Def. III.1 (index).
"""

from __future__ import annotations

import numpy as np

__all__ = ["newton_critical_point", "classify_critical_point"]


def newton_critical_point(obj, theta0, iters: int = 60, tol: float = 1e-9):
    """Newton on :math:`\\nabla F(\\theta) = 0` with least-squares steps.

    Returns ``(theta, grad_norm)``; the caller decides whether ``grad_norm``
    is small enough to call ``theta`` critical.
    """
    th = np.asarray(theta0, dtype=float).copy()
    gn = np.inf
    for _ in range(iters):
        g = np.asarray(obj.grad(th))
        gn = float(np.linalg.norm(g))
        if gn < tol or not np.isfinite(gn):
            break
        H = obj.hessian(th)
        step = np.linalg.lstsq(H, g, rcond=1e-10)[0]
        # damping: never move farther than the current scale allows
        s = np.linalg.norm(step)
        lim = 1.0 + np.linalg.norm(th)
        if s > lim:
            step *= lim / s
        th = th - step
    return th, gn


def classify_critical_point(obj, theta, f_global: float, rng, rel_tol: float = 1e-6,
                            eig_tol: float = 1e-6, n_random: int = 64):
    """Classify a numeric critical point.

    Returns a dict with ``loss``, ``gap`` (loss minus ``f_global``), the
    Hessian's extreme eigenvalues, ``kind`` in ``{"global", "saddle",
    "undecided"}`` and, for saddles, the witness: ``"negative curvature"``
    (eigenvalue below ``-eig_tol``) or ``"descent direction"`` (a direction
    found among the eigenvectors and ``n_random`` random unit vectors along
    which the loss drops at every tested ``t``).
    """
    th = np.asarray(theta, dtype=float)
    F0 = float(obj.value(th))
    finite = bool(np.isfinite(f_global))
    scale = max(1.0, abs(f_global)) if finite else max(1.0, abs(F0))
    out = {"loss": F0, "gap": F0 - f_global if np.isfinite(f_global) else None, "grad_norm": float(np.linalg.norm(obj.grad(th)))}
    H = obj.hessian(th)
    lam, vecs = np.linalg.eigh(H)
    hs = max(1.0, float(np.max(np.abs(lam))))
    out["hess_min_eig"] = float(lam[0])
    out["hess_max_eig"] = float(lam[-1])
    if finite and abs(F0 - f_global) <= rel_tol * scale:
        out["kind"] = "global"
        return out
    if lam[0] < -eig_tol * hs:
        # the eigenvector must also show a drop (the gradient is only numerically zero)
        d = vecs[:, 0]
        ts = np.array([1e-3, 3e-3, 1e-2])
        for sgn in (1.0, -1.0):
            drops = np.asarray(obj.value(th[None, :] + sgn * ts[:, None] * d[None, :])) - F0
            if np.all(drops < 0):
                out.update(kind="saddle", witness="negative curvature", witness_drop=float(drops.min()))
                return out
    # degenerate: look for a descent direction (higher order)
    cands = [vecs[:, k] for k in range(min(4, len(lam)))]
    cands += list(rng.standard_normal((n_random, th.size)))
    ts = np.array([1e-2, 3e-2, 1e-1])
    for d in cands:
        d = d / np.linalg.norm(d)
        for sgn in (1.0, -1.0):
            vals = np.asarray(obj.value(th[None, :] + sgn * ts[:, None] * d[None, :])) - F0
            if np.all(vals < -1e-12 * scale):
                out.update(kind="saddle", witness="descent direction", witness_drop=float(vals.min()))
                return out
    # optimise a unit direction for the loss at radius t = 0.1 (projected descent on the
    # sphere), then require a drop at every smaller tested radius as well
    # Search inside the Hessian's (numerical) null space, where the cubic and
    # higher-order terms decide; then in the whole space.
    null = vecs[:, np.abs(lam) <= 1e-6 * hs]
    bases = ([null] if null.shape[1] else []) + [np.eye(th.size)]
    t = 0.1 * max(1.0, float(np.max(np.abs(th))))
    for N in bases:
      for _ in range(4):
        c = rng.standard_normal(N.shape[1])
        c /= np.linalg.norm(c)
        for _ in range(150):
            g = N.T @ np.asarray(obj.grad(th + t * (N @ c))) * t
            g -= (g @ c) * c
            c = c - 0.2 * g / max(1e-12, float(np.linalg.norm(g))) * min(1.0, float(np.linalg.norm(g)) * 10)
            c /= np.linalg.norm(c)
        d = N @ c
        vals = np.asarray(obj.value(th[None, :] + t * np.array([0.2, 0.5, 1.0])[:, None] * d[None, :])) - F0
        if np.all(vals < -1e-12 * scale):
            out.update(kind="saddle", witness="descent direction (optimised)",
                       witness_drop=float(vals.min()))
            return out
    out["kind"] = "undecided"
    return out

"""Descents, elastic bands and saddle refinement on a :class:`~critcheck.numeric.surfaces.Surface`.

* :func:`descend` -- FIRE relaxation of many starts at once, loss never raised;
* :func:`hessian_at` -- exact, or central differences of the exact gradient;
* :func:`elastic_band` -- doubly-nudged elastic band with a climbing image;
* :func:`refine_saddle` -- eigenvector following to a stationary point whose
  Hessian index is counted.

References
----------
E. Bitzek, P. Koskinen, F. Gahler, M. Moseler, P. Gumbsch, "Structural
relaxation made simple", PRL 97, 170201 (2006) (FIRE). S. A. Trygubenko,
D. J. Wales, J. Chem. Phys. 120, 2082 (2004), eqs. (2)-(5) (DNEB).
G. Henkelman, B. P. Uberuaga, H. Jonsson, J. Chem. Phys. 113, 9901 (2000)
(climbing image); G. Henkelman, H. Jonsson, J. Chem. Phys. 113, 9978 (2000),
eqs. (8)-(11) (improved tangent). J. Baker, J. Comput. Chem. 7, 385 (1986)
(partitioned rational-function steps).
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from ..errors import InvalidArgument
from .surfaces import Surface

__all__ = ["descend", "hessian_at", "refine_saddle", "elastic_band", "elastic_bands"]

def _norms(G):
    return np.sqrt(np.einsum("ij,ij->i", G, G))


def descend(surface: Surface, X0, *, gtol: float = 1e-6, max_steps: int = 20000,
            dt: float = 0.05, dt_max: float = 1.0, max_move: float | None = None,
            progress: Callable[[str], None] | None = None) -> dict:
    """FIRE descents from every row of ``X0`` at once.

    Each row keeps its own velocity, time step and mixing parameter
    (Bitzek et al. 2006, with their constants ``N_min = 5``, ``f_inc = 1.1``,
    ``f_dec = 0.5``, ``alpha_start = 0.1``, ``f_alpha = 0.99``). A step
    after which the loss rose is undone (position restored, velocity zeroed,
    time step halved), so every row's loss is non-increasing.

    Returns
    -------
    dict with ``x`` (m, dim), ``f`` (m,), ``gnorm`` (m,), ``steps`` (m,),
    ``converged`` (gnorm <= gtol), ``escaped`` (left ``surface.bounds`` or
    became non-finite).
    """
    X = np.array(X0, dtype=float, copy=True)
    if X.ndim != 2 or X.shape[1] != surface.dim:
        raise InvalidArgument(f"starting points of shape {X.shape}; need (m, {surface.dim})")
    m = X.shape[0]
    max_move = 0.2 * surface.scale if max_move is None else max_move
    f, G = surface.both(X)
    f = np.array(f, dtype=float)
    G = np.array(G, dtype=float)
    gn = _norms(G)
    steps = np.zeros(m, dtype=np.int64)
    escaped = ~np.isfinite(f) | ~np.isfinite(gn)
    active = np.flatnonzero((gn > gtol) & ~escaped)
    # the running rows' state, kept compact (row r is start active[r]) and written back
    # to X, f, G, gn, steps when a row stops: the same arithmetic on the same numbers as
    # gathering and scattering every step, with a fraction of the array calls
    x, g, fa = X[active], G[active], f[active]
    gna = _norms(g)
    v = np.zeros_like(x)
    s = np.full(active.size, float(dt))
    a = np.full(active.size, 0.1)
    npos = np.zeros(active.size, dtype=np.int64)
    k = np.zeros(active.size, dtype=np.int64)
    lo_hi = None if surface.bounds is None else (surface.bounds[:, 0], surface.bounds[:, 1])
    t_last = time.perf_counter()
    for it in range(int(max_steps)):
        if active.size == 0:
            break
        # power P = F.v = -g.v < 0 (uphill) iff g.v > 0; |g| is the norm kept from the
        # last step (g unchanged since)
        up = np.einsum("ij,ij->i", g, v) > 0
        vn = _norms(v)
        gnn = np.maximum(gna, 1e-300)
        v = (1 - a)[:, None] * v - (a * vn / gnn)[:, None] * g
        v[up] = 0.0
        v = v - s[:, None] * g
        dx = s[:, None] * v
        ln = _norms(dx)
        big = ln > max_move
        if big.any():
            dx[big] *= (max_move / ln[big])[:, None]
        xn = x + dx
        fn, gnew = surface.both(xn)
        rose = ~(fn <= fa + 1e-12 * np.abs(fa))
        ok = ~rose
        okc = ok[:, None]
        x = np.where(okc, xn, x)     # accepted rows move; a row whose loss rose stays,
        fa = np.where(ok, fn, fa)    # with its velocity zeroed
        v = np.where(okc, v, 0.0)
        g = np.where(okc, gnew, g)
        pos = ok & ~up
        npos = np.where(pos, npos + 1, 0)
        grow = pos & (npos > 5)
        s = np.where(grow, np.minimum(s * 1.1, dt_max), s)
        a = np.where(grow, a * 0.99, a)
        s = np.where(up | rose, s * 0.5, s)
        a = np.where(up | rose, 0.1, a)
        k += 1
        gna = _norms(g)
        bad = ~np.isfinite(gna) | (s < 1e-14)
        if lo_hi is not None:
            bad |= np.any((x < lo_hi[0]) | (x > lo_hi[1]), axis=1)
        keep = (gna > gtol) & ~bad
        if not keep.all():
            out = ~keep
            rows = active[out]
            X[rows], f[rows], G[rows], gn[rows], steps[rows] = x[out], fa[out], g[out], gna[out], k[out]
            escaped[active[bad]] = True
            active = active[keep]
            x, g, fa, gna, v = x[keep], g[keep], fa[keep], gna[keep], v[keep]
            s, a, npos, k = s[keep], a[keep], npos[keep], k[keep]
        if progress is not None and time.perf_counter() - t_last > 5:
            t_last = time.perf_counter()
            progress(f"descents: step {it + 1}, {active.size} of {m} still running")
    X[active], f[active], G[active], gn[active], steps[active] = x, fa, g, gna, k
    return {"x": X, "f": f, "gnorm": gn, "steps": steps, "converged": (gn <= gtol) & ~escaped,
            "escaped": escaped}


def hessian_at(surface: Surface, x, h: float | None = None) -> np.ndarray:
    """The Hessian at ``x``: exact when the surface has one and it is finite
    there, else central differences of the exact gradient (``2 dim`` gradients
    in one batch), symmetrised. Their error is ``O(h^2)`` times third
    derivatives."""
    x = np.asarray(x, dtype=float)
    H = None
    if surface.hessian is not None:
        with np.errstate(all="ignore"):
            H = np.asarray(surface.hessian(x), dtype=float)
        if not np.all(np.isfinite(H)):
            H = None
    if H is None:
        D = x.shape[0]
        h = 1e-5 * max(1.0, float(np.max(np.abs(x)))) if h is None else h
        E = np.eye(D) * h
        G = surface.gradient(np.concatenate([x + E, x - E], axis=0))
        H = (G[:D] - G[D:]) / (2 * h)
    return 0.5 * (H + H.T)


def _eig_tol(lam):
    return 1e-6 * max(1.0, float(np.max(np.abs(lam))))


def _polish_minimum(surface, x, gtol, iters=30):
    """Newton steps while the Hessian is positive definite and the gradient shrinks."""
    g = surface.gradient(x[None])[0]
    gn = float(np.linalg.norm(g))
    for _ in range(iters):
        if gn <= gtol:
            break
        lam, U = np.linalg.eigh(hessian_at(surface, x))
        if lam[0] <= _eig_tol(lam):
            break
        dx = -U @ ((U.T @ g) / lam)
        ln = np.linalg.norm(dx)
        if ln > 0.1 * surface.scale:
            dx *= 0.1 * surface.scale / ln
        xn = x + dx
        gnew = surface.gradient(xn[None])[0]
        if not np.linalg.norm(gnew) < gn:
            break
        x, g, gn = xn, gnew, float(np.linalg.norm(gnew))
    return x, gn


def refine_saddle(surface: Surface, x0, *, gtol: float = 1e-8, max_iter: int = 100,
                  max_step: float | None = None) -> dict:
    """Eigenvector following from ``x0`` to a stationary point of index 1.

    In the Hessian's eigenbasis the lowest mode is climbed and all others
    descended with partitioned rational-function shifts (Baker 1986):
    :math:`h_0 = -g_0/(\\lambda_0 - s_0)`, :math:`s_0 = (\\lambda_0 + \\sqrt{\\lambda_0^2+4g_0^2})/2`;
    :math:`h_i = -g_i/(\\lambda_i - s_i)`, :math:`s_i = (\\lambda_i - \\sqrt{\\lambda_i^2+4g_i^2})/2`,
    the step capped at ``max_step``. Near an index-1 saddle these are Newton
    steps. The index of the end point is counted from the Hessian's
    eigenvalues below ``-1e-6 max|lambda|`` and returned (it need not be 1).
    """
    x = np.array(x0, dtype=float)
    max_step = 0.05 * surface.scale if max_step is None else max_step
    g = surface.gradient(x[None])[0]
    it = 0
    for it in range(int(max_iter)):
        if np.linalg.norm(g) <= gtol:
            break
        lam, U = np.linalg.eigh(hessian_at(surface, x))
        gt = U.T @ g
        sh = 0.5 * (lam - np.sqrt(lam ** 2 + 4 * gt ** 2))
        sh[0] = 0.5 * (lam[0] + np.sqrt(lam[0] ** 2 + 4 * gt[0] ** 2))
        den = lam - sh
        hstep = np.where(np.abs(den) > 1e-300, -gt / np.where(den == 0, 1, den), 0.0)
        dx = U @ hstep
        ln = np.linalg.norm(dx)
        if ln > max_step:
            dx *= max_step / ln
        x = x + dx
        g = surface.gradient(x[None])[0]
        if not np.all(np.isfinite(g)):
            break
    H = hessian_at(surface, x)
    lam, U = np.linalg.eigh(H)
    tol = _eig_tol(lam)
    return {"x": x, "f": float(surface.value(x[None])[0]), "gnorm": float(np.linalg.norm(g)),
            "index": int(np.sum(lam < -tol)), "eigenvalues": lam[:3].tolist(),
            "eig_tol": tol, "direction": U[:, 0], "iterations": it + 1,
            "converged": bool(np.linalg.norm(g) <= gtol)}


def _tangents(R, E, fwd=None, bwd=None):
    """Improved tangent (Henkelman & Jonsson 2000, eqs. (8)-(11)) at interior images.

    ``R`` (..., images+2, dim), ``E`` (..., images+2): leading axes are bands.
    ``fwd``, ``bwd``: the neighbour differences when the caller has them."""
    fwd = R[..., 2:, :] - R[..., 1:-1, :] if fwd is None else fwd
    bwd = R[..., 1:-1, :] - R[..., :-2, :] if bwd is None else bwd
    Ep, E0, Em = E[..., 2:], E[..., 1:-1], E[..., :-2]
    up = (Ep > E0) & (E0 > Em)
    down = (Ep < E0) & (E0 < Em)
    dp, dm = np.abs(Ep - E0), np.abs(Em - E0)
    dmax = np.maximum(dp, dm)
    dmin = np.minimum(dp, dm)
    mix_f = np.where(Ep > Em, dmax, dmin)[..., None]
    mix_b = np.where(Ep > Em, dmin, dmax)[..., None]
    t = np.where(up[..., None], fwd, np.where(down[..., None], bwd, fwd * mix_f + bwd * mix_b))
    t /= np.maximum(_rnorm(t), 1e-300)[..., None]
    return t


def _rnorm(A):
    """:func:`_norms` of the rows of a (..., dim) array, shape (...)."""
    return _norms(A.reshape(-1, A.shape[-1])).reshape(A.shape[:-1])


def _rdot(A, B):
    """Row-wise dot products of two (..., dim) arrays, shape (...)."""
    d = A.shape[-1]
    return np.einsum("ij,ij->i", A.reshape(-1, d), B.reshape(-1, d)).reshape(A.shape[:-1])


def elastic_band(surface: Surface, a, b, *, images: int = 14, spring: float = 1.0,
                 steps: int = 300, climb_after: int = 100, ftol: float = 1e-4,
                 dt: float = 0.02) -> dict:
    """A doubly-nudged elastic band from ``a`` to ``b`` with a climbing image.

    Forces on interior image ``i`` with unit tangent :math:`\\hat\\tau`
    (Trygubenko & Wales 2004): the perpendicular true force
    :math:`-\\nabla F_\\perp`, the parallel spring force
    :math:`k(|R_{i+1}-R_i| - |R_i-R_{i-1}|)\\hat\\tau`, and the perpendicular
    spring force with its component along :math:`\\nabla F_\\perp` removed
    (the "doubly nudged" term, their eq. (5)). After ``climb_after`` steps
    the highest image feels :math:`-\\nabla F + 2(\\nabla F\\cdot\\hat\\tau)\\hat\\tau`
    and no spring (climbing image). The band is relaxed with FIRE-style
    velocity mixing; it stops when the largest force on an image is below
    ``ftol`` or after ``steps`` steps.

    Returns ``path`` (images+2, dim), ``energies``, ``climbing`` (index),
    ``max_force``, ``steps``.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return elastic_bands(surface, a[None], b[None], images=images, spring=spring, steps=steps,
                         climb_after=climb_after, ftol=ftol, dt=dt)[0]


def elastic_bands(surface: Surface, A, B, *, images: int = 14, spring: float = 1.0,
                  steps: int = 300, climb_after: int = 100, ftol: float = 1e-4,
                  dt: float = 0.02) -> list:
    """:func:`elastic_band` from each row of ``A`` to the same row of ``B``, all bands at once.

    The bands share each step's array work and one surface call; each keeps its own
    FIRE time step, mixing and stopping rule, so every band's result is what
    :func:`elastic_band` alone gives (the same operations on the same numbers:
    image rows are independent in every array operation, and each band's scalar
    reductions are taken on that band's own arrays). Returns one dict per band.
    """
    A = np.atleast_2d(np.asarray(A, dtype=float))
    B = np.atleast_2d(np.asarray(B, dtype=float))
    K, D = A.shape
    t = np.linspace(0, 1, images + 2)[:, None]
    R = (1 - t) * A[:, None, :] + t * B[:, None, :]               # (K, images+2, D)
    E = np.asarray(surface.value(R.reshape(-1, D)), dtype=float).reshape(K, images + 2)
    V = np.zeros((K, images, D))
    step, alpha, npos = [dt] * K, [0.1] * K, [0] * K
    ci = np.full(K, -1)
    fmax = [np.inf] * K
    last = [0] * K
    run = np.arange(K)          # bands still relaxing
    cap = 0.05 * surface.scale
    for it in range(int(steps)):
        if run.size == 0:
            break
        m = run.size
        whole = m == K            # every band still running: work on the arrays themselves
        Rr, Er, Vr = (R, E, V) if whole else (R[run], E[run], V[run])
        E_in, G = surface.both(Rr[:, 1:-1].reshape(m * images, D))
        Er[:, 1:-1] = np.asarray(E_in).reshape(m, images)
        G = np.asarray(G).reshape(m, images, D)
        # the neighbour differences once (tangents, spring lengths and spring force)
        fwd = Rr[:, 2:] - Rr[:, 1:-1]
        bwd = Rr[:, 1:-1] - Rr[:, :-2]
        tau = _tangents(Rr, Er, fwd, bwd)
        gpar = _rdot(G, tau)
        gperp = G - gpar[..., None] * tau
        d_f = _rnorm(fwd)
        d_b = _rnorm(bwd)
        fs_par = (spring * (d_f - d_b))[..., None] * tau
        fs = spring * (fwd - bwd)
        fs_perp = fs - _rdot(fs, tau)[..., None] * tau
        n_perp = _rnorm(gperp)    # = |-gperp| bit for bit (a square does not see the sign)
        gp_hat = gperp / np.maximum(n_perp, 1e-300)[..., None]
        dneb = fs_perp - _rdot(fs_perp, gp_hat)[..., None] * gp_hat
        Fo = -gperp + fs_par + dneb
        if it >= climb_after:
            c = np.argmax(Er[:, 1:-1], axis=1)
            ci[run] = c
            j = np.arange(m)
            Fo[j, c] = -G[j, c] + (2 * gpar[j, c])[:, None] * tau[j, c]
            shown = -gperp
            shown[j, c] = Fo[j, c]
            fm = np.max(_rnorm(shown), axis=1)
        else:
            fm = np.max(n_perp, axis=1)
        keep = np.ones(m, dtype=bool)
        s_r = np.empty(m)
        for r, k in enumerate(run):
            fmax[k] = float(fm[r])
            last[k] = it
            if it >= climb_after and fmax[k] < ftol:
                keep[r] = False        # converged: this band's path is final
                continue
            P = float(np.sum(Fo[r] * Vr[r]))
            if P > 0:
                vn = np.linalg.norm(Vr[r])
                fn = max(np.linalg.norm(Fo[r]), 1e-300)
                Vr[r] = (1 - alpha[k]) * Vr[r] + alpha[k] * vn / fn * Fo[r]
                npos[k] += 1
                if npos[k] > 5:
                    step[k] = min(step[k] * 1.1, 10 * dt)
                    alpha[k] *= 0.99
            else:
                Vr[r] = 0.0
                step[k] *= 0.5
                alpha[k] = 0.1
                npos[k] = 0
            s_r[r] = step[k]
        if not whole:
            R[run], E[run] = Rr, Er
        if not keep.all():
            whole = False
            run, Rr, Vr, Fo, s_r = run[keep], Rr[keep], Vr[keep], Fo[keep], s_r[keep]
            m = run.size
            if m == 0:
                break
        Vr = Vr + s_r[:, None, None] * Fo
        dx = (s_r[:, None, None] * Vr).reshape(m * images, D)
        big = _norms(dx) > cap
        if big.any():
            dx[big] *= (cap / _norms(dx[big]))[:, None]
        Rr[:, 1:-1] = Rr[:, 1:-1] + dx.reshape(m, images, D)
        if whole:
            V = Vr
        else:
            R[run], V[run] = Rr, Vr
        if (s_r < 1e-12).any():
            run = run[s_r >= 1e-12]    # a band whose step collapsed stops here
    E[:, 1:-1] = np.asarray(surface.value(R[:, 1:-1].reshape(K * images, D)),
                            dtype=float).reshape(K, images)
    out = []
    for k in range(K):
        c = int(ci[k]) if ci[k] >= 0 else int(np.argmax(E[k, 1:-1]))
        out.append({"path": R[k], "energies": E[k], "climbing": c + 1, "max_force": fmax[k],
                    "steps": last[k] + 1})
    return out

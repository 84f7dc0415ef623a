"""The fast loops of :mod:`critcheck.numeric.transition_states` against their reference
implementations, bit for bit.

The references below are the loops as first written (every row gathered from and
scattered to the full arrays at every step). The fast ones keep the running rows
compact; they must end at the same points with the same losses, gradient norms, step
counts and flags, to the last bit, on surfaces that exercise every branch: rises
(steps halved, velocity zeroed), capped moves, rows that escape the bounds or become
non-finite, rows that converge at once, and a step limit.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from critcheck.numeric.surfaces import Surface, relu_surface, surface_from_expr
from critcheck.numeric.transition_states import _norms, descend


def descend_reference(surface, X0, *, gtol=1e-6, max_steps=20000, dt=0.05, dt_max=1.0,
                      max_move=None):
    X = np.array(X0, dtype=float, copy=True)
    m = X.shape[0]
    max_move = 0.2 * surface.scale if max_move is None else max_move
    V = np.zeros_like(X)
    step = np.full(m, float(dt))
    alpha = np.full(m, 0.1)
    npos = np.zeros(m, dtype=np.int64)
    f, G = surface.both(X)
    f = np.array(f, dtype=float)
    G = np.array(G, dtype=float)
    gn = _norms(G)
    steps = np.zeros(m, dtype=np.int64)
    escaped = ~np.isfinite(f) | ~np.isfinite(gn)
    active = np.flatnonzero((gn > gtol) & ~escaped)
    for _ in range(int(max_steps)):
        if active.size == 0:
            break
        x, v, g = X[active], V[active], G[active]
        a, s = alpha[active], step[active]
        P = np.einsum("ij,ij->i", -g, v)
        vn = _norms(v)
        gnn = np.maximum(_norms(g), 1e-300)
        v = (1 - a)[:, None] * v - (a * vn / gnn)[:, None] * g
        up = P < 0
        v[up] = 0.0
        v = v - s[:, None] * g
        dx = s[:, None] * v
        ln = _norms(dx)
        big = ln > max_move
        dx[big] *= (max_move / ln[big])[:, None]
        xn = x + dx
        fn, gnew = surface.both(xn)
        rose = ~(fn <= f[active] + 1e-12 * np.abs(f[active]))
        ok = ~rose
        X[active[ok]] = xn[ok]
        f[active[ok]] = fn[ok]
        V[active[ok]] = v[ok]
        G[active[ok]] = gnew[ok]
        pos = ok & ~up
        npos_a = np.where(pos, npos[active] + 1, 0)
        grow = pos & (npos_a > 5)
        s = np.where(grow, np.minimum(s * 1.1, dt_max), s)
        a = np.where(grow, a * 0.99, a)
        s = np.where(up | rose, s * 0.5, s)
        a = np.where(up | rose, 0.1, a)
        V[active[rose]] = 0.0
        npos[active] = npos_a
        step[active], alpha[active] = s, a
        steps[active] += 1
        gn[active] = _norms(G[active])
        bad = ~np.isfinite(gn[active]) | (s < 1e-14)
        if surface.bounds is not None:
            xb = X[active]
            bad |= np.any((xb < surface.bounds[:, 0]) | (xb > surface.bounds[:, 1]), axis=1)
        escaped[active[bad]] = True
        active = active[(gn[active] > gtol) & ~bad]
    return {"x": X, "f": f, "gnorm": gn, "steps": steps, "converged": (gn <= gtol) & ~escaped,
            "escaped": escaped}


def _same(a, b):
    for key in ("x", "f", "gnorm", "steps", "converged", "escaped"):
        A, B = np.asarray(a[key]), np.asarray(b[key])
        assert A.shape == B.shape and A.dtype == B.dtype, key
        if A.dtype.kind == "f":
            assert np.array_equal(A.view(np.int64), B.view(np.int64)), key
        else:
            assert np.array_equal(A, B), key


x, y, z = sympy.symbols("x y z", real=True)


def _cases():
    rng = np.random.default_rng(7)
    tilted = surface_from_expr((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2")
    # decreasing to -infinity for z < -1 (escapes the bounds), a minimum at z = 1, and a
    # log that turns NaN for x < -1
    slide = surface_from_expr((x * y - 1)**2 + (y - 1)**2 / 4 + z**3 / 3 - z + sympy.log(x + 1) ** 2,
                              [x, y, z],
                              "-0.9:2,-2:2,-2:2", escape_factor=0.5)
    rough = surface_from_expr(sympy.sin(3 * x) * sympy.cos(2 * y) + (x**2 + y**2) / 5, [x, y], "-3:3,-3:3")
    relu = relu_surface(3)
    X_t = np.concatenate([tilted.init(rng, 30), [[1.0, 0.0], [-1.0, 0.0]]])   # two start near/at rest
    X_s = np.concatenate([slide.init(rng, 20), [[-0.95, 0.0, 0.0]]])
    return [
        (tilted, X_t, {}),
        (tilted, X_t, {"max_steps": 7}),                 # the step limit: rows still running
        (tilted, X_t, {"dt": 0.9, "dt_max": 3.0}),       # big steps: rises and capped moves
        (slide, X_s, {"max_steps": 3000}),               # escapes, NaN, convergence
        (rough, rough.init(rng, 40), {"max_move": 0.05}),
        (relu, relu.init(rng, 25), {"max_steps": 400}),
    ]


@pytest.mark.parametrize("case", range(6))
def test_descend_equals_reference_bit_for_bit(case):
    S, X0, kw = _cases()[case]
    fast, ref = descend(S, X0, **kw), descend_reference(S, X0, **kw)
    _same(fast, ref)
    assert ref["steps"].max() > 0
    if case == 3:
        assert fast["escaped"].any() and fast["converged"].any()
    if case == 1:
        assert (fast["steps"] == 7).any()


def test_reference_comparison_can_fail():
    # the comparison is an oracle: a different step size changes the end points' bits
    S, X0, kw = _cases()[0]
    with pytest.raises(AssertionError):
        _same(descend(S, X0, dt=0.0500001), descend_reference(S, X0))


# ---------------------------------------------------------------- elastic bands
def _tangents_reference(R, E):
    fwd = R[2:] - R[1:-1]
    bwd = R[1:-1] - R[:-2]
    Ep, E0, Em = E[2:], E[1:-1], E[:-2]
    up = (Ep > E0) & (E0 > Em)
    down = (Ep < E0) & (E0 < Em)
    dmax = np.maximum(np.abs(Ep - E0), np.abs(Em - E0))
    dmin = np.minimum(np.abs(Ep - E0), np.abs(Em - E0))
    mix_f = np.where(Ep > Em, dmax, dmin)[:, None]
    mix_b = np.where(Ep > Em, dmin, dmax)[:, None]
    t = np.where(up[:, None], fwd, np.where(down[:, None], bwd, fwd * mix_f + bwd * mix_b))
    t /= np.maximum(_norms(t), 1e-300)[:, None]
    return t


def band_reference(surface, a, b, *, images=14, spring=1.0, steps=300, climb_after=100,
                   ftol=1e-4, dt=0.02):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    t = np.linspace(0, 1, images + 2)[:, None]
    R = (1 - t) * a + t * b
    E = surface.value(R)
    V = np.zeros((images, a.shape[0]))
    step, alpha, npos = dt, 0.1, 0
    ci = -1
    fmax = np.inf
    it = 0
    for it in range(int(steps)):
        E_in, G = surface.both(R[1:-1])
        E[1:-1] = E_in
        tau = _tangents_reference(R, E)
        gpar = np.einsum("ij,ij->i", G, tau)
        gperp = G - gpar[:, None] * tau
        d_f = _norms(R[2:] - R[1:-1])
        d_b = _norms(R[1:-1] - R[:-2])
        fs_par = (spring * (d_f - d_b))[:, None] * tau
        fs = spring * ((R[2:] - R[1:-1]) - (R[1:-1] - R[:-2]))
        fs_perp = fs - np.einsum("ij,ij->i", fs, tau)[:, None] * tau
        gp_hat = gperp / np.maximum(_norms(gperp), 1e-300)[:, None]
        dneb = fs_perp - np.einsum("ij,ij->i", fs_perp, gp_hat)[:, None] * gp_hat
        Fo = -gperp + fs_par + dneb
        if it >= climb_after:
            ci = int(np.argmax(E[1:-1]))
            Fo[ci] = -G[ci] + 2 * gpar[ci] * tau[ci]
        fmax = float(np.max(_norms(-gperp if ci < 0 else np.where(
            np.arange(images)[:, None] == ci, Fo, -gperp))))
        if it >= climb_after and fmax < ftol:
            break
        P = float(np.sum(Fo * V))
        if P > 0:
            vn = np.linalg.norm(V)
            fn = max(np.linalg.norm(Fo), 1e-300)
            V = (1 - alpha) * V + alpha * vn / fn * Fo
            npos += 1
            if npos > 5:
                step = min(step * 1.1, 10 * dt)
                alpha *= 0.99
        else:
            V[:] = 0.0
            step *= 0.5
            alpha = 0.1
            npos = 0
        V = V + step * Fo
        dx = step * V
        big = _norms(dx) > 0.05 * surface.scale
        if big.any():
            dx[big] *= (0.05 * surface.scale / _norms(dx[big]))[:, None]
        R[1:-1] = R[1:-1] + dx
        if step < 1e-12:
            break
    E[1:-1] = surface.value(R[1:-1])
    if ci < 0:
        ci = int(np.argmax(E[1:-1]))
    return {"path": R, "energies": E, "climbing": ci + 1, "max_force": fmax, "steps": it + 1}


def _same_band(a, b):
    assert a["climbing"] == b["climbing"] and a["steps"] == b["steps"]
    assert np.array_equal(np.float64(a["max_force"]).view(np.int64), np.float64(b["max_force"]).view(np.int64))
    for key in ("path", "energies"):
        A, B = np.asarray(a[key], dtype=float), np.asarray(b[key], dtype=float)
        assert A.shape == B.shape and np.array_equal(A.view(np.int64), B.view(np.int64)), key


def _band_cases():
    from critcheck.numeric.transition_states import elastic_band  # noqa: F401

    tilted = surface_from_expr((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2")
    rough = surface_from_expr(sympy.sin(3 * x) * sympy.cos(2 * y) + (x**2 + y**2) / 5, [x, y], "-3:3,-3:3")
    ring = surface_from_expr((x**2 + y**2 - 1)**2 + z**2, [x, y, z], "-2:2,-2:2,-1:1")
    relu = relu_surface(3)
    rng = np.random.default_rng(11)
    W = relu.init(rng, 2)
    return [
        (tilted, [[-1.0, 0.1], [-1.2, 0.3], [0.9, 0.0]], [[1.0, -0.1], [1.1, 0.2], [-1.0, 0.5]], {}),
        (tilted, [[-1.0, 0.1], [-0.9, 0.0]], [[1.0, -0.1], [-0.9, 1e-9]], {"ftol": 1e-2, "climb_after": 10}),
        (rough, [[-2.0, 1.0], [0.5, -2.5], [2.0, 2.0], [0.0, 0.0]],
         [[2.0, -1.0], [1.5, 2.5], [-2.0, -2.0], [1e-3, 0.0]], {"steps": 150, "dt": 0.5, "spring": 3.0}),
        (ring, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.1]], [[-1.0, 0.0, 0.0], [0.0, -1.0, -0.1]], {"images": 9}),
        (relu, [W[0], np.eye(3).ravel()], [W[1], np.eye(3)[::-1].ravel()], {"steps": 120}),
    ]


@pytest.mark.parametrize("case", range(5))
def test_bands_one_at_a_time_and_together_equal_reference(case):
    from critcheck.numeric.transition_states import elastic_band, elastic_bands

    S, A, B, kw = _band_cases()[case]
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    refs = [band_reference(S, a, b, **kw) for a, b in zip(A, B)]
    for a, b, ref in zip(A, B, refs):
        _same_band(elastic_band(S, a, b, **kw), ref)
    together = elastic_bands(S, A, B, **kw)
    assert len(together) == len(refs)
    for got, ref in zip(together, refs):
        _same_band(got, ref)
    if case == 1:   # the bands stop at different steps (the force criterion), one early
        assert len({r["steps"] for r in refs}) > 1


def test_flat_band_maxima_batch_equals_one_task_at_a_time():
    from critcheck.numeric.degenerate_minima import _flat_band_maxima, _flat_band_task

    S, _, _, _ = _band_cases()[3]
    A = [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.2]]
    B = [[0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.6, -0.8, 0.0]]
    tasks = [(S, np.asarray(a, float), np.asarray(b, float), 9, 200) for a, b in zip(A, B)]
    one = [_flat_band_task(t) for t in tasks]
    assert _flat_band_maxima(tasks) == one
    assert len(set(one)) == 3 and all(np.isfinite(one))


def test_band_comparison_can_fail():
    from critcheck.numeric.transition_states import elastic_band

    S, A, B, kw = _band_cases()[0]
    with pytest.raises(AssertionError):
        _same_band(elastic_band(S, A[0], B[0], spring=1.0000001), band_reference(S, A[0], B[0]))

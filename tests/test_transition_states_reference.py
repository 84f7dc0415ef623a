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

"""Compiled losses and samplers: values, chunking, overflow accounting, backends."""

import numpy as np
import pytest
import sympy

from critcheck.errors import InvalidArgument, NumericOverflow
from critcheck.numeric import samplers
from critcheck.numeric.compile import compile_loss, compile_vector
from critcheck.symbolic.parse import parse_expr

v, w = sympy.symbols("v w", real=True)


def test_values_match_sympy_at_random_points():
    expr, s = parse_expr("(v*w-1)**2 + relu(v) + max(v, w) + tanh(w)*sigmoid(v) + abs(v-w)", "v,w")
    F = compile_loss(expr, list(s.values()))
    pts = np.random.default_rng(0).normal(size=(50, 2))
    got = F.values(pts)
    want = [float(expr.subs({s["v"]: a, s["w"]: b})) for a, b in pts]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_chunking_does_not_change_values():
    F = compile_loss(sympy.sin(v) * sympy.exp(w / 3), [v, w])
    pts = samplers.uniform("-3:3,-3:3", 10_001, seed=1)
    np.testing.assert_array_equal(F.values(pts, chunk=997), F.values(pts))


def test_overflow_is_counted_never_silent():
    F = compile_loss(1 + (v * sympy.exp(w) - 1) ** 2, [v, w])
    pts = np.array([[0.5, 0.0], [0.5, 800.0], [0.0, 800.0]])  # exp(800) overflows; 0*inf is NaN
    ev = F(pts)
    assert ev.n_overflow == 1 and ev.n_nan == 1
    assert np.isinf(ev.values[1:]).all()
    with pytest.raises(NumericOverflow):
        F(pts, nonfinite="raise")
    kept = F(pts, nonfinite="keep").values
    assert np.isnan(kept[2])


def test_constant_and_bad_input():
    F = compile_loss(sympy.Integer(2), [v, w])
    assert F.values(np.zeros((3, 2))).tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(InvalidArgument):
        compile_loss(v + sympy.Symbol("L"), [v, w])
    with pytest.raises(InvalidArgument):
        F(np.zeros((3, 3)))


def test_strict_array_api_namespace():
    xp = pytest.importorskip("array_api_strict")
    expr = (v * w - 1) ** 2 + sympy.Piecewise((v, v >= 0), (0, True)) + sympy.Max(v, w)
    F = compile_loss(expr, [v, w], backend="array_api_strict")
    pts = np.random.default_rng(2).normal(size=(20, 2))
    got = F(xp.asarray(pts), chunk=7).values
    ref = compile_loss(expr, [v, w]).values(pts)
    np.testing.assert_allclose(np.asarray(got._array), ref)
    g = compile_vector([sympy.diff(expr, v), sympy.diff(expr, w)], [v, w], backend="array_api_strict")
    assert g(xp.asarray(pts)).shape == (20, 2)


def test_cupy_backend_skips_cleanly_without_gpu():
    from critcheck.errors import BackendUnavailable
    from critcheck.numeric.backend import available_backends

    if available_backends()["cupy"]:
        F = compile_loss((v * w - 1) ** 2, [v, w], backend="cupy")
        assert float(F.values(samplers.grid("-1:1,-1:1", 5).points("cupy")).min().get()) >= 0
    else:
        with pytest.raises(BackendUnavailable):
            compile_loss((v * w - 1) ** 2, [v, w], backend="cupy")


def test_samplers_seeded_and_in_the_box():
    a = samplers.sobol("-1:2,0:1", 256, seed=3)
    b = samplers.sobol("-1:2,0:1", 256, seed=3)
    np.testing.assert_array_equal(a, b)
    assert (a[:, 0] >= -1).all() and (a[:, 0] <= 2).all()
    u = samplers.uniform([(0, 1)] * 3, 100, seed=4)
    assert u.shape == (100, 3) and not np.array_equal(u, samplers.uniform([(0, 1)] * 3, 100, seed=5))
    g = samplers.grid("-1:1,-2:2", (3, 5))
    p = g.points()
    assert p.shape == (15, 2) and p[0].tolist() == [-1, -2] and p[-1].tolist() == [1, 2]
    assert g.on_boundary(np.array([0, 7])).tolist() == [True, False]
    gs = samplers.gaussian([0, 0], 2.0, 1000, seed=0)
    assert abs(float(gs.std()) - 2.0) < 0.2
    with pytest.raises(InvalidArgument):
        samplers.parse_box("1:0")
    with pytest.raises(InvalidArgument):
        samplers.parse_box("a:b")
    with pytest.raises(InvalidArgument):
        samplers.user_points([[0, np.nan]], 2)


def test_scan_streams_a_grid_without_storing_it():
    F = compile_loss((v - 0.3) ** 2 + (w + 0.2) ** 2 + sympy.exp(40 * w), [v, w])
    G = samplers.grid("-1:1,-1:20", (201, 211))
    r = F.scan(G, chunk=5000)
    full = F(G.points())
    assert r["min"] == float(full.values.min())
    assert r["n_overflow"] == full.n_overflow > 0  # exp(40 w) overflows for w > ~17.7
    k = int(np.argmin(full.values))
    assert r["argmin"] == G.points()[k].tolist() and r["samples"] == G.size


def _shared_cases():
    from critcheck.models.sigmoid_minima import sigmoid_loss

    E, vs, ws = sigmoid_loss((1, 2, 3), (sympy.Rational(1, 3), sympy.Rational(2, 5), sympy.Rational(7, 3)), 3)
    sig = list(vs) + list(ws)
    grad = [sympy.diff(E, s) for s in sig]
    a, b = sympy.symbols("a b", real=True)
    L = sympy.Symbol("L", positive=True)
    aug = L * sympy.exp(-b) + a ** 2 / 2 * sympy.exp(b) - (a * b - 1) ** 2 / 3
    pw, _ = parse_expr("relu(v*w - 1)**2 + max(v, w, v*w)*min(v, -w) + abs(v*w - 1)", "v,w")
    neg = -(v * w) ** 2 * sympy.exp(v * w) - 2 * v * w * sympy.sqrt(v ** 2 + 1) + sympy.sqrt(v ** 2 + 1)
    return [
        ([E] + grad, sig),                                                 # the minima graph's case
        ([sympy.diff(g, s) for g in grad[:2] for s in sig], sig),          # Hessian rows
        ([sympy.diff(aug, s) for s in (a, b, L)] + [aug], [a, b, L]),
        ([sympy.diff(pw, s) for s in (v, w)] + [pw], [v, w]),              # Piecewise, Max, Min, Abs
        ([neg, -neg, sympy.diff(neg, v), sympy.diff(neg, w), v * w], [v, w]),  # leading minus signs
        ([v * w - 1, (v * w - 1) ** 2, sympy.Integer(3)], [v, w]),          # a constant column
    ]


@pytest.mark.parametrize("case", range(6))
def test_shared_subexpressions_give_the_same_values_bit_for_bit(case):
    exprs, syms = _shared_cases()[case]
    plain = compile_vector(exprs, syms)
    fast = compile_vector(exprs, syms, shared=True)
    assert "_t0 = " in fast.source and "_t0" not in plain.source  # the fast path is taken
    rng = np.random.default_rng(case)
    pts = np.concatenate([rng.normal(size=(40, len(syms))), 30 * rng.normal(size=(20, len(syms))),
                          np.zeros((1, len(syms))), np.full((1, len(syms)), 800.0),
                          np.full((1, len(syms)), np.nan)])
    with np.errstate(all="ignore"):
        want, got = plain(pts), fast(pts)
    assert want.shape == got.shape == (pts.shape[0], len(exprs))
    # bit-identical, NaN and inf in the same places
    assert np.array_equal(want.view(np.int64), got.view(np.int64))


def test_shared_subexpressions_named_once_and_a_wrong_name_is_caught():
    e = (v * w - 1) ** 2
    f = compile_vector([e, 2 * e, sympy.exp(v * w - 1)], [v, w], shared=True)
    defs = [ln.split(" = ")[0].strip() for ln in f.source.splitlines() if " = " in ln]
    assert len(defs) == len(set(defs)) >= 1
    # the check above is a real oracle: a deliberately wrong shared source differs
    from critcheck.numeric import compile as cmod

    wrong = f.source.replace("_t0 = ", "_t0 = 1 + ", 1)
    ns = cmod._namespace(np)
    exec(compile(wrong, "<wrong>", "exec"), ns)
    pts = np.random.default_rng(3).normal(size=(10, 2))
    good = np.stack(f.columns(pts), axis=1)
    bad = np.stack(ns["_f"](pts[:, 0], pts[:, 1]), axis=1)
    assert not np.array_equal(good, bad)


def test_memo_shares_preparation_not_results():
    # a memo shared by related compilations gives the same sources as separate ones
    exprs, syms = _shared_cases()[0]
    memo: dict = {}
    F = compile_loss(exprs[0], syms, memo=memo)
    FG = compile_vector(exprs, syms, shared=True, memo=memo)
    assert memo and len(memo) == len(exprs)
    assert F.source == compile_loss(exprs[0], syms).source
    assert FG.source == compile_vector(exprs, syms, shared=True).source
    # a memo that holds other expressions does not change this one's source
    other: dict = {}
    compile_loss(exprs[0] + 1, syms, memo=other)
    assert compile_loss(exprs[0], syms, memo=other).source == F.source


def test_expr_surface_gradient_and_value_grad_equal_plain_compilations():
    from critcheck.numeric.surfaces import surface_from_expr

    exprs, syms = _shared_cases()[0]
    E = exprs[0]
    S = surface_from_expr(E, syms, ",".join(["-3:3"] * len(syms)))
    G = compile_vector(exprs[1:], syms)
    F = compile_loss(E, syms)
    pts = np.random.default_rng(5).normal(size=(33, len(syms))) * 3
    f, g = S.both(pts)
    for got, want in ((S.gradient(pts), G(pts)), (g, G(pts)), (f, F.values(pts, nonfinite="keep")),
                      (S.value(pts), F.values(pts, nonfinite="keep"))):
        assert got.shape == want.shape and np.array_equal(got.view(np.int64), want.view(np.int64))

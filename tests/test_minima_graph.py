"""The minima-saddle graph engine: descents, saddles, symmetry, the ReLU population loss."""

import itertools

import numpy as np
import pytest
import sympy

from critcheck.errors import CritcheckError, InvalidArgument
from critcheck.twolayer.loss import population_loss
from critcheck.numeric.minima_graph import (descend, elastic_band, hessian_at, minima_graph,
                                            refine_saddle, relu_surface, surface_from_expr)
from critcheck.numeric.persistence import merge_tree
from critcheck.render.disconnectivity import layout

x, y = sympy.symbols("x y", real=True)


# ---------------------------------------------------------------- two-layer ReLU surface
def test_relu_k6_published_point_loss_and_curvature():
    """The k = n = 6 spurious point of Safran & Shamir's released results (anchor notes,
    Sec. 2): F = 0.0250805810 and lambda_min(H) = 4.700355e-3, through the surface's
    Hessian (exact here) and through differences of the exact gradient."""
    a, b, c, p, q = 0.98670382, -0.0504134, 0.30801099, 0.22451581, -0.60151192
    W = np.zeros((6, 6))
    for i in range(5):
        W[i, :5] = b
        W[i, i] = a
        W[i, 5] = c
    W[5, :5], W[5, 5] = p, q
    assert abs(float(population_loss(W, np.eye(6))) - 0.0250805810) < 1e-9
    S = relu_surface(6)
    lam = np.linalg.eigvalsh(hessian_at(S, W.ravel()))
    assert abs(lam[0] - 4.700355e-3) < 1e-7
    Sfd = type(S)(**{**S.__dict__, "hessian": None})
    assert abs(np.linalg.eigvalsh(hessian_at(Sfd, W.ravel()))[0] - 4.700355e-3) < 1e-7
    # at the global minimum the exact Hessian is singular (parallel pairs): differences
    lam0 = np.linalg.eigvalsh(hessian_at(S, np.eye(6).ravel()))
    assert np.all(np.isfinite(lam0)) and lam0[0] > 0


def test_relu_symmetry_invariant_and_alignment():
    S = relu_surface(4)
    rng = np.random.default_rng(3)
    W = rng.standard_normal((4, 4))
    P = W[[2, 0, 3, 1]][:, [1, 3, 0, 2]]  # neurons and coordinates permuted
    assert np.allclose(S.invariant(W.ravel()[None]), S.invariant(P.ravel()[None]))
    assert abs(S.value(W.ravel()[None])[0] - S.value(P.ravel()[None])[0]) < 1e-13
    assert np.allclose(S.align(W.ravel(), P.ravel()), W.ravel())


# ---------------------------------------------------------------- primitives
def test_descend_converges_and_never_raises_the_loss():
    S = surface_from_expr((x ** 2 - 1) ** 2 + x / 2 + y ** 2, [x, y], "-2:2,-2:2")
    X0 = S.init(np.random.default_rng(0), 50)
    r = descend(S, X0, gtol=1e-8)
    assert r["converged"].all()
    assert np.all(r["f"] <= S.value(X0) + 1e-12)
    assert np.all(np.linalg.norm(S.gradient(r["x"]), axis=1) <= 1e-8)
    with pytest.raises(InvalidArgument):
        descend(S, np.zeros((3, 3)))


def test_descend_marks_runs_to_infinity_as_escaped():
    S = surface_from_expr(sympy.exp(-x) + y ** 2, [x, y], "-1:1,-1:1")
    r = descend(S, np.array([[0.0, 0.5]]), max_steps=5000)
    assert r["escaped"][0] and not r["converged"][0]


def test_refine_saddle_finds_index_one_and_reports_other_indices():
    S = surface_from_expr((x ** 2 - 1) ** 2 + y ** 2, [x, y], "-2:2,-2:2")
    s = refine_saddle(S, [0.2, 0.3])
    assert s["converged"] and s["index"] == 1
    assert np.allclose(s["x"], [0, 0], atol=1e-8) and abs(s["f"] - 1) < 1e-12
    M = surface_from_expr(-(x ** 2) - y ** 2, [x, y], "-1:1,-1:1")
    assert refine_saddle(M, [0.01, 0.02])["index"] == 2


def test_elastic_band_climbing_image_near_the_saddle():
    S = surface_from_expr((x ** 2 - 1) ** 2 + y ** 2 + x * y / 4, [x, y], "-2:2,-2:2")
    a = descend(S, np.array([[-1.0, 0.1]]), gtol=1e-10)["x"][0]
    b = descend(S, np.array([[1.0, -0.1]]), gtol=1e-10)["x"][0]
    band = elastic_band(S, a, b)
    s = refine_saddle(S, band["path"][band["climbing"]])
    assert s["index"] == 1
    assert abs(np.max(band["energies"]) - s["f"]) < 1e-3


def test_hessian_by_gradient_differences_matches_exact():
    expr = sympy.sin(x) * y ** 2 + x ** 3
    S = surface_from_expr(expr, [x, y], "-2:2,-2:2")
    Sfd = type(S)(**{**S.__dict__, "hessian": None})
    p = np.array([0.3, -0.7])
    assert np.allclose(hessian_at(S, p), hessian_at(Sfd, p), atol=1e-6)


# ---------------------------------------------------------------- the database
def test_permuted_copies_are_one_minimum():
    S = relu_surface(3)
    V = np.eye(3)
    starts = np.array([V[list(p)].ravel() + 1e-3 for p in itertools.permutations(range(3))])
    G = minima_graph(S, descents=10, seed=0, starts=starts)
    ends = set(G.stats["seeded_ends"])
    assert len(ends) == 1 and -1 not in ends
    assert G.minima[ends.pop()].f < 1e-10


def test_single_well_has_no_spurious_valley():
    S = surface_from_expr((x - 1) ** 2 + 2 * (y + 0.5) ** 2 + x * y / 3, [x, y], "-3:3,-3:3")
    G = minima_graph(S, descents=20, seed=0)
    assert len(G.minima) == 1 and not G.spurious and G.stats["saturated"]


def test_minimum_above_an_escape_is_not_global_and_its_barrier_to_infinity():
    """1/(1+e^x) decreases to 0 as x -> +inf; a Gaussian well near x = -2 makes a strict
    local minimum at loss ~0.57. Escaping descents set the reference level, so the well
    is a spurious valley, and the band towards an escaped end point finds the saddle
    on the way to infinity: the depth equals the 1-D answer (roots of F' by brentq)."""
    from scipy.optimize import brentq

    expr = 1 / (1 + sympy.exp(x)) - sympy.Rational(3, 10) * sympy.exp(-(x + 2) ** 2) + y ** 2
    S = surface_from_expr(expr, [x, y], "-4:4,-1:1")
    G = minima_graph(S, descents=40, seed=0)
    assert G.escaped_lower and G.stats["escaped"] > 0
    kinds = [v.kind for v in G.valleys()]
    assert "global" not in kinds and kinds.count("spurious") == 1
    (v,) = G.spurious
    f = sympy.lambdify(x, expr.subs(y, 0))
    df = sympy.lambdify(x, sympy.diff(expr, x).subs(y, 0))
    xm, xs = brentq(df, -2.5, -1.5), brentq(df, -1.5, 2.0)
    assert v.merged_into == -2 and G.infinity >= 0
    assert abs(v.birth - f(xm)) < 1e-10 and abs(v.death - f(xs)) < 1e-8


def test_invalid_arguments():
    S = surface_from_expr(x ** 2 + y ** 2, [x, y], "-1:1,-1:1")
    with pytest.raises(CritcheckError):
        minima_graph(S, descents=0)
    with pytest.raises(CritcheckError):
        minima_graph(S, descents=5, neighbors=0)


def test_docstring_examples():
    import doctest

    import critcheck.numeric.degenerate_minima as dm
    import critcheck.numeric.minima_graph as mg

    for mod in (mg, dm):
        res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert res.attempted > 0 and res.failed == 0


# ---------------------------------------------------------------- disconnectivity layout
def test_layout_joins_at_merge_levels():
    # minima values 0, 1, 2, 3; saddles: 1-2 at 2.5, 2-0 at 4, 3-0 at 3.5
    T = merge_tree([0.0, 1.0, 2.0, 3.0], [[1, 2], [2, 0], [3, 0]], [2.5, 4.0, 3.5])
    L = layout(T)
    assert sorted(j[2] for j in L["joins"]) == [2.5, 3.5, 4.0]
    assert np.allclose(np.sort(L["leaf_y"]), [0, 1, 2, 3])
    assert len(set(L["leaf_x"].tolist())) == 4
    top_stems = [s for s in L["stems"] if s[2] == L["top"]]
    assert len(top_stems) == 1 and L["top"] > 4.0
    # every leaf's stem starts at its own loss
    for xl, yl in zip(L["leaf_x"], L["leaf_y"]):
        assert any(s[0] == xl and s[1] == yl for s in L["stems"])


def test_basin_hopping_finds_a_basin_the_starts_miss():
    """Starts only in the right well of the double well; kicks of size 1.5 reach the left
    one. A minimum found by hopping means the descents had not saturated."""
    S = surface_from_expr((x ** 2 - 1) ** 2 + x / 2 + y ** 2, [x, y], "0.6:1.4,-0.3:0.3",
                          escape_factor=3)
    G0 = minima_graph(S, descents=10, seed=0)
    assert len(G0.minima) == 1 and G0.stats["saturated"]
    G = minima_graph(S, descents=10, seed=0, hops=10, hop_size=1.5)
    assert G.stats["minima_from_hops"] >= 1 and not G.stats["saturated"]
    assert len(G.spurious) == 1 and np.isfinite(G.spurious[0].death)


@pytest.mark.slow
def test_dask_descents_and_bands_give_the_serial_result():
    """Starts are drawn before dispatch and band results merged in task order, so a local
    Dask cluster gives the same database, saddles included."""
    S = relu_surface(4)
    A = minima_graph(S, descents=60, seed=3)
    B = minima_graph(S, descents=60, seed=3, scheduler=None, workers=2)
    assert [m.hits for m in A.minima] == [m.hits for m in B.minima]
    assert np.allclose([m.f for m in A.minima], [m.f for m in B.minima], atol=1e-12)
    assert [(s.index, s.joins) for s in A.saddles] == [(s.index, s.joins) for s in B.saddles]
    assert np.allclose([s.f for s in A.saddles], [s.f for s in B.saddles], atol=1e-12)
    assert B.stats["executor"].startswith("Dask")


# ---------------------------------------------------------------- degenerate minima
def test_circle_of_minima_is_degenerate_flat_and_connected():
    """(x^2 + y^2 - 1)^2: every point of the unit circle is a global minimum. Each one
    found has Hessian nullity 1 (the tangent), is never strict, and its null direction is
    flat: the re-descent ends at equal loss away from it and a band stays at that loss."""
    S = surface_from_expr((x ** 2 + y ** 2 - 1) ** 2, [x, y], "-2:2,-2:2")
    G = minima_graph(S, descents=8, seed=0)
    assert G.minima and not G.spurious
    for m in G.minima:
        h = m.hessian
        assert m.classification == "degenerate" and not m.strict
        assert h["nullity"] == 1 and h["rank"] == 1 and h["eig_tol"] > 0
        assert h["flat_directions"] == 1 and h["on_equal_loss_set"] is True
        assert 0 <= h["band_max_minus_loss"] <= G.stats["energy_tol"] + 10 * G.stats["gtol"] * S.scale
        assert abs(np.hypot(*m.x) - 1) < 1e-4
    assert G.stats["degenerate_minima"] == len(G.minima) == G.stats["degenerate_on_equal_loss_set"]


def test_isolated_quartic_minimum_is_never_called_strict():
    """x^4 ((x-2)^2 - x/10) + y^2: a degenerate (quartic) local minimum at the origin, loss 0,
    above the strict global minimum near x = 2.1. A descent stalls at |x| ~ 1e-3 where the
    Hessian's x-eigenvalue is small but positive; a bare eigenvalue test would call it a
    strict spurious minimum. The quadratic-model check refuses, the probe finds no flat
    direction, and it is reported unresolved, not spurious."""
    expr = x ** 4 * ((x - 2) ** 2 - x / 10) + y ** 2
    S = surface_from_expr(expr, [x, y], "-1:3,-1:1")
    G = minima_graph(S, descents=30, seed=0)
    near0 = [i for i, m in enumerate(G.minima) if abs(m.f) < 1e-8]
    assert near0
    for i in near0:
        m = G.minima[i]
        assert m.min_eig > m.eig_tol  # the bare eigenvalue test would have said "strict"
        assert not m.strict and m.classification == "degenerate"
        assert m.hessian["numerical_nullity"] == 1 and m.hessian["unconfirmed"]
        assert m.hessian["flat_directions"] == 0 and m.hessian["on_equal_loss_set"] is None
        assert {p["kind"] for p in m.hessian["probes"]} == {"rising"}
    kinds = {v.minimum: v.kind for v in G.valleys()}
    assert all(kinds[i] == "unresolved" for i in near0) and not G.spurious
    glob = min(G.minima, key=lambda m: m.f)
    assert glob.strict and glob.f < -4


def test_classify_minimum_refuses_an_inflection_and_confirms_a_true_minimum():
    from critcheck.numeric.degenerate_minima import classify_minimum

    S = surface_from_expr(x ** 3 + y ** 2, [x, y], "-1:1,-1:1")
    r = classify_minimum(S, [1.5e-5, 0.0], energy_tol=1e-6)   # a stall point of a descent
    assert r["classification"] == "degenerate" and r["unconfirmed"]
    assert any(p["kind"] == "lower" for p in r["probes"])
    S = surface_from_expr(x ** 4 + x * y ** 2 + y ** 4, [x, y], "-1:1,-1:1")
    xm = descend(S, np.array([[-0.3, 0.4]]), gtol=1e-10)["x"][0]
    r = classify_minimum(S, xm, energy_tol=1e-6)
    assert r["classification"] == "strict" and r["numerical_nullity"] == 0
    assert r["worst_model_ratio"] < 0.01
    M = surface_from_expr((x ** 2 - 1) ** 2 - y ** 2, [x, y], "-2:2,-2:2")
    assert classify_minimum(M, [1.0, 0.0], energy_tol=1e-6)["classification"] == "saddle"


def test_band_rounds_on_local_dask_cluster_give_the_serial_result():
    """Descents and band rounds on a two-worker LocalCluster (reached by its address):
    the same minima, saddles and merge tree as in this process, and the scheduler ran
    both kinds of task."""
    distributed = pytest.importorskip("distributed")
    S = surface_from_expr((x ** 2 - 1) ** 2 + x / 2 + y ** 2 + x * y / 4, [x, y], "-2:2,-2:2")
    A = minima_graph(S, descents=24, seed=5)
    msgs = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        B = minima_graph(S, descents=24, seed=5, scheduler=cluster.scheduler_address,
                         progress=msgs.append)
        prefixes = set(cluster.scheduler.task_prefixes)
    assert {"descend_task", "band_task"} <= prefixes  # Dask drops the leading underscore
    assert any(m.startswith("band round 1: 1/1 bands done") for m in msgs)
    assert A.stats["bands"] == B.stats["bands"] >= 1 and A.stats["band_rounds"] == B.stats["band_rounds"]
    assert [m.hits for m in A.minima] == [m.hits for m in B.minima]
    assert np.allclose([m.f for m in A.minima], [m.f for m in B.minima], atol=1e-12)
    assert [(s.index, s.joins, s.pair) for s in A.saddles] == [(s.index, s.joins, s.pair) for s in B.saddles]
    assert np.allclose([s.f for s in A.saddles], [s.f for s in B.saddles], atol=1e-12)
    assert [round(v.depth, 10) for v in A.spurious] == [round(v.depth, 10) for v in B.spurious]
    assert B.stats["executor"].endswith("the band rounds")


def test_flat_bands_through_a_mapper_give_the_same_record():
    """The flat-direction bands are pure tasks: run through any mapper (here a recording
    one, standing in for the Dask executor) the records are the same."""
    from critcheck.numeric.degenerate_minima import classify_minima

    S = surface_from_expr((x ** 2 + y ** 2 - 1) ** 2, [x, y], "-2:2,-2:2")
    pts = [[1.0, 0.0], [0.0, -1.0], [0.6, 0.8]]
    seen = []

    def mapper(func, tasks):
        seen.append(len(tasks))
        return [func(t) for t in tasks]

    A = classify_minima(S, pts, energy_tol=1e-6)
    B = classify_minima(S, pts, energy_tol=1e-6, mapper=mapper)
    assert seen == [3]
    assert [a["statement"] for a in A] == [b["statement"] for b in B]
    assert all(b["on_equal_loss_set"] and not any(k.startswith("_") for k in b) for b in B)

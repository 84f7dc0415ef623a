"""Spurious valleys (seed 003 Def. IV.2) on sampled sublevel sets: true and false cases."""

import numpy as np
import pytest
import sympy

from critcheck.errors import InvalidArgument
from critcheck.numeric.sublevel import analyze

x, y, v, w = sympy.symbols("x y v w", real=True)


def test_tilted_double_well_has_one_spurious_valley():
    L = analyze((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2", samples=121**2)
    assert len(L.spurious) == 1
    s = L.spurious[0]
    # the bad minimum is near x = +0.93 (root of 4x^3 - 4x + 1/2), value F ~ 0.48
    assert abs(s.point[0] - 0.93) < 0.05 and abs(s.point[1]) < 0.05
    # it merges at the local maximum of the x-profile, x ~ 0.126, F ~ 1.03
    assert abs(s.death - 1.031) < 0.01 and s.depth > 0.5
    assert not s.on_boundary
    assert L.components(0.6)["spurious"] == 1 and L.components(2.0)["components"] == 1


@pytest.mark.parametrize("box", ["-3:3,-3:3", "-2.7:3.1,-3:2.9"])
def test_vw_two_components_both_global_no_valley(box):
    L = analyze((v * w - 1)**2, [v, w], box, samples=161**2)
    assert L.spurious == [] and L.unresolved == []
    for c in (0.25, 0.5, 0.9):
        comp = L.components(c)
        assert comp["components"] == 2 and comp["with_global_min"] == 2
    assert L.components(1.1)["components"] == 1


def test_knn_graph_finds_the_valley_too():
    L = analyze((x**2 - 1)**2 + x / 2 + y**2, [x, y], "-2:2,-2:2", samples=6000,
                sampler="sobol", k=10, seed=0)
    deep = [s for s in L.spurious if s.depth > 0.3]
    assert len(deep) == 1 and abs(deep[0].point[0] - 0.93) < 0.1
    assert L.seed == 0 and L.resolution["k"] == 10


def test_segment_check_separates_what_endpoints_would_join():
    # a thin wall between two wells that a coarse grid straddles: with
    # interior points the wall is seen, so the two (equal) basins stay apart longer
    f = sympy.Min((x - 1)**2, (x + 1)**2) + 50 * sympy.exp(-400 * x**2) + y**2
    a = analyze(f, [x, y], "-2:2,-1:1", samples=10**2, interior=0)
    b = analyze(f, [x, y], "-2:2,-1:1", samples=10**2, interior=7)
    assert max(b.tree.death[np.isfinite(b.tree.death)]) > max(a.tree.death[np.isfinite(a.tree.death)])


def test_minimum_on_the_box_boundary_is_flagged():
    L = analyze((x - 3)**2 + y**2, [x, y], "-2:2,-1:1", samples=81**2)
    # the minimum lies outside the box (x = 3): inside, the lowest sample is on the edge x = 2
    glob = [vl for vl in L.valleys if vl.kind == "global"]
    assert len(glob) == 1 and glob[0].on_boundary and glob[0].point[0] == 2.0
    inner = analyze(x**2 + y**2, [x, y], "-2:2,-1:1", samples=81**2)
    assert not any(vl.on_boundary for vl in inner.valleys)


def test_lipschitz_bound_is_checked():
    with pytest.raises(InvalidArgument):
        analyze(x**2 + y**2, [x, y], "-3:3,-3:3", samples=20**2, lipschitz=0.01)
    L = analyze(x**2 + y**2, [x, y], "-3:3,-3:3", samples=20**2, lipschitz=10.0)
    assert L.spurious == [] and L.resolution["lipschitz"] == 10.0
    c = L.components(4.0)
    # one genuine component with the global minimum; the rest are slack-born, counted apart
    assert c["with_global_min"] == 1 and c["spurious"] == 0
    assert c["components"] == 1 + c.get("lipschitz_slack", 0)


def test_bad_arguments():
    with pytest.raises(InvalidArgument):
        analyze(x + y, [x, y], "-1:1", samples=100)
    with pytest.raises(InvalidArgument):
        analyze(x + y, [x, y], "-1:1,-1:1", sampler="nope")


@pytest.mark.parametrize("sampler", ["grid", "sobol"])
def test_strict_array_api_backend_gives_the_same_answer(sampler):
    pytest.importorskip("array_api_strict")
    f = (x**2 - 1)**2 + x / 2 + y**2
    a = analyze(f, [x, y], "-2:2,-2:2", samples=3000, sampler=sampler, backend="array_api_strict")
    b = analyze(f, [x, y], "-2:2,-2:2", samples=3000, sampler=sampler)
    assert len(a.spurious) == len(b.spurious) == 1
    np.testing.assert_array_equal(a.tree.pairs(), b.tree.pairs())


def test_overflow_in_the_box_is_reported_not_silent():
    a_, b_ = sympy.symbols("a b", real=True)
    L = analyze(1 + (a_ * sympy.exp(b_) - 1)**2 + a_**2, [a_, b_], "-1:1,-3:800", samples=41**2)
    assert L.n_nonfinite > 0
    assert L.to_record()["nonfinite_evaluations"] == L.n_nonfinite


def test_steep_bad_well_is_never_called_global():
    # 100(x^2-1)^2 + x/10 + y^2: the bad minimum is only 0.2 above the good one, but its
    # basin is 100 deep. Coarse grids cannot separate the values (unresolved, reported);
    # a fine grid finds the spurious valley. It is never classified as containing a global min.
    f = 100 * (x**2 - 1)**2 + x / 10 + y**2
    for n, want in ((101, "unresolved"), (201, "unresolved"), (401, "spurious")):
        L = analyze(f, [x, y], "-2:2,-2:2", samples=n * n)
        kinds = sorted(vl.kind for vl in L.valleys)
        assert kinds == sorted(["global", want]), (n, kinds)

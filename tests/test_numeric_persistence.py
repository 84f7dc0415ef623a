"""0-dim sublevel persistence: equal to GUDHI's pairs on random grids (independent C++ oracle)."""

import numpy as np
import pytest

from critcheck.errors import InvalidArgument
from critcheck.numeric.graphs import grid_edges, knn_edges
from critcheck.numeric.persistence import grid_merge_tree, merge_tree

gudhi = pytest.importorskip("gudhi")


def _sorted(p):
    p = np.asarray(p, dtype=float).reshape(-1, 2)
    return p[np.lexsort((p[:, 1], p[:, 0]))]


def _gudhi_pairs(a, input_type):
    """GUDHI's 0-dim pairs with positive persistence. ``vertices``: values on
    vertices, edges at the max of their ends (4-neighbour graph);
    ``top``: values on pixels, which meet through shared edges *and*
    corners (8-neighbour graph)."""
    cc = (gudhi.CubicalComplex(vertices=a) if input_type == "vertices"
          else gudhi.CubicalComplex(top_dimensional_cells=a))
    cc.compute_persistence(min_persistence=0.0)
    p = cc.persistence_intervals_in_dimension(0)
    return _sorted(p[p[:, 1] - p[:, 0] > 0])


@pytest.mark.parametrize("seed", range(12))
def test_grid_pairs_equal_gudhi(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(2, 40, size=2))
    # integer values make many ties: the tie-breaking must not change the pairs
    a = rng.integers(0, 7, size=shape).astype(float) if seed % 2 else rng.random(shape)
    for conn, kind in ((4, "vertices"), (8, "top")):
        mine = _sorted(grid_merge_tree(a, conn).pairs())
        np.testing.assert_array_equal(mine, _gudhi_pairs(a, kind))


@pytest.mark.parametrize("seed", range(6))
def test_general_graph_equals_grid_kernel_and_gudhi(seed):
    rng = np.random.default_rng(100 + seed)
    a = rng.random((23, 31))
    tree = merge_tree(a.ravel(), grid_edges(a.shape))
    np.testing.assert_array_equal(_sorted(tree.pairs()), _gudhi_pairs(a, "vertices"))
    tree8 = merge_tree(a.ravel(), grid_edges(a.shape, diagonals=True))
    np.testing.assert_array_equal(_sorted(tree8.pairs()), _gudhi_pairs(a, "top"))


def test_smooth_grid_equals_gudhi():
    x = np.linspace(-3, 3, 301)
    X, Y = np.meshgrid(x, x, indexing="ij")
    a = np.sin(3 * X) * np.cos(2 * Y) + 0.1 * X ** 2
    np.testing.assert_array_equal(_sorted(grid_merge_tree(a, 4).pairs()), _gudhi_pairs(a, "vertices"))


def test_components_at_level_against_scipy_labels():
    from scipy.ndimage import label

    rng = np.random.default_rng(5)
    a = rng.random((30, 30))
    tree = grid_merge_tree(a, 4)
    for c in (0.1, 0.3, 0.5, 0.8):
        lab = tree.components_at(c).reshape(a.shape)
        ref, n = label(a <= c)  # scipy's default structure is the 4-neighbourhood
        assert tree.n_components(c) == n == len(np.unique(lab[lab >= 0]))
        # the same partition: each scipy component maps to exactly one label of ours
        for k in range(1, n + 1):
            assert len(np.unique(lab[ref == k])) == 1


def test_edge_weights_above_the_ends_delay_merges():
    # path 0 - 1 - 2 with values 0, 1, 0: merge at 1 by vertex values,
    # but at 5 when the edge 1-2 is checked higher along its segment
    f = np.array([0.0, 1.0, 0.0])
    e = np.array([[0, 1], [1, 2]])
    assert _sorted(merge_tree(f, e).pairs()).tolist() == [[0.0, 1.0], [0.0, np.inf]]
    assert _sorted(merge_tree(f, e, [1.0, 5.0]).pairs()).tolist() == [[0.0, 5.0], [0.0, np.inf]]


def test_disconnected_graph_has_one_essential_class_per_piece():
    f = np.array([0.0, 2.0, 1.0, 3.0])
    tree = merge_tree(f, np.array([[0, 1], [2, 3]]))
    assert np.isinf(tree.death).sum() == 2


def test_networkx_export_and_bad_input():
    a = np.random.default_rng(0).random((8, 8))
    tree = grid_merge_tree(a)
    g = tree.to_networkx()
    assert g.number_of_nodes() == tree.minima.shape[0]
    assert g.number_of_edges() == int((tree.merged_into >= 0).sum())
    with pytest.raises(InvalidArgument):
        merge_tree(np.array([0.0, np.nan]), np.array([[0, 1]]))
    with pytest.raises(InvalidArgument):
        merge_tree(np.zeros(2), np.array([[0, 5]]))
    with pytest.raises(InvalidArgument):
        grid_merge_tree(np.zeros(5))


def test_knn_edges_are_undirected_and_unique():
    p = np.random.default_rng(1).random((50, 3))
    e = knn_edges(p, 4)
    assert (e[:, 0] < e[:, 1]).all()
    assert len({tuple(r) for r in e}) == len(e)
    assert len(e) >= 50 * 4 // 2


@pytest.mark.parametrize("seed", range(5))
def test_components_with_edge_levels_equal_networkx(seed):
    """Independent oracle for graphs whose edge levels exceed their ends
    (segment checks): NetworkX components of the sublevel subgraph."""
    import networkx as nx

    from critcheck.numeric.graphs import graph_to_networkx

    rng = np.random.default_rng(50 + seed)
    n = 300
    pts = rng.random((n, 2))
    f = rng.integers(0, 20, n).astype(float)
    e = knn_edges(pts, 4)
    w = np.maximum(f[e[:, 0]], f[e[:, 1]]) + rng.integers(0, 3, len(e)) * (rng.random(len(e)) < 0.3)
    tree = merge_tree(f, e, w)
    for c in (2.0, 5.0, 9.0, 14.0, 19.0, 25.0):
        g = graph_to_networkx(pts, f, e, levels=w, level=c)
        comps = list(nx.connected_components(g))
        assert tree.n_components(c) == len(comps)
        lab = tree.components_at(c)
        for comp in comps:
            idx = np.fromiter(comp, int)
            assert len(np.unique(lab[idx])) == 1
            # the label is the component's lowest vertex (value, then index)
            low = idx[np.lexsort((idx, f[idx]))[0]]
            assert tree.minima[lab[idx[0]]] == low


@pytest.mark.slow
def test_2000_grid_equals_gudhi_top_cells():
    from gudhi._pers_cub_low_dim_ext import _persistence_on_rectangle_from_top_cells as top

    x = np.linspace(-3, 3, 2000)
    X, Y = np.meshgrid(x, x, indexing="ij")
    a = np.sin(3 * X) * np.cos(2 * Y) + 0.1 * X ** 2 + 0.05 * np.random.default_rng(0).random((2000, 2000))
    g = np.asarray(top(a, 0.0)[0])
    np.testing.assert_array_equal(_sorted(grid_merge_tree(a, 8).pairs()), _sorted(g[g[:, 1] > g[:, 0]]))

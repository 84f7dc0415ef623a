"""The grid merge tree's helper tables and sort (numeric/persistence.py)."""

import numpy as np
import pytest

from critcheck.numeric.persistence import (_LINK4, _LINK8, _REP4, _REP8, _order_by_value,
                                           grid_merge_tree)


@pytest.mark.parametrize("reps,counts", [(_REP8, _LINK8), (_REP4, _LINK4)])
def test_one_representative_per_local_component(reps, counts):
    np.testing.assert_array_equal((reps >= 0).sum(axis=1), counts)
    for m in range(256):   # every representative is a lower neighbour
        for r in reps[m][reps[m] >= 0]:
            assert (m >> r) & 1


def test_radix_order_is_the_stable_value_order():
    rng = np.random.default_rng(0)
    f = np.concatenate([rng.standard_normal(3000), np.round(rng.standard_normal(3000), 1),
                        [0.0, -0.0, np.inf, -np.inf, 1e-310, -1e-310, 0.0, -0.0]])
    idx = np.flatnonzero(rng.random(f.size) < 0.7)
    got = idx[_order_by_value(f, idx)]
    want = idx[np.lexsort((idx, f[idx]))]
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("shape", [(1, 40), (40, 1), (2, 2), (37, 53)])
def test_merge_tree_paths_agree_on_ties(shape):
    """Quantised values (many ties) on both basin-lookup paths give one answer:
    the pairs of the 8-neighbour tree equal those of the same grid as a graph."""
    from critcheck.numeric.graphs import grid_edges
    from critcheck.numeric.persistence import merge_tree

    a = np.round(np.random.default_rng(1).random(shape) * 4) / 4
    t = grid_merge_tree(a, 8)
    g = merge_tree(a.ravel(), grid_edges(a.shape, diagonals=True))
    np.testing.assert_array_equal(np.sort(t.pairs(), axis=0), np.sort(g.pairs(), axis=0))

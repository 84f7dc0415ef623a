"""The descent engines (array loop on NumPy / array-api-strict, compiled loop) follow one protocol."""

import numpy as np
import pytest

from critcheck.errors import BackendUnavailable, InvalidArgument
from critcheck.twolayer.descent import initial_points, run_descent
from critcheck.twolayer.sweep import group_by_cell, make_tasks, run_cell, run_task
from critcheck.twolayer.vectors import PATTERN, pattern_point


def _starts(k, n, runs, seed):
    W0 = initial_points(runs, n, k, seed)
    if n == k:                                   # one start next to the k = 6 spurious minimum
        W0[0] = pattern_point(k, *PATTERN[k]) + 1e-3
    return W0


def _same(a, b, atol=1e-8):
    assert np.array_equal(a.converged, b.converged)
    assert np.array_equal(a.decided, b.decided)
    assert np.array_equal(a.spurious, b.spurious)
    assert np.array_equal(a.restarts, b.restarts)
    assert np.abs(a.iterations - b.iterations).max() <= 1
    assert np.abs(a.W - b.W).max() <= atol
    assert np.abs(a.loss - b.loss).max() <= atol


@pytest.mark.parametrize("n", [6, 7])
def test_compiled_engine_equals_array_loop(n):
    W0, V = _starts(6, n, 12, seed=[3, 6, n]), np.eye(6)
    a = run_descent(W0, V, global_below=1e-4, max_iter=20000)
    b = run_descent(W0, V, global_below=1e-4, max_iter=20000, engine="numba")
    _same(a, b)
    if n == 6:
        assert a.spurious[0] and b.gradnorm[0] <= 1e-9
    assert b.decided.all()


def test_compiled_engine_restarts_and_caps_like_the_array_loop():
    W0, V = _starts(6, 6, 6, seed=11), np.eye(6)
    # a step of 4 diverges: every run restarts with half the step until it no longer blows up
    a = run_descent(W0, V, step=4.0, max_iter=3000)
    b = run_descent(W0, V, step=4.0, max_iter=3000, engine="numba")
    assert a.restarts.min() >= 1
    _same(a, b)
    # the cap: runs that hit max_iter are reported, never counted as converged
    a = run_descent(W0, V, max_iter=40)
    b = run_descent(W0, V, max_iter=40, engine="numba")
    assert not b.converged.any() and (b.iterations == 40).all()
    _same(a, b)


def test_comparison_discriminates_a_different_protocol():
    # the equality above is not automatic: the compiled loop with another step differs
    W0, V = _starts(6, 6, 4, seed=5), np.eye(6)
    a = run_descent(W0, V, max_iter=20000)
    b = run_descent(W0, V, step=0.05, max_iter=20000, engine="numba")
    with pytest.raises(AssertionError):
        _same(a, b)


def test_array_api_strict_namespace_runs_the_same_loop():
    xps = pytest.importorskip("array_api_strict")
    W0, V = _starts(6, 7, 3, seed=9), np.eye(6)
    # a step of 2 blows up twice before it settles: restarts and early labels on every path
    kw = dict(global_below=1e-4, max_iter=1200, check_every=100, step=2.0)
    a = run_descent(W0, V, **kw)
    b = run_descent(xps.asarray(W0), xps.asarray(V), **kw)
    c = run_descent(W0, V, engine="array_api_strict", **kw)
    assert a.restarts.min() >= 1 and (a.decided & ~a.converged).any()
    _same(a, b, atol=1e-12)
    _same(a, c, atol=1e-12)
    assert isinstance(b.W, np.ndarray)


def test_cell_batch_gives_the_task_records():
    tasks = make_tasks([6], widths=("k",), runs=8, chunk=4, max_iter=20000, engine="numba")
    (cell,) = group_by_cell(tasks)
    batched = run_cell(cell)
    for t, r in zip(tasks, batched):
        one = run_task(t)
        assert (r["chunk"], r["seed"], r["runs"]) == (one["chunk"], one["seed"], one["runs"])
        assert (r["spurious"], r["converged"], r["decided"]) == (one["spurious"], one["converged"], one["decided"])
        assert np.allclose(r["spurious_W"], one["spurious_W"], atol=1e-8)
    with pytest.raises(InvalidArgument, match="one"):
        run_cell(tuple(make_tasks([6, 7], widths=("k",), runs=2, chunk=2)))


def test_unknown_or_unavailable_engines_are_refused():
    W0 = initial_points(1, 2, 2, 0)
    with pytest.raises(InvalidArgument, match="engine"):
        run_descent(W0, np.eye(2), engine="fortran")
    with pytest.raises(InvalidArgument, match="engine"):
        make_tasks([6], engine="fortran")
    from critcheck.numeric.backend import available_backends

    if not available_backends()["cupy"]:
        with pytest.raises(BackendUnavailable, match="cupy"):
            run_descent(W0, np.eye(2), engine="cupy")


def test_compiled_engine_with_a_general_teacher():
    # V not the identity (k = 5 rows in d = 6, not orthonormal): the general teacher loop
    rng = np.random.default_rng(4)
    V = np.eye(6)[:5] + 0.2 * rng.standard_normal((5, 6))
    W0 = initial_points(6, 5, 6, seed=12)
    a = run_descent(W0, V, global_below=1e-4, max_iter=6000)
    b = run_descent(W0, V, global_below=1e-4, max_iter=6000, engine="numba")
    _same(a, b)


def test_identity_shortcut_gives_the_general_loop_numbers():
    from critcheck.twolayer import descent_numba as dn

    W0, V = _starts(6, 6, 3, seed=8), np.eye(6)
    fast = dn.descend_compiled(W0, V, max_iter=3000)
    outs = [W0.copy(), np.full(3, np.inf), np.zeros(3, np.int64), np.zeros(3, np.bool_),
            np.zeros(3, np.bool_), np.zeros(3, np.int64)]
    dn._descend_all(W0, V, False, 0.1, 1e-9 / (2 * np.pi), 1e4, 3000, -1.0, 200, *outs)
    general = (outs[0], outs[1], outs[2], outs[3], outs[5], outs[4])
    for x, y in zip(fast, general):
        assert np.array_equal(x, y)


def test_cli_sweep_backend_and_cell_batches(tmp_path, capsys):
    import json

    from critcheck.cli import main

    out = tmp_path / "s.json"
    assert main(["twolayer", "sweep", "--k", "6", "--widths", "k", "--runs", "8", "--chunk", "4",
                 "--max-iter", "20000", "--backend", "numba", "--batch", "cell", "--scheduler", "serial",
                 "--json", str(out)]) == 0
    rec = json.loads(out.read_text())
    assert (rec["backend"], rec["batch"], rec["tasks"]) == ("numba", "cell", 2)
    (cell,) = rec["cells"]
    assert (cell["k"], cell["n"], cell["runs"], cell["decided"]) == (6, 6, 8, 8)
    assert "table" in capsys.readouterr().out

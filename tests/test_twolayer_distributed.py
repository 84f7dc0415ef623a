"""The Dask executor: a two-worker LocalCluster gives the serial path's results."""

import numpy as np
import pytest

from critcheck.distributed import map_tasks
from critcheck.errors import BackendUnavailable
from critcheck.twolayer.sweep import aggregate, make_tasks, run_task


def _small_tasks():
    return make_tasks([4, 6], widths=("k",), runs=12, chunk=4, max_iter=3000)


def test_local_cluster_matches_serial_path():
    pytest.importorskip("distributed")
    tasks = _small_tasks()
    seen = []
    serial = map_tasks(run_task, tasks, scheduler="serial", progress=lambda d, t: seen.append((d, t)))
    dist = map_tasks(run_task, tasks, workers=2, progress=False)
    assert seen[-1] == (len(tasks), len(tasks))
    for a, b in zip(serial, dist):
        assert (a["k"], a["n"], a["chunk"], a["seed"]) == (b["k"], b["n"], b["chunk"], b["seed"])
        assert a["spurious"] == b["spurious"] and a["converged"] == b["converged"]
        assert np.array_equal(np.array(a["spurious_W"]), np.array(b["spurious_W"]))
        assert a["undecided_loss"] == b["undecided_loss"]
    agg = aggregate(dist)
    assert sorted(agg) == [(4, 4), (6, 6)] and agg[(6, 6)]["runs"] == 12


def test_task_seed_not_worker_seed():
    t = _small_tasks()[1]
    assert run_task(t)["undecided_loss"] == run_task(t)["undecided_loss"]
    assert t.seed == [10954, 4, 4, 1]


def test_unreachable_scheduler_is_actionable():
    pytest.importorskip("distributed")
    with pytest.raises(BackendUnavailable, match="scheduler"):
        map_tasks(run_task, _small_tasks()[:1], scheduler="tcp://127.0.0.1:9", progress=False,
                  connect_timeout="1s")


def test_task_progress_in_a_log_is_plain_lines(capsys):
    """Not a terminal: whole lines (no carriage returns), the last one at the end."""
    from critcheck.distributed import map_tasks

    assert map_tasks(abs, [-1, -2, -3], scheduler="serial", progress=True) == [1, 2, 3]
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("[3/3] tasks done")

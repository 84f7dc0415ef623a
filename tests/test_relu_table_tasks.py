"""Seed 004's tables as seeded Dask tasks: a two-worker LocalCluster gives the serial rows."""

import dataclasses

import numpy as np
import pytest

from critcheck.cli import main
from critcheck.errors import InvalidArgument
from critcheck.relu.cells import augment
from critcheck.relu.experiments import gaussian_data, run_table, run_trials, summarise
from critcheck.relu.table_tasks import make_draw_tasks, run_draw_task

TIMING = ("seconds_per_trial", "test_seconds_per_trial")
OPTS = {"max_iter": 100}


def _data():
    return gaussian_data(3, 200, np.random.default_rng(0))


def _plain(rows):
    """Rows without their wall-time fields (the only fields allowed to differ)."""
    return [{k: v for k, v in dataclasses.asdict(r).items() if k not in TIMING} for r in rows]


def _trial_key(t):
    return {k: v for k, v in dataclasses.asdict(t).items() if k != "seconds"}


def test_one_task_per_bias_is_the_old_serial_stream():
    X, y = _data()
    rows = run_table(X, y, 4, [3, -20], 3, seed=7, descent_opts=OPTS, progress=False)
    # the computation before tasks existed: one generator consumed bias by bias
    rng = np.random.default_rng(7)
    Xa = augment(X)
    old = [summarise(float(b), run_trials(Xa, np.asarray(y, float), 4, float(b), 3, rng,
                                          descent_opts=OPTS)) for b in (3, -20)]
    assert _plain(rows) == _plain(old)


def test_chunks_reproduce_the_draws_of_the_row():
    X, y = _data()
    Xa = augment(X)
    whole = make_draw_tasks(Xa, y, 4, [3], 5, seed=2)
    parts = make_draw_tasks(Xa, y, 4, [3], 5, seed=2, chunk=2)
    assert [(t.start, t.count) for t in parts] == [(0, 2), (2, 2), (4, 1)]
    a = run_draw_task(whole[0])["trials"]
    b = [t for p in parts for t in run_draw_task(p)["trials"]]
    # the draws (hence activation, rank, in-cell loss, P_g) are those of the unsplit row
    for s, t in zip(a, b):
        assert (s.activated, s.rank, s.loss, s.pg) == (t.activated, t.rank, t.loss, t.pg)
    # and a task does use its own state: two chunks of the same row draw different weights
    assert [x.loss for x in run_draw_task(parts[0])["trials"]] != \
        [x.loss for x in run_draw_task(parts[1])["trials"]]


def test_dishonest_task_inputs_are_refused():
    X, y = _data()
    Xa = augment(X)
    with pytest.raises(InvalidArgument, match="chunk"):
        make_draw_tasks(Xa, y, 4, [3], 5, seed=2, chunk=0)
    (t,) = make_draw_tasks(Xa, y, 4, [3], 1, seed=2)
    bad = dataclasses.replace(t, rng_state=dict(t.rng_state, bit_generator="os.system"))
    with pytest.raises(InvalidArgument, match="bit_generator"):
        run_draw_task(bad)


def test_local_cluster_rows_equal_serial_rows():
    pytest.importorskip("distributed")
    X, y = _data()
    kw = dict(seed=3, descent_opts=OPTS, progress=False, chunk=2)
    serial = run_table(X, y, 4, [3, 0, -20], 4, **kw)
    seen = []
    dist = run_table(X, y, 4, [3, 0, -20], 4, scheduler=None, workers=2,
                     **dict(kw, progress=lambda label: (lambda d, n: seen.append((d, n)))))
    assert _plain(dist) == _plain(serial)
    assert seen[-1] == (6, 6)                    # 3 biases x 2 chunks, progress per task
    # the rows are not trivially equal: the biases differ from each other
    assert _plain(serial)[0] != _plain(serial)[2]


def test_cli_scheduler_is_checked(capsys):
    rc = main(["relu", "table", "--d", "3", "--K", "4", "--N", "100", "--biases", "0",
               "--trials", "2", "--scheduler", "nowhere"])
    assert rc == 2
    assert "--scheduler='nowhere'" in capsys.readouterr().err
    assert main(["relu", "table", "--trials", "2", "--chunk", "0"]) == 2

"""Longest-first dispatch of claims to ``critcheck verify`` workers (recorded costs).

The order changes which worker runs a claim and when, never the rows, the
records or the verdicts: rows stay in catalogue order and equal the serial run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from critcheck.claims.schedule import load_costs, longest_first, write_costs

PROOF = """
from critcheck import claim, Outcome, Verdict, Criterion
C = Criterion('h', 's', 1, 'r', True)

def _make(cid, value):
    @claim(cid, title='t', source='test', method='numeric', expected='SUPPORTED')
    def check(ctx):
        return Outcome(Verdict.SUPPORTED, criterion=C, evidence={'samples': 1, 'seed': ctx.seed, 'v': value})

for _i, _c in enumerate(['sched.a', 'sched.b', 'sched.c', 'sched.d', 'sched.e']):
    _make(_c, _i)
"""


def test_longest_first_orders_by_cost_and_keeps_ties_in_catalogue_order():
    ids = ["a", "b", "c", "d", "e"]
    assert longest_first(ids, {"a": 1, "b": 5, "c": 2, "d": 2, "e": 0.5}) == [1, 2, 3, 0, 4]
    # unknown claims get the median known cost (here 2.0), not zero: a new long claim
    # is not pushed to the very end
    assert longest_first(ids, {"a": 1, "b": 5, "c": 3}) == [1, 2, 3, 4, 0]
    assert longest_first(ids, {}) == [0, 1, 2, 3, 4]


def test_cost_table_round_trip_and_damaged_file(tmp_path):
    p = tmp_path / "costs.json"
    write_costs({"x.b": 2.345, "x.a": 1}, "test", p)
    assert load_costs(p) == {"x.a": 1.0, "x.b": 2.35}
    assert json.loads(p.read_text())["measured"] == "test"
    p.write_text("{not json")
    assert load_costs(p) == {}
    assert load_costs(tmp_path / "absent.json") == {}


def test_run_claims_rejects_an_order_that_is_not_a_permutation():
    from critcheck.claims import Context
    from critcheck.claims.parallel import run_claims

    with pytest.raises(ValueError, match="permutation"):
        run_claims([], Context(), finish=lambda r: r, jobs=2, order=[0])


def _verify(env, *args):
    return subprocess.run([sys.executable, "-m", "critcheck.cli", "verify", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_workers_take_longest_first_rows_stay_in_catalogue_order(tmp_path):
    (tmp_path / "p_sched.py").write_text(PROOF)
    write_costs({"sched.a": 0.1, "sched.b": 0.2, "sched.c": 9.0, "sched.d": 5.0}, "test",
                tmp_path / "costs.json")       # sched.e unknown: the median, 2.6
    env = dict(os.environ, CRITCHECK_PROOFS=str(tmp_path))
    s = _verify(env, "--jobs", "1", "--json", str(tmp_path / "s.json"))
    p = _verify(env, "--jobs", "2", "--json", str(tmp_path / "p.json"))
    assert s.returncode == p.returncode == 0, (s.stderr, p.stderr)
    started = [ln.split()[-1] for ln in p.stderr.splitlines() if " start " in ln]
    assert started == ["sched.c", "sched.d", "sched.e", "sched.b", "sched.a"]
    serial_started = [ln.split()[-1] for ln in s.stderr.splitlines() if " start " in ln]
    assert serial_started == ["sched.a", "sched.b", "sched.c", "sched.d", "sched.e"]
    rows = [ln.split()[:3] for ln in p.stdout.splitlines()[1:-1]]
    assert rows == [ln.split()[:3] for ln in s.stdout.splitlines()[1:-1]]
    assert [r[0] for r in rows] == ["sched.a", "sched.b", "sched.c", "sched.d", "sched.e"]
    r1, r2 = (json.loads((tmp_path / f).read_text()) for f in ("s.json", "p.json"))
    for a, b in zip(r1, r2):
        a.pop("seconds"), b.pop("seconds")
    assert r1 == r2

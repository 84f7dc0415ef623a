"""``critcheck verify --jobs``: parallel runs give the serial results, in the same order.

Also: a claim whose process dies is INCONCLUSIVE (the run goes on), a claim
past its budget is INCONCLUSIVE in a child process too, and progress lines
appear when stdout is not a terminal and vanish with ``-q``.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROOF = """
import os, time
from critcheck import claim, Outcome, Verdict, Criterion
C = Criterion('h', 's', 1, 'r', True)

@claim('par.slow_first', title='t', source='test', method='numeric', expected='SUPPORTED')
def slow_first(ctx):
    time.sleep(0.6)   # finishes after the others: rows must still come in id order
    return Outcome(Verdict.SUPPORTED, criterion=C, evidence={'samples': 1, 'seed': ctx.seed, 'pid': os.getpid()})

@claim('par.quick', title='t', source='test', method='numeric', expected='SUPPORTED')
def quick(ctx):
    import numpy as np
    x = np.random.default_rng(ctx.seed).standard_normal(5)
    return Outcome(Verdict.SUPPORTED, criterion=C, evidence={'samples': 5, 'seed': ctx.seed, 'x': x.tolist()})

@claim('par.crash', title='t', source='test', method='numeric', expected='SUPPORTED')
def crash(ctx):
    os._exit(3)   # the process dies without an answer

@claim('par.too_long', title='t', source='test', method='numeric', expected='SUPPORTED')
def too_long(ctx):
    time.sleep(30)
    return Outcome(Verdict.SUPPORTED, criterion=C, evidence={'samples': 1, 'seed': 0})
"""


def _verify(proof, *args):
    return subprocess.run([sys.executable, "-m", "critcheck.cli", "verify", str(proof), *args],
                          capture_output=True, text=True, timeout=120)


def _rows(stdout):
    return [line.split()[:3] for line in stdout.splitlines()[1:-1]]


def test_parallel_equals_serial_in_order(tmp_path):
    proof = tmp_path / "p_par.py"
    proof.write_text(PROOF.replace("os._exit(3)", "return Outcome('SUPPORTED', criterion=C, evidence={'samples': 1, 'seed': 0})")
                     .replace("time.sleep(30)", "pass"))
    js1, js2 = tmp_path / "s.json", tmp_path / "p.json"
    s = _verify(proof, "--jobs", "1", "--json", str(js1), "-q")
    p = _verify(proof, "--jobs", "3", "--json", str(js2))
    assert s.returncode == p.returncode == 0, (s.stderr, p.stderr)
    assert _rows(s.stdout) == _rows(p.stdout)
    ids = [r[0] for r in _rows(p.stdout)]
    assert ids == sorted(ids)
    r1, r2 = json.loads(js1.read_text()), json.loads(js2.read_text())
    for a, b in zip(r1, r2):
        a.pop("seconds"), b.pop("seconds")
        a["evidence"].pop("pid", None), b["evidence"].pop("pid", None)
    assert r1 == r2
    pids = {rec["evidence"].get("pid") for rec in json.loads(js2.read_text())} - {None}
    assert pids  # the parallel run really ran in child processes
    assert "start par.quick" in p.stderr and "end   par.quick SUPPORTED" in p.stderr
    assert "start" not in s.stderr  # -q: the table only


def test_crash_and_budget_are_inconclusive_not_fatal(tmp_path):
    proof = tmp_path / "p_par2.py"
    proof.write_text(PROOF)
    p = _verify(proof, "--jobs", "2", "--budget", "4", "--json", str(tmp_path / "r.json"))
    assert p.returncode == 1, p.stderr
    got = {r[0]: r[1] for r in _rows(p.stdout)}
    assert got == {"par.crash": "INCONCLUSIVE", "par.quick": "SUPPORTED",
                   "par.slow_first": "SUPPORTED", "par.too_long": "INCONCLUSIVE"}, (p.stdout, p.stderr)
    recs = {r["id"]: r for r in json.loads((tmp_path / "r.json").read_text())}
    assert "exit status 3" in recs["par.crash"]["evidence"]["error"]
    assert "budget" in recs["par.too_long"]["evidence"]["error"]


def test_jobs_must_be_positive(tmp_path):
    proof = tmp_path / "p_par4.py"
    proof.write_text(PROOF)
    p = _verify(proof, "--jobs", "0")
    assert p.returncode == 2 and "--jobs" in p.stderr and "Traceback" not in p.stderr

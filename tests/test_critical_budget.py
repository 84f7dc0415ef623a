"""``critical --budget S`` bounds the whole command (issue 10, item 5).

The work runs in a worker process killed at the deadline
(:mod:`critcheck.budget_worker`); what it sent before is printed, the rest is
OPEN, and the answer is never "complete". No timing is asserted here (the
measurements are in benchmarks/RESULTS.md); the tests pin what happens at
the deadline: the worker and its children are gone, and the output is honest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from critcheck.budget_worker import run_until
from critcheck.cli import main
from critcheck.errors import CritcheckError, InvalidArgument

DW5 = ("+".join(f"(x{i}**2-1)**2" for i in range(1, 6)) + "+("
       + "+".join(f"x{i}*x{j}" for i in range(1, 6) for j in range(i + 1, 6)) + ")/5")


def _deaf_sleeper(send, seconds):
    """Ignores SIGALRM (like a long C call) and starts a child process that sleeps too."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    child = subprocess.Popen(["sleep", str(seconds)])
    send("child", child.pid)
    time.sleep(seconds)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to look at processes")
def test_worker_and_its_children_are_killed_at_the_deadline():
    got = []
    how = run_until(_deaf_sleeper, (600,), time.monotonic() + 1.0, got.append)
    assert how == "deadline"
    assert got and got[0][0] == "child"
    pid = got[0][1]
    for _ in range(50):                       # the orphan is reaped by init shortly after
        if not _alive(pid):
            break
        time.sleep(0.1)
    assert not _alive(pid)


def _raises(send):
    send("before", 1)
    raise InvalidArgument("bad x=1")


def test_worker_errors_come_back_as_the_same_class_and_messages_in_order():
    got = []
    with pytest.raises(InvalidArgument, match="bad x=1"):
        run_until(_raises, (), time.monotonic() + 30, got.append)
    assert got == [("before", 1)]


def _dies(send):
    os._exit(3)


def test_a_worker_that_dies_silently_is_an_error_not_an_answer():
    with pytest.raises(CritcheckError, match="without an answer"):
        run_until(_dies, (), time.monotonic() + 30, lambda m: None)


def test_one_second_budget_is_honest_about_what_is_open(capsys, tmp_path):
    out_json = tmp_path / "dw5.json"
    rc = main(["critical", DW5, "--vars", "x1,x2,x3,x4,x5", "--budget", "1",
               "--json", str(out_json)])
    out = capsys.readouterr().out
    assert rc == 1                                # documented: 1 when anything is open
    assert "complete;" not in out and "(certified by the kernel)" not in out
    assert "INCONCLUSIVE" in out or "OPEN" in out
    rec = json.loads(out_json.read_text())
    assert rec["complete"] is False


def test_certified_points_survive_a_kill_during_the_case_analysis(capsys, monkeypatch):
    # the kernel accepts the points but (as if) not their completeness; the case
    # analysis that would decide it then never returns: the points are still shown
    from critcheck.symbolic import critical as critical_mod
    from critcheck.symbolic import shape_certificate as sc

    real = sc.shape_certificate

    def incomplete(f, variables):
        cert, checked = real(f, variables)
        if cert is not None:
            checked = dict(checked, complete=False)
        return cert, checked

    def stuck(*a, **k):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)

    monkeypatch.setattr(sc, "shape_certificate", incomplete)
    monkeypatch.setattr(critical_mod, "solve_system", stuck)
    from critcheck.symbolic.engine_msolve import msolve_available

    if not msolve_available():
        pytest.skip("msolve not installed")
    rc = main(["critical", "(x^2-1)^2 + (y^2-1)^2 + x*y/5", "--vars", "x,y", "--budget", "4"])
    out = capsys.readouterr().out
    assert rc == 1
    assert out.count("of 9 certified by the kernel") == 9   # the 9 kernel-certified points
    assert "still running" in out and "stopped at the budget" in out
    assert "INCOMPLETE" in out

"""Progress of a claim's inner loop inside ``verify`` and ``report`` (issue 14, item 1).

A check reports units of work through ``ctx.progress(done, total, label)`` or
``ctx.steps(items)``; the runner hands them to the command -- in this process,
or from worker processes through a shared-memory slot the parent reads --
and :class:`ClaimBoard` shows them: live lines on a terminal, a few plain
lines (no carriage returns) in a log, nothing with ``-q``. Progress never changes a verdict or the JSON.
"""

from __future__ import annotations

import functools
import io
import json

import pytest

from critcheck import Claim, Context, Method, Outcome, Verdict, run_claim
from critcheck.cli import main
from critcheck.render import progress as progress_mod
from critcheck.render.progress import ClaimBoard

LONG = '''
import os, time
from critcheck import claim, Outcome, Criterion

@claim("prog.draws", title="t", source="s", method="numeric", expected="SUPPORTED")
def draws(ctx):
    for k in ctx.steps(range({n}), label="draws"):
        time.sleep(float(os.environ.get('PROG_DT', '0')))
    return Outcome("SUPPORTED", evidence={{"samples": {n}, "seed": ctx.seed}},
                   criterion=Criterion("h", "s", {n}, "r", True))

@claim("prog.rows", title="t", source="s", method="numeric", expected="SUPPORTED")
def rows(ctx):
    for k in range({m}):
        time.sleep(float(os.environ.get('PROG_DT', '0')))
        ctx.progress(k + 1, {m}, f"row {{k}}")
    return Outcome("SUPPORTED", evidence={{"samples": {m}, "seed": ctx.seed}},
                   criterion=Criterion("h", "s", {m}, "r", True))
'''


@pytest.fixture(scope="module")
def long_proof(tmp_path_factory):
    """One file for the module (claim ids are global); each unit sleeps $PROG_DT seconds."""
    p = tmp_path_factory.mktemp("progress") / "p_progress_long.py"
    p.write_text(LONG.format(n=12, m=7))
    return p


def _long(path, monkeypatch, dt):
    monkeypatch.setenv("PROG_DT", str(dt))
    return path


def _monotone_to_total(events, total):
    dones = [d for d, t, _ in events]
    assert events, "no progress reported"
    assert all(t == total for _, t, _ in events), events
    assert dones == sorted(dones) and dones[-1] == total, dones


def _claims(path):
    from critcheck.claims import select

    return select([str(path)])


# -- the hook --------------------------------------------------------------------------

def test_in_process_the_hook_reports_monotone_progress_with_the_right_total(long_proof, monkeypatch):
    c = {c.id: c for c in _claims(_long(long_proof, monkeypatch, 0))}
    for cid, total in (("prog.draws", 12), ("prog.rows", 7)):
        events = []
        ctx = Context(on_progress=lambda d, t, label: events.append((d, t, label)))
        r = run_claim(c[cid], ctx)
        assert r.verdict is Verdict.SUPPORTED
        _monotone_to_total(events, total)
        assert len(events) == total      # one per unit, none lost in this process


def test_without_a_sink_progress_costs_nothing_and_steps_returns_its_input():
    ctx = Context()
    items = [1, 2, 3]
    assert ctx.steps(items) is items     # no wrapper at all
    ctx.progress(1, 3, "x")              # a no-op
    assert Context() == Context(on_progress=print)   # a display setting, not part of the context


def test_the_parallel_path_sends_progress_from_the_workers(long_proof, monkeypatch):
    from critcheck.claims.parallel import run_claims
    from critcheck.commands.verify import _report

    claims = _claims(_long(long_proof, monkeypatch, 0.005))
    seen: dict = {}

    def on_progress(claim, done, total, label):
        seen.setdefault(claim.id, []).append((done, total, label))

    reps = run_claims(claims, Context(), functools.partial(_report, tex=None), jobs=2,
                      on_progress=on_progress)
    assert [r.verdict for r in reps] == ["SUPPORTED", "SUPPORTED"]
    _monotone_to_total(seen["prog.draws"], 12)
    _monotone_to_total(seen["prog.rows"], 7)
    # -q: the checks get no sink, nothing arrives
    quiet: dict = {}
    run_claims(claims, Context(), functools.partial(_report, tex=None), jobs=2, quiet=True,
               on_progress=lambda c, *a: quiet.setdefault(c.id, []).append(a))
    assert quiet == {}


def test_the_kernel_reports_each_certificate_and_progress_never_rescues_a_verdict():
    from critcheck.kernel import Statement

    st = Statement("lower_bound", "x^2 + 2*x + 1", ("x",), data={"c": "0"})
    cert = {"terms": [{"weight": "1", "square": "x + 1"}]}

    def check(ctx):
        ctx.progress(1, 1, "built")
        return Outcome("PROVED", statement=[st, st], certificate=[cert, cert])

    events = []
    ctx = Context(on_progress=lambda d, t, label: events.append((d, t, label)))
    r = run_claim(Claim("p.k", "t", "test", Method.SYMBOLIC, Verdict.PROVED, check), ctx)
    assert r.verdict is Verdict.PROVED
    assert [e for e in events if e[2] == "kernel"] == [(0, 2, "kernel"), (1, 2, "kernel"),
                                                      (2, 2, "kernel")]

    def dishonest(ctx):   # reports all its work done, but has no certificate
        for k in ctx.steps(range(5)):
            pass
        ctx.progress(99, 5, "nonsense")
        return Outcome("PROVED")

    r = run_claim(Claim("p.d", "t", "test", Method.SYMBOLIC, Verdict.PROVED, dishonest), ctx)
    assert r.verdict is Verdict.INCONCLUSIVE and "certificate" in r.guard


# -- what the user sees ----------------------------------------------------------------

class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_off_a_terminal_plain_lines_at_quarters_at_most_every_few_seconds():
    s, clock = io.StringIO(), _Clock()
    b = ClaimBoard(3, 1, s, clock=clock)
    b.start("a", "start a")
    for k in range(1, 101):
        clock.t = 0.1 * k                 # 10 s for the claim
        b.update("a", k, 100, "draws")
    b.end("a", "end a")
    out = s.getvalue()
    assert "\r" not in out and "\033" not in out
    lines = out.splitlines()
    assert lines[0] == "start a" and lines[-1] == "end a"
    prog = lines[1:-1]
    assert [ln.split(": ")[1].split()[0] for ln in prog] == ["25/100", "50/100", "75/100"], prog
    assert prog[0] == "[0/3] a: 25/100 (25%) draws, 2.5 s"
    # a claim faster than LOG_EVERY prints no progress line at all
    s2, clock2 = io.StringIO(), _Clock()
    b2 = ClaimBoard(1, 1, s2, clock=clock2)
    b2.start("quick")
    for k in range(1, 11):
        clock2.t = 0.1 * k
        b2.update("quick", k, 10)
    b2.end("quick")
    assert s2.getvalue() == ""


def test_verbose_logs_tenths_and_quiet_logs_nothing():
    for level, want in ((2, 9), (0, 0)):
        s, clock = io.StringIO(), _Clock()
        b = ClaimBoard(1, level, s, clock=clock)
        b.start("a", "start a")
        for k in range(1, 101):
            clock.t = 1.0 * k             # slow enough for every tenth
            b.update("a", k, 100)
        b.end("a", "end a")
        got = [ln for ln in s.getvalue().splitlines() if "/100" in ln]
        assert len(got) == want, got
        if level == 0:
            assert s.getvalue() == ""


def test_on_a_terminal_a_live_line_per_claim_erased_when_it_ends():
    s, clock = _Tty(), _Clock()
    b = ClaimBoard(2, 1, s, tick=0, clock=clock)
    b.start("a")
    b.start("b")
    clock.t = 3.0
    b.update("a", 5, 10, "bias 3")
    assert "\n".join(b._lines()) == ("[0/2] a [##########..........] 5/10 bias 3  3 s\n"
                                     "[0/2] b  3 s")
    b.end("a")
    b.emit("a  SUPPORTED", stream=s)   # a table row, printed above the live lines
    b.end("b")
    b.close()
    out = s.getvalue()
    assert "a  SUPPORTED\n" in out
    # after the last claim ended nothing live is left: the last write erased it
    assert out.endswith("\r\033[K") and b._drawn == 0


def test_verify_shows_progress_in_a_log_keeps_json_and_q_silences(long_proof, tmp_path, capsys,
                                                                 monkeypatch):
    monkeypatch.setattr(progress_mod, "LOG_EVERY", 0.0)
    p = _long(long_proof, monkeypatch, 0.15)  # long enough for the parent's reads (every 0.5 s)
    outs = {}
    for flag in ([], ["-q"]):
        js = tmp_path / f"r{len(flag)}.json"
        assert main(["verify", str(p), "--jobs", "2", "--json", str(js), *flag]) == 0
        cap = capsys.readouterr()
        outs[tuple(flag)] = (cap, json.loads(js.read_text()))
    (cap, recs), (qcap, qrecs) = outs[()], outs[("-q",)]
    assert "\r" not in cap.err and "\033" not in cap.err
    assert "start prog.draws" in cap.err and "end   prog.rows SUPPORTED" in cap.err
    assert any("prog.rows:" in ln and "/7 (" in ln for ln in cap.err.splitlines()), cap.err
    assert any("prog.draws:" in ln and "/12 (" in ln for ln in cap.err.splitlines()), cap.err
    assert "/12" not in qcap.err and "/7" not in qcap.err and "start" not in qcap.err
    assert [ln.split()[:3] for ln in cap.out.splitlines()] == [
        ln.split()[:3] for ln in qcap.out.splitlines()]
    for a, b in zip(recs, qrecs):
        a.pop("seconds"), b.pop("seconds")
    assert recs == qrecs                    # progress never reaches the JSON


def test_report_shows_claim_progress_in_a_log(long_proof, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(progress_mod, "LOG_EVERY", 0.0)
    p = _long(long_proof, monkeypatch, 0.01)
    assert main(["report", f"{p}::prog.rows", "-o", str(tmp_path / "r"), "--no-pdf"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    lines = err.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("[1/1] prog.rows ..."))
    j = next(i for i, ln in enumerate(lines) if ln.startswith("[1/1] prog.rows: SUPPORTED"))
    between = lines[i + 1:j]
    assert between and all("prog.rows:" in ln and "/7 (" in ln for ln in between), between
    assert main(["report", f"{p}::prog.rows", "-o", str(tmp_path / "r"), "--no-pdf", "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("bad", [(3, 0, ""), (5, -1, ""), (-2, 4, ""), (9, 4, "past the end")])
def test_odd_progress_values_never_break_the_display(bad):
    s = io.StringIO()
    b = ClaimBoard(1, 2, s, clock=_Clock())
    b.start("a")
    b.update("a", *bad)
    b.update("nobody", 1, 2)             # a claim that is not running: ignored
    b.end("a")
    assert "\r" not in s.getvalue()

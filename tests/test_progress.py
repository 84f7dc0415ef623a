"""Progress: a line when each claim or stage starts and ends, bars on a terminal and
plain lines otherwise, and the same -q/-v on every command."""

from __future__ import annotations

import io

import pytest

from critcheck.cli import build_parser, main
from critcheck.render.progress import Progress


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_bar_off_a_terminal_prints_plain_lines_at_tenths():
    s = io.StringIO()
    bar = Progress(1, s).bar("bias 3")
    for k in range(1, 101):
        bar(k, 100)
    lines = s.getvalue().splitlines()
    assert "\r" not in s.getvalue()
    # the first step (work has started), then every tenth
    assert len(lines) == 11 and lines[0].startswith("bias 3: 1/100 (1%)")
    assert lines[-1].startswith("bias 3: 100/100 (100%)")


def test_bar_on_a_terminal_redraws_in_place():
    s = _Tty()
    bar = Progress(1, s).bar("draws")
    for k in range(1, 6):
        bar(k, 5)
    out = s.getvalue()
    assert out.count("\r") == 5 and out.endswith("\n") and "[" + "#" * 30 + "] 5/5" in out


def test_a_delayed_stage_that_fails_fast_prints_nothing():
    s = io.StringIO()
    with pytest.raises(ValueError):
        with Progress(1, s).stage("parsing", delay=5):
            raise ValueError("bad input")
    assert s.getvalue() == ""


def test_waiting_shows_on_a_terminal_then_wipes_itself():
    import time

    s = _Tty()
    with pytest.raises(ValueError):
        with Progress(1, s).waiting("loading SymPy", delay=0.01):
            time.sleep(0.2)
            raise ValueError("bad input")
    assert s.getvalue() == "loading SymPy ...\r\033[K"     # shown, then erased: the error stands alone
    plain = io.StringIO()
    with Progress(1, plain).waiting("loading SymPy", delay=0.0):
        time.sleep(0.1)
    assert plain.getvalue() == ""                              # logs and CI: nothing


def test_quiet_prints_nothing_and_verbose_adds_detail():
    q, n, v = io.StringIO(), io.StringIO(), io.StringIO()
    for level, s in ((0, q), (1, n), (2, v)):
        p = Progress(level, s)
        with p.stage("claim x") as st:
            p.detail("found 2 components")
            st["result"] = "PROVED"
        p.bar("b")(1, 1)
    assert q.getvalue() == ""
    assert n.getvalue().splitlines()[0] == "claim x ..."
    assert "claim x: PROVED in" in n.getvalue() and "found 2" not in n.getvalue()
    assert "found 2 components" in v.getvalue()


@pytest.mark.parametrize("argv", [
    ["list"], ["latex", "toy.vw", "-o", "x.tex"], ["critical", "x**2", "--vars", "x"],
    ["landscape", "x**2", "--vars", "x", "--box", "-1:1"], ["relu", "table"], ["relu", "figure"],
    ["relu", "diameters"], ["report", "-o", "d"],
])
def test_quiet_and_verbose_are_the_same_on_every_command(argv):
    p = build_parser()
    assert p.parse_args(argv + ["-q"]).quiet and p.parse_args(argv + ["--quiet"]).quiet
    assert p.parse_args(argv + ["-v"]).verbose and p.parse_args(argv + ["--verbose"]).verbose
    with pytest.raises(SystemExit):
        p.parse_args(argv + ["-q", "-v"])


def test_report_announces_a_claim_before_it_runs(proof_file, tmp_path, capsys):
    """The start line comes before any work of the claim (a new user sees progress at once)."""
    p = proof_file('''
import sys
from critcheck import claim, Outcome
@claim("prog.slow", title="t", source="s", method="numeric", expected="SUPPORTED")
def check(ctx):
    print("INSIDE THE CHECK", file=sys.stderr)
    return Outcome("SUPPORTED", evidence={"samples": 1, "seed": 0})
''')
    assert main(["report", str(p), "-o", str(tmp_path / "r"), "--no-pdf"]) == 0
    err = capsys.readouterr().err
    assert err.index("[1/1] prog.slow ...") < err.index("INSIDE THE CHECK") < err.index(
        "[1/1] prog.slow: SUPPORTED (expected SUPPORTED) in")
    assert main(["report", str(p), "-o", str(tmp_path / "r"), "--no-pdf", "-q"]) == 0
    assert capsys.readouterr().err.strip() == "INSIDE THE CHECK"


def test_critical_and_landscape_print_stage_lines(capsys):
    assert main(["critical", "(v*w-1)**2", "--vars", "v,w"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("solving grad = 0 ...\nsolving grad = 0: 2 component(s)")
    assert main(["landscape", "x^2+y^2", "--vars", "x,y", "--box", "-1:1,-1:1", "--samples", "400"]) == 0
    assert "[landscape] evaluating the loss" in capsys.readouterr().err

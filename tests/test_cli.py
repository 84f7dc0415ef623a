"""The command line: contract of DESIGN.md and one-line errors on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from critcheck.cli import main

from conftest import needs_pdflatex


def run(*args):
    return subprocess.run([sys.executable, "-m", "critcheck.cli", *args],
                          capture_output=True, text=True, timeout=300)


CONSOLE = [sys.executable, "-c", "import sys; from critcheck.cli import console; "
           "sys.argv[0] = 'critcheck'; console()"]


def console(*args):
    """Run the installed program's entry point, :func:`critcheck.cli.console`."""
    return subprocess.run(CONSOLE + list(args), capture_output=True, text=True, timeout=300)


def test_list_shows_ids(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "sd.appendix_a" in out and "PROVED" in out


def test_critical_vw_lists_origin_and_curve(capsys, tmp_path):
    js = tmp_path / "c.json"
    assert main(["critical", "(v*w-1)**2", "--vars", "v,w", "--json", str(js)]) == 0
    out = capsys.readouterr().out
    assert "v = 0" in out and "v = 1/w" in out
    rec = json.loads(js.read_text())
    assert rec["complete"] and len(rec["components"]) == 2


@pytest.mark.parametrize("args,needle", [
    (["critical", "__import__('os').system('touch /tmp/critcheck_pwned')", "--vars", "v"],
     "not allowed"),
    (["critical", "(v*w-1", "--vars", "v,w"], "syntax error"),
    (["critical", "v*q", "--vars", "v"], "unknown name 'q'"),
    (["critical", "v**2", "--vars", "v", "--assume", "v>0", "--assume", "v<0"], "contradict"),
    (["critical", "v**2", "--vars", "v", "--assume", "x>0"], "undeclared"),
    (["critical", "v.real", "--vars", "v"], "not allowed"),
    (["critical", "2**10**10", "--vars", "v"], "too large"),
    (["verify", "no.such.claim"], "not in the catalogue"),
    (["latex", "sd.appendix_a", "-o", "x.txt"], "must end in .tex"),
])
def test_bad_input_is_one_line_and_exit_2(args, needle):
    p = run(*args)
    assert p.returncode == 2, p.stderr
    assert needle in p.stderr
    assert "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert not Path("/tmp/critcheck_pwned").exists()


def test_verify_exit_status_reflects_mismatch(tmp_path):
    proof = tmp_path / "p_false.py"
    proof.write_text(
        "from critcheck import claim, Outcome\n"
        "@claim('t.false_proved', title='t', source='test', method='symbolic', expected='PROVED')\n"
        "def check(ctx):\n"
        "    return Outcome('PROVED')  # no derivation: the guard must refuse\n")
    p = run("verify", str(proof))
    assert p.returncode == 1
    assert "INCONCLUSIVE" in p.stdout and "MISMATCH" in p.stdout


@needs_pdflatex
def test_latex_compiles(tmp_path):
    out = tmp_path / "appendix_a.tex"
    assert main(["latex", "sd.appendix_a", "-o", str(out), "--pdf"]) == 0
    assert out.with_suffix(".pdf").stat().st_size > 1000
    text = out.read_text()
    assert r"\begin{document}" in text and "Appendix A" in text


def test_caret_is_a_power_with_power_precedence():
    from critcheck.symbolic.parse import parse_expr

    e1, s = parse_expr("(v*w-1)^2 + v", "v,w")
    e2, _ = parse_expr("(v*w-1)**2 + v", "v,w")
    assert e1 == e2
    assert parse_expr("2*v^2", "v")[0] == 2 * s["v"] ** 2


def test_cupy_backend_without_gpu_fails_fast():
    from critcheck.numeric.backend import available_backends

    if available_backends()["cupy"]:
        pytest.skip("a GPU is usable here")
    p = run("verify", "sd.figure_1", "--backend", "cupy")
    assert p.returncode == 2 and "cupy" in p.stderr and "Traceback" not in p.stderr


def test_installed_program_keeps_exit_status_and_output_files(tmp_path):
    # cli.console(), the installed program's entry point, ends without the interpreter's
    # teardown: the status and every file written must survive
    js = tmp_path / "r.json"
    ok = console("verify", "toy.vw", "-q", "-j", "1", "--json", str(js))
    assert ok.returncode == 0, ok.stderr
    assert "1 of 1 claims as expected" in ok.stdout
    assert json.loads(js.read_text())[0]["id"] == "toy.vw"
    bad = console("verify", "no.such.claim")
    assert bad.returncode == 2
    assert "not in the catalogue" in bad.stderr


def test_reader_that_stops_early_is_not_an_error():
    # `critcheck list | head -1`: the reader is gone before the output is written
    p = subprocess.Popen(CONSOLE + ["list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=300) == 0
    assert "error" not in err.lower(), err

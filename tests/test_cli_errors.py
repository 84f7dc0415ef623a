"""Every error is one line with exit status 2 (issue: what a researcher sees, item 5).

In-process through :func:`critcheck.cli.main` (argparse errors raise SystemExit(2)),
so these run in a fraction of a second each.
"""

from __future__ import annotations

import os
import warnings

import pytest

from critcheck.cli import build_parser, main


def one_line_error(capsys, argv):
    """Run ``critcheck argv``; return its stderr after checking: exit 2, one line, no traceback."""
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse
        rc = exc.code
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error:" in ln]
    assert rc == 2, err
    assert len(lines) == 1 and len(errors) == 1 and "Traceback" not in err, err
    assert "usage:" not in err, err
    return errors[0]


@pytest.mark.parametrize("argv,needle", [
    (["relu", "figure", "2d", "--N", "-5"], "--N=-5 must be at least 1"),
    (["relu", "figure", "9z"], "choose from"),
    (["relu", "table", "--trials", "0"], "--trials=0"),
    (["relu", "diameters", "--draws", "0"], "--draws=0"),
    (["relu", "table", "--dataset", "mnist", "--data-dir", "/nonexistent"], "is not a folder"),
    (["relu", "table", "--biases", "x,3"], "'x' is not a number"),
    (["critical", "v**2", "--vars", "v", "--budget", "-1"], "--budget=-1.0"),
    (["landscape", "x^2+y^2", "--vars", "x,y", "--box", "-inf:inf,-1:1"], "finite"),
    (["landscape", "x^2+y^2", "--vars", "x,y", "--box", "-1:1,-1:1", "--samples", "-3"], "--samples"),
    (["latex", "sd.appendix_a", "-o", "/nonexistent/dir/x.tex"], "does not exist"),
    (["latex", "sd.appendix_a", "-o", "x.tex", "--budget", "0"], "--budget"),
    (["report", "-o", "out", "--budget", "-2"], "--budget"),
    (["verify", "--no-such-option"], "unrecognized arguments"),
])
def test_bad_arguments(capsys, argv, needle):
    assert needle in one_line_error(capsys, argv)
    assert not os.path.exists("/nonexistent/dir")


def test_relu_data_dir_without_the_data_is_an_error(capsys, tmp_path):
    """Regression: an empty --data-dir silently fell back to other data."""
    err = one_line_error(capsys, ["relu", "table", "--dataset", "mnist", "--data-dir", str(tmp_path),
                                  "--trials", "1"])
    assert "holds no mnist files" in err or "not found" in err


@pytest.mark.parametrize("source,needle", [
    ("x = 1\n", "defines no claim"),
    ("from critcheck import claim\ndef f(:\n    pass\n", ":2: SyntaxError"),
    ("import os\nimport no_such_module_xyz\n", ":2: ModuleNotFoundError: No module named"),
    ("from critcheck import claim\nraise RuntimeError('bad setup')\n", ":2: RuntimeError: bad setup"),
])
def test_broken_or_empty_proof_scripts(capsys, proof_file, source, needle):
    p = proof_file(source)
    for cmd in (["verify", str(p)], ["list", str(p)], ["report", str(p), "-o", str(p.parent / "r"),
                                                         "--no-pdf"]):
        err = one_line_error(capsys, cmd)
        assert needle in err
        assert str(p) in err or "defines no claim" in err


def test_path_and_id_selects_one_claim_of_a_file(capsys, proof_file):
    p = proof_file(two("two"))
    assert main(["list", f"{p}::two.b"]) == 0
    out = capsys.readouterr().out
    assert "two.b" in out and "two.a" not in out
    assert "defines no claim 'two.c'" in one_line_error(capsys, ["list", f"{p}::two.c"])


_TWO = '''
from critcheck import claim, Outcome
@claim("{p}.a", title="a", source="s", method="numeric", expected="SUPPORTED")
def a(ctx):
    return Outcome("SUPPORTED", evidence={{"samples": 1, "seed": 0}})
@claim("{p}.b", title="b", source="s", method="numeric", expected="SUPPORTED")
def b(ctx):
    return Outcome("SUPPORTED", evidence={{"samples": 1, "seed": 0}})
'''


def two(prefix):
    """A proof script with claims ``prefix.a`` and ``prefix.b`` (ids are global: one prefix per test)."""
    return _TWO.format(p=prefix)


def test_a_raising_check_prints_its_error_once(capsys, proof_file):
    p = proof_file('''
from critcheck import claim
@claim("u.raises", title="t", source="s", method="symbolic", expected="PROVED")
def check(ctx):
    raise ValueError("boom here")
''')
    assert main(["verify", str(p)]) == 1
    cap = capsys.readouterr()
    assert (cap.out + cap.err).count("boom here") == 1


def test_report_without_pdflatex_names_no_pdf(capsys, proof_file, monkeypatch, tmp_path):
    p = proof_file(two("nopdf"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    err = one_line_error(capsys, ["report", str(p), "-o", str(tmp_path / "r")])
    assert "--no-pdf" in err and "drop --pdf" not in err
    assert main(["report", str(p), "-o", str(tmp_path / "r"), "--no-pdf", "-q"]) == 0


def test_landscape_log_has_no_raw_numpy_warnings(capsys):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert main(["landscape", "log(x)+y^2", "--vars", "x,y", "--box", "-1:2,-1:1",
                     "--samples", "2500", "-q"]) == 0
    assert not [w for w in seen if issubclass(w.category, RuntimeWarning)]
    cap = capsys.readouterr()
    assert "RuntimeWarning" not in cap.err
    assert "overflowed or were NaN" in cap.out      # said once, in words


@pytest.mark.parametrize("words", [["20,3,0,-3"], ["20", "3", "0", "-3"], ["20,3", "0", "-3"]])
def test_biases_take_commas_or_spaces(words):
    args = build_parser().parse_args(["relu", "table", "--biases", *words])
    assert [b for g in args.biases for b in g] == [20.0, 3.0, 0.0, -3.0]

"""``critcheck report -o DIR``: HTML with every claim and figure, PDF through LaTeX."""

from __future__ import annotations

import re

from critcheck import Derivation, Verdict
from critcheck.claims import Claim, Method
from critcheck.cli import main
from critcheck.render.report import write_report
from conftest import needs_pdflatex


@needs_pdflatex
def test_report_writes_html_and_pdf(tmp_path, capsys):
    out = tmp_path / "rep"
    rc = main(["report", "viz.plane_2d", "narrow.prop_IV_3", "--quick", "-o", str(out)])
    assert rc == 0
    html = (out / "index.html").read_text()
    for cid in ("viz.plane_2d", "narrow.prop_IV_3"):
        assert f"id='{cid}'" in html
    imgs = re.findall(r"<img src='([^']+)'", html)
    assert imgs and all((out / p).exists() for p in imgs)
    assert "PROVED" in html and "kernel" in html
    assert (out / "report.pdf").stat().st_size > 10_000
    tex = (out / "report.tex").read_text()
    assert "\\includegraphics" in tex and "narrow.prop\\_IV\\_3" in tex


def _result(cid, deriv=None, verdict="SUPPORTED"):
    c = Claim(cid, "t", "src", Method.parse("symbolic + numeric"), Verdict.parse(verdict),
              lambda ctx: None)
    from critcheck.claims.result import Result

    return Result(c, Verdict.parse(verdict), Verdict.parse(verdict), 0.1,
                  summary="s", evidence={"samples": 1, "seed": 0}, derivation=deriv)


@needs_pdflatex
def test_a_derivation_that_breaks_latex_does_not_lose_the_pdf(tmp_path):
    bad = Derivation()
    bad.formula("\\frac{1}{", "broken")        # raw LaTeX with an unbalanced brace
    res = [_result("ok.one"), _result("bad.one", bad)]
    paths = write_report(res, tmp_path, pdf=True)
    assert "pdf" in paths, paths
    assert paths["safe_mode_claims"] == ["bad.one"]


def test_report_rejects_a_file_as_output(tmp_path, capsys):
    f = tmp_path / "x"
    f.write_text("")
    assert main(["report", "viz.plane_2d", "-o", str(f), "--no-pdf"]) == 2
    assert "not a directory" in capsys.readouterr().err


def test_a_derivation_that_cannot_be_rendered_does_not_crash(tmp_path):
    class Odd:
        def _latex(self, printer):
            raise RuntimeError("no LaTeX for this")

    d = Derivation()
    d.formula(Odd())
    write_report([_result("odd.one", d)], tmp_path, pdf=False)
    html = (tmp_path / "index.html").read_text()
    assert "odd.one" in html and "could not be shown" in html
    assert "did not compile" in (tmp_path / "report.tex").read_text()

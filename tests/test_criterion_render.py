"""The criterion table in LaTeX (booktabs) and HTML (issue 11)."""

from __future__ import annotations

from critcheck import Claim, Method, Outcome, Verdict, run_claim
from critcheck.claims.criterion import Criterion, CriterionRow
from critcheck.render.criterion_table import criterion_html, criterion_latex
from conftest import needs_pdflatex

CRIT = Criterion("rate_x is 60 % & more", "share of runs", 100, "Fisher p > 0.005; power 0.9", True,
                 (CriterionRow("bias 3: continuous %", 63.0, 60, (52.76, 72.44), "agrees (Fisher p=0.77)", 2),))


def _result():
    c = Claim("t.crit", "criterion table", "test", Method.NUMERIC, Verdict.SUPPORTED,
              lambda ctx: Outcome(Verdict.SUPPORTED, evidence={"samples": 100, "seed": 0}, criterion=CRIT))
    return run_claim(c)


def test_latex_table_escapes_and_uses_booktabs():
    tex = criterion_latex(CRIT)
    assert r"\toprule" in tex and r"\bottomrule" in tex
    assert r"rate\_x is 60 \% \& more" in tex
    assert "[52.76, 72.44]" in tex and "2 undecided" in tex


def test_claim_document_and_html_report_show_the_criterion(tmp_path):
    from critcheck.render.html import report_html
    from critcheck.render.latex import claim_document

    r = _result()
    assert r.verdict is Verdict.SUPPORTED
    doc = claim_document(r)
    assert r"\usepackage{booktabs}" in doc and r"\section*{Criterion}" in doc
    page = report_html([r], tmp_path)
    assert "<table class='criterion'>" in page and "rate_x is 60 % &amp; more" in page
    assert "<td>agrees (Fisher p=0.77)</td>" in criterion_html(CRIT)


@needs_pdflatex
def test_claim_document_with_criterion_compiles(tmp_path):
    from critcheck.render.latex import compile_pdf, write_claim_tex

    tex = write_claim_tex(_result(), tmp_path / "c.tex")
    assert compile_pdf(tex).exists()

"""Readable documents: evidence as tables, figures included, prose as text, maths as
maths, and an HTML report that renders its maths offline (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import sympy

from critcheck.claims import Case, Derivation, Step, Text
from critcheck.render.evidence import KeyValues, Preformatted, Table, evidence_blocks, evidence_html, evidence_latex
from critcheck.render.latex import derivation_body, is_prose

from conftest import needs_pdflatex

OURS_VS_PAPER = """  bias  genuine%  avg Pg  activ%
    20         0    0.49  100.00
 paper         0    0.50  100.00
    -3       100    0.99    6.63
 paper       100    0.96
"""


def test_text_table_keeps_spaced_headers_and_short_rows():
    [t] = [b for b in evidence_blocks({"table": OURS_VS_PAPER}) if isinstance(b, Table)]
    assert t.header == ("bias", "genuine%", "avg Pg", "activ%")
    assert t.rows[1] == ("paper", "0", "0.50", "100.00")
    assert t.rows[3] == ("paper", "100", "0.96", "")


def test_evidence_blocks_show_everything_or_say_what_is_left_out():
    recs = [{"bias": b, "genuine": b < 0, "pg": 0.5} for b in range(100)]
    wide = [{f"f{i}": i * k for i in range(12)} for k in range(3)]
    ev = {"samples": 10, "descent": {"max_iter": 5, "step": "Armijo"}, "rows": recs, "wide": wide,
          "log": "first line\nsecond line with more words than columns allow", "traceback": "x"}
    blocks = evidence_blocks(ev, max_rows=60)
    kv = dict(next(b for b in blocks if isinstance(b, KeyValues)).items)
    assert kv == {"samples": "10", "descent.max_iter": "5", "descent.step": "Armijo"}
    rows = next(b for b in blocks if isinstance(b, Table) and b.title == "rows")
    assert len(rows.rows) == 60 and "first 60 of 100 rows" in rows.note
    wide_t = next(b for b in blocks if isinstance(b, Table) and b.title == "wide")
    assert wide_t.header == ("f0", "0", "0", "0") and len(wide_t.rows) == 11   # transposed
    assert any(isinstance(b, Preformatted) for b in blocks)
    tex = evidence_latex(ev)
    assert r"\toprule" in tex and r"\midrule" in tex and "traceback" not in tex
    html = evidence_html(ev)
    assert html.count("<table") == 3 and "<pre>" in html


def _appendix_like_derivation():
    a, L = sympy.symbols("a L")
    d = Derivation()
    d.text(r"The gradient is \textbf{as printed}.")
    d.step("factorisation", -2 * L * a, -2 * L * a)
    d.step("component satisfies every equation", [2 * a * L], 0, relation="on {a = 0; L = 0}",
           check=lambda: True)
    d.step("path verified exactly", r"1 - 801 t", "strictly decreasing to a global minimum",
           relation="⇒", check=lambda: True)
    inner = Derivation()
    inner.step("expand", (a + 1) ** 2, a ** 2 + 2 * a + 1)
    d.blocks.append(Case("the printed gradient (Appendix A)", inner, ""))
    d.blocks.append(Case(r"a u_{b} - 1 = 0", Derivation(), ""))
    return d


def test_derivation_prose_as_text_and_no_identity_steps():
    assert is_prose("the printed gradient (Appendix A)")
    assert not is_prose(r"a u_{b} - 1 = 0") and not is_prose(r"\lambda > 0")
    body = derivation_body(_appendix_like_derivation())
    assert r"\textbf{Case} the printed gradient (Appendix A)." in body
    assert r"\textbf{Case} $a u_{b} - 1 = 0$." in body
    assert "Both sides coincide" in body and "- 2 L a = - 2 L a" not in body
    # the 'on <set>' step has a relation (=) and says where, in words
    assert re.search(r"= 0\\quad\\text\{on \\\{a = 0; L = 0\\\}\}", body), body
    # a side in words is text inside the display, not italic maths letters
    assert r"\Longrightarrow \text{strictly decreasing to a global minimum}" in body


def _result_with_everything(tmp_path, proof_file, name):
    import matplotlib

    matplotlib.use("Agg")
    src = f'''
import sympy
from critcheck import claim, Outcome, Derivation
@claim("{name}", title="A claim with all parts", source="test", method="symbolic", expected="PROVED",
       statement=r"For $\\lambda > 0$ the \\textbf{{augmented}} loss has $a = 0$.")
def check(ctx):
    import matplotlib.pyplot as plt
    x = sympy.Symbol("x")
    d = Derivation(); d.text(r"We expand \\emph{{once}}: $x^2$.")
    d.step("expand", (x + 1)**2, x**2 + 2*x + 1)
    fig, ax = plt.subplots(); ax.plot([0, 1], [1, 0]); p = ctx.artifact("line.png")
    fig.savefig(p); plt.close(fig)
    return Outcome("PROVED", derivation=d, artifacts=[p],
                   evidence={{"table": {OURS_VS_PAPER!r}, "seed": 0}})
'''
    from critcheck.claims import Context, select

    [c] = select([str(proof_file(src, name=f"{name.replace('.', '_')}.py"))])
    return c.run(Context(out_dir=tmp_path / "figs"))


def test_claim_document_includes_its_figures_relative(tmp_path, proof_file):
    from critcheck.render.latex import write_claim_tex

    r = _result_with_everything(tmp_path, proof_file, "doc.figs")
    tex = write_claim_tex(r, tmp_path / "doc.tex").read_text()
    assert r"\includegraphics[width=0.7\linewidth]{figs/line.png}" in tex
    assert r"\begin{tabular}" in tex and "avg Pg" in tex


@needs_pdflatex
def test_claim_document_with_figure_and_tables_compiles(tmp_path, proof_file):
    from critcheck.render.latex import compile_pdf, write_claim_tex

    r = _result_with_everything(tmp_path, proof_file, "doc.pdf")
    pdf = compile_pdf(write_claim_tex(r, tmp_path / "doc.tex"))
    assert pdf.stat().st_size > 5000


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def test_html_report_is_offline(tmp_path, proof_file):
    from critcheck.render.report import write_report

    r = _result_with_everything(tmp_path, proof_file, "html.offline")
    html = Path(write_report([r], tmp_path / "rep", pdf=False)["html"]).read_text()
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", html)
    assert "<math" in html and r"\textbf" not in html and "<b>augmented</b>" in html
    assert "<table class='ev'>" in html and "<th>avg Pg</th>" in html
    assert "\\n" not in html.split("<h3>Evidence</h3>")[1]     # no JSON strings with literal \n


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (CI installs it with apt)")
def test_html_report_renders_maths_in_headless_chromium(tmp_path, proof_file):
    from critcheck.render.report import write_report

    r = _result_with_everything(tmp_path, proof_file, "html.chromium")
    page = Path(write_report([r], tmp_path / "rep", pdf=False)["html"])
    # a copy with a probe that measures every <math> box; the report itself has no script
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text().replace("</body>", """<script>
window.addEventListener('load', () => {
const boxes = [...document.querySelectorAll('math')].map(m => m.getBoundingClientRect());
document.body.setAttribute('data-math', boxes.length);
document.body.setAttribute('data-math-drawn', boxes.filter(b => b.width > 2 && b.height > 5).length);
const imgs = [...document.images];
document.body.setAttribute('data-img-ok', imgs.filter(i => i.complete && i.naturalWidth > 0).length);
});
</script></body>"""))
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=3000", "--dump-dom", probe.as_uri()],
            capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    n = int(re.search(r'data-math="(\d+)"', dom).group(1))
    drawn = int(re.search(r'data-math-drawn="(\d+)"', dom).group(1))
    assert n >= 4 and drawn == n, (n, drawn)
    assert int(re.search(r'data-img-ok="(\d+)"', dom).group(1)) == 1
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Failed to load" in ln]
    assert not console, console

"""The full report: every claim with its verdict, derivation, evidence and
figures, as one LaTeX document (compiled to PDF) and one HTML page.

The LaTeX pieces come from :mod:`critcheck.render.latex` (``escape``,
``prose``, ``derivation_body``, ``compile_pdf``); figures are included with
``graphicx`` and evidence is laid out as booktabs tables
(:mod:`critcheck.render.evidence`). A claim whose derivation does not compile is shown without it
(with a note), so one bad claim never loses the whole PDF.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CritcheckError

__all__ = ["report_tex", "write_report"]

_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb,graphicx,booktabs}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
"""


def _claim_section(r, with_derivation: bool = True, base: Path | None = None) -> str:
    from .evidence import evidence_latex
    from .latex import derivation_body, escape, figures_tex, prose

    c = r.claim
    out = [r"\section{\texttt{%s}: %s}" % (escape(c.id), escape(c.title or c.id))]
    out.append(r"\textbf{%s} (expected %s) in %.2f s. \emph{Source:} %s. \emph{Method:} %s."
               % (r.verdict.value, r.expected.value, r.seconds, escape(c.source), escape(str(c.method))))
    if r.statement_text:
        out.append(r"\par\textbf{Statement.} " + prose(r.statement_text))
    if r.summary:
        out.append(r"\par\textbf{Summary.} " + escape(r.summary))
    if r.guard:
        out.append(r"\par\textbf{Verdict guard:} " + escape(r.guard))
    if r.open_branches:
        out.append(r"\par\textbf{Open branches:}\begin{itemize}"
                   + "".join(r"\item " + escape(b) for b in r.open_branches) + r"\end{itemize}")
    if r.counterexample is not None:
        ce = r.counterexample
        pt = ", ".join(f"{escape(str(k))} = {escape(str(v))}" for k, v in ce.point.items())
        out.append(r"\par\textbf{Counterexample} (%s): %s.\par %s" % (escape(ce.verified_by), pt,
                                                                     escape(ce.description)))
    if r.derivation is not None and len(r.derivation):
        body = None
        if with_derivation:
            try:
                body = derivation_body(r.derivation)
            except Exception:  # noqa: BLE001 - shown as a note below
                body = None
        if body is not None:
            out.append(r"\subsection*{Derivation}" + body)
        else:
            out.append(r"\par\emph{(The derivation did not compile in this document; run "
                       r"\texttt{critcheck latex %s -o FILE.tex} for it.)}" % escape(c.id))
    figs = figures_tex(r, base, width=r"0.62\linewidth")
    if figs:
        out.append(r"\subsection*{Figures}" + figs)
    ev = evidence_latex(r.to_record()["evidence"])
    if ev:
        out.append(r"\subsection*{Evidence}" + ev)
    return "\n".join(out)


def report_tex(results, title: str = "critcheck report", safe: frozenset = frozenset(),
               base: Path | None = None) -> str:
    """The LaTeX document; claims whose ids are in ``safe`` are shown without derivation.

    Figures are included relative to ``base`` (the document's folder) when given.
    """
    from .evidence import table_latex
    from .latex import escape

    n_ok = sum(r.ok for r in results)
    parts = [_PREAMBLE, r"\title{%s}" % escape(title), r"\date{}", r"\begin{document}", r"\maketitle",
             r"%d of %d claims have their expected verdict." % (n_ok, len(results))]
    rows = [(r.claim.id, r.verdict.value, r.expected.value, "yes" if r.ok else "NO",
             f"{r.seconds:.2f}") for r in results]
    parts.append(table_latex(("id", "verdict", "expected", "as expected", "seconds"), rows))
    for r in results:
        parts.append(_claim_section(r, with_derivation=r.claim.id not in safe, base=base))
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def write_report(results, out_dir, pdf: bool = True, title: str = "critcheck report",
                 meta: dict | None = None, log=None) -> dict:
    """Write ``index.html``, ``report.tex`` and (with ``pdf``) ``report.pdf`` into ``out_dir``.

    Returns the written paths (``{"html", "tex", "pdf", "pdf_error", "safe_mode_claims"}``).
    """
    from .html import report_html
    from .latex import compile_pdf

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict = {}
    html_path = out_dir / "index.html"
    html_path.write_text(report_html(results, out_dir, title, meta), encoding="utf-8")
    paths["html"] = str(html_path)
    tex = out_dir / "report.tex"
    tex.write_text(report_tex(results, title, base=out_dir), encoding="utf-8")
    paths["tex"] = str(tex)
    paths["safe_mode_claims"] = []
    if not pdf:
        return paths
    try:
        paths["pdf"] = str(compile_pdf(tex, hint="or pass --no-pdf"))
        return paths
    except CritcheckError as first:
        if "not installed" in str(first):
            paths["pdf_error"] = str(first)
            return paths
    # find the claims whose derivation breaks the document, compile without them
    safe = set()
    probe = out_dir / "_probe.tex"
    for r in results:
        if r.derivation is None or not len(r.derivation):
            continue
        probe.write_text(report_tex([r], title, base=out_dir), encoding="utf-8")
        try:
            compile_pdf(probe)
        except CritcheckError:
            safe.add(r.claim.id)
            if log:
                log(f"report: derivation of {r.claim.id} does not compile; shown without it")
    for p in out_dir.glob("_probe.*"):
        p.unlink()
    tex.write_text(report_tex(results, title, frozenset(safe), base=out_dir), encoding="utf-8")
    paths["safe_mode_claims"] = sorted(safe)
    try:
        paths["pdf"] = str(compile_pdf(tex))
    except CritcheckError as exc:
        paths["pdf_error"] = str(exc).splitlines()[0]
    return paths

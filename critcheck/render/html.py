"""The HTML page of ``critcheck report``: every claim, verdict, derivation,
evidence and figure on one page (figures linked relatively).

The page works offline and loads nothing from the network: mathematics is
converted to MathML with ``latex2mathml`` (browsers render MathML natively),
prose keeps its ``\\textbf``/``\\emph`` markup as ``<b>``/``<i>``, and
evidence is laid out as tables (:mod:`critcheck.render.evidence`). The page
holds no script at all.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

__all__ = ["report_html", "math_html", "prose_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.25em .5em;
text-align:left;font-size:.9em;vertical-align:top}table.summary{width:100%}
thead th{border-bottom:2px solid #888}caption{text-align:left;font-style:italic;padding:.2em 0}
table.kv th{font-weight:normal;white-space:nowrap}.note{font-size:.85em;font-style:italic}
.v{font-weight:bold;padding:.1em .4em;border-radius:3px}
.PROVED{background:#d4f4d4}.REFUTED{background:#f9d4d4}.SUPPORTED{background:#dde8fb}
.INCONCLUSIVE{background:#f4ecc4}.mismatch{color:#b00;font-weight:bold}
section{border-top:2px solid #ccc;margin-top:2em}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;
font-size:.85em;max-height:30em}img{max-width:48%;margin:.3em;border:1px solid #ddd}
.step{margin:.6em 0}.ok{color:#070}.bad{color:#b00}code{font-size:.9em}
math[display=block]{margin:.3em 0 .3em 1.5em}.case{margin-left:1.5em;border-left:2px solid #eee;padding-left:.6em}
"""


def _e(s) -> str:
    return html.escape(str(s))


def math_html(tex: str, display: bool = False) -> str:
    """MathML for LaTeX ``tex`` (``latex2mathml``); LaTeX source in ``<code>`` if it cannot convert."""
    from latex2mathml.converter import convert

    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - an unknown macro: show the source rather than lose it
        return f"<code class='tex'>{_e(tex)}</code>"


_MARKUP = re.compile(r"\\(textbf|emph|textit|texttt)\{([^{}$]*)\}")
_TAG = {"textbf": "b", "emph": "i", "textit": "i", "texttt": "code"}


def _text_html(text: str) -> str:
    out, last = [], 0
    for m in _MARKUP.finditer(text):
        out.append(_e(text[last:m.start()]))
        t = _TAG[m.group(1)]
        out.append(f"<{t}>{_e(m.group(2))}</{t}>")
        last = m.end()
    out.append(_e(text[last:]))
    return "".join(out)


def prose_html(text: str) -> str:
    """Prose with inline maths between ``$...$`` (as MathML) and simple markup (as tags)."""
    parts = str(text).split("$")
    if len(parts) % 2 == 0:  # an unpaired $: not maths, show the text as it is
        return _text_html(str(text))
    return "".join(math_html(p) if i % 2 else _text_html(p) for i, p in enumerate(parts))


def _step_html(b) -> str:
    from .latex import step_parts

    ok = b.recheck()
    mark = '<span class="ok">re-checked</span>' if ok else '<span class="bad">NOT re-checked</span>'
    sp = step_parts(b)
    qual = f" <i>{_e(sp['qualifier'])}</i>" if sp["qualifier"] else ""
    if sp["identical"]:
        body = ("Both sides coincide: the step confirms the expression as stated."
                + math_html(sp["before"], display=True) + qual)
    elif not sp["rel"]:
        body = (math_html(sp["before"], display=True) + f"<i>{_e(sp['qualifier'])}:</i>"
                + math_html(sp["after"], display=True))
    else:
        body = math_html(sp["before"] + " " + sp["rel"] + " " + sp["after"], display=True) + qual
    note = f"<br><small>{prose_html(b.note)}</small>" if b.note else ""
    return f'<div class="step"><b>{prose_html(b.rule)}</b> ({mark})<br>{body}{note}</div>'


def _derivation_html(deriv) -> str:
    from ..claims.derivation import Case, Formula, Step, Text
    from .latex import is_prose, to_tex

    out = []
    for b in deriv.blocks:
        if isinstance(b, Text):
            out.append(f"<p>{prose_html(b.text)}</p>")
        elif isinstance(b, Formula):
            label = f" ({_e(b.label)})" if b.label else ""
            out.append(math_html(to_tex(b.expr), display=True) + label)
        elif isinstance(b, Step):
            out.append(_step_html(b))
        elif isinstance(b, Case):
            cond = prose_html(b.condition) if is_prose(b.condition) else math_html(b.condition)
            out.append(f"<div class='case'><b>Case</b> {cond}."
                       + _derivation_html(b.body)
                       + (f"<p><i>Outcome:</i> {prose_html(b.outcome)}</p>" if b.outcome else "")
                       + "</div>")
    return "\n".join(out)


def report_html(results, out_dir: Path, title: str = "critcheck report", meta: dict | None = None) -> str:
    """The HTML text for ``results`` (figure links relative to ``out_dir``)."""
    from .evidence import evidence_html
    from .latex import derivation_body

    out_dir = Path(out_dir)
    rows = []
    for r in results:
        mism = "" if r.ok else ' <span class="mismatch">(expected %s)</span>' % _e(r.expected.value)
        rows.append(f"<tr><td><a href='#{_e(r.claim.id)}'><code>{_e(r.claim.id)}</code></a></td>"
                    f"<td><span class='v {r.verdict.value}'>{r.verdict.value}</span>{mism}</td>"
                    f"<td>{_e(r.expected.value)}</td><td>{_e(r.claim.method)}</td>"
                    f"<td>{r.seconds:.2f}</td><td>{_e(r.claim.source)}</td></tr>")
    n_ok = sum(r.ok for r in results)
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_e(title)}</title>",
             f"<style>{_CSS}</style>",
             "</head><body>", f"<h1>{_e(title)}</h1>",
             f"<p>{n_ok} of {len(results)} claims have their expected verdict."
             + "".join(f" {_e(k)}: {_e(v)}." for k, v in (meta or {}).items()) + "</p>",
             "<table class='summary'><tr><th>id</th><th>verdict</th><th>expected</th><th>method</th><th>s</th>"
             "<th>source</th></tr>", *rows, "</table>"]
    for r in results:
        c = r.claim
        parts.append(f"<section id='{_e(c.id)}'><h2><code>{_e(c.id)}</code> &mdash; {_e(c.title)}</h2>")
        parts.append(f"<p><span class='v {r.verdict.value}'>{r.verdict.value}</span> "
                     f"(expected {_e(r.expected.value)}) in {r.seconds:.2f} s. "
                     f"<i>Source:</i> {_e(c.source)}. <i>Method:</i> {_e(c.method)}.</p>")
        if r.statement_text:
            parts.append(f"<p><b>Statement.</b> {prose_html(r.statement_text)}</p>")
        if r.summary:
            parts.append(f"<p><b>Summary.</b> {prose_html(r.summary)}</p>")
        if r.guard:
            parts.append(f"<p class='mismatch'>Verdict guard: {_e(r.guard)}</p>")
        for b in r.open_branches:
            parts.append(f"<p>Open branch: {_e(b)}</p>")
        if r.counterexample is not None:
            ce = r.counterexample
            pt = ", ".join(f"{_e(k)} = {_e(v)}" for k, v in ce.point.items())
            parts.append(f"<p><b>Counterexample</b> ({_e(ce.verified_by)}): {pt}<br>{_e(ce.description)}</p>")
        if r.derivation is not None and len(r.derivation):
            try:
                body = _derivation_html(r.derivation)
            except Exception as exc:  # noqa: BLE001 - one odd derivation must not lose the page
                body = f"<p class='mismatch'>(derivation could not be shown: {_e(type(exc).__name__)}: {_e(exc)})</p>"
            parts.append("<h3>Derivation</h3>" + body)
            try:
                src = derivation_body(r.derivation)
            except Exception as exc:  # noqa: BLE001 - shown, not hidden
                src = f"(LaTeX rendering failed: {type(exc).__name__}: {exc})"
            parts.append(f"<details><summary>LaTeX source</summary><pre>{_e(src)}</pre></details>")
        figs = [a for a in r.artifacts if str(a).lower().endswith(".png")]
        if figs:
            parts.append("<h3>Figures</h3>")
            for f in figs:
                rel = os.path.relpath(Path(f).resolve(), out_dir.resolve())
                parts.append(f"<a href='{_e(rel)}'><img src='{_e(rel)}' alt='{_e(Path(f).name)}'></a>")
        if r.criterion is not None:
            from .criterion_table import criterion_html

            parts.append(criterion_html(r.criterion))
        ev = evidence_html(r.to_record()["evidence"])
        if ev:
            parts.append("<h3>Evidence</h3>" + ev)
        if "traceback" in r.evidence:
            parts.append("<details><summary>traceback</summary><pre>"
                         + _e(r.evidence["traceback"]) + "</pre></details>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)

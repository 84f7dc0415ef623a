"""The HTML page of ``critcheck report``: every claim, verdict, derivation,
evidence and figure on one self-contained page (figures linked relatively).

Mathematics is shown as LaTeX source; the page loads MathJax from its CDN
when a network is available and reads fine without it.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

__all__ = ["report_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .5em;
text-align:left;font-size:.92em}
.v{font-weight:bold;padding:.1em .4em;border-radius:3px}
.PROVED{background:#d4f4d4}.REFUTED{background:#f9d4d4}.SUPPORTED{background:#dde8fb}
.INCONCLUSIVE{background:#f4ecc4}.mismatch{color:#b00;font-weight:bold}
section{border-top:2px solid #ccc;margin-top:2em}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;
font-size:.85em;max-height:30em}img{max-width:48%;margin:.3em;border:1px solid #ddd}
.step{margin:.4em 0}.ok{color:#070}.bad{color:#b00}code{font-size:.9em}
"""


def _e(s) -> str:
    return html.escape(str(s))


def _derivation_html(deriv) -> str:
    from ..claims.derivation import Case, Formula, Step, Text
    from .latex import to_tex

    out = []
    for b in deriv.blocks:
        if isinstance(b, Text):
            out.append(f"<p>{_e(b.text)}</p>")
        elif isinstance(b, Formula):
            out.append(f"<p>\\[{_e(to_tex(b.expr))}\\]</p>")
        elif isinstance(b, Step):
            ok = b.recheck()
            mark = '<span class="ok">re-checked</span>' if ok else '<span class="bad">NOT re-checked</span>'
            out.append(f'<div class="step"><b>{_e(b.rule)}</b> ({mark})<br>'
                       f"\\({_e(to_tex(b.before))}\\ \\ {_e(b.relation)}\\ \\ {_e(to_tex(b.after))}\\)"
                       + (f"<br><small>{_e(b.note)}</small>" if b.note else "") + "</div>")
        elif isinstance(b, Case):
            out.append(f"<div style='margin-left:1.5em'><b>Case</b> \\({_e(b.condition)}\\)"
                       + _derivation_html(b.body)
                       + (f"<p><i>Outcome:</i> {_e(b.outcome)}</p>" if b.outcome else "") + "</div>")
    return "\n".join(out)


def report_html(results, out_dir: Path, title: str = "critcheck report", meta: dict | None = None) -> str:
    """The HTML text for ``results`` (figure links relative to ``out_dir``)."""
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
             "<script>window.MathJax={tex:{inlineMath:[['$','$'],['\\\\(','\\\\)']]}};</script>",
             "<script async src='https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js'></script>",
             "</head><body>", f"<h1>{_e(title)}</h1>",
             f"<p>{n_ok} of {len(results)} claims have their expected verdict."
             + "".join(f" {_e(k)}: {_e(v)}." for k, v in (meta or {}).items()) + "</p>",
             "<table><tr><th>id</th><th>verdict</th><th>expected</th><th>method</th><th>s</th>"
             "<th>source</th></tr>", *rows, "</table>"]
    for r in results:
        c = r.claim
        parts.append(f"<section id='{_e(c.id)}'><h2><code>{_e(c.id)}</code> &mdash; {_e(c.title)}</h2>")
        parts.append(f"<p><span class='v {r.verdict.value}'>{r.verdict.value}</span> "
                     f"(expected {_e(r.expected.value)}) in {r.seconds:.2f} s. "
                     f"<i>Source:</i> {_e(c.source)}. <i>Method:</i> {_e(c.method)}.</p>")
        if c.statement:
            parts.append(f"<p><b>Statement.</b> {_e(c.statement)}</p>")
        if r.summary:
            parts.append(f"<p><b>Summary.</b> {_e(r.summary)}</p>")
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
        ev = {k: v for k, v in r.to_record()["evidence"].items() if k != "traceback"}
        parts.append("<h3>Evidence</h3><pre>" + _e(json.dumps(ev, indent=1)[:20000]) + "</pre>")
        if "traceback" in r.evidence:
            parts.append("<details><summary>traceback</summary><pre>"
                         + _e(r.evidence["traceback"]) + "</pre></details>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)

"""The criterion of a ``SUPPORTED`` verdict as a table: ours, the reference, the interval, the decision.

Renders a :class:`critcheck.claims.criterion.Criterion` (issue 11) for the
LaTeX documents (a booktabs ``tabular``; the preamble loads ``booktabs``) and
the HTML report (a ``<table>``). Algorithms never print: the proof scripts
build the criterion, this module only formats it.
"""

from __future__ import annotations

import html

__all__ = ["criterion_latex", "criterion_html"]


def _fmt(v) -> str:
    if v is None:
        return "--"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _interval(iv) -> str:
    if iv is None:
        return "--"
    lo, hi = iv
    return f"[{_fmt(lo)}, {_fmt(hi)}]"


def criterion_latex(criterion) -> str:
    """The criterion as LaTeX: hypothesis, statistic, rule, outcome, and a booktabs table."""
    from .latex import escape

    c = criterion
    parts = [r"\section*{Criterion}",
             r"\emph{Hypothesis:} " + escape(c.hypothesis),
             r"\par\emph{Statistic:} " + escape(c.statistic) + f" (sample size {int(c.sample_size)})",
             r"\par\emph{Decision rule:} " + escape(c.decision_rule),
             r"\par\emph{Outcome:} \textbf{" + ("passed" if c.passed else "not passed") + "}"]
    if c.rows:
        parts.append(r"\par{\small\begin{tabular}{lllll}\toprule")
        parts.append(r"quantity & ours & reference & interval & decision \\ \midrule")
        for r in c.rows:
            dec = r.decision + (f" ({r.undecided} undecided)" if r.undecided else "")
            cells = [r.quantity, _fmt(r.ours), _fmt(r.reference), _interval(r.interval), dec]
            parts.append(" & ".join(escape(x) for x in cells) + r" \\")
        parts.append(r"\bottomrule\end{tabular}}")
    return "\n".join(parts)


def criterion_html(criterion) -> str:
    """The criterion as an HTML fragment with a ``<table class='criterion'>``."""
    c = criterion
    e = html.escape
    out = ["<h3>Criterion</h3>",
           f"<p><b>Hypothesis.</b> {e(c.hypothesis)}<br><b>Statistic.</b> {e(c.statistic)} "
           f"(sample size {int(c.sample_size)})<br><b>Decision rule.</b> {e(c.decision_rule)}<br>"
           f"<b>Outcome.</b> {'passed' if c.passed else 'not passed'}</p>"]
    if c.rows:
        out.append("<table class='criterion'><thead><tr><th>quantity</th><th>ours</th><th>reference</th>"
                   "<th>interval</th><th>decision</th><th>undecided</th></tr></thead><tbody>")
        for r in c.rows:
            out.append("<tr>" + "".join(f"<td>{e(x)}</td>" for x in (
                r.quantity, _fmt(r.ours), _fmt(r.reference), _interval(r.interval), r.decision,
                str(r.undecided))) + "</tr>")
        out.append("</tbody></table>")
    return "\n".join(out)

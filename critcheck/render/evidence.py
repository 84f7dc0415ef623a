"""Evidence as tables: the layout shared by the LaTeX and HTML documents.

A claim's evidence is a dict of scalars, strings, nested dicts and lists of
records (e.g. one record per bias of a seed-004 table). Shown as a Python
dict it is unreadable, so :func:`evidence_blocks` lays it out as

* one key--value table of the scalars (nested dicts flattened to dotted keys,
  short lists joined by commas);
* one table per list of records (columns: the union of their keys);
* one table per text table (a multi-line string whose lines split into
  columns, e.g. the ours-vs-paper tables of ``critcheck relu table``);
* a preformatted block for any other multi-line text.

Nothing is cut silently: a table longer than ``max_rows`` shows its first
rows and says how many there are and that the JSON record has them all.
:func:`evidence_latex` and :func:`evidence_html` write the blocks as booktabs
tables and HTML ``<table>`` elements.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math

__all__ = ["KeyValues", "Table", "Preformatted", "evidence_blocks", "evidence_latex", "evidence_html",
           "table_latex", "table_html"]

MAX_ROWS = 60
WIDE = 8   # a list of records with more fields than this (and at most this many records) is transposed


@dataclasses.dataclass(frozen=True)
class KeyValues:
    """A two-column table: key, value (both plain text)."""

    items: tuple


@dataclasses.dataclass(frozen=True)
class Table:
    """A titled table of text cells; ``note`` says what is left out, if anything."""

    title: str
    header: tuple
    rows: tuple
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Preformatted:
    """Multi-line text shown as it is (monospace)."""

    title: str
    text: str


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)) and all(not isinstance(x, (dict, list, tuple)) for x in v):
        return ", ".join(_cell(x) for x in v)
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, default=str)
    return str(v)


def _text_table(title: str, text: str):
    """A column-aligned text table (header line + rows) as a :class:`Table`, or None.

    Columns are the runs of character positions that are not blank on every
    line, so a header cell with a space in it ("avg Pg") stays one column and
    short rows (the paper's numbers under ours) keep their columns.
    """
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return None
    width = max(len(ln) for ln in lines)
    blank = [all(i >= len(ln) or ln[i] == " " for ln in lines) for i in range(width)]
    spans, start = [], None
    for i, b in enumerate(blank + [True]):
        if not b and start is None:
            start = i
        elif b and start is not None:
            spans.append((start, i))
            start = None
    if len(spans) < 2:
        return None
    cells = [tuple(ln[a:b].strip() for a, b in spans) for ln in lines]
    if not all(cells[0]) or any(sum(bool(c) for c in r) < 2 for r in cells[1:]):
        return None
    return Table(title, cells[0], tuple(cells[1:]))


def _records_table(title: str, recs: list, max_rows: int) -> Table:
    cols: list = []
    for r in recs:
        for k in r:
            if k not in cols:
                cols.append(k)
    if len(cols) > WIDE and len(recs) <= WIDE:
        # many fields, few records (one per bias, say): one column per record reads better
        head = (str(cols[0]),) + tuple(_cell(r.get(cols[0])) for r in recs)
        rows = tuple((str(k),) + tuple(_cell(r.get(k)) for r in recs) for k in cols[1:])
        return Table(title, head, rows)
    rows = tuple(tuple(_cell(r.get(k)) for k in cols) for r in recs[:max_rows])
    note = (f"first {max_rows} of {len(recs)} rows; the JSON record (--json) holds all of them"
            if len(recs) > max_rows else "")
    return Table(title, tuple(map(str, cols)), rows, note)


def _flatten(prefix: str, d: dict, out: list, blocks: list, max_rows: int) -> None:
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v and len(v) <= 40:
            _flatten(key + ".", v, out, blocks, max_rows)
        elif isinstance(v, (list, tuple)) and v and all(isinstance(x, dict) for x in v):
            blocks.append(_records_table(key, list(v), max_rows))
        elif isinstance(v, str) and "\n" in v.strip():
            t = _text_table(key, v)
            blocks.append(t if t is not None else Preformatted(key, v))
        else:
            out.append((key, _cell(v)))


def evidence_blocks(evidence: dict, max_rows: int = MAX_ROWS, skip=("traceback",)) -> list:
    """The evidence dict as a list of :class:`KeyValues`, :class:`Table`, :class:`Preformatted`."""
    scalars: list = []
    blocks: list = []
    _flatten("", {k: v for k, v in evidence.items() if k not in skip}, scalars, blocks, max_rows)
    return ([KeyValues(tuple(scalars))] if scalars else []) + blocks


# ---------------------------------------------------------------- LaTeX


def table_latex(header, rows, title: str = "", note: str = "", escape=None) -> str:
    """A booktabs table of text cells, shrunk to the line width only when wider."""
    from .latex import escape as _esc

    esc = escape or _esc
    ncol = len(header)
    spec = "l" * ncol
    body = [r"\toprule", " & ".join(r"\textbf{%s}" % esc(h) for h in header) + r" \\", r"\midrule"]
    body += [" & ".join(esc(c) for c in r) + r" \\" for r in rows]
    body.append(r"\bottomrule")
    tab = r"\begin{tabular}{%s}" % spec + "\n" + "\n".join(body) + "\n" + r"\end{tabular}"
    # shrink to the line only when wider than it (\width is the table's natural width)
    tab = r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{" + tab + "}"
    # a minipage keeps the title with its table; a long table may break across pages instead
    keep = len(rows) <= 40
    out = [r"\par\medskip" + (r"\begin{minipage}{\linewidth}" if keep else "") + r"{\small"]
    if title:
        out.append(r"\textit{%s}\\[2pt]" % esc(title))
    out.append(r"\noindent" + tab)
    if note:
        out.append(r"\\[2pt]\textit{(%s)}" % esc(note))
    out.append("}" + (r"\end{minipage}" if keep else "") + r"\par\medskip")
    return "\n".join(out)


def evidence_latex(evidence: dict, max_rows: int = MAX_ROWS) -> str:
    """The evidence as LaTeX (booktabs tables; needs ``booktabs`` and ``graphicx``)."""
    from .latex import escape

    out = []
    for b in evidence_blocks(evidence, max_rows):
        if isinstance(b, KeyValues):
            out.append(r"\par{\small\noindent\begin{tabular}{@{}lp{0.68\linewidth}@{}}\toprule"
                       + r"\textbf{key} & \textbf{value}\\\midrule" + "\n"
                       + "\n".join(r"\texttt{%s} & %s\\" % (escape(k), escape(v)) for k, v in b.items)
                       + "\n" + r"\bottomrule\end{tabular}}\par")
        elif isinstance(b, Table):
            out.append(table_latex(b.header, b.rows, b.title, b.note))
        else:
            out.append(r"\par\textit{%s}\par{\footnotesize\begin{verbatim}" % escape(b.title) + "\n"
                       + b.text.replace(r"\end{verbatim}", r"\end {verbatim}") + "\n"
                       + r"\end{verbatim}}")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML


def _e(s) -> str:
    return html.escape(str(s))


def table_html(header, rows, title: str = "", note: str = "") -> str:
    """An HTML ``<table>`` of text cells, with an optional caption and note."""
    cap = f"<caption>{_e(title)}</caption>" if title else ""
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    foot = f"<p class='note'>({_e(note)})</p>" if note else ""
    return f"<table class='ev'>{cap}<thead>{head}</thead><tbody>{body}</tbody></table>{foot}"


def evidence_html(evidence: dict, max_rows: int = MAX_ROWS) -> str:
    """The evidence as HTML tables (key--value table first)."""
    out = []
    for b in evidence_blocks(evidence, max_rows):
        if isinstance(b, KeyValues):
            out.append("<table class='kv'><tbody>" + "".join(
                f"<tr><th><code>{_e(k)}</code></th><td>{_e(v)}</td></tr>" for k, v in b.items)
                + "</tbody></table>")
        elif isinstance(b, Table):
            out.append(table_html(b.header, b.rows, b.title, b.note))
        else:
            out.append(f"<p><i>{_e(b.title)}</i></p><pre>{_e(b.text)}</pre>")
    return "\n".join(out)

"""LaTeX documents for derivations and results.

Algorithms never print or render; this module turns a
:class:`~critcheck.claims.Derivation` or :class:`~critcheck.claims.Result`
into LaTeX, and :func:`compile_pdf` runs ``pdflatex`` on it. The documents
use only ``amsmath``, ``amssymb``, ``geometry``, ``graphicx`` and ``booktabs``
so that Debian's ``texlive-latex-base`` + ``texlive-latex-recommended``
compile them. Evidence is laid out as tables by :mod:`critcheck.render.evidence`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import sympy

from ..errors import CritcheckError

__all__ = [
    "to_tex",
    "escape",
    "derivation_body",
    "claim_document",
    "result_snippet",
    "compile_pdf",
    "write_claim_tex",
]

_REL = {
    "=": "=",
    "⇒": r"\Longrightarrow",
    "=>": r"\Longrightarrow",
    "⇔": r"\Longleftrightarrow",
    "<=>": r"\Longleftrightarrow",
    "≠": r"\neq",
    "<": "<",
    ">": ">",
    "≤": r"\le",
    "≥": r"\ge",
}

_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}

_UNICODE = {
    "λ": r"$\lambda$", "θ": r"$\theta$", "≥": r"$\ge$", "≤": r"$\le$", "≠": r"$\neq$",
    "∂": r"$\partial$", "→": r"$\to$", "∞": r"$\infty$", "⇒": r"$\Rightarrow$",
    "φ": r"$\varphi$", "ε": r"$\varepsilon$", "−": "-", "×": r"$\times$", "·": r"$\cdot$",
    "‖": r"$\|$", "∇": r"$\nabla$", "²": r"$^2$", "∈": r"$\in$", "≈": r"$\approx$",
    "⋯": r"$\cdots$", "—": "---", "–": "--", "ℓ": r"$\ell$", "σ": r"$\sigma$",
    "<": r"$<$", ">": r"$>$", "|": r"$|$",
    "α": r"$\alpha$", "β": r"$\beta$", "μ": r"$\mu$", "Δ": r"$\Delta$", "✓": "ok",
}


def escape(text: str) -> str:
    """Escape plain text for LaTeX (no math inside)."""
    out = []
    for ch in str(text):
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _UNICODE:
            out.append(_UNICODE[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


_MARKUP = re.compile(r"\\(textbf|emph|textit|texttt)\{([^{}$]*)\}")


def _text_with_markup(text: str) -> str:
    """Escape plain text, keeping \\textbf{..}, \\emph{..}, \\textit{..}, \\texttt{..}."""
    out, last = [], 0
    for m in _MARKUP.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append("\\%s{%s}" % (m.group(1), escape(m.group(2))))
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def prose(text: str) -> str:
    """Prose that may hold inline math between ``$...$`` and simple markup
    (``\\textbf{..}``, ``\\emph{..}``): both kept, the rest escaped."""
    parts = str(text).split("$")
    out = []
    for i, part in enumerate(parts):
        out.append(f"${part}$" if i % 2 else _text_with_markup(part))
    return "".join(out)


def to_tex(obj: Any) -> str:
    """LaTeX for a SymPy object, a list of them, or raw LaTeX text."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, (list, tuple)):
        return r",\quad ".join(to_tex(o) for o in obj)
    if isinstance(obj, dict):
        return r",\quad ".join(f"{to_tex(k)} = {to_tex(v)}" for k, v in obj.items())
    return sympy.latex(obj)


_WORDS = re.compile(r"(?<![\\a-zA-Z])[A-Za-z]{3,}\s+[A-Za-z(]{2,}")


def is_prose(text: str) -> bool:
    """Whether a case condition or relation is words ("the printed gradient (Appendix A)")
    rather than mathematics ("a u_{b} - 1 = 0"): two words of letters outside any
    ``\\command`` and outside ``$...$``."""
    outside = "".join(part for i, part in enumerate(str(text).split("$")) if i % 2 == 0)
    outside = re.sub(r"\\[A-Za-z]+(\{[^{}]*\})?", " ", outside)
    return bool(_WORDS.search(outside))


def condition_tex(cond: str) -> str:
    """A case condition: maths in ``$...$``, prose as text (inline maths kept)."""
    return prose(cond) if is_prose(cond) else f"${cond}$"


def step_parts(step) -> dict:
    """How a step is shown: ``{"identical", "before", "rel", "after", "qualifier"}``.

    * a relation from :data:`_REL` is typeset as that symbol;
    * a relation reading ``on <set>`` (the step holds on a solution component)
      becomes ``=`` with the set as a qualifier in words;
    * any other relation text is shown as a qualifier too, with no symbol
      invented for it;
    * ``identical`` is True when both sides typeset the same: the step then
      confirms the expression as stated and is shown once, not as ``X = X``.
    """
    before, after = _side_tex(step.before), _side_tex(step.after)
    rel = step.relation
    qualifier = ""
    if rel in _REL:
        sym = _REL[rel]
    elif rel.strip().lower().startswith("on "):
        sym, qualifier = "=", rel.strip()
    else:
        sym, qualifier = "", rel.strip()
    identical = sym == "=" and before.strip() == after.strip()
    return {"identical": identical, "before": before, "rel": sym, "after": after,
            "qualifier": qualifier}


def _side_tex(side) -> str:
    """One side of a step: words (``"strictly decreasing to a global minimum"``) in
    ``\\text{...}``, anything else as mathematics."""
    if isinstance(side, str) and is_prose(side):
        return r"\text{%s}" % re.sub(r"([&%#_{}])", r"\\\1", side)
    return to_tex(side)


def _step_tex(step, number: int) -> str:
    ok = step.recheck()
    mark = r"\checkmark\ re-checked" if ok else r"\textbf{NOT re-checked}"
    sp = step_parts(step)
    lines = [r"\paragraph{Step %d: %s.} {\small(%s)}" % (number, prose(step.rule), mark)]
    qual = (r"\quad\text{%s}" % escape(sp["qualifier"])) if sp["qualifier"] else ""
    if sp["identical"]:
        lines.append("Both sides coincide: the step confirms the expression as stated.")
        lines.append(r"\begin{equation*}" + sp["before"] + qual + r"\end{equation*}")
    elif not sp["rel"]:
        # a relation in words only: say it in words, between the two displays
        lines += [r"\begin{equation*}" + sp["before"] + r"\end{equation*}",
                  escape(sp["qualifier"]) + ":",
                  r"\begin{equation*}" + sp["after"] + r"\end{equation*}"]
    elif len(sp["before"]) + len(sp["after"]) + len(qual) < 110:
        lines.append(r"\begin{equation*}" + sp["before"] + " " + sp["rel"] + " " + sp["after"]
                     + qual + r"\end{equation*}")
    else:
        # long: the two sides on two left-aligned lines (never pushed to the right margin)
        lines += [r"\begin{align*}", r"&" + sp["before"] + r" \\",
                  r"&\quad " + sp["rel"] + " " + sp["after"] + qual, r"\end{align*}"]
    if step.note:
        lines.append(prose(step.note))
    return "\n".join(lines)


def derivation_body(derivation, _counter: list | None = None) -> str:
    """LaTeX body (no preamble) of a derivation, cases nested as lists."""
    from ..claims.derivation import Case, Formula, Step, Text

    counter = _counter if _counter is not None else [0]
    out: list[str] = []
    for b in derivation.blocks:
        if isinstance(b, Text):
            out.append(prose(b.text) + "\n")
        elif isinstance(b, Formula):
            tag = r" \tag{%s}" % escape(b.label) if b.label else ""
            out.append(r"\begin{equation*}" + to_tex(b.expr) + tag + r"\end{equation*}")
        elif isinstance(b, Step):
            counter[0] += 1
            out.append(_step_tex(b, counter[0]))
        elif isinstance(b, Case):
            inner = derivation_body(b.body, counter)
            res = (r"\par\emph{Outcome:} " + prose(b.outcome)) if b.outcome else ""
            out.append(
                r"\begin{itemize}\item \textbf{Case} " + condition_tex(b.condition) + ".\n"
                + inner + res + r"\end{itemize}"
            )
    return "\n".join(out)


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2.2cm]{geometry}
\usepackage{amsmath,amssymb,graphicx,booktabs}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
"""


def figures_tex(result, base: Path | None = None, width: str = r"0.7\linewidth") -> str:
    """``\\includegraphics`` for each PNG artifact that exists, captioned with its file name.

    Paths are relative to ``base`` (the folder of the document) when given, so the
    document and its ``*_files`` folder can move together.
    """
    import os

    out = []
    for a in result.artifacts:
        f = Path(a)
        if f.suffix.lower() != ".png" or not f.exists():
            continue
        path = os.path.relpath(f.resolve(), base.resolve()) if base is not None else str(f.resolve())
        out.append(r"\begin{center}\includegraphics[width=%s]{%s}\\ \small %s\end{center}"
                   % (width, Path(path).as_posix(), escape(f.name)))
    return "\n".join(out)


def claim_document(result, base: Path | None = None) -> str:
    """A standalone LaTeX document for one claim result (figures relative to ``base``)."""
    from .evidence import evidence_latex

    c = result.claim
    parts = [_PREAMBLE, r"\title{%s}" % escape(c.title or c.id),
             r"\author{critcheck --- claim \texttt{%s}}" % escape(c.id),
             r"\date{}", r"\begin{document}", r"\maketitle"]
    parts.append(r"\section*{Statement}")
    parts.append(prose(result.statement_text))
    parts.append(r"\par\emph{Source:} " + escape(c.source))
    parts.append(r"\par\emph{Method:} " + escape(str(c.method)))
    parts.append(r"\section*{Verdict}")
    parts.append(r"\textbf{%s} (expected %s) in %.2f s."
                 % (result.verdict.value, result.expected.value, result.seconds))
    if result.summary:
        parts.append(r"\par " + escape(result.summary))
    if result.guard:
        parts.append(r"\par\textbf{Verdict guard:} " + escape(result.guard))
    if result.open_branches:
        parts.append(r"\par\textbf{Open branches:}\begin{itemize}"
                     + "".join(r"\item " + escape(b) for b in result.open_branches)
                     + r"\end{itemize}")
    if result.counterexample is not None:
        ce = result.counterexample
        pt = r",\ ".join(f"{escape(str(k))} = {escape(str(v))}" for k, v in ce.point.items())
        parts.append(r"\section*{Counterexample}" + pt + r"\par " + escape(ce.description)
                     + r"\par Verified: " + escape(ce.verified_by))
    if result.derivation is not None and len(result.derivation):
        parts.append(r"\section*{Derivation}")
        parts.append(derivation_body(result.derivation))
    if result.criterion is not None:
        from .criterion_table import criterion_latex

        parts.append(criterion_latex(result.criterion))
    figs = figures_tex(result, base)
    if figs:
        parts.append(r"\section*{Figures}")
        parts.append(figs)
    ev = evidence_latex(result.to_record()["evidence"])
    if ev:
        parts.append(r"\section*{Evidence}")
        parts.append(ev)
    parts.append(r"\end{document}")
    return "\n".join(parts) + "\n"


def result_snippet(result) -> str:
    """Short LaTeX for notebooks (``Result._repr_latex_``)."""
    return (r"$\text{%s}: \textbf{%s}\ (\text{expected %s})$"
            % (result.claim.id.replace("_", r"\_"), result.verdict.value, result.expected.value))


def write_claim_tex(result, path: str | Path) -> Path:
    """Write :func:`claim_document` to ``path``; return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(claim_document(result, base=path.parent), encoding="utf-8")
    return path


def compile_pdf(tex_path: str | Path, timeout: float = 120, hint: str = "") -> Path:
    """Compile ``tex_path`` with ``pdflatex``; return the PDF path.

    Relative ``\\includegraphics`` paths resolve against the document's folder.
    ``hint`` ends the "not installed" message with the caller's way around it
    (e.g. ``"or pass --no-pdf"``).

    Raises
    ------
    CritcheckError
        when pdflatex is not installed or the document does not compile
        (the tail of the LaTeX log is in the message).
    """
    exe = shutil.which("pdflatex")
    if exe is None:
        raise CritcheckError(
            "pdflatex is not installed; install TeX Live "
            "(Debian: apt-get install texlive-latex-base texlive-latex-recommended)"
            + (f" {hint}" if hint else ""))
    tex_path = Path(tex_path).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [exe, "-interaction=nonstopmode", "-halt-on-error", f"-output-directory={tmp}",
             str(tex_path)],
            capture_output=True, text=True, timeout=timeout, cwd=tex_path.parent,
        )
        pdf = Path(tmp) / (tex_path.stem + ".pdf")
        if proc.returncode != 0 or not pdf.exists():
            tail = "\n".join(proc.stdout.splitlines()[-25:])
            raise CritcheckError(f"pdflatex failed on {tex_path.name}:\n{tail}")
        out = tex_path.with_suffix(".pdf")
        shutil.copy(pdf, out)
    return out

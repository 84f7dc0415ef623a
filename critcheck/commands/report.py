"""``critcheck report -o DIR``: every claim with its derivation and figures,
as ``DIR/index.html`` and ``DIR/report.pdf`` (through ``DIR/report.tex``)."""

from __future__ import annotations

import dataclasses
import functools
import time
from pathlib import Path

from ..render.progress import ClaimBoard, add_output_flags, progress_from_args

NAME = "report"
HELP = "run claims (all by default) and write an HTML page and a PDF with every verdict"
DESCRIPTION = (
    "Run claims (all of the catalogue when none is named) and write DIR/index.html "
    "(works offline: maths as MathML, no script from the network), DIR/report.tex and "
    "DIR/report.pdf (needs pdflatex; --no-pdf skips it), with figures in DIR/figures/. "
    "A line on stderr marks each claim's start and end; a long claim shows a bar of its inner "
    "loop (draws, rows, certificates) on a terminal, and a line at each quarter in a log.")


def add_arguments(p):
    p.add_argument("items", nargs="*",
                   help="claim ids, patterns (viz.*), proof-script paths or path.py::id (default: all)")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="directory to write into (created if missing)")
    p.add_argument("--quick", action="store_true",
                   help="smaller numeric runs (fewer samples; the evidence says so)")
    p.add_argument("--seed", type=int, default=0, help="base random seed of numeric claims (default 0)")
    p.add_argument("--budget", type=float, default=300.0, metavar="SECONDS",
                   help="seconds per claim before its verdict is INCONCLUSIVE (default 300)")
    p.add_argument("--backend", choices=["numpy", "cupy"], default=None,
                   help="array backend of numeric claims (default numpy, or $CRITCHECK_BACKEND)")
    p.add_argument("--no-pdf", action="store_true",
                   help="skip the LaTeX/PDF step (no pdflatex needed)")
    p.add_argument("--title", default="critcheck report",
                   help="title of the HTML page and the PDF (default 'critcheck report')")
    add_output_flags(p)


def run(args) -> int:
    import os
    import shutil

    from ..errors import InvalidArgument

    if not args.budget > 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be a positive number of seconds")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise InvalidArgument(f"--output={args.output!r} exists and is not a directory")
    if not args.no_pdf and shutil.which("pdflatex") is None:
        raise InvalidArgument(
            "pdflatex is not installed, so no PDF can be written; install TeX Live (Debian: "
            "apt-get install texlive-latex-base texlive-latex-recommended) or pass --no-pdf")
    prog = progress_from_args(args)
    with prog.waiting("loading SymPy and the claims"):
        from ..claims import Context, select
        from ..render.report import write_report

        claims = select(args.items)
    backend = args.backend or os.environ.get("CRITCHECK_BACKEND", "numpy")
    ctx = Context(backend=backend, seed=args.seed, budget=args.budget,
                  out_dir=out / "figures", quick=args.quick)
    prog.line(f"report: {len(claims)} claim(s) into {out}")
    results = []
    t0 = time.perf_counter()
    board = ClaimBoard(len(claims), prog.level, counter=False)
    try:
        for k, c in enumerate(claims, 1):
            with prog.stage(f"[{k}/{len(claims)}] {c.id}") as st:
                board.start(c.id)
                try:
                    r = c.run(ctx if prog.level < 1 else dataclasses.replace(
                        ctx, on_progress=functools.partial(board.update, c.id)))
                finally:
                    board.end(c.id)
                mark = "" if r.ok else "  <-- MISMATCH"
                st["result"] = f"{r.verdict.value} (expected {r.expected.value}){mark}"
            results.append(r)
            if args.verbose or not r.ok:
                prog.detail(r.explain().replace("\n", "\n    "))
    finally:
        board.close()
    meta = {"seed": args.seed, "quick": args.quick, "backend": backend,
            "total seconds": f"{time.perf_counter() - t0:.1f}"}
    with prog.stage("writing HTML" + ("" if args.no_pdf else ", LaTeX and PDF")):
        paths = write_report(results, out, pdf=not args.no_pdf, title=args.title, meta=meta,
                             log=prog.line)
    ok = sum(r.ok for r in results)
    print(f"{ok} of {len(results)} claims as expected")
    print(f"wrote {paths['html']}")
    if "pdf" in paths:
        print(f"wrote {paths['pdf']}")
    elif not args.no_pdf:
        raise InvalidArgument(f"PDF not written: {paths.get('pdf_error', 'unknown error')} "
                              f"(the HTML is in {paths['html']})")
    return 0

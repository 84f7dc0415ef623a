"""``critcheck report -o DIR``: every claim with its derivation and figures,
as ``DIR/index.html`` and ``DIR/report.pdf`` (through ``DIR/report.tex``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

NAME = "report"
HELP = "run claims (all by default) and write an HTML page and a PDF with every verdict"


def add_arguments(p):
    p.add_argument("items", nargs="*", help="claim ids, patterns (viz.*) or proof-script paths")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="directory to write into")
    p.add_argument("--quick", action="store_true", help="smaller numeric runs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--budget", type=float, default=300.0, help="seconds per claim (default 300)")
    p.add_argument("--backend", choices=["numpy", "cupy"], default=None)
    p.add_argument("--no-pdf", action="store_true", help="skip the LaTeX/PDF step")
    p.add_argument("--title", default="critcheck report")


def run(args) -> int:
    import os

    from ..claims import Context, select
    from ..errors import InvalidArgument
    from ..render.report import write_report

    if args.budget <= 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be positive")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise InvalidArgument(f"--output={args.output!r} exists and is not a directory")
    claims = select(args.items)
    backend = args.backend or os.environ.get("CRITCHECK_BACKEND", "numpy")
    ctx = Context(backend=backend, seed=args.seed, budget=args.budget,
                  out_dir=out / "figures", quick=args.quick)
    results = []
    t0 = time.perf_counter()
    for k, c in enumerate(claims, 1):
        print(f"[{k}/{len(claims)}] {c.id} ...", file=sys.stderr, flush=True)
        r = c.run(ctx)
        results.append(r)
        print(f"    {r.verdict.value} (expected {r.expected.value}) in {r.seconds:.1f} s",
              file=sys.stderr, flush=True)
    meta = {"seed": args.seed, "quick": args.quick, "backend": backend,
            "total seconds": f"{time.perf_counter() - t0:.1f}"}
    paths = write_report(results, out, pdf=not args.no_pdf, title=args.title, meta=meta,
                         log=lambda m: print(m, file=sys.stderr))
    ok = sum(r.ok for r in results)
    print(f"{ok} of {len(results)} claims as expected")
    print(f"wrote {paths['html']}")
    if "pdf" in paths:
        print(f"wrote {paths['pdf']}")
    elif not args.no_pdf:
        print(f"PDF not written: {paths.get('pdf_error', 'unknown error')}", file=sys.stderr)
    return 0

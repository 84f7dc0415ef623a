"""``critcheck latex ID -o FILE.tex [--pdf]``: a claim's derivation as a document."""

from __future__ import annotations

from pathlib import Path

from ..render.progress import add_output_flags, progress_from_args

NAME = "latex"
HELP = "write a claim's derivation as a standalone LaTeX document"
DESCRIPTION = (
    "Run one claim and write its statement, verdict, derivation (every step with its "
    "rule and re-check), evidence tables and figures as a standalone LaTeX document. "
    "Figures go to FILE_files/ beside the document and are included with \\includegraphics.")


def add_arguments(p):
    p.add_argument("id", help="claim id, proof-script path with one claim, or path.py::id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.tex",
                   help="the document to write; its folder must exist")
    p.add_argument("--pdf", action="store_true", help="also compile it with pdflatex")
    p.add_argument("--budget", type=float, default=300.0, metavar="SECONDS",
                   help="seconds the claim may run before its verdict is INCONCLUSIVE (default 300)")
    p.add_argument("--quick", action="store_true",
                   help="smaller numeric runs (fewer samples; the evidence says so)")
    add_output_flags(p)


def run(args) -> int:
    from ..errors import InvalidArgument

    out = Path(args.output)
    if out.suffix != ".tex":
        raise InvalidArgument(f"--output={args.output!r} must end in .tex")
    if not out.resolve().parent.is_dir():
        raise InvalidArgument(f"--output={args.output!r}: folder {str(out.parent)!r} does not "
                              "exist; create it first or write elsewhere")
    if not args.budget > 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be a positive number of seconds")
    prog = progress_from_args(args)
    with prog.waiting("loading SymPy and the claims"):
        from ..claims import Context, select
        from ..render.latex import compile_pdf, write_claim_tex

        claims = select([args.id])
    if len(claims) != 1:
        raise InvalidArgument(
            f"id={args.id!r} names {len(claims)} claims ({', '.join(c.id for c in claims[:4])}"
            f"{', ...' if len(claims) > 4 else ''}); name exactly one, e.g. "
            + (f"{args.id}::{claims[0].id}" if args.id.endswith(".py") else repr(claims[0].id)))
    ctx = Context(budget=args.budget, quick=args.quick, out_dir=out.parent / (out.stem + "_files"))
    with prog.stage(f"claim {claims[0].id}") as st:
        r = claims[0].run(ctx)
        st["result"] = f"{r.verdict.value} (expected {r.expected.value})"
    if args.verbose:
        prog.detail(r.explain().replace("\n", "\n    "))
    write_claim_tex(r, out)
    print(f"{r.claim.id}: {r.verdict.value}; wrote {out}")
    if args.pdf:
        with prog.stage("pdflatex"):
            pdf = compile_pdf(out, hint="or leave out --pdf")
        print(f"compiled {pdf}")
    return 0

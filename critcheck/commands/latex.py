"""``critcheck latex ID -o FILE.tex [--pdf]``: a claim's derivation as a document."""

from __future__ import annotations

from pathlib import Path

NAME = "latex"
HELP = "write a claim's derivation as a standalone LaTeX document"


def add_arguments(p):
    p.add_argument("id", help="claim id (or proof-script path with one claim)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.tex")
    p.add_argument("--pdf", action="store_true", help="also compile it with pdflatex")
    p.add_argument("--budget", type=float, default=300.0)
    p.add_argument("--quick", action="store_true")


def run(args) -> int:
    from ..claims import Context, select
    from ..errors import InvalidArgument
    from ..render.latex import compile_pdf, write_claim_tex

    claims = select([args.id])
    if len(claims) != 1:
        raise InvalidArgument(
            f"id={args.id!r} names {len(claims)} claims; name exactly one "
            f"(e.g. {claims[0].id!r})" if claims else f"id={args.id!r} names no claim")
    out = Path(args.output)
    if out.suffix != ".tex":
        raise InvalidArgument(f"--output={args.output!r} must end in .tex")
    ctx = Context(budget=args.budget, quick=args.quick, out_dir=out.parent / (out.stem + "_files"))
    r = claims[0].run(ctx)
    write_claim_tex(r, out)
    print(f"{r.claim.id}: {r.verdict.value}; wrote {out}")
    if args.pdf:
        pdf = compile_pdf(out)
        print(f"compiled {pdf}")
    return 0

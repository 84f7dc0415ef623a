"""``critcheck critical EXPR --vars v,w [--params ...] [--assume ...]``.

Exact critical points of a loss typed as text: every solution component of
the gradient system (points, curves, families), every open branch, the loss
value on each component, and its classification (type, index, global or not;
:mod:`critcheck.symbolic.classify`). ``--tex`` writes the case analysis and
the classification.
"""

from __future__ import annotations

import json

from ..render.progress import add_output_flags, progress_from_args

NAME = "critical"
HELP = "exact critical points of a loss given as text"
DESCRIPTION = (
    "Solve grad L = 0 exactly for a loss typed as text: every solution component (points, "
    "curves, families), the loss on it and its classification (minimum, saddle, global or "
    "not). Exit 0 when the case analysis is complete, 1 when a branch stayed open "
    "(shown as OPEN), 2 on bad input.")


def add_arguments(p):
    p.add_argument("expr", help="the loss, e.g. \"(v*w-1)**2\" (parsed, never evaluated)")
    p.add_argument("--vars", required=True, help="comma-separated variables, e.g. v,w")
    p.add_argument("--params", default="",
                   help="comma-separated parameters (hyperparameters, abstract loss values); "
                        "their cases are split like unknowns")
    p.add_argument("--assume", action="append", default=[],
                   help="assumption such as 'lambda>0' or 'L>=0' (repeatable)")
    p.add_argument("--budget", type=float, default=60.0, metavar="SECONDS",
                   help="seconds before an unsolved branch is left OPEN (default 60)")
    p.add_argument("--json", metavar="FILE", help="write the components as JSON")
    p.add_argument("--tex", metavar="FILE", help="write the case analysis as a LaTeX document")
    add_output_flags(p)


def run(args) -> int:
    from pathlib import Path

    from ..errors import InvalidArgument

    if not args.budget > 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be a positive number of seconds")
    for opt in ("json", "tex"):
        f = getattr(args, opt)
        if f and not Path(f).resolve().parent.is_dir():
            raise InvalidArgument(f"--{opt}={f!r}: folder {str(Path(f).parent)!r} does not exist")
    prog = progress_from_args(args)
    with prog.waiting("critical: loading SymPy, parsing the loss"):
        from ..symbolic.parse import parse_expr

        # bad input (syntax, unknown names, contradicting assumptions) fails here, as one line
        parse_expr(args.expr, args.vars, args.params, args.assume)
        import sympy

        from ..symbolic.classify import value_on
        from ..symbolic.critical import critical_points
    with prog.stage("solving grad = 0") as st:
        cs = critical_points(args.expr, args.vars, args.params, args.assume, budget=args.budget)
        st["result"] = (f"{len(cs.solve.components)} component(s), "
                        f"{len(cs.solve.open_branches)} open branch(es)")
    print(f"loss: {cs.loss}")
    print(f"gradient: {', '.join(str(g) + ' = 0' for g in cs.gradient)}")
    if cs.solve.components:
        prog.line("classifying the components ...")
    for i, comp in enumerate(cs.solve.components, 1):
        kind = "point" if comp.is_point else f"{comp.dimension}-dim set"
        print(f"[{i}] {kind}: {comp}")
        print(f"     loss there: {value_on(comp.value(cs.loss), comp)}")
        for line in cs.describe(comp):
            print(f"     {line}")
    for ob in cs.solve.open_branches:
        print(f"OPEN: {ob}")
    status = "complete" if cs.solve.complete else "INCOMPLETE (open branches above)"
    print(f"{len(cs.solve.components)} component(s); case analysis {status}; "
          f"{cs.solve.seconds:.2f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(cs.to_record(), fh, indent=2)
    if args.tex:
        from ..render.latex import _PREAMBLE, derivation_body, escape

        from ..symbolic.classify import classification_derivation

        body = derivation_body(classification_derivation(cs))
        doc = (_PREAMBLE + r"\begin{document}" + "\n" + r"\section*{Critical points of $"
               + sympy.latex(cs.loss) + "$}\n" + body + "\n" + r"\end{document}" + "\n")
        with open(args.tex, "w", encoding="utf-8") as fh:
            fh.write(doc)
        print(f"wrote {escape(args.tex)}")
    return 0 if cs.solve.complete else 1

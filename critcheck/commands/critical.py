"""``critcheck critical EXPR --vars v,w [--params ...] [--assume ...]``.

Exact critical points of a loss typed as text: every solution component of
the gradient system (points, curves, families), every open branch, the loss
value on each component, and its classification (type, index, global or not;
:mod:`critcheck.symbolic.classify`). ``--tex`` writes the case analysis and
the classification. ``--budget`` bounds the whole command: the solve gets
80 % of it, classification the rest; what does not finish is printed as open.
Kernel-certified zero-dimensional answers (:mod:`critcheck.symbolic.engine_route`)
are classified by the Hessian's inertia in ball arithmetic.
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
                   help="seconds for the whole command (solve and classification) before "
                        "what is left is reported open (INCONCLUSIVE)")
    p.add_argument("--json", metavar="FILE", help="write the components as JSON")
    p.add_argument("--tex", metavar="FILE", help="write the case analysis as a LaTeX document")
    add_output_flags(p)


def _classify(cs, out: dict) -> None:
    """Fill ``out[i]`` with the printed lines of component ``i`` (stops at the budget)."""
    from ..symbolic.classify import value_on
    from ..symbolic.engine_route import CertifiedSolveResult, classify_points

    if isinstance(cs.solve, CertifiedSolveResult):
        for i, r in enumerate(classify_points(cs.loss, cs.variables, cs.solve)):
            coords = ", ".join(f"{v} = {x.str(12)}" for v, x in zip(cs.variables, r["coords"]))
            out[i] = [f"point: {coords}", f"loss there: {r['value'].str(12)}",
                      f"type: {r['type']}", f"global: {r['global']}"]
        return
    for i, comp in enumerate(cs.solve.components):
        kind = "point" if comp.is_point else f"{comp.dimension}-dim set"
        lines = [f"{kind}: {comp}", f"loss there: {value_on(comp.value(cs.loss), comp)}"]
        lines += cs.describe(comp)
        out[i] = lines


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

        from ..budget import time_budget
        from ..errors import BudgetExceeded
        from ..symbolic.critical import critical_points

    # one deadline for the whole command: the solve gets 80 % of it (its own
    # budget turns what it cannot finish into open branches), classification the rest
    cs, described, out_of_time = None, {}, False
    try:
        with time_budget(args.budget, "critical"):
            with prog.stage("solving grad = 0") as st:
                cs = critical_points(args.expr, args.vars, args.params, args.assume,
                                     budget=0.8 * args.budget)
                st["result"] = (f"{len(cs.solve.components)} component(s), "
                                f"{len(cs.solve.open_branches)} open branch(es)")
            prog.line("classifying the components ...")
            _classify(cs, described)
    except BudgetExceeded:
        out_of_time = True
    if cs is None:
        print(f"no answer within the budget of {args.budget:g} s (INCONCLUSIVE)")
        return 1
    print(f"loss: {cs.loss}")
    print(f"gradient: {', '.join(str(g) + ' = 0' for g in cs.gradient)}")
    certified = hasattr(cs.solve, "checked")
    n = len(cs.solve.checked["points"]) if certified else len(cs.solve.components)
    for i in range(n):
        lines = described.get(i)
        if lines is None:
            head = (f"point {i + 1} of the certificate" if certified
                    else f"{cs.solve.components[i]}")
            lines = [head, "not classified within the budget"]
        print(f"[{i + 1}] {lines[0]}")
        for line in lines[1:]:
            print(f"     {line}")
    for ob in cs.solve.open_branches:
        print(f"OPEN: {ob}")
    if out_of_time:
        print(f"OPEN: classification stopped at the budget of {args.budget:g} s")
    complete = cs.solve.complete and not out_of_time
    status = "complete" if complete else "INCOMPLETE (open branches above)"
    how = " (certified by the kernel)" if certified and cs.solve.complete else ""
    print(f"{n} component(s); case analysis {status}{how}; {cs.solve.seconds:.2f} s")
    if args.json:
        record = cs.to_record()
        if certified:
            record["certificate"] = cs.solve.certificate
            if getattr(cs.solve, "global_evidence", None):  # kernel statement + certificate
                record["global_evidence"] = cs.solve.global_evidence
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2)
    if args.tex:
        from ..render.latex import _PREAMBLE, derivation_body, escape

        from ..symbolic.classify import classification_derivation

        body = derivation_body(classification_derivation(cs))
        doc = (_PREAMBLE + r"\begin{document}" + "\n" + r"\section*{Critical points of $"
               + sympy.latex(cs.loss) + "$}\n" + body + "\n" + r"\end{document}" + "\n")
        with open(args.tex, "w", encoding="utf-8") as fh:
            fh.write(doc)
        print(f"wrote {escape(args.tex)}")
    return 0 if complete else 1

"""``critcheck critical EXPR --vars v,w [--params ...] [--assume ...]``.

Exact critical points of a loss typed as text: every solution component of
the gradient system (points, curves, families), every open branch, the loss
value on each component, and its classification (type, index, global or not;
:mod:`critcheck.symbolic.classify`). ``--tex`` writes the case analysis and
the classification. ``--budget`` bounds the whole command: the work runs in
a worker process (:mod:`critcheck.budget_worker`) that sends each result as it
is decided and is killed, with the engines it started, at the deadline; the
solve gets 80 % of the time, classification the rest; what did not finish is
printed as open and the exit status is 1. Each component is labelled by its
real dimension (:mod:`critcheck.symbolic.real_locus`). Kernel-certified
zero-dimensional answers (:mod:`critcheck.symbolic.engine_route`) are
classified by the Hessian's inertia in ball arithmetic.
"""

from __future__ import annotations

import json

from ..render.progress import add_output_flags, progress_from_args

NAME = "critical"
HELP = "exact critical points of a loss given as text"
DESCRIPTION = (
    "Solve grad L = 0 exactly for a loss typed as text: every solution component (points, "
    "curves, families), the loss on it and its classification (minimum, saddle, global or "
    "not). Each component is labelled by its real dimension. --budget bounds the whole "
    "command: at the deadline the worker is killed and what was decided is printed, the "
    "rest OPEN. Exit 0 when the case analysis is complete, 1 when a branch stayed open or "
    "the budget ran out (shown as OPEN), 2 on bad input.")


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


def _heads(cs) -> list:
    """First line of each component, before classification."""
    if hasattr(cs.solve, "checked"):
        # enclosures cost seconds for hundreds of points: the classification prints them
        n = len(cs.solve.checked["points"])
        return [f"point {i + 1} of {n} certified by the kernel (eliminant root in "
                f"[{p['interval'][0]}, {p['interval'][1]}])"
                for i, p in enumerate(cs.solve.checked["points"])]
    out = []
    for comp in cs.solve.components:
        loc = cs.real_locus(comp)
        kind = ("point" if comp.is_point else loc.label() if loc is not None else
                f"set of undecided real dimension (complex dimension {comp.dimension})")
        out.append(f"{kind}: {comp}")
    return out


def _summary(cs) -> dict:
    """What the parent prints about ``cs`` (plain, picklable data)."""
    return {"loss": str(cs.loss), "gradient": [str(g) for g in cs.gradient],
            "heads": _heads(cs), "open": [str(o) for o in cs.solve.open_branches],
            "complete": cs.solve.complete, "certified": hasattr(cs.solve, "checked"),
            "seconds": cs.solve.seconds}


def _classify(cs):
    """Yield ``(i, lines)``: the printed lines of component ``i``, classified."""
    from ..symbolic.classify import value_on
    from ..symbolic.engine_route import CertifiedSolveResult, classify_points

    if isinstance(cs.solve, CertifiedSolveResult):
        for i, r in enumerate(classify_points(cs.loss, cs.variables, cs.solve)):
            coords = ", ".join(f"{v} = {x.str(12)}" for v, x in zip(cs.variables, r["coords"]))
            yield i, [f"point: {coords}", f"loss there: {r['value'].str(12)}",
                      f"type: {r['type']}", f"global: {r['global']}"]
        return
    heads = _heads(cs)
    for i, comp in enumerate(cs.solve.components):
        lines = [heads[i], f"loss there: {value_on(comp.value(cs.loss), comp)}"]
        lines += cs.describe(comp)
        yield i, lines


class _PipeStream:
    """The worker's progress stream: each write goes to the parent, which prints it."""

    def __init__(self, send):
        self._send = send

    def write(self, text: str) -> int:
        self._send("stderr", text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _work(send, args, deadline: float) -> None:
    """The command's computation, in the worker process (:mod:`critcheck.budget_worker`)."""
    import time

    import sympy

    from ..budget import time_budget
    from ..errors import BudgetExceeded
    from ..symbolic.critical import critical_points

    prog = progress_from_args(args, stream=_PipeStream(send))
    # a soft deadline inside (SIGALRM, cooperative checks) a little before the parent's kill
    budget = max(deadline - time.monotonic() - 0.3, 0.05)
    try:
        with time_budget(budget, "critical"):
            with prog.stage("solving grad = 0") as st:
                cs = critical_points(args.expr, args.vars, args.params, args.assume,
                                     budget=0.8 * budget,
                                     on_partial=lambda part: send("partial", _summary(part)))
                st["result"] = (f"{len(cs.solve.components)} component(s), "
                                f"{len(cs.solve.open_branches)} open branch(es)")
            send("solved", _summary(cs))
            prog.line("classifying the components ...")
            for i, lines in _classify(cs):
                send("classified", i, lines)
            if args.json:
                record = cs.to_record()
                if hasattr(cs.solve, "checked"):
                    record["certificate"] = cs.solve.certificate
                    if getattr(cs.solve, "global_evidence", None):  # kernel statement + certificate
                        record["global_evidence"] = cs.solve.global_evidence
                send("record", record)
    except BudgetExceeded:
        send("out_of_time")
        return
    if args.tex:
        from ..render.latex import _PREAMBLE, derivation_body

        from ..symbolic.classify import classification_derivation

        body = derivation_body(classification_derivation(cs))
        doc = (_PREAMBLE + r"\begin{document}" + "\n" + r"\section*{Critical points of $"
               + sympy.latex(cs.loss) + "$}\n" + body + "\n" + r"\end{document}" + "\n")
        with open(args.tex, "w", encoding="utf-8") as fh:
            fh.write(doc)
        send("tex", args.tex)


def run(args) -> int:
    import time
    from pathlib import Path

    from ..errors import InvalidArgument

    start = time.monotonic()
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
        import sympy  # noqa: F401 - imported once here, shared by the forked worker

        from ..budget_worker import run_until
        from ..symbolic.critical import critical_points  # noqa: F401 - same

    # one deadline for the whole command, counted from its start: the worker solves
    # (80 % of what is left) and classifies, sending each result as it is decided; at
    # the deadline it is killed, whatever library call it is in
    deadline = start + args.budget
    state: dict = {"summary": None, "classified": {}, "record": None, "out_of_time": False,
                   "tex": None}

    def on_message(msg) -> None:
        kind = msg[0]
        if kind in ("partial", "solved"):
            state["summary"] = msg[1]
        elif kind == "classified":
            state["classified"][msg[1]] = msg[2]
        elif kind == "record":
            state["record"] = msg[1]
        elif kind == "out_of_time":
            state["out_of_time"] = True
        elif kind == "tex":
            state["tex"] = msg[1]
        elif kind == "stderr":
            prog.stream.write(msg[1])
            prog.stream.flush()

    how_ended = run_until(_work, (args, deadline), deadline + 0.25, on_message)
    killed = how_ended == "deadline"
    summary = state["summary"]
    if summary is None:
        print(f"no answer within the budget of {args.budget:g} s (INCONCLUSIVE)")
        if args.json:
            _write_json(args.json, {"complete": False, "stopped_at_budget": True,
                                    "budget": args.budget, "components": []})
        return 1
    print(f"loss: {summary['loss']}")
    print(f"gradient: {', '.join(g + ' = 0' for g in summary['gradient'])}")
    heads = summary["heads"]
    for i, head in enumerate(heads):
        lines = state["classified"].get(i) or [head, "not classified within the budget"]
        print(f"[{i + 1}] {lines[0]}")
        for line in lines[1:]:
            print(f"     {line}")
    for ob in summary["open"]:
        print(f"OPEN: {ob}")
    stopped = killed or state["out_of_time"]
    if stopped:
        print(f"OPEN: stopped at the budget of {args.budget:g} s"
              + (" (the worker was killed at the deadline)" if killed else ""))
    complete = summary["complete"] and not stopped
    status = "complete" if complete else "INCOMPLETE (open branches above)"
    how = " (certified by the kernel)" if summary["certified"] and complete else ""
    print(f"{len(heads)} component(s); case analysis {status}{how}; {summary['seconds']:.2f} s")
    if args.json:
        record = state["record"]
        if record is None or stopped:
            record = {"loss": summary["loss"], "gradient": summary["gradient"],
                      "complete": False, "stopped_at_budget": True, "budget": args.budget,
                      "components": [{"lines": state["classified"].get(i, [h])}
                                     for i, h in enumerate(heads)],
                      "open_branches": summary["open"]}
        _write_json(args.json, record)
    if args.tex:
        from ..render.latex import escape

        if state["tex"]:
            print(f"wrote {escape(state['tex'])}")
        else:
            print(f"--tex {escape(args.tex)} not written: the budget ran out first")
    return 0 if complete else 1


def _write_json(path, record) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2)

"""``critcheck landscape EXPR --vars v,w --box "-3:3,-3:3"``: sublevel sets and spurious valleys.

Samples the loss in the box, builds the sample graph with segment-checked
edges, computes the merge tree (0-dim persistence) and prints the components
of the sampled sublevel sets at several levels and every spurious valley
(seed 003, Def. IV.2). ``--json FILE`` writes the full record
(:meth:`critcheck.numeric.sublevel.Landscape.to_record`); ``--plot FILE.png``
draws the loss (2-D: contours with the valleys marked).

A minimum whose lowest sample lies on the box boundary -- a global one as
much as a spurious valley -- is flagged in the text, in the JSON
(``on_boundary``) and in the figure: the loss may keep decreasing outside
the box, so a larger box may change the answer.
"""

from __future__ import annotations

import json

from ..render.progress import add_output_flags, progress_from_args

NAME = "landscape"
HELP = "numeric sublevel-set analysis of a loss: components per level, spurious valleys"
DESCRIPTION = (
    "Sample a loss typed as text in a box, connect neighbouring samples by segment-checked "
    "edges and compute the merge tree (0-dim persistence): how many components the sampled "
    "sublevel sets have at several levels, and every spurious valley (seed 003, Def. IV.2). "
    "Minima on the box boundary are flagged. Numeric evidence only: it never proves.")


def add_arguments(p):
    import re

    # let `--box "-3:3,-3:3"` (a value starting with '-') through, as DESIGN.md writes it;
    # argparse otherwise takes it for an option (`--box=-3:3,...` always works)
    p._negative_number_matcher = re.compile(
        r"^-\d+$|^-\d*\.\d+$|^-(?:[\d.]+(?:e[-+]?\d+)?|inf|infinity|oo):", re.IGNORECASE)
    p.add_argument("expr", help='the loss, e.g. "(v*w-1)**2" (parsed, never evaluated as Python)')
    p.add_argument("--vars", required=True, help="variables, comma separated: v,w")
    p.add_argument("--params", default="", help="parameters, comma separated (give values with --set)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="value of a parameter, e.g. --set lambda=1 (repeatable)")
    p.add_argument("--box", required=True, help='one low:high per variable: "-3:3,-3:3"')
    p.add_argument("--samples", type=int, default=None,
                   help="number of samples (grid: about N^(1/d) per side; default 201^2 in 2-D)")
    p.add_argument("--sampler", choices=["grid", "sobol", "uniform"], default="grid",
                   help="where to sample: a regular grid (default; edges to grid neighbours), "
                        "a scrambled Sobol sequence or uniform random points (k-NN edges)")
    p.add_argument("--k", type=int, default=8, help="neighbours per sample for sobol/uniform (k-NN)")
    p.add_argument("--interior", type=int, default=3,
                   help="interior points checked on each edge (default 3)")
    p.add_argument("--lipschitz", type=float, default=None,
                   help="a Lipschitz bound of the loss: certified edge levels")
    p.add_argument("--tol", type=float, default=None,
                   help="tolerance on 'contains a global minimum' (default: resolution at the minimum)")
    p.add_argument("--levels", default=None, help="comma-separated levels to tabulate")
    p.add_argument("--seed", type=int, default=0,
                   help="random seed of the sobol/uniform samplers (default 0; the grid has none)")
    p.add_argument("--backend", choices=["numpy", "cupy"], default=None,
                   help="array backend for evaluating the loss (default numpy, or $CRITCHECK_BACKEND)")
    p.add_argument("--json", metavar="FILE", help="write the result as a JSON object")
    p.add_argument("--plot", metavar="FILE.png", help="draw the loss and the valleys (2-D only)")
    add_output_flags(p)


def _parameters(args):
    from fractions import Fraction

    from ..errors import InvalidArgument

    values = {}
    for item in args.set:
        if "=" not in item:
            raise InvalidArgument(f"--set {item!r} must be NAME=VALUE")
        k, v = item.split("=", 1)
        try:
            values[k.strip()] = Fraction(v.strip())
        except ValueError:
            raise InvalidArgument(f"--set {item!r}: {v!r} is not a number") from None
    return values


def run(args) -> int:
    import warnings
    from pathlib import Path

    from ..errors import InvalidArgument

    _check_numbers(args)
    for opt in ("json", "plot"):
        f = getattr(args, opt)
        if f and not Path(f).resolve().parent.is_dir():
            raise InvalidArgument(f"--{opt}={f!r}: folder {str(Path(f).parent)!r} does not exist")
    levels = None
    if args.levels:
        try:
            levels = [float(t) for t in args.levels.split(",") if t.strip()]
        except ValueError:
            raise InvalidArgument(f"--levels={args.levels!r} must be numbers separated by commas") from None
    vals = _parameters(args)
    prog = progress_from_args(args)
    with prog.waiting("landscape: loading SymPy and NumPy, parsing the loss"):
        import numpy as np
        import sympy

        from ..numeric.samplers import parse_box
        from ..numeric.sublevel import analyze
        from ..symbolic.parse import parse_expr, split_names

        vnames = split_names(args.vars)
        pnames = split_names(args.params)
        if args.plot and len(vnames) != 2:
            raise InvalidArgument(f"--plot needs exactly 2 variables, got {len(vnames)} ({args.vars!r})")
        missing = [p for p in pnames if p not in vals]
        extra = [k for k in vals if k not in pnames]
        if missing or extra:
            raise InvalidArgument(
                f"parameters {pnames} need values via --set NAME=VALUE; "
                f"missing {missing}, unknown {extra}")
        expr, syms = parse_expr(args.expr, vnames, pnames)
        expr = expr.subs({syms[k]: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()})
        parse_box(args.box, len(vnames))        # a bad box fails here, as one line
        if args.samples is not None and args.samples > 50_000_000:
            raise InvalidArgument(f"--samples={args.samples} is more than 5e7; the graph would not "
                                  "fit in memory")
    say = prog.message("landscape") if prog.level >= 1 else None
    if say is not None:
        say("compiling the loss")
    ok = False
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            # log(x) at x <= 0, 0*inf ...: such samples are counted (n_nonfinite) and reported
            # below as one line, not as raw numpy warnings
            warnings.simplefilter("ignore", RuntimeWarning)
            L = analyze(expr, [syms[n] for n in vnames], args.box, samples=args.samples,
                        sampler=args.sampler, k=args.k, interior=args.interior,
                        lipschitz=args.lipschitz, tol=args.tol, seed=args.seed,
                        backend=args.backend, progress=say)
            rec = L.to_record(levels)
        ok = True
    finally:
        if say is not None:
            say.close(flush=ok)
    edge_min = global_minima_on_boundary(L)
    rec["global_min"]["on_boundary"] = edge_min
    res = rec["resolution"]
    print(f"loss {expr} on box {args.box}: {L.samples} samples ({res['sampler']}), "
          f"edges checked by {res['edge_level']}")
    gp = ", ".join("(" + ", ".join(f"{c:.4g}" for c in p) + ")" + (" [on the box boundary]" if e else "")
                   for p, e in zip(L.global_min_points[:6], edge_min))
    more = f" and {len(L.global_min_points) - 6} more" if len(L.global_min_points) > 6 else ""
    print(f"global min (sampled) {L.global_min:.6g} (tolerance {L.tol:.3g}) at {gp}{more}")
    if any(edge_min):
        print(f"warning: {sum(edge_min)} global minimum point(s) lie on the box boundary: the loss "
              "may be lower outside the box; widen --box to see")
    if L.n_nonfinite:
        print(f"warning: {L.n_nonfinite} evaluations overflowed or were NaN; "
              "treated as +inf (above every level)")
    print(f"{'level':>12}  {'components':>10}  {'with global min':>15}  {'spurious':>8}  {'unresolved':>10}")
    for row in rec["components_per_level"]:
        print(f"{row['level']:12.6g}  {row['components']:10d}  {row['with_global_min']:15d}  "
              f"{row['spurious']:8d}  {row['unresolved']:10d}")
    if not L.spurious:
        print("no spurious valley found at this resolution")
    for i, s in enumerate(L.spurious, 1):
        pt = ", ".join(f"{n}={c:.4g}" for n, c in zip(vnames, s.point))
        death = f"{s.death:.6g}" if s.death != float("inf") else "inf (never merges in the box)"
        flag = "  [minimum on the box boundary]" if s.on_boundary else ""
        print(f"spurious valley {i}: birth {s.birth:.6g}, death {death}, depth {s.depth:.6g}, "
              f"at {pt}{flag}")
    if L.unresolved:
        print(f"{len(L.unresolved)} minimum(s) within the resolution error of the global minimum "
              "(not decided at this resolution; see --json)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(_clean(rec), fh, indent=2)
    if args.plot:
        from ..render.landscape_plot import plot_landscape

        plot_landscape(L, args.plot, title=sympy.latex(expr), global_on_boundary=edge_min)
        print(f"wrote {args.plot}")
    return 0


def _check_numbers(args) -> None:
    """Reject counts and tolerances that cannot mean anything, in one line."""
    from ..errors import InvalidArgument

    if args.samples is not None and args.samples < 4:
        raise InvalidArgument(f"--samples={args.samples!r} must be at least 4")
    if args.k < 1:
        raise InvalidArgument(f"--k={args.k!r} must be at least 1")
    if args.interior < 0:
        raise InvalidArgument(f"--interior={args.interior!r} must be 0 or more")
    if args.lipschitz is not None and not args.lipschitz > 0:
        raise InvalidArgument(f"--lipschitz={args.lipschitz!r} must be positive")
    if args.tol is not None and not args.tol >= 0:
        raise InvalidArgument(f"--tol={args.tol!r} must be 0 or more")


def global_minima_on_boundary(L) -> list:
    """For each of ``L.global_min_points``: does its basin's lowest sample lie on the box boundary?

    Uses the ``on_boundary`` flag the engine computes for every valley (a face of the
    box within one grid step / median edge length).
    """
    flags = {tuple(v.point): v.on_boundary for v in L.valleys if v.kind == "global"}
    return [bool(flags.get(tuple(p), False)) for p in L.global_min_points]


def _clean(obj):
    import math

    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)
    return obj

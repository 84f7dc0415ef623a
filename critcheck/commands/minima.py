"""``critcheck minima EXPR --vars x,y --box ...`` or ``critcheck minima --relu 6``: the minima graph.

Many batched descents, minima deduplicated up to symmetry, pairs joined by
doubly-nudged elastic bands refined to index-1 saddles, and the merge tree of
that graph (:func:`critcheck.numeric.minima_graph.minima_graph`): prints every
minimum, every spurious valley with its barrier, and the search's saturation
figures; a minimum whose Hessian is numerically singular is reported
degenerate with its nullity (never strict) and whether it lies on a flat,
connected set of equal loss. ``--scheduler`` sends the descents and the
band rounds to Dask. ``--json FILE`` writes the whole database;
``--plot FILE.png`` draws the disconnectivity graph.
"""

from __future__ import annotations

import json
import sys

NAME = "minima"
HELP = "minima-saddle graph of a loss in any dimension: spurious valleys, barriers, disconnectivity graph"


def add_arguments(p):
    import re

    p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-[\d.]+(?:e[-+]?\d+)?:")
    p.add_argument("expr", nargs="?", default=None,
                   help='the loss, e.g. "(x**2-1)**2 + x/2 + y**2" (parsed, never evaluated as Python)')
    p.add_argument("--vars", default=None, help="variables, comma separated: x,y")
    p.add_argument("--box", default=None,
                   help='starting box, one low:high per variable: "-2:2,-2:2"')
    p.add_argument("--relu", default=None, metavar="K[,N[,D]]",
                   help="instead of EXPR: the two-layer ReLU population loss with teacher V = I_K, "
                        "N student neurons (default K), input dimension D (default K)")
    p.add_argument("--descents", type=int, default=200, help="number of descents (default 200)")
    p.add_argument("--hops", type=int, default=0, help="basin-hopping kicks per minimum (default 0)")
    p.add_argument("--neighbors", type=int, default=3,
                   help="at most this many elastic bands per minimum, to its nearest minima outside its component (default 3)")
    p.add_argument("--gtol", type=float, default=1e-6, help="gradient norm at which a descent stops")
    p.add_argument("--max-steps", type=int, default=20000, help="step limit per descent")
    p.add_argument("--xtol", type=float, default=1e-3,
                   help="deduplication tolerance on the symmetry invariants (max-norm)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random starts (default 0)")
    p.add_argument("--scheduler", default="serial", metavar="serial|local|tcp://HOST:PORT",
                   help="where the descents and the elastic-band rounds run: this process (serial, "
                        "default), a local Dask cluster (local), or an existing Dask scheduler")
    p.add_argument("--workers", type=int, default=2, help="worker processes of a local Dask cluster")
    p.add_argument("--json", metavar="FILE", help="write the database and the valleys as JSON")
    p.add_argument("--plot", metavar="FILE.png", help="draw the disconnectivity graph")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output on stderr")


def _surface(args):
    from ..errors import InvalidArgument
    from ..numeric.minima_graph import relu_surface, surface_from_expr

    if args.relu is not None:
        if args.expr is not None:
            raise InvalidArgument("give either EXPR or --relu K, not both")
        try:
            nums = [int(t) for t in args.relu.split(",") if t.strip()]
        except ValueError:
            raise InvalidArgument(f"--relu={args.relu!r} must be K or K,N or K,N,D (integers)") from None
        if not 1 <= len(nums) <= 3 or min(nums) < 1:
            raise InvalidArgument(f"--relu={args.relu!r} must be K or K,N or K,N,D (positive integers)")
        return relu_surface(*nums)
    if args.expr is None or args.vars is None or args.box is None:
        raise InvalidArgument("give EXPR with --vars and --box (or --relu K for the two-layer ReLU loss)")
    from ..symbolic.parse import parse_expr, split_names

    names = split_names(args.vars)
    expr, syms = parse_expr(args.expr, names)
    return surface_from_expr(expr, [syms[n] for n in names], args.box)


def _hessian_word(m) -> str:
    """A short reading of the minimum's Hessian record for the table."""
    h = m.hessian
    c = h.get("classification", "?")
    if c != "degenerate":
        return c
    if h.get("on_equal_loss_set"):
        return "degenerate, flat (connected set of equal loss)"
    if h.get("flat_directions") == 0 and all(p["kind"] == "rising" for p in h.get("probes", [])):
        return "degenerate, no flat direction"
    return "degenerate, undecided"


def _progress(msg: str) -> None:
    print(f"[minima] {msg}", file=sys.stderr, flush=True)


def run(args) -> int:
    from ..numeric.minima_graph import minima_graph

    S = _surface(args)
    G = minima_graph(S, descents=args.descents, seed=args.seed, hops=args.hops,
                     neighbors=args.neighbors, gtol=args.gtol, max_steps=args.max_steps,
                     xtol=args.xtol, scheduler=None if args.scheduler == "local" else args.scheduler,
                     workers=args.workers, progress=None if args.quiet else _progress)
    st = G.stats
    print(f"{S.name}: {st['descents']} descents (seed {st['seed']}), {st['converged']} converged, "
          f"{st['escaped']} escaped; {len(G.minima)} distinct minima; "
          f"{st['saddles_index_1']} of {st['saddles_refined']} refined saddles have index 1")
    print(f"{'#':>3}  {'loss':>14}  {'min eig(H)':>11}  {'null':>4}  {'hits':>5}  {'kind':>10}  "
          f"{'joins at':>14}  {'depth':>11}  hessian")
    shown = {"global": 0, "unresolved": 0}
    hidden = {"global": 0, "unresolved": 0}
    for v in sorted(G.valleys(), key=lambda v: v.birth):
        if v.kind in shown:
            if shown[v.kind] >= 5:
                hidden[v.kind] += 1
                continue
            shown[v.kind] += 1
        m = G.minima[v.minimum]
        death = f"{v.death:14.8g}" if v.death != float("inf") else f"{'-':>14}"
        if v.merged_into == -2:
            death += " (to infinity)"
        depth = f"{v.depth:11.4g}" if v.death != float("inf") else f"{'-':>11}"
        null = m.hessian.get("numerical_nullity", "?")
        print(f"{v.minimum:3d}  {v.birth:14.8g}  {m.min_eig:11.3g}  {null:>4}  {m.hits:5d}  "
              f"{v.kind:>10}  {death}  {depth}  {_hessian_word(m)}")
    for kind, n in hidden.items():
        if n:
            print(f"  ... and {n} more {kind} minima (see --json)"
                  + ("; many minima at one level often form a flat family" if kind == "global" else ""))
    if st["degenerate_minima"]:
        print(f"{st['degenerate_minima']} degenerate minima (numerically singular Hessian; never "
              f"called strict), {st['degenerate_on_equal_loss_set']} of them shown on a connected "
              "set of equal loss; details per minimum in --json (\"hessian\")")
    if G.escaped_lower:
        print(f"warning: {st['escaped']} descents escaped the bounds with loss down to "
              f"{st['escaped_min_loss']:.6g}, below every minimum found (a minimum at infinity?)")
    sp = G.spurious
    if sp:
        print(f"{len(sp)} spurious valley(s); depth = lowest saddle found - minimum "
              "(an upper bound on the true barrier)")
    else:
        print("no spurious valley among the minima found")
    sat = "saturated" if st["saturated"] else "NOT saturated"
    print(f"search {sat}: {st['new_in_last_quarter']} new minima in the last {st['last_quarter']} "
          f"descents; Good-Turing chance of a new minimum per descent {st['good_turing']:.3g}; "
          f"{G.seconds:.1f} s")
    if args.json:
        from .landscape import _clean

        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(_clean(G.to_record()), fh, indent=1)
        print(f"wrote {args.json}")
    if args.plot:
        from ..render.disconnectivity import plot_disconnectivity

        vs = {v.minimum: v for v in G.valleys()}
        kinds = [vs[int(i)].kind if int(i) in vs else "infinity" for i in G.tree.minima]
        labels = [f"{G.tree.values[int(i)]:.4g}" + (" (escape)" if int(i) == G.infinity else "")
                  for i in G.tree.minima]
        plot_disconnectivity(G.tree, args.plot, kinds=kinds, labels=labels, title=S.name if len(S.name) <= 90 else S.name[:87] + "...")
        print(f"wrote {args.plot}")
    return 0

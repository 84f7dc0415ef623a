"""``critcheck relu``: the one-hidden-layer ReLU experiments of seed 004.

``critcheck relu table --dataset gaussian|mnist|cifar10 [--d D --K K --N N]
[--biases 20 3 0 -3 -20] [--trials 100] [--exact] [--no-descent] [--json FILE]``
prints one row per bias (with the paper's numbers beside ours when the
configuration is one of its tables) and writes ``{"rows": [...]}`` as JSON.
Progress goes to stderr.
"""

from __future__ import annotations

import json
import sys

NAME = "relu"
HELP = "one-hidden-layer ReLU cells (seed 004): genuineness tables"

_DEFAULTS = {"gaussian": (3, 10, 2000), "mnist": (784, 10, 200), "cifar10": (1024, 10, 200)}


def add_arguments(p):
    sub = p.add_subparsers(dest="relu_command", metavar="WHAT")
    t = sub.add_parser("table", help="Tables I-V: genuineness, continuousness, P_g, activation, descent")
    t.add_argument("--dataset", choices=sorted(_DEFAULTS), default="gaussian")
    t.add_argument("--d", type=int, default=None, help="input dimension (gaussian only; default 3)")
    t.add_argument("--K", type=int, default=None, help="hidden neurons (default 10)")
    t.add_argument("--N", type=int, default=None, help="samples (gaussian: any even N; default 2000)")
    t.add_argument("--biases", type=float, nargs="+", default=None,
                   help="biases (default: the paper's for the dataset)")
    t.add_argument("--trials", type=int, default=100, help="weight draws per bias (paper: 100)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--exact", action="store_true", help="also run the either-sign exact test")
    t.add_argument("--no-descent", action="store_true", help="skip the gradient-descent verification")
    t.add_argument("--max-iter", type=int, default=1000, help="descent steps at most (default 1000)")
    t.add_argument("--fixed-step", type=float, default=None, metavar="ETA",
                   help="descent with a fixed step (the paper: 1e-6) instead of Armijo backtracking")
    t.add_argument("--data-dir", default=None, help="folder with the MNIST IDX / CIFAR-10 pickle files")
    t.add_argument("--json", metavar="FILE", help="write {\"rows\": [...]} to FILE")
    f = sub.add_parser("figure", help="Figures 2(d), 2(e), 3(a)-(d): 1-D Gaussian probabilities (PNG)")
    f.add_argument("names", nargs="*", default=None, help="2d 2e 3a 3b 3c 3d (default: all)")
    f.add_argument("-o", "--out", default=".", help="output folder (default .)")
    f.add_argument("--N", type=int, default=100, help="samples (paper: 100)")
    g = sub.add_parser("diameters", help="Table VI: average cell diameter by random directions")
    g.add_argument("--dataset", choices=sorted(_DEFAULTS), default="gaussian")
    g.add_argument("--d", type=int, default=3, help="input dimension (gaussian)")
    g.add_argument("--N", type=int, default=200, help="samples (paper: 2000 and 200)")
    g.add_argument("--draws", type=int, default=1000, help="random weights (paper: 1000)")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--data-dir", default=None)


def _paper_table(dataset, d, K, N):
    from ..relu.experiments import PAPER_TABLES

    for name, spec in PAPER_TABLES.items():
        if spec["dataset"] == dataset and (spec["d"], spec["K"], spec["N"]) == (d, K, N):
            return name
    return None


def run(args) -> int:
    from ..errors import InvalidArgument

    cmd = getattr(args, "relu_command", None)
    if cmd == "figure":
        return _figure(args)
    if cmd == "diameters":
        return _diameters(args)
    if cmd != "table":
        raise InvalidArgument("give a subcommand: `critcheck relu table|figure|diameters ...` (see --help)")
    import numpy as np

    from ..relu.experiments import PAPER_TABLES, format_rows, gaussian_data, run_table

    d0, K0, N0 = _DEFAULTS[args.dataset]
    K = args.K if args.K is not None else K0
    if args.trials < 1:
        raise InvalidArgument(f"--trials={args.trials!r} must be at least 1")
    if args.dataset == "gaussian":
        d = args.d if args.d is not None else d0
        N = args.N if args.N is not None else N0
        X, y = gaussian_data(d, N, np.random.default_rng(args.seed))
    else:
        if args.d is not None or args.N is not None:
            raise InvalidArgument(f"--d/--N are fixed by --dataset={args.dataset!r} (d={d0}, N={N0})")
        from ..relu.data import cifar_planes_cars, mnist_01

        loader = mnist_01 if args.dataset == "mnist" else cifar_planes_cars
        X, y, src = loader(args.data_dir)
        d, N = X.shape[1], X.shape[0]
        print(f"data: {src}", file=sys.stderr)
    table = _paper_table(args.dataset, d, K, N)
    biases = args.biases
    if biases is None:
        biases = sorted(PAPER_TABLES[table]["rows"], reverse=True) if table else [20, 3, 0, -3, -20]
    rows = run_table(X, y, K, biases, args.trials, seed=args.seed + 1, exact=args.exact,
                     descent=not args.no_descent, descent_opts=_descent_opts(args))
    title = f"{args.dataset}: d={d}, K={K}, N={N}, {args.trials} draws per bias"
    print(title + (f" (paper: Table {table})" if table else ""))
    print(format_rows(rows, table))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"dataset": args.dataset, "d": d, "K": K, "N": N, "trials": args.trials,
                       "seed": args.seed, "paper_table": table,
                       "rows": [r.to_record() for r in rows]}, fh, indent=2)
    return 0


def _descent_opts(args):
    from ..errors import InvalidArgument

    if args.max_iter < 1:
        raise InvalidArgument(f"--max-iter={args.max_iter!r} must be at least 1")
    opts = {"max_iter": args.max_iter}
    if args.fixed_step is not None:
        if args.fixed_step <= 0:
            raise InvalidArgument(f"--fixed-step={args.fixed_step!r} must be positive")
        opts.update(step=args.fixed_step, adaptive=False)
    return opts


def _figure(args) -> int:
    from pathlib import Path

    from ..relu.figures import FIGURES, draw

    names = args.names or list(FIGURES)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for k, n in enumerate(names):
        p = draw(n, out / f"relu_fig{n}.png", N=args.N)
        print(p)
        print(f"figure {k + 1}/{len(names)} done", file=sys.stderr)
    return 0


def _diameters(args) -> int:
    import numpy as np

    from ..errors import InvalidArgument
    from ..relu.cells import augment
    from ..relu.diameters import average_diameter
    from ..relu.experiments import _bar, gaussian_data

    if args.dataset == "gaussian":
        X, _ = gaussian_data(args.d, args.N, np.random.default_rng(args.seed))
    else:
        from ..relu.data import cifar_planes_cars, mnist_01

        if args.N % 2:
            raise InvalidArgument(f"--N={args.N!r} must be even (N/2 per class)")
        loader = mnist_01 if args.dataset == "mnist" else cifar_planes_cars
        X, _, _ = loader(args.data_dir, n=args.N // 2)
    r = average_diameter(augment(X), draws=args.draws, seed=args.seed, progress=_bar("diameters"))
    print(f"{args.dataset} d={X.shape[1]} N={X.shape[0]}: mean diameter {r['mean']:.4g} over "
          f"{r['closed']} closed cells of {r['draws']} draws ({r['n_dirs']} directions each)")
    return 0

"""``critcheck relu``: the one-hidden-layer ReLU experiments of seed 004.

``critcheck relu table --dataset gaussian|mnist|cifar10 [--d D --K K --N N]
[--biases 20,3,0,-3,-20] [--trials 100] [--exact] [--no-descent] [--json FILE]
[--scheduler local|ADDRESS] [--workers N] [--chunk M]``
prints one row per bias (with the paper's numbers beside ours when the
configuration is one of its tables) and writes ``{"rows": [...]}`` as JSON;
with ``--scheduler`` the draws run as seeded tasks on dask.distributed
(:mod:`critcheck.relu.table_tasks`), giving the serial rows.
``critcheck relu figure`` draws Figs. 2(d), 2(e), 3(a)-(d);
``critcheck relu diameters`` estimates Table VI. Progress goes to stderr
(``-q`` silences it, ``-v`` adds detail), results to stdout.
"""

from __future__ import annotations

import json

from ..render.progress import add_output_flags, progress_from_args

NAME = "relu"
HELP = "one-hidden-layer ReLU cells (seed 004): tables, figures, cell diameters"
DESCRIPTION = (
    "The experiments of seed 004 (Liu, 'Understanding the loss landscape of one-hidden-layer "
    "ReLU networks'): 'table' reproduces Tables I-V (genuine in-cell minima, P_g, descent "
    "trapped in cells), 'figure' draws Figs. 2(d), 2(e), 3(a)-(d) (1-D Gaussian "
    "probabilities), 'diameters' estimates Table VI (average cell diameter).")

_DEFAULTS = {"gaussian": (3, 10, 2000), "mnist": (784, 10, 200), "cifar10": (1024, 10, 200)}


def _biases(text: str) -> list:
    """One ``--biases`` word: ``20``, ``-3`` or a comma-separated list ``20,3,0,-3``."""
    import argparse

    out = []
    for t in text.replace(",", " ").split():
        try:
            out.append(float(t))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{t!r} is not a number; give biases as 20,3,0,-3 or 20 3 0 -3") from None
    if not out:
        raise argparse.ArgumentTypeError("empty bias list; give e.g. 20,3,0,-3")
    return out


def _allow_negative_lists(p):
    import re

    # `--biases -3,-20` starts with '-': let argparse read it as a value, not an option
    p._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-[\d.]+(?:e[-+]?\d+)?(?:,[-\d.e+]*)+$")


def add_arguments(p):
    sub = p.add_subparsers(dest="relu_command", metavar="WHAT")
    t = sub.add_parser(
        "table", help="Tables I-V: genuineness, continuousness, P_g, activation, descent",
        description="Draw random weights per bias, compute each activation cell's in-cell "
                    "minimum, decide whether it is genuine (the paper's test; --exact adds the "
                    "either-sign test), and check by gradient descent; one row per bias, with "
                    "the paper's numbers beside ours when the configuration is one of its tables.")
    _allow_negative_lists(t)
    t.add_argument("--dataset", choices=sorted(_DEFAULTS), default="gaussian",
                   help="data: 'gaussian' (generated), 'mnist' (0 vs 1), 'cifar10' (planes vs cars)")
    t.add_argument("--d", type=int, default=None, help="input dimension (gaussian only; default 3)")
    t.add_argument("--K", type=int, default=None, help="hidden neurons (default 10)")
    t.add_argument("--N", type=int, default=None, help="samples (gaussian: any even N; default 2000)")
    t.add_argument("--biases", type=_biases, nargs="+", default=None,
                   help="biases, comma- or space-separated: 20,3,0,-3,-20 or 20 3 0 -3 -20 "
                        "(default: the paper's for the dataset)")
    t.add_argument("--trials", type=int, default=100, help="weight draws per bias (paper: 100)")
    t.add_argument("--seed", type=int, default=0, help="random seed of data and weights (default 0)")
    t.add_argument("--exact", action="store_true", help="also run the either-sign exact test")
    t.add_argument("--no-descent", action="store_true", help="skip the gradient-descent verification")
    t.add_argument("--max-iter", type=int, default=1000, help="descent steps at most (default 1000)")
    t.add_argument("--fixed-step", type=float, default=None, metavar="ETA",
                   help="descent with a fixed step (the paper: 1e-6) instead of Armijo backtracking")
    t.add_argument("--data-dir", default=None, metavar="DIR",
                   help="folder with the MNIST IDX / CIFAR-10 pickle files (must exist)")
    t.add_argument("--scheduler", default=None, metavar="local|ADDRESS",
                   help="run the draws as tasks on dask.distributed: 'local' starts a LocalCluster, "
                        "an address (tcp://HOST:8786) uses an existing cluster (default: serial, "
                        "in this process); the rows are the same for the same --seed and --chunk")
    t.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    t.add_argument("--chunk", type=int, default=None, metavar="M",
                   help="weight draws per task (default: all --trials of a bias in one task)")
    t.add_argument("--json", metavar="FILE", help="write {\"rows\": [...]} to FILE")
    add_output_flags(t)
    f = sub.add_parser(
        "figure", help="Figures 2(d), 2(e), 3(a)-(d): 1-D Gaussian probabilities (PNG)",
        description="Compute the probability that an in-cell minimum is genuine for 1-D "
                    "Gaussian data (seed 004, Sec. III-C, eqs. (11)-(22)) and draw the figures "
                    "as PNG files relu_fig<NAME>.png in --out.")
    f.add_argument("names", nargs="*", default=None, metavar="NAME",
                   help="2d 2e 3a 3b 3c 3d (default: all)")
    f.add_argument("-o", "--out", default=".", help="output folder (default .; created if missing)")
    f.add_argument("--N", type=int, default=100, help="samples (paper: 100)")
    add_output_flags(f)
    g = sub.add_parser(
        "diameters", help="Table VI: average cell diameter by random directions",
        description="Estimate the average diameter of activation cells (seed 004, Table VI) "
                    "by shooting random directions from random weights.")
    g.add_argument("--dataset", choices=sorted(_DEFAULTS), default="gaussian",
                   help="data: 'gaussian' (generated), 'mnist' (0 vs 1), 'cifar10' (planes vs cars)")
    g.add_argument("--d", type=int, default=3, help="input dimension (gaussian)")
    g.add_argument("--N", type=int, default=200, help="samples (paper: 2000 and 200)")
    g.add_argument("--draws", type=int, default=1000, help="random weights (paper: 1000)")
    g.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    g.add_argument("--data-dir", default=None, metavar="DIR",
                   help="folder with the MNIST IDX / CIFAR-10 pickle files (must exist)")
    add_output_flags(g)


def _positive(args, *names):
    from ..errors import InvalidArgument

    for n in names:
        v = getattr(args, n, None)
        if v is not None and v < 1:
            raise InvalidArgument(f"--{n.replace('_', '-')}={v!r} must be at least 1")


def _check_data_dir(args) -> None:
    from pathlib import Path

    from ..errors import InvalidArgument

    if getattr(args, "data_dir", None) is not None and not Path(args.data_dir).is_dir():
        raise InvalidArgument(f"--data-dir={args.data_dir!r} is not a folder")


def _load(args, n=None):
    """MNIST / CIFAR-10 from ``--data-dir`` (which must exist and hold them) or the defaults."""
    from pathlib import Path

    from ..errors import DataUnavailable
    from ..relu.data import cifar_planes_cars, mnist_01

    _check_data_dir(args)
    loader = mnist_01 if args.dataset == "mnist" else cifar_planes_cars
    X, y, src = loader(args.data_dir) if n is None else loader(args.data_dir, n=n)
    if args.data_dir is not None:
        d = Path(args.data_dir).resolve()
        if d not in Path(src).resolve().parents:
            raise DataUnavailable(
                f"--data-dir={args.data_dir!r} holds no {args.dataset} files (found only {src}); "
                "put the standard files there or leave out --data-dir")
    return X, y, src


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
    d0, K0, N0 = _DEFAULTS[args.dataset]
    K = args.K if args.K is not None else K0
    _positive(args, "trials", "K", "d", "N", "workers", "chunk")
    scheduler = _scheduler(args.scheduler)
    if args.dataset != "gaussian" and (args.d is not None or args.N is not None):
        raise InvalidArgument(f"--d/--N are fixed by --dataset={args.dataset!r} (d={d0}, N={N0})")
    _check_data_dir(args)
    opts = _descent_opts(args)
    prog = progress_from_args(args)
    # on a terminal, a line while NumPy loads and the data are drawn or read; it is wiped
    # afterwards, so that a data error stands alone as one line
    with prog.waiting(f"relu table: loading NumPy and the {args.dataset} data", delay=0.2):
        import numpy as np

        from ..relu.experiments import PAPER_TABLES, format_rows, gaussian_data, run_table

        if args.dataset == "gaussian":
            d = args.d if args.d is not None else d0
            N = args.N if args.N is not None else N0
            X, y = gaussian_data(d, N, np.random.default_rng(args.seed))
        else:
            X, y, src = _load(args)
            d, N = X.shape[1], X.shape[0]
    if args.dataset != "gaussian":
        prog.line(f"data: {src}")
    table = _paper_table(args.dataset, d, K, N)
    biases = [b for group in args.biases for b in group] if args.biases else None
    if biases is None:
        biases = sorted(PAPER_TABLES[table]["rows"], reverse=True) if table else [20, 3, 0, -3, -20]
    with prog.stage(f"table: {len(biases)} bias(es) x {args.trials} draws, d={d}, K={K}, N={N}"):
        rows = run_table(X, y, K, biases, args.trials, seed=args.seed + 1, exact=args.exact,
                         descent=not args.no_descent, descent_opts=opts,
                         progress=prog.bar if prog.level >= 1 else False, scheduler=scheduler,
                         workers=args.workers, chunk=args.chunk)
    title = f"{args.dataset}: d={d}, K={K}, N={N}, {args.trials} draws per bias"
    print(title + (f" (paper: Table {table})" if table else ""))
    print(format_rows(rows, table))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"dataset": args.dataset, "d": d, "K": K, "N": N, "trials": args.trials,
                       "seed": args.seed, "paper_table": table,
                       "rows": [r.to_record() for r in rows]}, fh, indent=2)
    return 0


def _scheduler(text):
    """``--scheduler``: None -> serial, 'local' -> a LocalCluster (None for map_tasks), else an address."""
    from ..distributed import SERIAL
    from ..errors import InvalidArgument

    if text is None or text.strip().lower() == SERIAL:
        return SERIAL
    if text.strip().lower() == "local":
        return None
    if "://" not in text and ":" not in text:
        raise InvalidArgument(f"--scheduler={text!r}: give 'local' or a scheduler address such as "
                              "tcp://HOST:8786")
    return text.strip()


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


FIGURE_NAMES = ("2d", "2e", "3a", "3b", "3c", "3d")
"""The figures ``relu figure`` draws (:data:`critcheck.relu.figures.FIGURES`; kept here so
that bad names fail before the numeric libraries load)."""


def _figure(args) -> int:
    from pathlib import Path

    from ..errors import InvalidArgument

    _positive(args, "N")
    names = args.names or list(FIGURE_NAMES)
    bad = [n for n in names if n not in FIGURE_NAMES]
    if bad:
        raise InvalidArgument(f"figure(s) {', '.join(map(repr, bad))}; choose from {', '.join(FIGURE_NAMES)}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidArgument(f"--out={args.out!r} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    prog = progress_from_args(args)
    for k, n in enumerate(names, 1):
        with prog.stage(f"[{k}/{len(names)}] Fig. {n[0]}({n[1]})"):
            from ..relu.figures import draw

            p = draw(n, out / f"relu_fig{n}.png", N=args.N)
        print(p)
    return 0


def _diameters(args) -> int:
    from ..errors import InvalidArgument

    _positive(args, "d", "N", "draws")
    if args.dataset != "gaussian" and args.N % 2:
        raise InvalidArgument(f"--N={args.N!r} must be even (N/2 per class)")
    _check_data_dir(args)
    prog = progress_from_args(args)
    with prog.waiting(f"relu diameters: loading NumPy and the {args.dataset} data", delay=0.2):
        import numpy as np

        from ..relu.cells import augment
        from ..relu.diameters import average_diameter
        from ..relu.experiments import gaussian_data

        if args.dataset == "gaussian":
            X, _ = gaussian_data(args.d, args.N, np.random.default_rng(args.seed))
        else:
            X, _, src = _load(args, n=args.N // 2)
    if args.dataset != "gaussian":
        prog.line(f"data: {src}")
    with prog.stage(f"diameters: {args.draws} draws, N={X.shape[0]}"):
        r = average_diameter(augment(X), draws=args.draws, seed=args.seed, progress=prog.bar("diameters"))
    print(f"{args.dataset} d={X.shape[1]} N={X.shape[0]}: mean diameter {r['mean']:.4g} over "
          f"{r['closed']} closed cells of {r['draws']} draws ({r['n_dirs']} directions each)")
    return 0

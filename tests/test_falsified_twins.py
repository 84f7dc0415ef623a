"""Falsified twins (issue 11): every SUPPORTED claim's check, run against a plainly
false variant of its statement, must not come back SUPPORTED.

A twin changes the statement's constant (module-level data of the proof
script) or moves the paper's numbers by the deviation the criterion is
powered to detect, then runs the same check. A claim whose twin passes is not
evidence.
"""

from __future__ import annotations

import importlib

import pytest

from critcheck import Context, Verdict, select


def _module(cid):
    (c,) = [c for c in select([cid]) if c.id == cid]
    return c, importlib.import_module(c.func.__module__)


def _run(cid):
    c, _ = _module(cid)
    return c.run(Context(quick=True, budget=300))


# ---- seed 004 tables: the paper's numbers moved ---------------------------------------------

@pytest.fixture(scope="module")
def table_I():
    _, mod = _module("relu.table_I")
    ctx = Context(seed=0)
    rows, meta = mod.measure(ctx, "I")  # 100 draws per bias, as the paper (no descent: cheap)
    return mod, ctx, rows, meta


def test_table_I_true_reference_passes(table_I):
    mod, ctx, rows, meta = table_I
    out = mod.evaluate(ctx, "I", rows, meta)
    assert out.verdict is Verdict.SUPPORTED, out.summary
    assert out.criterion.passed and out.criterion.sample_size == 500


def test_table_I_falsified_table_of_the_issue_fails(table_I):
    # the falsified Table I of issue 11: each change alone must be caught
    from critcheck.relu.experiments import PAPER_TABLES

    mod, ctx, rows, meta = table_I
    ref = PAPER_TABLES["I"]["rows"]
    changes = [(3, 1, 35), (-3, 1, 65), (0, 2, 0.82), (3, 3, 89.1)]
    for bias, col, value in changes:
        fake = dict(ref)
        row = list(fake[bias])
        row[col] = value
        fake[bias] = tuple(row)
        out = mod.evaluate(ctx, "I", rows, meta, reference=fake)
        assert out.verdict is Verdict.INCONCLUSIVE, (bias, col, value, out.summary)


@pytest.mark.parametrize("column", ["genuineness", "continuous", "pg", "activated"])
def test_table_I_columns_moved_by_the_detectable_deviation_fail(table_I, column):
    from critcheck.relu.experiments import moved_reference

    mod, ctx, rows, meta = table_I
    fake = moved_reference("I", rows, columns=(column,))
    out = mod.evaluate(ctx, "I", rows, meta, reference=fake)
    assert out.verdict is Verdict.INCONCLUSIVE, (column, out.summary)


def test_undecided_is_never_agreement():
    import dataclasses

    from critcheck.relu.experiments import paper_criterion

    _, mod = _module("relu.table_IV")
    from critcheck.relu.experiments import PAPER_TABLES, Row

    base = dict(bias=3.0, trials=100, genuineness_pct=0.0, continuous_pct=100.0, avg_pg=0.8,
                activated_pct=62.96, trapped_pct=0.0, undecided=0, exact_genuineness_pct=None,
                exact_undecided=0, paper_exact_differ=0, agreement=None, trapped_without_exact_minimum=0,
                descent_undecided=0, witnesses_checked=0, routes={}, seconds_per_trial=0.0,
                test_seconds_per_trial=0.0, activated_sd_pct=5.0, pg_sd=0.1)
    ref = {3: PAPER_TABLES["IV"]["rows"][3]}
    ok = paper_criterion("IV", [Row(**base)], ref, full_row_rank=True)
    assert ok.passed
    # 12 % of descents undecided: above the stated 10 % -> not passed, even with trapped = 0
    many = Row(**dict(base, descent_undecided=12))
    crit = paper_criterion("IV", [many], ref, full_row_rank=True)
    assert not crit.passed and any("undecided" in r.quantity for r in crit.rows)
    # at full row rank genuineness is shown but not evidence
    assert any(r.decision.startswith("not evidence") for r in ok.rows)
    bad_gen = paper_criterion("IV", [dataclasses.replace(Row(**base), genuineness_pct=50.0)], ref,
                              full_row_rank=True)
    assert bad_gen.passed


@pytest.mark.slow
@pytest.mark.parametrize("table", ["II", "III"])
def test_tables_II_III_moved_fail(table):
    from critcheck.relu.experiments import moved_reference

    _, mod = _module(f"relu.table_{table}")
    ctx = Context(seed=0)
    rows, meta = mod.measure(ctx, table)
    assert mod.evaluate(ctx, table, rows, meta).verdict is Verdict.SUPPORTED
    for column in ("genuineness", "continuous", "pg", "activated"):
        fake = moved_reference(table, rows, columns=(column,))
        assert mod.evaluate(ctx, table, rows, meta, reference=fake).verdict is Verdict.INCONCLUSIVE, column


# ---- the other SUPPORTED claims: the statement's constant changed or negated ---------------

TWINS = [
    # (claim id, module attribute, false value, what the false statement says)
    ("sd.minimum_at_infinity", "RATE", 1, "b ~ log(lambda t)/2 instead of log(4 lambda t)/2"),
    ("sd.figure_1", "LOWEST_ON_FAR_EDGE", False, "for L > 0 the lowest point lies inside the box"),
    ("toy.vw.sublevel", "COMPONENTS_BELOW_1", 1, "one sublevel component below level 1"),
    ("toy.vw.sublevel", "MERGE_LEVEL", 0.5, "the components merge at level 1/2"),
    ("valley.thm_IV_1", "NARROW_HAS_VALLEY", False, "width < n has no spurious valley either"),
    ("relu.gaussian1d", "SHIFT_H", 0.25, "optimal locations moved by 2.5 x the quick tolerance"),
    ("deep_linear.thm_III_1", "III_1_KINDS", ("global",), "every critical point is a global minimum"),
    ("deep_linear.thm_III_2", "III_2_FULL_RANK", "saddle", "full-rank product => saddle"),
    ("resnet.hardt_ma", "INSIDE_KIND", "saddle", "critical points inside the ball are saddles"),
    ("liang.global_at_local_minima", "SWITCHED_OFF", False, "the neuron stays on"),
    ("kk.one_neuron_per_output", "SWITCHED_OFF", False, "the neurons stay on"),
    ("requ.thm_VI_2.training", "REACHES_ZERO_ERROR", False, "descent never reaches zero training error"),
    ("viz.interpolation_1d", "MONOTONE", False, "most segments are not monotone"),
    ("viz.plane_2d", "CENTRE_LOWEST", False, "some grid point lies below the solution"),
    ("viz.bezier", "BARRIER_RATIO", 1e-4, "Bezier barrier <= 1e-4 x line barrier + 1e-3"),
    ("viz.minmax_path", "BARRIER_RATIO", 1e-4, "NEB barrier <= 1e-4 x line barrier + 1e-3"),
    ("conj.VII_1", "PARAMS_PER_SAMPLE", 1, "n parameters suffice"),
]


@pytest.mark.parametrize("cid, attr, value, words", TWINS, ids=[f"{t[0]}:{t[1]}" for t in TWINS])
def test_falsified_twin_is_not_supported(cid, attr, value, words, monkeypatch):
    c, mod = _module(cid)
    assert hasattr(mod, attr), f"{cid}: the statement constant {attr} is missing"
    monkeypatch.setattr(mod, attr, value)
    r = c.run(Context(quick=True, budget=300))
    assert r.verdict is not Verdict.SUPPORTED, f"{cid} twin ({words}) passed: {r.explain()}"


def test_every_supported_claim_has_a_twin():
    from critcheck import load_catalogue

    cat = load_catalogue()
    supported = {cid for cid, c in cat.items() if c.expected is Verdict.SUPPORTED}
    covered = {t[0] for t in TWINS} | {"relu.table_I", "relu.table_II", "relu.table_III"}
    assert supported <= covered, sorted(supported - covered)


def test_every_supported_claim_declares_its_criterion(capsys):
    from critcheck import load_catalogue
    from critcheck.cli import main

    cat = load_catalogue()
    supported = sorted(cid for cid, c in cat.items() if c.expected is Verdict.SUPPORTED)
    assert main(["list", "--criteria", *supported]) == 0
    out = capsys.readouterr().out
    assert out.count("criterion: ") == len(supported), out

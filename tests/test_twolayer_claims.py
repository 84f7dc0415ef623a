"""The twolayer.* claims (quick runs) and the `critcheck twolayer` command."""

import json

import pytest

from critcheck.claims.registry import Context, select
from critcheck.cli import main


@pytest.mark.parametrize("cid", ["twolayer.spurious_minima", "twolayer.tian_gradient", "twolayer.two_units"])
def test_claim_quick(cid):
    (c,) = select([cid])
    r = c.run(Context(quick=True, budget=120))
    assert r.verdict == r.expected, r.explain()


@pytest.mark.slow
def test_rates_claim_quick():
    (c,) = select(["twolayer.rates"])
    r = c.run(Context(quick=True, budget=300))
    assert r.verdict == r.expected, r.explain()
    assert r.criterion is not None and r.criterion.passed


def test_spurious_minima_evidence_names_each_k():
    (c,) = select(["twolayer.spurious_minima"])
    r = c.run(Context(quick=True, budget=120))
    rows = r.evidence["per_k"]
    assert [x["k"] for x in rows] == [6, 7, 8, 9]
    kern = r.evidence["kernel"]
    assert len(kern) == 4 and all(j["accepted"] for j in kern)
    assert all(j["facts"]["value"].startswith("[0.0") for j in kern)
    # the printed statement is the kernel's rendering of what was checked: teacher and each k
    text = r.statement_text
    for k in (6, 7, 8, 9):
        assert f"$V = I_{{{k}}}$ ($k = d = {k}$" in text and f"$n={k}$ student" in text
    assert "I_{10}" not in text and "F > 0" in text


def test_cli_certify_writes_files_that_check_accepts(tmp_path, capsys):
    d = tmp_path / "certs"
    assert main(["twolayer", "certify", "--k", "6-7", "--certificates", str(d),
                 "--json", str(tmp_path / "c.json")]) == 0
    files = sorted(d.glob("*.json"))
    assert len(files) == 2
    assert main(["check", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "accepted" in out
    rec = json.loads((tmp_path / "c.json").read_text())
    assert rec[0]["k"] == 6 and rec[0]["accepted"]


def test_cli_sweep_serial_and_table_plot(tmp_path, capsys):
    js, png = tmp_path / "s.json", tmp_path / "rate.png"
    assert main(["twolayer", "sweep", "--k", "6", "--runs", "20", "--chunk", "10", "--scheduler", "serial",
                 "--json", str(js), "--plot", str(png)]) == 0
    data = json.loads(js.read_text())
    assert {(c["k"], c["n"]) for c in data["cells"]} == {(6, 6), (6, 7)}
    assert png.stat().st_size > 1000
    assert main(["twolayer", "table", "--sweep", str(js)]) == 0
    assert "derived table" in capsys.readouterr().out


def test_cli_bad_k_is_one_line_error(capsys):
    assert main(["twolayer", "certify", "--k", "six"]) == 2
    assert "--k='six'" in capsys.readouterr().err


def test_spurious_minima_is_inconclusive_when_a_point_is_not_a_minimum(monkeypatch):
    """A shipped point that is not near a minimum: the kernel rejects it, the verdict drops."""
    import numpy as np

    import critcheck.twolayer.points as points

    real = points.load_points()
    bad = dict(real)
    bad[7] = dict(real[7], W=(np.array(real[7]["W"]) + 0.05 * np.eye(7)).tolist())
    monkeypatch.setattr(points, "load_points", lambda *a, **k: bad)
    monkeypatch.setattr("critcheck.twolayer.polish.newton_polish", lambda W, V, **k: np.array(W))
    monkeypatch.setattr("critcheck.twolayer.certify.newton_polish", lambda W, V, **k: np.array(W))
    (c,) = select(["twolayer.spurious_minima"])
    r = c.run(Context(quick=True, budget=120))
    assert r.verdict.value == "INCONCLUSIVE" and "kernel rejected" in r.guard


def test_two_units_types_come_from_exact_signs_and_a_wrong_type_is_refused(monkeypatch):
    """The four torus points are typed from the exact Hessian determinant and trace (signed
    by SymPy as exact constants): each gets its stated type, and a twin that calls the
    saddle at (pi/4, pi/4) a local minimum is not SUPPORTED."""
    import importlib

    from critcheck import Verdict

    (c,) = select(["twolayer.two_units"])
    r = c.run(Context(quick=True, budget=120))
    assert [p["type"] for p in r.evidence["points"]] == [
        "global minimum", "saddle", "saddle", "local maximum"]
    mod = importlib.import_module(c.func.__module__)
    wrong = dict(mod.TWO_UNIT_POINTS)
    wrong[(1, 1)] = (wrong[(1, 1)][0], "local minimum")
    monkeypatch.setattr(mod, "TWO_UNIT_POINTS", wrong)
    r2 = c.run(Context(quick=True, budget=120))
    assert r2.verdict is not Verdict.SUPPORTED

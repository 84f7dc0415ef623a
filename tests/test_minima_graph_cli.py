"""`critcheck minima`, the disconnectivity picture, and the claim valley.minima_graph."""

import json
import sys

from critcheck import Context, Verdict, load_catalogue
from critcheck.cli import main


def test_minima_command_json_and_plot(tmp_path, capsys):
    out, png = tmp_path / "dw.json", tmp_path / "dw.png"
    rc = main(["minima", "(x**2-1)**2 + x/2 + y**2", "--vars", "x,y", "--box", "-2:2,-2:2",
               "--descents", "30", "--json", str(out), "--plot", str(png)])
    assert rc == 0
    text = capsys.readouterr()
    assert "1 spurious valley(s)" in text.out and "[minima]" in text.err
    rec = json.loads(out.read_text())
    (sp,) = rec["spurious_valleys"]
    assert sp["depth_is"].startswith("upper bound") and sp["depth"] > 0
    assert rec["search"]["descents"] == 30 and rec["saddles"][0]["index"] == 1
    assert png.stat().st_size > 5000 and png.read_bytes()[:4] == b"\x89PNG"


def test_minima_command_relu_and_errors(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["minima", "--relu", "3", "--descents", "20", "-q", "--json", str(out)]) == 0
    rec = json.loads(out.read_text())
    assert len(rec["variables"]) == 9 and rec["global_min"] < 1e-10
    assert main(["minima", "x**2"]) == 2
    assert main(["minima", "x**2", "--vars", "x", "--box", "0:1", "--relu", "3"]) == 2
    assert main(["minima", "--relu", "a,b"]) == 2
    assert main(["minima", "__import__('os')", "--vars", "x", "--box", "0:1"]) == 2
    err = capsys.readouterr().err
    assert "critcheck minima: error:" in err and "Traceback" not in err


def test_claim_quick_supported_with_criterion():
    cat = load_catalogue(["proofs/valley_minima_graph.py"])
    r = cat["valley.minima_graph"].run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    assert r.criterion is not None and r.criterion.passed
    (k7,) = r.evidence["relu"]
    assert k7["saturated"] and k7["lowest_minimum"] < 1e-10
    s = k7["spurious_minima"][0]
    # the authors' released k = 7 point (anchor notes): F and lambda_min to 6 digits
    assert abs(s["loss"] - s["reference_F"]) < 1e-8
    assert abs(s["hessian_min_eigenvalue"] - s["reference_lambda_min"]) < 1e-6
    assert s["saddle_index"] == 1 and s["depth"] > 0
    nar = r.evidence["sigmoid"]["narrow"]
    assert nar["kind"] == "spurious" and nar["saddle_index"] == 1
    assert nar["exact_barrier_to_v<0"] == "100/81" and abs(nar["depth"] - 100 / 81) < 1e-8
    wide = r.evidence["sigmoid"]["wide"]
    assert wide["kind_of_seeded_ends"] == ["unresolved"]
    # the constructed wide minimum is degenerate (never strict): its null directions are the
    # splits of the output weight among the three equal neurons, flat and connected
    assert wide["seeded_end_classification"] == ["degenerate"]
    assert wide["seeded_end_numerical_nullity"] == [2] and wide["seeded_end_on_equal_loss_set"] == [True]
    assert s["classification"] == "strict" and s["hessian_statement"].startswith("strict")
    assert all(m["classification"] in ("strict", "degenerate") for m in k7["minima_hessian"])


def test_claims_decision_fails_without_spurious_minima():
    """The claim's per-instance rule on a net where descents find only the global
    minimum (k = n = 3) must fail: a false 'has a spurious valley' cannot pass."""
    load_catalogue(["proofs/valley_minima_graph.py"])
    mod = sys.modules["critcheck_proofs.valley_minima_graph"]
    rec, ok = mod._relu_instance(3, 40, 0)
    assert rec["spurious_minima"] == [] and not ok


def test_minima_command_reports_degenerate_minima(tmp_path, capsys):
    """A circle of minima: the table and the JSON say degenerate, nullity 1, on a connected
    set of equal loss; no minimum is called strict."""
    out = tmp_path / "circle.json"
    assert main(["minima", "(x**2+y**2-1)**2", "--vars", "x,y", "--box", "-2:2,-2:2",
                 "--descents", "6", "-q", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "degenerate, flat (connected set of equal loss)" in text and "never called strict" in text
    rec = json.loads(out.read_text())
    assert rec["minima"] and rec["search"]["degenerate_minima"] == len(rec["minima"])
    for m in rec["minima"]:
        assert m["classification"] == "degenerate" and m["strict"] is False
        h = m["hessian"]
        assert h["nullity"] == 1 and h["eig_tol"] > 0 and h["on_equal_loss_set"] is True
    assert all("degenerate" in v["hessian"] for v in rec["valleys"])

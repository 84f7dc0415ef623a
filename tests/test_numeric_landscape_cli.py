"""`critcheck landscape`: output, JSON contract, errors as one line (exit 2)."""

import json

from critcheck.cli import main


def test_tilted_double_well_json(tmp_path, capsys):
    out = tmp_path / "l.json"
    rc = main(["landscape", "(x**2-1)**2 + x/2 + y**2", "--vars", "x,y", "--box", "-2:2,-2:2",
               "--samples", "10000", "--json", str(out), "--plot", str(tmp_path / "l.png")])
    assert rc == 0
    rec = json.loads(out.read_text())
    for key in ("global_min", "spurious_valleys", "resolution", "samples"):
        assert key in rec
    assert len(rec["spurious_valleys"]) == 1
    s = rec["spurious_valleys"][0]
    assert {"birth", "death", "depth", "point"} <= set(s) and s["depth"] > 0.5
    assert rec["global_min"]["value"] < -0.5 and rec["samples"] == 10000
    assert (tmp_path / "l.png").stat().st_size > 1000
    captured = capsys.readouterr()
    assert "spurious valley 1" in captured.out and "[landscape]" in captured.err


def test_vw_reports_no_valley(tmp_path, capsys):
    out = tmp_path / "vw.json"
    assert main(["landscape", "(v*w-1)**2", "--vars", "v,w", "--box", "-3:3,-3:3",
                 "--levels", "0.5", "--json", str(out), "-q"]) == 0
    rec = json.loads(out.read_text())
    assert rec["spurious_valleys"] == []
    assert rec["components_per_level"][0]["components"] == 2
    assert rec["components_per_level"][0]["with_global_min"] == 2


def test_parameters_and_errors(capsys):
    assert main(["landscape", "L*(a-1)**2 + c", "--vars", "a", "--params", "L,c", "--set", "L=2",
                 "--set", "c=0.5", "--box", "-3:3", "-q"]) == 0
    assert main(["landscape", "x+", "--vars", "x", "--box", "0:1"]) == 2
    assert main(["landscape", "x", "--vars", "x", "--box", "1:0"]) == 2
    assert main(["landscape", "L*x", "--vars", "x", "--params", "L", "--box", "0:1"]) == 2
    assert main(["landscape", "__import__('os')", "--vars", "x", "--box", "0:1"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("error:") == 4

"""``critcheck verify --certificates DIR`` then ``critcheck check DIR/*.json``."""

import json

from critcheck.cli import main


def test_certificates_roundtrip_and_tampering(tmp_path, capsys):
    out = tmp_path / "certs"
    assert main(["verify", "sd.appendix_a", "toy.vw", "--certificates", str(out)]) == 0
    files = sorted(out.glob("*.json"))
    assert {f.name for f in files} >= {"sd.appendix_a.1.json", "sd.appendix_a.2.json",
                                       "toy.vw.1.json", "toy.vw.2.json"}
    capsys.readouterr()
    assert main(["check"] + [str(f) for f in files]) == 0
    text = capsys.readouterr().out
    assert text.count("accepted") >= len(files)
    # tamper: claim the origin is a local minimum of (vw-1)^2 with the saddle's certificate
    rec = json.loads((out / "toy.vw.2.json").read_text())
    rec["statement"]["data"]["inertia"] = [2, 0, 0]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(rec))
    assert main(["check", str(bad)]) == 1
    assert "rejected" in capsys.readouterr().out


def test_check_refuses_a_non_certificate(tmp_path, capsys):
    p = tmp_path / "x.json"
    p.write_text("{}")
    assert main(["check", str(p)]) == 2
    assert "not a critcheck certificate" in capsys.readouterr().err

"""Issue 13: Claim VI.2 (density of full-rank hidden outputs), seed 003 Sec. VI-A."""

from __future__ import annotations

import sys

from critcheck import Context, Verdict, select


def _mod():
    next(c for c in select(["fullrank.claim_VI_2"]))
    return sys.modules["critcheck_proofs.fullrank_claim_VI_2"]


def test_claim_quick_supported():
    r = next(c for c in select(["fullrank.claim_VI_2"])).run(Context(quick=True))
    assert r.verdict is Verdict.SUPPORTED, r.explain()


def test_degenerate_point_is_rank_deficient_and_exp_perturbation_is_not():
    import mpmath

    mod = _mod()
    with mpmath.workdps(mod.DPS):
        x = [mpmath.mpf(v) / 3 for v in (-3, -1, 1, 3)]
        d0, _ = mod._det(x, [1] * 4, [0] * 4, "exp")
        d1, _ = mod._det(x, [1, 2, 3, 4], [0, 0, 0, 0], "exp")
    assert d0 == 0 and d1 > mpmath.mpf(10) ** -5


def test_falsified_twin_square_activation():
    out = _mod().density_check(Context(quick=True), act="square")
    assert out.verdict is not Verdict.SUPPORTED and not out.criterion.passed
    assert all(v["full_rank"] == 0 for v in out.evidence["cases"].values())

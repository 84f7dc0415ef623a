"""Claims downgraded to INCONCLUSIVE because the kernel has no rule for
piecewise (ReLU / max) losses: they say so, and never come back PROVED/REFUTED."""

from __future__ import annotations

import pytest

from critcheck import Context, Verdict, select


@pytest.mark.parametrize("cid", ["neuron.prop_IV_1.relu", "relu.table_IV_exact"])
def test_downgraded_claim_names_the_missing_kernel_rule(cid):
    (c,) = select([cid])
    assert c.expected is Verdict.INCONCLUSIVE
    r = c.run(Context(budget=120, quick=True))
    assert r.verdict is Verdict.INCONCLUSIVE, r.summary
    assert any("kernel has no rule for piecewise" in b for b in r.open_branches)
    assert "kernel has no rule for piecewise" in r.evidence["missing_kernel_rule"]

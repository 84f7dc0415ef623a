"""Issue 13: Auer et al.'s single sigmoid neuron with several local minima (seed 002)."""

from __future__ import annotations

import sys

from critcheck import Context, Verdict, select
from critcheck.kernel import Statement, check


def _mod():
    next(c for c in select(["neuron.auer"]))
    return sys.modules["critcheck_proofs.neuron_auer"]


def test_auer_proved_through_the_kernel():
    r = next(c for c in select(["neuron.auer"])).run(Context(quick=True))
    assert r.verdict is Verdict.PROVED and not r.guard, r.explain()
    assert len(r.evidence["kernel"]) == 4 and all(k["accepted"] for k in r.evidence["kernel"])


def test_kernel_rejects_a_box_around_the_local_maximum():
    mod = _mod()
    from scipy.optimize import minimize_scalar
    import numpy as np

    L = lambda w: -sum((y - 1 / (1 + np.exp(-x * w))) ** 2 for x, y in zip(mod.X, (0, 0.75, 0.25)))
    top = minimize_scalar(L, bounds=(0.1, 1.8), method="bounded").x
    st = Statement("interval_minimum", mod.loss_text(), ("w",), data={"family": "expr", "args": {}})
    assert not check(st, {"center": {"w": mod._q(top)}, "radius": "1/100000"}).accepted


def test_falsified_twin_a_data_set_with_one_minimum_is_not_proved():
    mod = _mod()
    out = mod.auer_check(Context(quick=True), xs=(1, -2), ys=("1/2", "1/3"))
    assert out.verdict is not Verdict.PROVED

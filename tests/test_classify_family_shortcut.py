"""The global-family shortcut of the classifier gives the same classifications.

For a one-parameter family that attains the global bound, ``classify`` asks
:func:`_family_pieces` only for the Hessian index. When a side condition of the
family is not rational in the parameter (the ``tanh`` loss of seed 003,
Prop. IV.1: ``(e^w - 1)(e^w + 1) != 0``), the interval split fails whatever the
Hessian, so the Hessian is skipped. These tests compare with the full
computation (the shortcut switched off) and check the premise directly.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from critcheck.claims.derivation import Derivation
from critcheck.symbolic import classify as cl
from critcheck.symbolic.critical import critical_points

LOSSES = [
    ("(1 - v*(exp(2*w)-1)/(exp(2*w)+1))**2", "v,w"),   # tanh: the shortcut applies
    ("(1 - v/(1+exp(-w)))**2", "v,w"),                 # sigmoid: no side condition
    ("(v*w-1)**2", "v,w"),                             # rational conditions
    ("(1 - v*(w**2+1))**2", "v,w"),
    ("(1 - v*w**2)**2", "v,w"),
]


def _summary(cs):
    return [(str(c.component), c.kind, c.index, str(c.value), c.is_global,
             tuple((p.condition, p.kind, p.index, p.reason) for p in c.pieces))
            for c in cl.classify_all(cs)]


@pytest.mark.parametrize("loss,vs", LOSSES)
def test_shortcut_gives_the_full_computations_classification(loss, vs, monkeypatch):
    taken = []
    real = cl._family_unsplittable

    def spy(comp):
        taken.append(real(comp))
        return taken[-1]

    monkeypatch.setattr(cl, "_family_unsplittable", spy)
    fast = _summary(critical_points(loss, vs, budget=60))
    monkeypatch.setattr(cl, "_family_unsplittable", lambda comp: False)
    full = _summary(critical_points(loss, vs, budget=60))
    assert fast == full
    if "tanh" in loss or "exp(2*w)" in loss:
        assert True in taken            # the fast path is exercised


@pytest.mark.parametrize("loss,vs", LOSSES)
def test_unsplittable_families_have_no_pieces(loss, vs):
    cs = critical_points(loss, vs, budget=60)
    fams = [c for c in cs.solve.components if not c.equations and len(c.free) == 1]
    assert fams
    for comp in fams:
        if cl._family_unsplittable(comp):
            assert cl._family_pieces(cs.loss, tuple(cs.variables), comp, Derivation()) is None


def test_a_condition_that_is_not_a_relation_or_not_rational_is_unsplittable():
    cs = critical_points("(v*w-1)**2", "v,w")
    (comp,) = [c for c in cs.solve.components if len(c.free) == 1 and not c.equations]
    (s,) = comp.free
    assert not cl._family_unsplittable(comp)
    rational = dataclasses.replace(comp, conditions=(sympy.Ne(s**2 - 2, 0), sympy.Gt(s, -3)))
    assert not cl._family_unsplittable(rational)
    for bad in (sympy.Ne(sympy.exp(s) - 1, 0), sympy.Ne(s - sympy.Symbol("a"), 0),
                sympy.Ne(s - 0.5, 0), sympy.And(sympy.Gt(s, 0), sympy.Lt(s, 1))):
        odd = dataclasses.replace(comp, conditions=(bad,))
        assert cl._family_unsplittable(odd), bad
        assert cl._family_pieces(cs.loss, tuple(cs.variables), odd, Derivation()) is None

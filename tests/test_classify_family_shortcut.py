"""The global-family shortcuts of the classifier give the same classifications.

For a one-parameter family that attains the global bound, ``classify`` asks
:func:`_family_pieces` only for the Hessian index. When a side condition of the
family is not rational in the parameter (the ``tanh`` loss of seed 003,
Prop. IV.1: ``(e^w - 1)(e^w + 1) != 0``), or the Hessian's trace along it is a
non-constant rational function of ``e^{s/q}`` (the sigmoid loss), the interval
split fails whatever the simplified coefficients look like, so the Hessian is
skipped. These tests compare with the full computation (the shortcuts switched
off) and check the premises directly.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from critcheck.claims.derivation import Derivation
from critcheck.symbolic import classify as cl
from critcheck.symbolic.critical import critical_points

LOSSES = [
    ("(1 - v*(exp(2*w)-1)/(exp(2*w)+1))**2", "v,w"),   # tanh: the side condition
    ("(1 - v/(1+exp(-w)))**2", "v,w"),                 # sigmoid: the trace
    ("(v*w-1)**2", "v,w"),                             # rational: neither
    ("(1 - v*(w**2+1))**2", "v,w"),
    ("(1 - v*w**2)**2", "v,w"),
    ("(1 - v*exp(w/2))**2 + (z - exp(w))**2", "v,w,z"),  # exp(s/2): u = e^{s/2}
    ("(1 - v*exp(w))**2*(1 + w**2)", "v,w"),           # w outside exp: no shortcut
]


def _summary(cs):
    return [(str(c.component), c.kind, c.index, str(c.value), c.is_global,
             tuple((p.condition, p.kind, p.index, p.reason) for p in c.pieces))
            for c in cl.classify_all(cs)]


@pytest.mark.parametrize("loss,vs", LOSSES)
def test_shortcut_gives_the_full_computations_classification(loss, vs, monkeypatch):
    taken = []
    real_c, real_t = cl._family_unsplittable, cl._trace_not_rational

    def spy_c(comp):
        taken.append(("conditions", real_c(comp)))
        return taken[-1][1]

    def spy_t(f, vs_, comp):
        taken.append(("trace", real_t(f, vs_, comp)))
        return taken[-1][1]

    monkeypatch.setattr(cl, "_family_unsplittable", spy_c)
    monkeypatch.setattr(cl, "_trace_not_rational", spy_t)
    fast = _summary(critical_points(loss, vs, budget=60))
    monkeypatch.setattr(cl, "_family_unsplittable", lambda comp: False)
    monkeypatch.setattr(cl, "_trace_not_rational", lambda f, vs_, comp: False)
    full = _summary(critical_points(loss, vs, budget=60))
    assert fast == full
    if "exp(2*w)-1" in loss:
        assert ("conditions", True) in taken       # the fast paths are exercised
    if "1+exp(-w)" in loss or "exp(w/2)" in loss:
        assert ("trace", True) in taken
    if "exp" not in loss or "1 + w**2" in loss:
        assert ("trace", True) not in taken and ("conditions", True) not in taken


@pytest.mark.parametrize("loss,vs", LOSSES)
def test_unsplittable_families_have_no_pieces(loss, vs):
    cs = critical_points(loss, vs, budget=60)
    fams = [c for c in cs.solve.components if not c.equations and len(c.free) == 1]
    assert fams
    for comp in fams:
        if cl._family_unsplittable(comp) or cl._trace_not_rational(cs.loss, tuple(cs.variables), comp):
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


def test_trace_test_reads_only_exponentials_of_rational_multiples():
    v = sympy.Symbol("v", real=True)
    cs = critical_points("(1 - v*exp(w))**2", "v,w")
    (comp,) = [c for c in cs.solve.components if len(c.free) == 1 and not c.equations]
    assert cl._trace_not_rational(cs.loss, tuple(cs.variables), comp)
    w = comp.free[0]
    # a trace constant along the family is rational: the full computation decides
    flat = dataclasses.replace(comp, solution={v: sympy.Integer(1)})
    assert not cl._trace_not_rational((v - 1) ** 2 + 0 * w, tuple(cs.variables), flat)
    # exp of a non-rational multiple, of s plus a constant, or s also outside exp: no
    for loss in ((v - sympy.exp(sympy.sqrt(2) * w)) ** 2, (v - sympy.exp(w + 1)) ** 2,
                 (v - w * sympy.exp(w)) ** 2, (v - sympy.exp(sympy.exp(w))) ** 2):
        fam = dataclasses.replace(comp, solution={v: sympy.solve(sympy.diff(loss, v), v)[0]})
        assert not cl._trace_not_rational(loss, tuple(cs.variables), fam), loss

"""``critcheck critical`` and ``local_min_at`` agree on every type (issue 10, item 4).

For each loss, every component the command prints gets the Python API's
verdict at its point (or a rational sample point of a family): a printed
local-minimum type must be PROVED there, a saddle or maximum REFUTED, and
anything the command marks unproven (``?``) or undecided must not be decided
the other way. Points from the kernel-certified zero-dimensional route are
algebraic (CRootOf coordinates): the API checks them with the kernel's
inertia and curve-witness rules over Q(alpha).
"""

from __future__ import annotations

import pytest
import sympy

from critcheck.commands.critical import _classify
from critcheck.symbolic.certified_types import certified_kind, kernel_verdict, sample_point
from critcheck.symbolic.critical import critical_points

LOSSES = [
    ("(v*w-1)**2", "v,w"),                       # a family of global minima and a saddle
    ("(1 - v*(-(w-1)**2/8))**2", "v,w"),         # seed 003 Fig. 2: a mixed line and a curve
    ("(1 - v*w**2)**2", "v,w"),
    ("x**2 + y**4", "x,y"),                      # degenerate strict minimum
    ("x**2 - y**4", "x,y"),                      # degenerate saddle
    ("-x**2 - y**4", "x,y"),                     # degenerate maximum
    ("x**3 - 3*x*y**2", "x,y"),                  # monkey saddle
    ("(x*y-1)**2 + (x-1)**2", "x,y"),            # certified route, rational points
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "x,y"),  # Himmelblau: algebraic points
]


def _expected(printed: str) -> str | None:
    """The API verdict a printed type asks for (None: only 'not decided the other way')."""
    if "?" in printed or printed.startswith(("undecided", "mixed", "type undetermined")):
        return None
    if printed.startswith(("strict local min", "non-strict local min", "local min")):
        return "PROVED"
    if printed.startswith(("saddle", "strict local max", "local max", "not a local min")):
        return "REFUTED"
    raise AssertionError(f"unknown printed type {printed!r}")


@pytest.mark.parametrize("loss, names", LOSSES, ids=[x[0] for x in LOSSES])
def test_every_printed_type_matches_local_min_at(loss, names):
    cs = critical_points(loss, names, budget=60)
    printed = dict(_classify(cs))
    assert cs.solve.complete and len(printed) == len(cs.solve.components)
    checked = 0
    for i, comp in enumerate(cs.solve.components):
        line = next(x for x in printed[i] if x.startswith("type: "))
        kind = line[len("type: "):].split("; index")[0]
        p = sample_point(comp, cs.variables)
        if p is None:
            continue
        verdict, why = kernel_verdict(cs.loss, cs.variables, p)
        want = _expected(kind)
        if want is None:
            assert verdict == "INCONCLUSIVE" or kind.startswith("mixed"), (comp, kind, verdict)
        else:
            assert verdict == want, (str(comp), kind, verdict, why)
        checked += 1
    assert checked >= 1


def test_a_type_the_kernel_does_not_back_is_printed_unproven(monkeypatch):
    """A dishonest API answer (PROVED with a certificate the kernel rejects) must not
    make ``critical`` print a bare local-minimum type."""
    from critcheck.claims.result import Outcome
    from critcheck.symbolic import statements
    from critcheck.symbolic.certificates import kernel_statement

    cs = critical_points("x**2 - y**4", "x,y")
    (comp,) = cs.solve.components
    x, y = cs.variables

    def lying(loss, variables, point):
        st = kernel_statement("strict_local_min", cs.loss, cs.variables, (),
                              {"point": {"x": 0, "y": 0}})
        return Outcome("PROVED", summary="trust me", statement=st,
                       certificate={"method": "hessian"})

    monkeypatch.setattr(statements, "local_min_at", lying)
    shown = certified_kind(cs, comp, "strict local min")
    assert shown.startswith("local min? (unproven")
    assert kernel_verdict(cs.loss, cs.variables, {x: 0, y: 0})[0] == "INCONCLUSIVE"


def test_a_wrong_point_is_refuted_not_typed():
    # (3, 2) is Himmelblau's rational minimum; (3, 2 + 1/10**9) is not even critical
    v, _ = kernel_verdict(*_himmelblau(), {_X: 3, _Y: sympy.Rational(2) + sympy.Rational(1, 10**9)})
    assert v == "REFUTED"
    assert kernel_verdict(*_himmelblau(), {_X: 3, _Y: 2})[0] == "PROVED"


_X, _Y = sympy.symbols("x y", real=True)


def _himmelblau():
    return (_X**2 + _Y - 11) ** 2 + (_X + _Y**2 - 7) ** 2, (_X, _Y)

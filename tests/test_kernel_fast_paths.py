"""The kernel's shortcuts for polynomial losses, each against the general path it bypasses.

* ``_hessian_at``: a polynomial over Q at a rational point is differentiated as a SymPy
  ``Poly`` and evaluated, instead of ``sympy.hessian`` followed by substitution;
* ``_curve_witness``: a polynomial loss is moved along the curve by replacing its leaves
  (``xreplace``) instead of SymPy's simultaneous ``subs``.

Both must give exactly the same numbers (hence the same inertia and the same leading series
coefficient), and dishonest certificates must still be refused.
"""

import pytest
import sympy

from critcheck.kernel import Statement, check
from critcheck.kernel.checker import _expansion, _hessian_at

CASES = [   # (loss, variables, point)
    ("(w3*w2*w1 - 1)^2", ("w1", "w2", "w3"), {"w1": "0", "w2": "0", "w3": "0"}),
    ("(w2*w1 - 1)^2", ("w1", "w2"), {"w1": "1/3", "w2": "-2"}),
    ("x^4/7 - 3*x^2*y + y^3/5 - x*y*z + 11", ("x", "y", "z"), {"x": "-5/2", "y": "0", "z": "9"}),
    ("(x - y)^6 + x*y", ("x", "y"), {"x": "1", "y": "1"}),
    ("5", ("x",), {"x": "2"}),                                       # constant loss
    ("x^2*y", ("x", "y"), {"x": "0", "y": "0"}),                     # Hessian zero at the point
]


def _reference_hessian(st, p):
    f, vs = st.f(), st.vars()
    rep = {v: p.coords[n] for v, n in zip(vs, st.variables)}
    return sympy.hessian(f, vs).subs(rep, simultaneous=True)


@pytest.mark.parametrize("loss,names,point", CASES)
def test_polynomial_hessian_at_a_rational_point_matches_hessian_then_subs(loss, names, point):
    st = Statement("hessian_inertia", loss, names, data={"point": point, "inertia": [0, 0, len(names)]})
    p = st.point()
    H = _hessian_at(st, p, st.f())
    R = _reference_hessian(st, p)
    assert H.shape == R.shape
    assert all(a == b and sympy.sympify(a).is_Rational for a, b in zip(H, R)), (H, R)


def test_non_polynomial_or_parametric_losses_take_the_general_path():
    for loss, names, params, point in (
            ("sqrt(x^2 + 1)*y^2", ("x", "y"), (), {"x": "1", "y": "2"}),
            ("a*x^2*y + x*y^3", ("x", "y"), ("a",), {"x": "1", "y": "2", "a": "3"}),
            ("pi*x^2 + x*y", ("x", "y"), (), {"x": "1", "y": "2"})):
        st = Statement("hessian_inertia", loss, names, params,
                       data={"point": point, "inertia": [1, 1, 0]})
        p = st.point()
        H = _hessian_at(st, p, st.f())
        f, vs = st.f(), st.vars()
        syms = st.symbols()
        rep = {syms[k]: v for k, v in p.coords.items()}
        R = sympy.hessian(f, vs).subs(rep, simultaneous=True)
        assert all(sympy.simplify(a - b) == 0 for a, b in zip(H, R))


def test_inertia_certificates_still_refused_when_wrong():
    st = Statement("hessian_inertia", "(w2*w1 - 1)^2", ("w1", "w2"),
                   data={"point": {"w1": "0", "w2": "0"}, "inertia": [1, 1, 0]})
    assert check(st, {}).accepted
    for wrong in ([2, 0, 0], [0, 0, 2], [1, 0, 1]):
        bad = Statement("hessian_inertia", "(w2*w1 - 1)^2", ("w1", "w2"),
                        data={"point": {"w1": "0", "w2": "0"}, "inertia": wrong})
        j = check(bad, {})
        assert not j.accepted and j.rule == "inertia"
    # not a critical point: refused before any Hessian is formed
    off = Statement("hessian_inertia", "(w2*w1 - 1)^2", ("w1", "w2"),
                    data={"point": {"w1": "1", "w2": "3"}, "inertia": [1, 1, 0]})
    assert not check(off, {}).accepted


def _reference_leading(loss, names, point, curve, order):
    st = Statement("not_local_min", loss, names, data={"point": point})
    s = sympy.Symbol("s", positive=True)
    syms, f = st.symbols(), st.f()
    p = st.point()
    moved = f.subs({syms[k]: p.coords[k] + st.expr(curve[k], {"s": s}) for k in names},
                   simultaneous=True)
    ser = _expansion(moved - f.subs({syms[k]: p.coords[k] for k in names}, simultaneous=True), s, order)
    for k in range(order + 1):
        c = ser.coeff(s, k)
        if c != 0:
            return k, c
    return None, 0


@pytest.mark.parametrize("loss,names,point,curve,order,kind", [
    ("(w3*w2*w1 - 1)^2", ("w1", "w2", "w3"), {"w1": "0", "w2": "0", "w3": "0"},
     {"w1": "s", "w2": "s", "w3": "s"}, 6, "not_local_min"),
    ("(w3*w2*w1 - 1)^2", ("w1", "w2", "w3"), {"w1": "0", "w2": "0", "w3": "0"},
     {"w1": "-s", "w2": "s", "w3": "s"}, 6, "not_local_max"),
    ("x^3 - 3*x*y^2 + y^4/2", ("x", "y"), {"x": "0", "y": "0"}, {"x": "-s", "y": "s^2"}, 6, "not_local_min"),
    ("(x*y - 1)^2 + x^3/3", ("x", "y"), {"x": "1/2", "y": "2"}, {"x": "-s", "y": "2*s/3"}, 4, "not_local_min"),
])
def test_polynomial_curve_witness_matches_simultaneous_subs(loss, names, point, curve, order, kind):
    st = Statement(kind, loss, names, data={"point": point})
    j = check(st, {"curve": curve, "order": order})
    k, c = _reference_leading(loss, names, point, curve, order)
    right_sign = k is not None and bool(c < 0 if kind == "not_local_min" else c > 0)
    if j.accepted:      # the same leading term as the reference series
        assert right_sign and j.facts == {"order": k, "coefficient": str(c)}
    else:               # refused for the series' sign, or before it (a point that is not critical)
        assert not right_sign or j.rule != "curve witness", j


def test_dishonest_curves_are_refused():
    st = Statement("not_local_min", "(w3*w2*w1 - 1)^2", ("w1", "w2", "w3"),
                   data={"point": {"w1": "0", "w2": "0", "w3": "0"}})
    good = {"curve": {"w1": "s", "w2": "s", "w3": "s"}, "order": 6}
    assert check(st, good).accepted
    for bad in ({"curve": {"w1": "-s", "w2": "s", "w3": "s"}, "order": 6},     # ascent, not descent
                {"curve": {"w1": "s", "w2": "s", "w3": "s"}, "order": 2},      # series too short
                {"curve": {"w1": "1 + s", "w2": "s", "w3": "s"}, "order": 6},  # gamma(0) != 0
                {"curve": {"w1": "s", "w2": "s"}, "order": 6}):                # a variable missing
        j = check(st, bad)
        assert not j.accepted, bad


def test_symmetry_renaming_by_xreplace_equals_simultaneous_subs():
    """``_symmetries`` and ``_gradient_equals`` rename leaves with ``xreplace``: for every
    permutation (symmetries of the loss or not) it is SymPy's simultaneous ``subs``."""
    from critcheck.kernel.checker import _symmetries

    loss = ("sqrt(w1^2 + w2^2)*acos((w1*v1 + w2*v2)/(sqrt(w1^2 + w2^2)*sqrt(v1^2 + v2^2)))"
            " + w1^3*v2 - w2^3*v1 + exp(w1*w2)/(1 + v1^2)")
    st = Statement("gradient_equals", loss, ("w1", "w2"), ("v1", "v2"), data={"gradient": ["0", "0"]})
    f, s = st.f(), st.symbols()
    for perm in ({"w1": "w2", "w2": "w1"}, {"v1": "v2", "v2": "v1"},
                 {"w1": "w2", "w2": "w1", "v1": "v2", "v2": "v1"}, {}):
        sub = {s[a]: s[b] for a, b in perm.items()}
        assert f.xreplace(sub) == f.subs(sub, simultaneous=True)
        for g in (sympy.diff(f, s["w1"]), sympy.diff(f, s["w2"], 2)):
            assert g.xreplace(sub) == g.subs(sub, simultaneous=True)
    # the loss above has the symmetry (w1 w2)(v1 v2) only up to sign of one term: refused
    with pytest.raises(Exception, match="not invariant"):
        _symmetries(st, {"symmetries": [{"w1": "w2", "w2": "w1", "v1": "v2", "v2": "v1"}]}, f)

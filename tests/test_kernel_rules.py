"""Every kernel rule accepts a valid certificate and rejects perturbed ones.

Perturbations (KERNEL.md, "Shape"): a coefficient, an interval end, a point
coordinate moved by 1e-40 (as an exact rational), a dropped branch.
"""

import copy
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from critcheck.kernel import Statement, check
from critcheck.kernel.algebraic import check_isolation, to_poly, T
from critcheck.kernel.errors import Rejected

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proofs"))
import seed000_appendix_a as appa  # noqa: E402

TINY = "1/" + str(10 ** 40)


def _nudge(text: str, delta: Fraction) -> str:
    return f"({text}) + ({delta.numerator}/{delta.denominator})"


# -- case trees (identity, combination, product split, contradiction) ----------
def test_appendix_a_tree_accepted_and_json_roundtrip():
    st = appa.formal_statements()[1]
    cert = appa.appendix_a_certificate()
    assert check(st, cert).accepted
    st2 = Statement.from_data(json.loads(st.to_json()))
    assert check(st2, json.loads(json.dumps(cert))).accepted


def _coeff_paths(node, path=()):
    """Paths to every combination coefficient in a case tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "coeffs" and isinstance(v, dict):
                for i in v:
                    yield path + (k, i)
            else:
                yield from _coeff_paths(v, path + (k,))
    elif isinstance(node, list):
        for j, v in enumerate(node):
            yield from _coeff_paths(v, path + (j,))


def _get(obj, path):
    for p in path:
        obj = obj[p]
    return obj


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.data())
def test_perturbed_coefficient_rejected(data):
    st_ = appa.formal_statements()[1]
    cert = appa.appendix_a_certificate()
    paths = list(_coeff_paths(cert))
    path = data.draw(st.sampled_from(paths))
    num = data.draw(st.integers(-5, 5).filter(bool))
    den = data.draw(st.sampled_from([1, 3, 10 ** 40]))
    bad = copy.deepcopy(cert)
    parent = _get(bad, path[:-1])
    parent[path[-1]] = _nudge(parent[path[-1]], Fraction(num, den))
    j = check(st_, bad)
    assert not j.accepted and j.rule in ("combination", "case tree")


def test_dropped_branch_rejected():
    st_ = appa.formal_statements()[1]
    cert = appa.appendix_a_certificate()
    cert["tree"]["branches"].pop()
    j = check(st_, cert)
    assert not j.accepted and j.rule == "product split"


def test_wrong_factorisation_rejected():
    st_ = appa.formal_statements()[1]
    cert = appa.appendix_a_certificate()
    cert["tree"]["split"]["constant"] = "3"
    assert check(st_, cert).rule == "product split"


def test_contradiction_needs_a_sign_proof():
    # the branch L = 0 is not contradictory: claiming it is must fail
    st_ = appa.no_critical_point_statement()
    cert = appa.no_critical_point_certificate()
    assert check(st_, cert).accepted
    weaker = Statement(st_.kind, st_.loss, st_.variables, st_.parameters,
                       ("lambda > 0", "L >= 0"))
    j = check(weaker, cert)
    assert not j.accepted and j.rule == "sign"


def test_false_goal_rejected():
    # "every critical point has b = 0" is false; the same tree cannot prove it
    st_ = Statement("every_critical_point_satisfies", appa.LOSS, ("a", "b"), ("L", "lambda"),
                    ("lambda > 0", "L >= 0"), {"goal": ["b", "L"]})
    assert not check(st_, appa.appendix_a_certificate()).accepted


# -- real roots and algebraic evaluation ---------------------------------------
def test_real_roots_rule():
    p = to_poly(T**3 - 2 * T)
    check_isolation(p, [("-2", "-1"), ("-1/2", "1/2"), ("1", "2")])
    with pytest.raises(Rejected):
        check_isolation(p, [("-2", "-1"), ("1", "2")])                   # a root missing
    with pytest.raises(Rejected):
        check_isolation(p, [("-2", "-1"), ("-1/2", "1/2"), ("3/2", "2")])  # interval end moved
    with pytest.raises(Rejected):
        check_isolation(p, [("-2", "2")])                                  # three roots in one


ALG = {"coords": {"x": "t"}, "poly": "t^2 - 2", "interval": ["1", "2"]}


def test_algebraic_critical_point():
    st_ = Statement("critical_point", "x^3/3 - 2*x", ("x",), data={"point": ALG})
    assert check(st_, {}).accepted
    moved = dict(ALG, interval=["3/2", "2"])       # excludes sqrt(2)
    assert not check(Statement("critical_point", "x^3/3 - 2*x", ("x",),
                               data={"point": moved}), {}).accepted
    wrong = dict(ALG, poly="t^2 - 3")
    assert not check(Statement("critical_point", "x^3/3 - 2*x", ("x",),
                               data={"point": wrong}), {}).accepted


def test_point_moved_by_1e40_is_not_critical():
    """The nsimplify trap: a point 1e-40 off a critical point is not one."""
    ok = Statement("critical_point", "(x - 1)^2 + y^2", ("x", "y"), data={"point": {"x": "1", "y": "0"}})
    assert check(ok, {}).accepted
    off = Statement("critical_point", "(x - 1)^2 + y^2", ("x", "y"),
                    data={"point": {"x": "1 + " + TINY, "y": "0"}})
    j = check(off, {})
    assert not j.accepted and j.rule == "algebraic evaluation"
    # decimals are refused outright, never rounded
    dec = Statement("critical_point", "(x - 1)^2 + y^2", ("x", "y"), data={"point": {"x": "1.0", "y": "0"}})
    assert not check(dec, {}).accepted


def test_sigmoid_point_off_by_1e40_rejected():
    loss = "(v/(1 + exp(-w)) - 1/2)^2"
    good = Statement("critical_point", loss, ("v", "w"), data={"point": {"v": "1", "w": "0"}})
    assert check(good, {}).accepted
    bad = Statement("critical_point", loss, ("v", "w"), data={"point": {"v": "1", "w": TINY}})
    assert not check(bad, {}).accepted


# -- inertia, curve witnesses, lower bounds -------------------------------------
def test_inertia_rule():
    sp = Statement("strict_local_min", "x^2 + x*y + y^2", ("x", "y"), data={"point": {"x": "0", "y": "0"}})
    assert check(sp, {"method": "hessian"}).accepted
    saddle = Statement("strict_local_min", "x^2 + 3*x*y + y^2", ("x", "y"),
                       data={"point": {"x": "0", "y": "0"}})
    assert check(saddle, {"method": "hessian"}).rule == "inertia"
    inert = Statement("hessian_inertia", "x*y", ("x", "y"),
                      data={"point": {"x": "0", "y": "0"}, "inertia": [1, 1, 0]})
    assert check(inert, {}).accepted
    wrong = Statement("hessian_inertia", "x*y", ("x", "y"),
                      data={"point": {"x": "0", "y": "0"}, "inertia": [2, 0, 0]})
    assert not check(wrong, {}).accepted


def test_curve_witness_rule():
    st_ = Statement("not_local_min", "x^2 - y^4", ("x", "y"), data={"point": {"x": "0", "y": "0"}})
    assert check(st_, {"curve": {"x": "0", "y": "s"}, "order": 4}).accepted
    assert check(st_, {"curve": {"x": "s", "y": "0"}, "order": 4}).rule == "curve witness"
    assert check(st_, {"curve": {"x": "1", "y": "s"}, "order": 4}).rule == "curve witness"
    peano = Statement("not_local_min", "(y - x^2)*(y - 2*x^2)", ("x", "y"),
                      data={"point": {"x": "0", "y": "0"}})
    assert check(peano, {"curve": {"x": "s", "y": "3*s^2/2"}, "order": 4}).accepted


@settings(max_examples=20, derandomize=True, deadline=None)
@given(st.integers(0, 2), st.integers(-3, 3).filter(bool))
def test_lower_bound_weights_perturbed(i, num):
    st_ = Statement("lower_bound", "x^2 - 2*x*y + 2*y^2 + 1", ("x", "y"), data={"c": "1"})
    terms = [{"weight": "1", "square": "x - y"}, {"weight": "1", "square": "y"}]
    assert check(st_, {"terms": terms}).accepted
    bad = copy.deepcopy(terms) + [{"weight": "0", "square": "x"}]
    bad[i]["weight"] = _nudge(bad[i]["weight"], Fraction(num, 7))
    assert not check(st_, {"terms": bad}).accepted
    neg = [{"weight": "-1", "square": "x"}]
    assert not check(Statement("lower_bound", "x^2", ("x",), data={"c": "-x^2"}),
                     {"terms": [{"weight": "2", "square": "x"}] + neg}).accepted


# -- interval rules ------------------------------------------------------------
DW = Statement("interval_minimum", "(x^2-1)^2 + x/2 + y^2", ("x", "y"),
               data={"family": "expr", "args": {}, "value_above": "0"})


def test_interval_minimum_accepts_and_rejects():
    assert check(DW, {"center": {"x": "93/100", "y": "0"}, "radius": "1/20"}).accepted
    # centre moved onto the local maximum near 0: Krawczyk fails
    assert check(DW, {"center": {"x": "0", "y": "0"}, "radius": "1/20"}).rule == "interval existence"
    # a box so large it holds two critical points
    assert not check(DW, {"center": {"x": "0", "y": "0"}, "radius": "3/2"}).accepted
    # the left minimum has value about -0.5: the claimed bound fails
    assert check(DW, {"center": {"x": "-106/100", "y": "0"}, "radius": "1/20"}).rule == "interval"


def test_interval_saddle_is_not_a_minimum():
    st_ = Statement("interval_minimum", "x^2 - y^2 + x^3", ("x", "y"),
                    data={"family": "expr", "args": {}})
    j = check(st_, {"center": {"x": "0", "y": "0"}, "radius": "1/100"})
    assert not j.accepted and j.rule == "interval definiteness"


# -- the reader ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["__import__('os')", "x.__class__", "1.5*x", "lambda: 1",
                                  "[x for x in y]", "open('f')", "x**(10**9)"])
def test_reader_refuses_non_mathematics(text):
    st_ = Statement("lower_bound", "x^2", ("x",), data={"c": "0"})
    j = check(st_, {"terms": [{"weight": "1", "square": text}]})
    assert not j.accepted


def test_every_local_min_global_needs_a_smooth_open_domain():
    """f = x on x >= 0 has a local minimum at 0 that is not a critical point: a
    closed domain (or a non-smooth loss) must be refused, whatever the tree says."""
    st_ = Statement("every_local_min_global", "x", ("x",), assumptions=("x >= 0",),
                    data={"minimum": "0"})
    cert = {"lower_bound": {"terms": [{"weight": "1", "multipliers": [0]}]},
            "tree": {"contradiction": {"hyp": 0, "sign": ">0"}}}
    j = check(st_, cert)
    assert not j.accepted and j.rule == "statement"
    st2 = Statement("every_local_min_global", "(x^2)^(1/2)", ("x",), data={"minimum": "0"})
    assert check(st2, cert).rule == "statement"

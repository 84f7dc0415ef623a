"""neuron.prop_IV_1.*: the kernel accepts each certificate for its formal
statement, and rejects perturbed certificates and false variants."""

from __future__ import annotations

import copy
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from critcheck import select
from critcheck.kernel import Statement, check

SMOOTH = ["z2", "z2_plus_1", "tanh", "sigmoid", "neg_quad"]


def proof():
    select(["neuron.prop_IV_1.z2"])
    return sys.modules["critcheck_proofs.neuron_prop_IV_1"]


_certs: dict = {}


def certs(name):
    if name not in _certs:
        _certs[name] = proof().certificates(name)
    return copy.deepcopy(_certs[name])


def pair(name, kind):
    """(statement, certificate) of the first statement of ``kind`` for ``name``."""
    for s, c in zip(proof().formal(name), certs(name)):
        if s.kind == kind:
            return s, c
    raise KeyError(kind)


@pytest.mark.parametrize("name", SMOOTH)
def test_every_certificate_is_accepted(name):
    stmts = proof().formal(name)
    assert len(stmts) == len(certs(name))
    for s, c in zip(stmts, certs(name)):
        j = check(s, c)
        assert j.accepted, (s.title, j.rule, j.reason)


@pytest.mark.parametrize("name", SMOOTH)
def test_the_claim_declares_exactly_these_statements(name):
    (c,) = select([f"neuron.prop_IV_1.{name}"])
    assert [s.to_data() for s in c.formal] == [s.to_data() for s in proof().formal(name)]
    assert "local minimum" in c.statement


def test_z2_box_weight_perturbed_is_rejected():
    s, c = pair("z2", "suboptimal_local_min")
    c["local_min"]["terms"][1]["weight"] = str(Fraction(1) + Fraction(1, 10**40))
    j = check(s, c)
    assert not j.accepted and j.rule == "local lower bound"


def test_z2_point_moved_by_1e_40_is_rejected():
    s, c = pair("z2", "suboptimal_local_min")
    data = copy.deepcopy(s.data)
    data["point"]["w"] = str(Fraction(1, 10**40))
    moved = Statement(s.kind, s.loss, s.variables, data=data)
    j = check(moved, c)
    assert not j.accepted and j.rule == "local lower bound"


def test_better_point_that_is_not_better_is_rejected():
    s, c = pair("neg_quad", "suboptimal_local_min")
    data = copy.deepcopy(s.data)
    data["better"] = {"v": "0", "w": "0"}          # F(0, 0) = 1 = F(1, 1)
    j = check(Statement(s.kind, s.loss, s.variables, data=data), c)
    assert not j.accepted and j.rule == "evaluation"


def test_z2_plus_1_has_no_suboptimal_local_min_certificate():
    # the false variant: z^2 + 1 with the z^2 witness point and box certificate
    s = Statement("suboptimal_local_min", "(1 - v*(w^2 + 1))^2", ("v", "w"),
                  data={"point": {"v": "-1", "w": "0"}, "better": {"v": "1", "w": "0"}})
    assert not check(s, pair("z2", "suboptimal_local_min")[1]).accepted


def test_z2_every_local_min_global_is_rejected():
    # false: z^2 has sub-optimal local minima; the z^2+1 style tree cannot close
    from critcheck.symbolic.certificates import split

    F = proof().LOSSES["z2"]
    s = Statement("every_local_min_global", F, ("v", "w"), data={"minimum": "0"})
    r = "1 - v*w^2"
    cert = {"lower_bound": {"terms": [{"weight": "1", "square": r}]},
            "tree": split(0, ["w", "w", r], [{"leaf": "global", "coeffs": {"2": r}},
                                            {"leaf": "global", "coeffs": {"2": r}},
                                            {"leaf": "global", "coeffs": {"2": r}}], -2)}
    assert not check(s, cert).accepted


def test_tanh_dropped_branch_is_rejected():
    s, c = pair("tanh", "every_local_min_global")
    split = c["tree"]["split"]
    split["factors"] = split["factors"][1:]
    c["tree"]["branches"] = c["tree"]["branches"][1:]
    j = check(s, c)
    assert not j.accepted and j.rule == "product split"


def test_tanh_wrong_leading_coefficient_is_rejected():
    s, c = pair("tanh", "every_local_min_global")
    family = c["tree"]["branches"][0]["then"]
    family["leading"] = "-3"
    assert not check(s, c).accepted


def test_tanh_landscape_needs_x_and_y_nonzero():
    s, c = pair("tanh", "every_local_min_global")
    for keep in ("x != 0", "y != 0"):
        weaker = Statement(s.kind, s.loss, s.variables, s.parameters, (keep,), s.data)
        assert not check(weaker, c).accepted


def test_tanh_square_is_not_certified_as_no_extremum():
    # tanh(z)^2 does have a minimum at its zero: a curve witness must fail
    s = Statement("not_local_min", "tanh(z)^2", ("z",), data={"point": {"z": "0"}})
    assert not check(s, {"curve": {"z": "s"}, "order": 4}).accepted
    assert not check(s, {"curve": {"z": "-s"}, "order": 4}).accepted


def test_phi_itself_is_not_a_local_min_at_a_maximum():
    # -(z-1)^2/8 has a maximum at z = 1; the box certificate of -phi must not transfer
    s = Statement("local_min", "-(z - 1)^2/8", ("z",), data={"point": {"z": "1"}})
    assert not check(s, pair("neg_quad", "local_min")[1]).accepted


def test_a_function_with_a_zero_is_not_certified_zero_free():
    s = Statement("no_critical_point", "z^3/3 - z", ("z",))   # phi = z^2 - 1 has zeros
    assert not check(s, pair("z2_plus_1", "no_critical_point")[1]).accepted


def test_a_wrong_antiderivative_is_rejected():
    s, c = pair("sigmoid", "gradient_equals")
    wrong = Statement(s.kind, "log(1 + exp(z))", ("z",), data={"gradient": ["1/(1 + exp(z))"]})
    j = check(wrong, c)
    assert not j.accepted and j.rule == "identity"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=2), st.fractions(min_value=-4, max_value=4))
def test_any_changed_box_weight_is_rejected(i, delta):
    if delta == 0:
        return
    s, c = pair("z2", "suboptimal_local_min")
    term = c["local_min"]["terms"][i]
    term["weight"] = str(Fraction(term["weight"]) + delta)
    assert not check(s, c).accepted

"""kk.failure_mode, ntk.claim_VI_3 and requ.thm_VI_2: kernel certificates are
accepted, and perturbed certificates or false variants are rejected."""

from __future__ import annotations

import copy
import sys
from fractions import Fraction

import pytest

from critcheck import select
from critcheck.kernel import Statement, check


def module(cid, name):
    select([cid])
    return sys.modules[f"critcheck_proofs.{name}"]


def kk():
    return module("kk.failure_mode", "kk_failure_mode")


def ntk():
    return module("ntk.claim_VI_3", "ntk_claim_VI_3")


def requ():
    return module("requ.thm_VI_2", "requ")


def _with(s, **data):
    d = copy.deepcopy(s.data)
    d.update(data)
    return Statement(s.kind, s.loss, s.variables, s.parameters, s.assumptions, d,
                     functions=s.functions)


# -- kk.failure_mode ------------------------------------------------------------
def test_kk_certificates_are_accepted():
    for s, c in zip(kk().formal_statements(), kk().certificates()):
        j = check(s, c)
        assert j.accepted, (s.title, j.rule, j.reason)


def test_kk_wrong_limit_or_claimed_infimum_is_rejected():
    path = kk().formal_statements()[1]
    assert not check(_with(path, limit="0"), {"decrease": kk().DECREASE}).accepted
    # the limit 1 is not the infimum of the augmented loss: no lower bound certificate exists
    lb = {"terms": [{"weight": "1", "square": "1"}]}
    assert not check(_with(path, infimum=True), {"decrease": kk().DECREASE, "lower_bound": lb}).accepted


def test_kk_perturbed_decrease_rewrite_is_rejected():
    path = kk().formal_statements()[1]
    j = check(path, {"decrease": kk().DECREASE.replace("7/8", "1")})
    assert not j.accepted and j.rule == "sign"


def test_kk_swapped_points_are_rejected():
    lt = kk().formal_statements()[2]
    assert not check(_with(lt, q=lt.data["p"], p=lt.data["q"]), {}).accepted


def test_kk_box_perturbed_is_rejected():
    s = kk().formal_statements()[0]
    c = copy.deepcopy(kk().certificates()[0])
    c["local_min"]["terms"][2]["weight"] = "1/63"
    assert not check(s, c).accepted


# -- ntk.claim_VI_3 -------------------------------------------------------------
@pytest.mark.parametrize("size", [(1, 1), (2, 2), (3, 2)])
def test_ntk_certificates_are_accepted(size):
    j = check(ntk().affine_statement(*size), ntk().affine_certificate(*size))
    assert j.accepted, (j.rule, j.reason)


def test_ntk_without_the_rank_assumption_is_rejected():
    s = ntk().affine_statement(2, 2)
    bare = Statement(s.kind, s.loss, s.variables, s.parameters, (), s.data)
    j = check(bare, ntk().affine_certificate(2, 2))
    assert not j.accepted and j.rule == "sign"


def test_ntk_perturbed_coefficient_is_rejected():
    s = ntk().affine_statement(2, 2)
    c = copy.deepcopy(ntk().affine_certificate(2, 2))
    leaf = c["tree"]["goal"][0]["coeffs"]
    k = sorted(leaf)[0]
    leaf[k] = f"({leaf[k]})*(1 + 1/10^40)"
    assert not check(s, c).accepted


def test_ntk_false_goal_is_rejected():
    s = ntk().affine_statement(3, 2)
    assert not check(_with(s, goal=s.data["goal"][:1] + ["theta1"]),
                     ntk().affine_certificate(3, 2)).accepted


def test_ntk_claim_declares_all_three_sizes():
    (c,) = select(["ntk.claim_VI_3"])
    assert len(c.formal) == 3 and c.statement.count("critical point") == 3


# -- requ.thm_VI_2 --------------------------------------------------------------
@pytest.mark.parametrize("size", [(1, 1), (2, 2), (3, 2)])
def test_requ_certificates_are_accepted(size):
    j = check(requ().coercivity_statement(*size), requ().coercivity_certificate(*size))
    assert j.accepted, (j.rule, j.reason)


def test_requ_stronger_bound_is_rejected():
    s = requ().coercivity_statement(2, 2)
    stronger = _with(s, c=s.data["c"].replace("4*lambda1/27", "lambda1/27"))
    assert not check(stronger, requ().coercivity_certificate(2, 2)).accepted


def test_requ_without_positive_lambdas_is_rejected():
    s = requ().coercivity_statement(1, 1)
    no_lam = Statement(s.kind, s.loss, s.variables, s.parameters, s.assumptions[:1], s.data,
                       functions=s.functions)
    assert not check(no_lam, requ().coercivity_certificate(1, 1)).accepted


def test_requ_perturbed_weight_is_rejected():
    s = requ().coercivity_statement(2, 2)
    c = copy.deepcopy(requ().coercivity_certificate(2, 2))
    c["terms"][3]["weight"] = str(Fraction(2, 9) + Fraction(1, 10**40))
    j = check(s, c)
    assert not j.accepted and j.rule == "lower bound"

"""Kernel rule ``gradient_equals`` with symmetries of the loss (certificate hints, checked).

A partial derivative may be taken from the image of one the kernel checked, under a
variable permutation that leaves the loss unchanged. Every false hint must be refused.
"""

from critcheck.kernel import Statement, check

SYM = {"x": "y", "y": "x"}


def _st(loss, grad, params=(), assumptions=()):
    return Statement("gradient_equals", loss, ("x", "y"), tuple(params), tuple(assumptions),
                     data={"gradient": list(grad)})


def test_symmetric_loss_second_derivative_by_symmetry():
    st = _st("x**2*y + x*y**2", ["2*x*y + y**2", "x**2 + 2*x*y"])
    j = check(st, {"symmetries": [SYM]})
    assert j.accepted and j.facts == {"by_symmetry": "y"}
    assert check(st, {}).accepted and check(st, {}).facts == {}


def test_false_gradients_are_refused_with_or_without_symmetry():
    # the image of a correct first component but a wrong second one: checked on its own, refused
    st = _st("x**2*y + x*y**2", ["2*x*y + y**2", "x**2 + 2*x*y + 1"])
    assert not check(st, {"symmetries": [SYM]}).accepted
    # a wrong first component whose image is the (equally wrong) second one: refused at the first
    st = _st("x**2*y + x*y**2", ["2*x*y + y**2 + x", "x**2 + 2*x*y + y"])
    j = check(st, {"symmetries": [SYM]})
    assert not j.accepted and j.rule == "identity"


def test_bad_symmetry_hints_are_refused():
    # the loss is not invariant under x <-> y: the hint is refused, even with true derivatives
    st = _st("x**2*y", ["2*x*y", "x**2"])
    j = check(st, {"symmetries": [SYM]})
    assert not j.accepted and j.rule == "symmetry" and "not invariant" in j.reason
    # and it could not have been used to pass a false derivative either
    st = _st("x**2*y", ["2*x*y", "y**2"])
    assert not check(st, {"symmetries": [SYM]}).accepted
    good = _st("x**2*y + x*y**2", ["2*x*y + y**2", "x**2 + 2*x*y"])
    assert not check(good, {"symmetries": [{"x": "y"}]}).accepted          # not a permutation
    assert not check(good, {"symmetries": [{"x": "z", "z": "x"}]}).accepted  # unknown name
    assert not check(good, {"symmetries": {"x": "y"}}).accepted             # not a list


def test_variables_and_parameters_are_not_exchanged_and_assumptions_must_be_invariant():
    st = Statement("gradient_equals", "a*x + x*y + a*y", ("x", "y"), ("a",),
                   data={"gradient": ["a + y", "x + a"]})
    j = check(st, {"symmetries": [{"x": "a", "a": "x"}]})
    assert not j.accepted and "parameter" in j.reason
    assert check(st, {"symmetries": [SYM]}).facts == {"by_symmetry": "y"}
    st = _st("x**2*y + x*y**2", ["2*x*y + y**2", "x**2 + 2*x*y"], params=("c",), assumptions=("c - x > 0",))
    j = check(st, {"symmetries": [SYM]})
    assert not j.accepted and "assumptions" in j.reason

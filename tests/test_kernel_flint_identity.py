"""The kernel's FLINT identity test (``algebra._flint_zero``) against SymPy's normal form.

``is_zero`` asks the FLINT numerator / denominator form first and SymPy's expansion and
cancellation (``algebra._normal``) only for what it leaves open. These tests pin that the fast
form never says "zero" where the reference says "not zero" (a false identity would admit a
false certificate), that its "not zero" is final only for rational functions of symbols and
pi, and that dishonest gradients differing by a tiny rational or by a term that cancels only
approximately are refused.
"""

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from critcheck.kernel import check
from critcheck.kernel.algebra import _flint_zero, _normal, identical, is_zero
from critcheck.kernel.statement import Statement

x, y, z = sympy.symbols("x y z", real=True)
p, q = sympy.symbols("p q", positive=True)
R = sympy.Rational
SQ = sympy.sqrt


def _reference(e):
    return _normal(e) == 0


ZERO = [
    (x + y) ** 2 - x ** 2 - 2 * x * y - y ** 2,
    1 / (x + 1) + 1 / (x - 1) - 2 * x / (x ** 2 - 1),
    (SQ(p) + 1) * (SQ(p) - 1) - (p - 1),
    p ** R(3, 2) / SQ(p) - p,
    SQ(2) ** 3 - 2 * SQ(2),
    p ** R(-3, 2) * (p + q) - SQ(p) ** -1 - q / p ** R(3, 2),
    sympy.acos(x / SQ(x ** 2 + y ** 2)) * (x + 1) - x * sympy.acos(x / SQ(x ** 2 + y ** 2))
    - sympy.acos(x / SQ(x ** 2 + y ** 2)),
    sympy.pi * (x - y) - sympy.pi * x + sympy.pi * y,
    SQ(1 - x ** 2 / (x ** 2 + y ** 2)) ** 3 - (y ** 2 / (x ** 2 + y ** 2)) * SQ(1 - x ** 2 / (x ** 2 + y ** 2)),
    p ** R(2, 3) * p ** R(1, 3) - p,
    sympy.cbrt(p + 1) ** 4 - (p + 1) * sympy.cbrt(p + 1),
    sympy.Integer(0) * x,
]

NONZERO = [
    (x + y) ** 2 - x ** 2 - 2 * x * y,
    1 / (x + 1) + 1 / (x - 1) - 2 * x / (x ** 2 + 1),
    (SQ(p) + 1) * (SQ(p) - 1) - p,
    SQ(2) ** 3 - 2 * SQ(2) - R(1, 10 ** 40),
    p ** R(3, 2) - p * SQ(p) + R(1, 10 ** 30) * q,
    sympy.acos(x) - sympy.acos(y),
    sympy.pi - R(355, 113),
    SQ(p) - R(141421356237, 10 ** 11) * SQ(p / 2),   # cancels only approximately (sqrt 2)
    sympy.exp(x) - 1 - x,
    x ** 3 - x * x * (x + R(1, 10 ** 50)),
]


def test_fast_form_agrees_with_the_reference_on_identities():
    for e in ZERO:
        assert _reference(e), e           # the list itself is right
        assert _flint_zero(e) is True, e
        assert is_zero(e)


def test_fast_form_never_claims_a_nonzero_expression():
    for e in NONZERO:
        assert not _reference(e), e
        assert _flint_zero(e) is not True, e
        assert not is_zero(e), e


def test_not_zero_is_final_only_for_rational_functions_of_symbols_and_pi():
    assert _flint_zero((x + y) ** 2 - x ** 2) is False
    assert _flint_zero(sympy.pi * x - 3 * x) is False
    # radicals, functions: "not shown" (None), the reference decides
    assert _flint_zero(SQ(p) - p) is None
    assert _flint_zero(sympy.acos(x) - x) is None


def test_unsupported_nodes_fall_back_to_the_reference():
    assert _flint_zero(p ** x - 1) is None              # symbolic exponent
    assert _flint_zero(sympy.I * x + x) is None          # i is no atom here
    assert _flint_zero(sympy.E * x - sympy.E * x + sympy.E) is None
    assert is_zero(sympy.exp(x + y) - sympy.exp(x) * sympy.exp(y))   # SymPy's power_exp split
    assert not is_zero(sympy.exp(x + y) - sympy.exp(x))


def test_non_commutative_symbols_are_left_to_the_reference():
    A, B = sympy.symbols("A B", commutative=False)
    assert _flint_zero(A * B - B * A) is None
    assert _flint_zero(sympy.sqrt(A) * B - B * sympy.sqrt(A)) is None
    assert not is_zero(A * B - B * A)


def test_division_by_an_identically_zero_polynomial_is_not_an_identity():
    e = sympy.Pow(sympy.Add(x, -x, evaluate=False), -1, evaluate=False) * 0 + x - x
    assert _flint_zero(sympy.Mul(x - y, sympy.Pow(sympy.Add(y, -y, evaluate=False), -1, evaluate=False),
                                 evaluate=False)) is None
    assert is_zero(e) == _reference(e)


def test_floats_never_prove_an_identity():
    assert not is_zero(sympy.Add(x * sympy.Float(0.5), -x / 2, evaluate=False))


_leaf = st.sampled_from([x, y, z, p, sympy.pi, SQ(p), SQ(x ** 2 + 1), sympy.acos(x), R(1, 3), R(-2)])


def _expr():
    return st.recursive(_leaf, lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda t: t[0] + t[1]),
        st.tuples(inner, inner).map(lambda t: t[0] * t[1]),
        st.tuples(inner, st.sampled_from([-2, -1, 2, 3])).map(lambda t: t[0] ** t[1]
                                                               if t[0] != 0 else t[0]),
    ), max_leaves=8)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_expr(), _expr(), st.sampled_from([0, R(1, 10 ** 20), x * R(1, 10 ** 20), SQ(p) * R(1, 7)]))
def test_fast_form_matches_the_reference_on_random_expressions(a, b, delta):
    e = sympy.expand(a * b) - a * b + delta     # zero exactly when delta is 0
    try:
        ref = _reference(e)
    except (ZeroDivisionError, ValueError):
        return
    fast = _flint_zero(e)
    if fast is not None:
        assert fast == ref, e
    assert is_zero(e) == ref


def _gradient_statement(gradient):
    w1, w2, v = "w1", "w2", "v"
    loss = "sqrt(w1**2 + w2**2)*acos(w1/sqrt(w1**2 + w2**2)) + v*w1*w2"
    return Statement("gradient_equals", loss, (w1, w2), (v,), data={"gradient": gradient})


def test_gradient_rule_refuses_a_gradient_off_by_a_tiny_rational():
    f = sympy.sympify("sqrt(w1**2 + w2**2)*acos(w1/sqrt(w1**2 + w2**2)) + v*w1*w2")
    w1, w2 = sympy.symbols("w1 w2")
    honest = [str(sympy.diff(f, w1)), str(sympy.diff(f, w2))]
    assert check(_gradient_statement(honest), {}).accepted
    for bad in ([honest[0] + " + 1/10**40", honest[1]],
                [honest[0], honest[1] + " + w1/10**30"],
                [honest[0], honest[1].replace("v*w1", "(v + 1/10**25)*w1", 1)]):
        j = check(_gradient_statement(bad), {})
        assert not j.accepted and j.rule == "identity", bad


def test_identical_uses_the_same_judgement():
    assert identical((x + 1) ** 2, x ** 2 + 2 * x + 1)
    assert not identical((x + 1) ** 2, x ** 2 + 2 * x + 1 + R(1, 10 ** 60))

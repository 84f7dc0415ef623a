"""False statements about critical points must never come back PROVED.

Each statement goes through the verdict guard (:func:`critcheck.run_claim`);
true twins check that the same machinery does prove what holds.
"""

from __future__ import annotations

import pytest
import sympy

from critcheck import Claim, Counterexample, Method, Outcome, Verdict, run_claim
from critcheck.symbolic.statements import every_local_min_global, index_at, local_min_at


def verdict(fn, *args, **kw):
    c = Claim("t.false", "t", "test", Method.SYMBOLIC, Verdict.PROVED,
              lambda ctx: fn(*args, **kw))
    return run_claim(c).verdict


def _lambda0_liang_counterexample():
    """With lambda = 0, eq. (7) (l = squared loss, n = 1, f_1 = 0, y_1 = 1) has a
    critical point with a = 1: the statement "a = 0 at every critical point" fails."""
    a, b = sympy.symbols("a b", real=True)
    L = (1 - a * sympy.exp(b)) ** 2 + 0 * a**2 / 2
    p = {a: 1, b: 0}

    def verify():
        return all(sympy.diff(L, x).subs(p) == 0 for x in (a, b)) and p[a] != 0

    return Outcome("REFUTED", summary="critical point with a = 1",
                   counterexample=Counterexample(p, "gradient zero, a = 1", verify=verify))


def _lambda0_sd_counterexample():
    """Seed 000 eq. (1) with lambda = 0 and L = 1: (a, b) = (1, 0) is critical, so
    "no critical point when L > 0" fails without the regulariser."""
    a, b = sympy.symbols("a b", real=True)
    Lt = 1 * (1 + (a * sympy.exp(b) - 1) ** 2) + 0 * a**2
    p = {a: 1, b: 0}
    return Outcome("REFUTED", summary="critical point for L = 1 when lambda = 0",
                   counterexample=Counterexample(
                       p, "gradient zero", verify=lambda: all(
                           sympy.diff(Lt, x).subs(p) == 0 for x in (a, b))))


FALSE = [
    ("origin is a local min of x^2 - y^4", local_min_at, ("x**2 - y**4", "x,y", {"x": 0, "y": 0})),
    ("origin is a local min of the monkey saddle", local_min_at,
     ("x**3 - 3*x*y**2", "x,y", {"x": 0, "y": 0})),
    ("origin is a local min of Peano's function", local_min_at,
     ("(y - x**2)*(y - 2*x**2)", "x,y", {"x": 0, "y": 0})),
    ("origin is a local min of (vw-1)^2", local_min_at, ("(v*w-1)**2", "v,w", {"v": 0, "w": 0})),
    ("origin is a local min of (xyz-1)^2", local_min_at,
     ("(x*y*z-1)**2", "x,y,z", {"x": 0, "y": 0, "z": 0})),
    ("origin is a local min of (w1 w2 w3 w4 - 1)^2", local_min_at,
     ("(a*b*c*e-1)**2", "a,b,c,e", {"a": 0, "b": 0, "c": 0, "e": 0})),
    ("(1,1) is a critical point and local min of (vw-1)^2+v", local_min_at,
     ("(v*w-1)**2 + v", "v,w", {"v": 1, "w": 1})),
    ("index of the origin of (vw-1)^2 is 0", index_at, ("(v*w-1)**2", "v,w", {"v": 0, "w": 0}, 0)),
    ("index of the origin of x^2-y^2+z^2 is 2", index_at,
     ("x**2 - y**2 + z**2", "x,y,z", {"x": 0, "y": 0, "z": 0}, 2)),
    ("(1 - v w^2)^2 has no sub-optimal local min", every_local_min_global, ("(1-v*w**2)**2", "v,w")),
    ("Fig. 2 loss has no sub-optimal local min", every_local_min_global,
     ("(1 + v*(w-1)**2/8)**2", "v,w")),
    ("the tilted double well x^4-2x^2+x/2+y^2 has no sub-optimal local min",
     every_local_min_global, ("x**4 - 2*x**2 + x/2 + y**2", "x,y")),
    ("lambda = 0: a = 0 at every critical point of eq. (7)", _lambda0_liang_counterexample, ()),
    ("lambda = 0: no critical point of seed 000 eq. (1) with L > 0", _lambda0_sd_counterexample, ()),
]


@pytest.mark.parametrize("name, fn, args", FALSE, ids=[f[0] for f in FALSE])
def test_false_statement_never_proved(name, fn, args):
    v = verdict(fn, *args)
    assert v in (Verdict.REFUTED, Verdict.INCONCLUSIVE)
    assert v is not Verdict.PROVED


@pytest.mark.parametrize("name, fn, args", FALSE[:9], ids=[f[0] for f in FALSE[:9]])
def test_point_statements_are_refuted_not_just_undecided(name, fn, args):
    assert verdict(fn, *args) is Verdict.REFUTED


TRUE = [
    (local_min_at, ("x**2 + y**4", "x,y", {"x": 0, "y": 0})),
    (local_min_at, ("x**4 + y**4", "x,y", {"x": 0, "y": 0})),
    (index_at, ("(v*w-1)**2", "v,w", {"v": 0, "w": 0}, 1)),
]


@pytest.mark.parametrize("fn, args", TRUE)
def test_true_twins_are_proved(fn, args):
    assert verdict(fn, *args) is Verdict.PROVED


@pytest.mark.parametrize("loss, names", [("(v*w-1)**2", "v,w"), ("(x*y*z-1)**2", "x,y,z")])
def test_true_global_statements_are_proved_by_a_found_case_tree(loss, names):
    """every_local_min_global searches a kernel case tree: the true twins are PROVED,
    and the guard's kernel check accepted the certificate the outcome carries."""
    c = Claim("t.true", "t", "test", Method.SYMBOLIC, Verdict.PROVED,
              lambda ctx: every_local_min_global(loss, names))
    r = run_claim(c)
    assert r.verdict is Verdict.PROVED, r.explain()
    assert r.statement is not None and r.statement.kind == "every_local_min_global"


def test_true_global_statement_without_a_case_tree_stays_inconclusive():
    """x^2 + 2xy + 2y^2 = (x + y)^2 + y^2 is written without visible squares: the
    search reads no lower bound off it, so this true statement stays INCONCLUSIVE
    and names the missing case tree (a limitation, not a claim about the loss)."""
    c = Claim("t.true", "t", "test", Method.SYMBOLIC, Verdict.PROVED,
              lambda ctx: every_local_min_global("x**2 + 2*x*y + 2*y**2", "x,y"))
    r = run_claim(c)
    assert r.verdict is Verdict.INCONCLUSIVE
    assert "case tree" in " ".join(r.open_branches)


def test_hand_built_case_trees_prove_the_true_twins():
    import sys
    from pathlib import Path

    from critcheck.kernel import check

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proofs"))
    import infinity_xyz
    import toy_vw

    for mod in (toy_vw, infinity_xyz):
        st, certs = mod.formal_statements(), mod.certificates()
        assert all(check(s, c).accepted for s, c in zip(st, certs))


def test_double_well_is_refuted_with_a_suboptimal_min():
    # x^4 - 2x^2 + x/2 has two local minima of different depth; the polynomial is
    # coercive (separable, even degrees), so its least critical value is the minimum
    assert verdict(every_local_min_global, "x**4 - 2*x**2 + x/2 + y**2", "x,y") is Verdict.REFUTED

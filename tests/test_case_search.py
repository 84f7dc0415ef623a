"""The case-tree search (untrusted) against the kernel (trusted).

True statements: the search finds a case tree and the kernel accepts it.
False statements: the search finds nothing, or the kernel rejects what it
finds; and a found tree, tampered with, is rejected.
"""

from __future__ import annotations

import copy
import json

import pytest
import sympy

from critcheck.kernel import Statement, check
from critcheck.symbolic.case_search import prove_every_critical_point, prove_every_local_min_global

a, b, x, y, z, v, w = sympy.symbols("a b x y z v w", real=True)
lam = sympy.Symbol("lambda", positive=True)
lam_real = sympy.Symbol("lambda", real=True)
L0 = sympy.Symbol("L", nonnegative=True)
Lp = sympy.Symbol("L", positive=True)


def _sd(L, lm):
    """Seed 000, eq. (1): L (1 + (a e^b - 1)^2) + lambda a^2."""
    return L * (1 + (a * sympy.exp(b) - 1) ** 2) + lm * a ** 2


def _accepted(got):
    assert got is not None, "no case tree found"
    st, cert = got
    # the certificate is data: it survives a JSON round trip and is checked from it
    st2 = Statement.from_data(json.loads(json.dumps(st.to_data())))
    j = check(st2, json.loads(json.dumps(cert)))
    assert j.accepted, (j.rule, j.reason)
    return st, cert


def _ell_loss(n):
    """Seed 003, eq. (7) with an abstract loss ell and n samples."""
    ell = sympy.Function("ell")
    ys, fs, zs = (sympy.symbols(f"{c}1:{n + 1}", real=True) for c in "yfz")
    loss = sum(ell(yi, fi + a * sympy.exp(zi + b)) for yi, fi, zi in zip(ys, fs, zs)) \
        + lam * a ** 2 / 2
    return loss, [lam, *ys, *fs, *zs]


TRUE_EVERY = [
    ("Appendix A: a = L = 0", _sd(L0, lam), [a, b], [L0, lam], [a, L0]),
    ("Appendix A twin: no critical point for L > 0", _sd(Lp, lam), [a, b], [Lp, lam], []),
    ("eq. (7), n = 1: a = 0", *_ell_loss(1)[:1], [a, b], _ell_loss(1)[1], [a]),
    ("eq. (7), n = 2: a = 0", *_ell_loss(2)[:1], [a, b], _ell_loss(2)[1], [a]),
    ("x^2 + y^2: the origin", x ** 2 + y ** 2, [x, y], [], [x, y]),
    ("double well: y = 0", x ** 4 - 2 * x ** 2 + y ** 2, [x, y], [], [y]),
    ("double well: x^3 - x = 0", x ** 4 - 2 * x ** 2 + y ** 2, [x, y], [], [x ** 3 - x]),
    ("x + y^2: no critical point", x + y ** 2, [x, y], [], []),
    ("x e^y: no critical point", x * sympy.exp(y), [x, y], [], []),
]


@pytest.mark.parametrize("name, loss, vs, ps, goals", TRUE_EVERY, ids=[t[0] for t in TRUE_EVERY])
def test_true_every_critical_point_statements_are_certified(name, loss, vs, ps, goals):
    _accepted(prove_every_critical_point(loss, vs, ps, None, goals, seconds=20))


FALSE_EVERY = [
    ("lambda real: a = L = 0 fails (lambda = 0)", _sd(L0, lam_real), [a, b], [L0, lam_real], [a, L0]),
    ("b = 0 fails on Appendix A", _sd(L0, lam), [a, b], [L0, lam], [b]),
    ("L >= 0 only: no critical point fails (L = 0)", _sd(L0, lam), [a, b], [L0, lam], []),
    ("double well: x = 0 fails (x = 1)", x ** 4 - 2 * x ** 2 + y ** 2, [x, y], [], [x]),
    ("double well: x^2 - 1 = 0 fails (x = 0)", x ** 4 - 2 * x ** 2 + y ** 2, [x, y], [], [x ** 2 - 1]),
    ("x^2: no critical point fails", x ** 2 + y ** 2, [x, y], [], []),
    ("(vw - 1)^2: loss 0 fails (origin)", (v * w - 1) ** 2, [v, w], [], [(v * w - 1) ** 2]),
]


@pytest.mark.parametrize("name, loss, vs, ps, goals", FALSE_EVERY, ids=[t[0] for t in FALSE_EVERY])
def test_false_every_critical_point_statements_are_not_certified(name, loss, vs, ps, goals):
    got = prove_every_critical_point(loss, vs, ps, None, goals, seconds=5)
    assert got is None or not check(*got).accepted


TRUE_GLOBAL = [
    ("(vw - 1)^2", (v * w - 1) ** 2, [v, w]),
    ("(xyz - 1)^2", (x * y * z - 1) ** 2, [x, y, z]),
    ("(x^2 - 1)^2 + y^2", (x ** 2 - 1) ** 2 + y ** 2, [x, y]),
    # the line v = 0, x = -w needs the direction H_vw e_v - (H_vv + 1)/2 e_w
    ("(vw - 1)^2 + (vx - 1)^2", (v * w - 1) ** 2 + (v * x - 1) ** 2, [v, w, x]),
    ("x^2 + y^2", x ** 2 + y ** 2, [x, y]),
]


@pytest.mark.parametrize("name, loss, vs", TRUE_GLOBAL, ids=[t[0] for t in TRUE_GLOBAL])
def test_true_every_local_min_global_is_certified(name, loss, vs):
    st, cert = _accepted(prove_every_local_min_global(loss, vs, seconds=30))
    assert st.kind == "every_local_min_global"


FALSE_GLOBAL = [
    # w = 0, v < 0: f = (1 + |v| w^2)^2 >= 1 = f there, a non-global local minimum
    ("(1 - v w^2)^2", (1 - v * w ** 2) ** 2, [v, w]),
    # seed 003, Fig. 2: bad local minima on the line w = 1, v > 0
    ("Fig. 2 loss", (1 + v * (w - 1) ** 2 / 8) ** 2, [v, w]),
    ("tilted double well", (x ** 2 - 1) ** 2 + x / 2 + y ** 2, [x, y]),
]


@pytest.mark.parametrize("name, loss, vs", FALSE_GLOBAL, ids=[t[0] for t in FALSE_GLOBAL])
def test_false_every_local_min_global_is_not_certified(name, loss, vs):
    got = prove_every_local_min_global(loss, vs, seconds=5)
    assert got is None or not check(*got).accepted


def _leaves(node, out):
    if isinstance(node, dict):
        if "goal" in node or "leaf" in node or "contradiction" in node:
            out.append(node)
        for k in ("then", "zero", "nonzero", "pos", "neg"):
            if k in node:
                _leaves(node[k], out)
        for sub in node.get("branches", []):
            _leaves(sub, out)
    return out


def test_tampered_trees_are_rejected():
    st, cert = _accepted(prove_every_critical_point(_sd(L0, lam), [a, b], [L0, lam], None,
                                                    [a, L0], seconds=20))
    # a goal leaf with a wrong coefficient
    bad = copy.deepcopy(cert)
    leaf = next(n for n in _leaves(bad["tree"], []) if "goal" in n)
    k = next(iter(leaf["goal"][0]["coeffs"]))
    leaf["goal"][0]["coeffs"][k] = "(" + leaf["goal"][0]["coeffs"][k] + ")*2"
    assert not check(st, bad).accepted
    # the same tree for a stronger goal (b = 0 too) is rejected
    st_b = Statement(st.kind, st.loss, st.variables, st.parameters, st.assumptions,
                     {"goal": ["a", "L", "b"]})
    assert not check(st_b, cert).accepted
    # without lambda > 0 the divisions by lambda are not justified
    st_l = Statement(st.kind, st.loss, st.variables, st.parameters, ("L >= 0",), st.data)
    assert not check(st_l, cert).accepted


def test_tampered_global_tree_is_rejected():
    st, cert = _accepted(prove_every_local_min_global((v * w - 1) ** 2, [v, w], seconds=20))
    bad = copy.deepcopy(cert)
    leaf = next(n for n in _leaves(bad["tree"], []) if n.get("leaf") == "not_min")
    leaf["curve"] = {"v": "s", "w": "-s"}          # an ascent direction at the origin
    assert not check(st, bad).accepted
    # a different loss with the same tree: (vw - 1)^2 + v^2 w^2 is not certified by it
    st2 = Statement(st.kind, "(v*w - 1)^2 + v^2*w^2", st.variables, data=st.data)
    assert not check(st2, cert).accepted


def test_time_limit_gives_none():
    assert prove_every_local_min_global((x * y * z - 1) ** 2, [x, y, z], seconds=0) is None


def _guarded(fn):
    from critcheck import Claim, Method, Verdict, run_claim

    return run_claim(Claim("t.case_tree", "t", "test", Method.SYMBOLIC, Verdict.PROVED,
                           lambda ctx: fn()))


def test_holds_at_every_critical_point_is_proved_only_with_a_case_tree():
    from critcheck import Verdict
    from critcheck.symbolic.critical import critical_points
    from critcheck.symbolic.universal import holds_at_every_critical_point

    cs = critical_points(_sd(L0, lam), [a, b], [L0, lam])
    r = _guarded(lambda: holds_at_every_critical_point(cs, [a, L0]))
    assert r.verdict is Verdict.PROVED, r.explain()
    assert r.statement.kind == "every_critical_point_satisfies"
    # no time to search: the solver's analysis alone does not make it PROVED
    r0 = _guarded(lambda: holds_at_every_critical_point(cs, [a, L0], search_seconds=0))
    assert r0.verdict is Verdict.INCONCLUSIVE
    assert "no kernel case tree found" in " ".join(r0.open_branches)


def test_case_tree_closes_what_the_solver_left_open():
    """(xyz - 1)^2 + x^2 y^2: on xyz = 1, d_x f = 2 x y^2 forces xy = 0, so xy = 0 at
    every critical point; with a tiny budget the solver may leave a branch open, the
    case tree does not need the solver."""
    from critcheck import Verdict
    from critcheck.symbolic.critical import critical_points
    from critcheck.symbolic.universal import holds_at_every_critical_point

    cs = critical_points((x * y * z - 1) ** 2 + x ** 2 * y ** 2, [x, y, z], budget=0.01)
    r = _guarded(lambda: holds_at_every_critical_point(cs, [x * y]))
    assert r.verdict is Verdict.PROVED, r.explain()
    # the false twin (x = 0 at every critical point; y = 0, x = 1 is one) is not proved
    r2 = _guarded(lambda: holds_at_every_critical_point(cs, [x], search_seconds=5))
    assert r2.verdict is not Verdict.PROVED


def test_parameters_with_signs():
    """(vw - c)^2 with c > 0: the origin is a saddle because c != 0 (a parameter's
    declared sign is a fact the kernel uses); dropping c > 0 breaks the certificate."""
    c = sympy.Symbol("c", positive=True)
    st, cert = _accepted(prove_every_local_min_global((v * w - c) ** 2, [v, w], [c], seconds=20))
    assert st.assumptions == ("c > 0",)
    st_real = Statement(st.kind, st.loss, st.variables, st.parameters, (), st.data)
    assert not check(st_real, cert).accepted

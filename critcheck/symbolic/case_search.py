"""Searching for kernel case trees over the critical set (untrusted producer).

KERNEL.md, "completeness statements are proved by a case tree": the root
holds the gradient equations; nodes apply *product split*, *combination*
(derive) or *contradiction*; leaves show the goal. This module *finds* such
trees; :mod:`critcheck.kernel.casetree` checks them, so nothing here is
trusted -- a wrong step only makes the kernel reject.

The search works on polynomials: ``exp(k*b)`` becomes ``U**k`` with one
positive unknown ``U`` per base, and abstract-function atoms (``ell'(..)``)
become unknowns of no known sign. Per branch it

1. closes the branch when a hypothesis is provably non-zero (the kernel's own
   sign rules, :class:`critcheck.kernel.algebra.Facts`);
2. computes a Groebner basis of the branch's hypotheses and asks whether a
   provably non-zero multiplier ``m`` (a positive parameter, an ``exp`` atom,
   a product of two) lies in the ideal: then *derive* ``m`` and contradict;
3. decides each goal ``g`` by reducing ``m*g`` modulo the basis, and only then
   finds the cofactors (division, then exact linear algebra);
4. otherwise splits a hypothesis (or a derived basis element) along
   ``sympy.factor_list``, moving provably non-zero factors into the constant.

For "every local minimum is global" (seed 003, Sec. III; KERNEL.md kind
``every_local_min_global``) the lower bound is read off a loss written as a
positive sum of even powers (minimum 0), and the leaves are ``global``
(``f - min`` in the branch ideal), ``not_min`` (the branch is one rational
point; a descent line in a direction from ``{0, 1, -1}^n``) or
``not_min_family`` (a descent curve ``x + s*d(x)`` at every point of the
branch). Family directions come from the Hessian ``H`` reduced modulo the
branch: ``e_j``, ``e_j -+ H e_j / 2``, and, where ``H_jj`` vanishes on the
branch, ``H_ij e_i - (H_ii + 1)/2 e_j`` (then ``d^T H d = -H_ij^2``). When the
leading coefficient is only shown ``<= 0``, the leaf splits ``v = 0`` /
``v != 0`` on a variable in it.

Limits (the search gives up, the claim stays INCONCLUSIVE): one Groebner basis
or linear solve is not interrupted by the time limit; family directions come
from the Hessian only, so a family where the Hessian vanishes and the descent is
cubic (``(w1 w2 w3 w4 - 1)^2`` where three weights vanish) is not certified; losses with ``tanh``, ``log``, ... (other
than ``exp``) are not polynomial after the substitution and are not searched.
"""

from __future__ import annotations

import itertools
import time

import sympy
from sympy.core.function import AppliedUndef

from ..errors import CritcheckError
from ..kernel.algebra import Facts
from ..kernel.errors import Rejected
from .certificates import W, _linear_combination

__all__ = ["prove_every_critical_point", "prove_every_local_min_global", "CaseSearchTimeout"]


class CaseSearchTimeout(CritcheckError):
    """The case-tree search ran past its time limit (raise ``seconds`` to search longer)."""


class _GiveUp(Exception):
    pass


def _statement(kind, loss, variables, parameters, assumptions, data):
    """A kernel Statement; symbols renamed to plain real symbols, abstract functions named."""
    from ..kernel import Statement
    from .certificates import kernel_statement

    loss = sympy.sympify(loss)
    if assumptions is None:
        st = kernel_statement(kind, loss, variables, parameters, data)
        assumptions = st.assumptions
    syms = list(variables) + list(parameters)
    plain = {s: sympy.Symbol(str(s), real=True) for s in syms}
    funcs = tuple(sorted({type(a).__name__ for a in loss.atoms(AppliedUndef)}))
    data = {k: ([W(sympy.sympify(x).xreplace(plain)) for x in v] if isinstance(v, (list, tuple))
                else (W(sympy.sympify(v).xreplace(plain)) if not isinstance(v, str) else v))
            for k, v in (data or {}).items()}
    return Statement(kind, W(loss.xreplace(plain)), tuple(str(v) for v in variables),
                     tuple(str(p) for p in parameters), tuple(assumptions), data, functions=funcs)


class _Algebra:
    """Conversion between the statement's expressions and polynomials."""

    def __init__(self, exprs, variables, deadline):
        self.deadline = deadline
        self.func = {}       # atom -> symbol (abstract-function atoms)
        self.bases = {}      # exp base -> positive symbol
        conv = [self.to_poly(e) for e in exprs]
        syms = set().union(*(c.free_symbols for c in conv))
        vs = [v for v in variables if v in syms]
        us = sorted(set(self.bases.values()), key=str)
        fs = sorted(set(self.func.values()), key=str)
        rest = sorted(syms - set(vs) - set(us) - set(fs), key=str)
        self.gens = vs + us + fs + rest
        self.back = {u: sympy.exp(b) for b, u in self.bases.items()}
        self.back.update({s: a for a, s in self.func.items()})
        self._gb = {}

    def tick(self):
        if time.monotonic() > self.deadline:
            raise CaseSearchTimeout("case-tree search: time limit reached")

    def to_poly(self, e):
        e = sympy.sympify(e)
        rep = {}
        for a in sympy.preorder_traversal(e):
            if isinstance(a, (AppliedUndef, sympy.Derivative, sympy.Subs)):
                if a not in self.func:
                    self.func[a] = sympy.Symbol(f"_F{len(self.func)}")
                rep[a] = self.func[a]
        e = sympy.expand(e.xreplace(rep), power_exp=True)
        rep = {}
        for a in e.atoms(sympy.exp):
            k, base = a.args[0].as_coeff_Mul()
            if not k.is_Integer:
                k, base = sympy.Integer(1), a.args[0]
            if base not in self.bases:
                self.bases[base] = sympy.Symbol(f"_E{len(self.bases)}", positive=True)
            rep[a] = self.bases[base] ** int(k)
        return sympy.expand(e.xreplace(rep))

    def to_expr(self, p):
        return sympy.sympify(p).xreplace(self.back)

    def writable(self, p) -> bool:
        return not (sympy.sympify(p).free_symbols & set(self.func.values()))

    def groebner(self, hyps):
        key = tuple(hyps)
        if key not in self._gb:
            self.tick()
            nz = [h for h in hyps if h != 0]
            self._gb[key] = sympy.groebner(nz, *self.gens, order="grevlex", domain="QQ") if nz else None
        return self._gb[key]

    def in_ideal(self, t, hyps) -> bool:
        t = sympy.expand(t)
        if t == 0:
            return True
        G = self.groebner(hyps)
        if G is None:
            return False
        return G.reduce(t)[1] == 0

    def cofactors(self, t, hyps):
        """{i: c_i} (polynomials) with t = sum c_i hyps_i, or None."""
        t = sympy.expand(t)
        if t == 0:
            return {}
        for i, h in enumerate(hyps):
            if h != 0 and len(h.args) == len(t.args):
                q = sympy.cancel(t / h)
                if q.is_number:
                    return {i: q}
        G = self.groebner(hyps)
        pos = {sympy.expand(h): i for i, h in enumerate(hyps)}
        if G is not None and all(sympy.expand(g) in pos for g in G.exprs):
            # every basis element is a hypothesis: division by the basis always works
            self.tick()
            q, r = G.reduce(t)
            if r == 0 and sympy.expand(t - sum(c * g for c, g in zip(q, G.exprs))) == 0:
                return {pos[sympy.expand(g)]: c for c, g in zip(q, G.exprs) if c != 0}
        idx = [i for i, h in enumerate(hyps) if h != 0]
        for order in (idx[::-1], idx):
            self.tick()
            try:
                q, r = sympy.reduced(t, [hyps[i] for i in order], *self.gens)
            except sympy.PolynomialError:
                return None
            if sympy.expand(r) == 0:
                return {i: c for i, c in zip(order, q) if c != 0}
        self.tick()
        sol = _linear_combination(t, {i: hyps[i] for i in idx}, self.gens, 4)
        if sol is None:
            return None
        return {i: c for i, c in sol.items() if c != 0}


class _Search:
    def __init__(self, st, seconds, goals=None, leaf=None):
        self.st = st
        self.f = st.f()
        self.vars = st.vars()
        self.grad = [sympy.diff(self.f, v) for v in self.vars]
        self.goals_expr = goals
        self.alg = _Algebra(self.grad + list(goals or []) + [self.f], self.vars,
                            time.monotonic() + seconds)
        self.goals = [self.alg.to_poly(g) for g in goals] if goals is not None else None
        self.leaf_fn = leaf
        self.exp_atoms = sorted(set(self.alg.bases.values()), key=str)
        self._underivable = set()   # (basis, element): no cofactors found

    # -- helpers ---------------------------------------------------------------
    def nonzero(self, p, facts: Facts) -> bool:
        if not self.alg.writable(p):
            return False
        try:
            facts.prove(self.alg.to_expr(p), "!=0")
            return True
        except Rejected:
            return False

    def multipliers(self, facts: Facts):
        """1, the branch's non-zero facts that are monomial-like, exp atoms, and products of two."""
        base = [self.alg.to_poly(e) for e, r in facts.facts if r in (">0", "!=0")]
        base = [b for b in base if b.free_symbols and not b.is_Add]
        atoms = list(dict.fromkeys(base + self.exp_atoms))
        out = [sympy.Integer(1)] + atoms
        out += [a * b for a, b in itertools.combinations_with_replacement(atoms, 2)]
        return out

    def coeffs(self, t, hyps, m=1) -> dict | None:
        """Certificate coefficients for t = sum c_i h_i, found for m*t and divided by m."""
        co = self.alg.cofactors(sympy.expand(m * t), hyps)
        if co is None:
            return None
        out = {}
        for i, c in co.items():
            if not self.alg.writable(c):
                return None
            out[str(i)] = W(self.alg.to_expr(sympy.cancel(c / m)))
        return out

    def member(self, t, hyps, facts):
        """Coefficients for t in the branch's ideal, allowing a non-zero multiplier."""
        for m in self.multipliers(facts):
            if self.alg.in_ideal(m * t, hyps):
                co = self.coeffs(t, hyps, m)
                if co is not None:
                    return co
        return None

    # -- the branch search ------------------------------------------------------
    def branch(self, hyps, facts: Facts, depth=0):
        self.alg.tick()
        if depth > 12:
            raise _GiveUp
        for i, h in enumerate(hyps):
            if h != 0 and self.nonzero(h, facts):
                return {"contradiction": {"hyp": i, "sign": "!=0"}}
        G = self.alg.groebner(hyps)
        if G is not None and G.exprs != [1]:
            # derive the basis elements once: later cofactors come from division by the basis
            have = {sympy.expand(h) for h in hyps}
            for g in G.exprs:
                g = sympy.expand(g)
                if g in have or not self.alg.writable(g) or (G, g) in self._underivable:
                    continue
                co = self.coeffs(g, hyps)
                if co is None:
                    self._underivable.add((G, g))
                else:
                    then = self.branch(hyps + [g], facts, depth)
                    if then is None:
                        return None
                    return {"derive": {"expr": W(self.alg.to_expr(g)), "coeffs": co}, "then": then}
        # the ideal holds a provably non-zero element
        for m in self.multipliers(facts):
            if (G is not None and G.reduce(m)[1] == 0) and self.nonzero(m, facts):
                co = self.coeffs(m, hyps)
                if co is not None:
                    return {"derive": {"expr": W(self.alg.to_expr(m)), "coeffs": co},
                            "then": {"contradiction": {"hyp": len(hyps), "sign": "!=0"}}}
        if self.goals is not None:
            items = []
            for g in self.goals:
                co = self.member(g, hyps, facts)
                if co is None:
                    break
                items.append({"coeffs": co})
            else:
                return {"goal": items}
        elif self.leaf_fn is not None:
            got = self.leaf_fn(self, hyps, facts, depth)
            if got is not None:
                return got
        return self.split(hyps, facts, depth, G)

    def split(self, hyps, facts, depth, G):
        cands = [(i, h, None) for i, h in enumerate(hyps) if h != 0]
        if G is not None:
            have = {sympy.expand(h) for h in hyps}
            cands += [(None, sympy.expand(g), None) for g in G.exprs if sympy.expand(g) not in have]
        plans = []
        for i, h, _ in cands:
            self.alg.tick()
            c, fl = sympy.factor_list(h, *self.alg.gens)
            const, factors = c, []
            for g, k in fl:
                if self.nonzero(g, facts):
                    const *= g ** k
                elif not self.alg.writable(g):
                    factors = None
                    break
                else:
                    factors += [g] * k
            if not factors or not self.alg.writable(const):
                continue
            if G is not None and any(G.reduce(g)[1] == 0 for g in factors):
                continue    # a branch equal to this one: no progress
            if len(factors) == 1 and i is not None and sympy.expand(factors[0] - h) == 0:
                continue
            if len(factors) == 1 and i is None:
                continue    # a basis element that does not factor: no new information
            size = (len(set(factors)) == 1, max(sympy.Poly(g, *self.alg.gens).total_degree()
                                                 for g in factors), i is None)
            plans.append((size, i, h, const, factors))
        plans.sort(key=lambda p: p[0])
        for _, i, h, const, factors in plans[:4]:
            node = self._try_split(hyps, facts, depth, i, h, const, factors)
            if node is not None:
                return node
        return None

    def _try_split(self, hyps, facts, depth, i, h, const, factors):
        prefix = None
        base = list(hyps)
        if i is None:
            co = self.coeffs(h, hyps)
            if co is None:
                return None
            prefix = {"expr": W(self.alg.to_expr(h)), "coeffs": co}
            base = base + [h]
            i = len(hyps)
        branches, done = [], {}
        for g in factors:
            key = sympy.expand(g)
            if key not in done:
                try:
                    done[key] = self.branch(base + [g], facts, depth + 1)
                except _GiveUp:
                    done[key] = None
            if done[key] is None:
                return None
            branches.append(done[key])
        node = {"split": {"hyp": i, "constant": W(self.alg.to_expr(const)),
                          "factors": [W(self.alg.to_expr(g)) for g in factors]},
                "branches": branches}
        if prefix is not None:
            node = {"derive": prefix, "then": node}
        return node

    def run(self):
        try:
            return self.branch([self.alg.to_poly(g) for g in self.grad], Facts(self.st.facts()))
        except _GiveUp:
            return None


def prove_every_critical_point(loss, variables, parameters=(), assumptions=None, goals=(),
                               seconds: float = 10.0):
    """A kernel ``(Statement, certificate)`` for "every critical point of ``loss`` in
    ``variables`` has ``g = 0`` for each goal ``g``" (``goals`` empty: "there is no
    critical point"), or None when no case tree is found within ``seconds``.

    ``assumptions``: kernel assumption strings (``"lambda > 0"``); None reads them
    from the symbols' SymPy assumptions. Seed 000, Appendix A is the model case.
    """
    goals = [sympy.sympify(g) for g in goals]
    if goals:
        st = _statement("every_critical_point_satisfies", loss, variables, parameters,
                        assumptions, {"goal": goals})
    else:
        st = _statement("no_critical_point", loss, variables, parameters, assumptions, None)
    goal_exprs = [st.expr(g) for g in st.data["goal"]] if goals else None
    try:
        tree = _Search(st, seconds, goals=goal_exprs).run()
    except (CaseSearchTimeout, sympy.PolynomialError, sympy.CoercionFailed, NotImplementedError):
        return None
    return None if tree is None else (st, {"tree": tree})


# -- every local minimum is global ----------------------------------------------
def _lower_bound(f):
    """f = sum w_i g_i^2 (w_i > 0) read off the expression: (minimum 0, terms) or None."""
    terms = []
    for t in sympy.Add.make_args(f):
        c, rest = t.as_coeff_Mul()
        if c <= 0:
            return None
        if rest.is_Pow and rest.exp.is_Integer and rest.exp % 2 == 0:
            terms.append({"weight": W(c), "square": W(rest.base ** (rest.exp // 2))})
        else:
            return None
    return sympy.Integer(0), terms


def _series(f, vs, base, d, s, k):
    """f(base + s*d) - f(base), expanded (exactly for polynomials, else to order s^k)."""
    syms = sorted(set(f.free_symbols).union(*(sympy.sympify(e).free_symbols for e in list(base) + list(d)))
                  - {s}, key=str)
    if f.is_polynomial(*syms) and all(sympy.sympify(e).is_polynomial(*syms) for e in list(base) + list(d)):
        R, *gens = sympy.ring(syms + [s], sympy.QQ)
        fr = R(f)
        sub = [(R(v), R(b) + R(di) * gens[-1]) for v, b, di in zip(vs, base, d)]
        return (fr.compose(sub) - fr.compose([(R(v), R(b)) for v, b in zip(vs, base)])).as_expr()
    delta = f.subs({v: b + di * s for v, b, di in zip(vs, base, d)}, simultaneous=True) \
        - f.subs(dict(zip(vs, base)), simultaneous=True)
    if delta.is_polynomial(s):
        return sympy.expand(delta)
    return sympy.expand(sympy.series(delta, s, 0, k + 1).removeO())


def _point_leaf(S: _Search, hyps, facts):
    """The branch is one rational point with a descent line through it."""
    G = S.alg.groebner(hyps)
    if G is None:
        return None
    point = {}
    for v in S.vars:
        pv = S.alg.to_poly(v)
        val = None
        for g in G.exprs:
            p = sympy.Poly(g, *S.alg.gens)
            if p.total_degree() == 1 and g.free_symbols == {pv}:
                val = sympy.solve(g, pv)[0]
        if val is None:
            return None
        point[v] = val
    coeffs = []
    for v in S.vars:
        co = S.coeffs(S.alg.to_poly(v) - point[v], hyps)
        if co is None:
            return None
        coeffs.append(co)
    s = sympy.Symbol("s", positive=True)
    base = [point[v] for v in S.vars]
    for d in itertools.product((1, -1, 0), repeat=len(S.vars)):
        if not any(d):
            continue
        S.alg.tick()
        ser = _series(S.f, S.vars, base, d, s, 6)
        for k in range(1, 7):
            c = sympy.simplify(ser.coeff(s, k))
            if c == 0:
                continue
            if c.is_number and c < 0:
                return {"leaf": "not_min", "point": {str(v): W(point[v]) for v in S.vars},
                        "coeffs": coeffs, "curve": {str(v): W(di * s) for v, di in zip(S.vars, d)},
                        "order": k}
            break
    return None


def _family_leaf(S: _Search, hyps, facts):
    """A descent curve x + s*d(x) at every point of the branch; returns a node, or
    ("cases", variable) when the leading coefficient is only shown <= 0."""
    s = sympy.Symbol("s", positive=True)
    G = S.alg.groebner(hyps)
    if G is None or not all(S.alg.writable(g) for g in G.exprs):
        return None
    H = sympy.hessian(S.f, S.vars)
    Hp = H.applyfunc(lambda e: G.reduce(S.alg.to_poly(e))[1])
    n = len(S.vars)
    dirs = []
    for j in range(n):
        e = sympy.Matrix([1 if i == j else 0 for i in range(n)])
        dirs.append(e)
        for t in (sympy.Rational(-1, 2), sympy.Rational(1, 2)):
            dirs.append(e + t * Hp * e)
    # H_jj = 0 on the branch: d = H_ij e_i - (H_ii + 1)/2 e_j gives d^T H d = -H_ij^2
    for i, j in itertools.permutations(range(n), 2):
        if Hp[j, j] == 0 and Hp[i, j] != 0:
            d = sympy.zeros(n, 1)
            d[i], d[j] = Hp[i, j], -(Hp[i, i] + 1) / 2
            dirs.append(d)
    hint = None
    for d in dirs:
        S.alg.tick()
        if not all(S.alg.writable(x) for x in d):
            continue
        dx = [S.alg.to_expr(x) for x in d]
        ser = _series(S.f, S.vars, S.vars, dx, s, 4)
        vanish = []
        for k in range(1, 5):
            c = S.alg.to_poly(ser.coeff(s, k))
            r = G.reduce(c)[1]
            if r == 0:
                vanish.append(c)
                continue
            lead = S.alg.to_expr(r)
            try:
                facts.prove(-lead, ">0")
            except Rejected:
                try:
                    facts.prove(-lead, ">=0")
                except Rejected:
                    break
                free = [v for v in S.vars if S.alg.to_poly(v) in r.free_symbols]
                if free and hint is None:
                    hint = free[0]
                break
            vlist = [{}]
            for c0 in vanish:
                co = S.coeffs(c0, hyps)
                if co is None:
                    break
                vlist.append(co)
            else:
                lco = S.coeffs(c - r, hyps) if sympy.expand(c - r) != 0 else {}
                if lco is None:
                    break
                return {"leaf": "not_min_family",
                        "curve": {str(v): W(x * s) for v, x in zip(S.vars, dx)},
                        "power": k, "vanish": vlist, "leading": W(lead), "leading_coeffs": lco}
            break
    return ("cases", hint) if hint is not None else None


def _min_leaf(cmin):
    def leaf(S: _Search, hyps, facts, depth):
        co = S.member(S.alg.to_poly(S.f - cmin), hyps, facts)
        if co is not None:
            return {"leaf": "global", "coeffs": co}
        got = _point_leaf(S, hyps, facts)
        if got is not None:
            return got
        got = _family_leaf(S, hyps, facts)
        if isinstance(got, tuple):
            v = got[1]
            pv = S.alg.to_poly(v)
            try:
                zero = S.branch(hyps + [pv], facts, depth + 1)
                nonzero = _family_leaf(S, hyps, facts.add(sympy.expand(v), "!=0"))
            except _GiveUp:
                return None
            if zero is None or not isinstance(nonzero, dict):
                return None
            return {"cases": W(v), "zero": zero, "nonzero": nonzero}
        return got
    return leaf


def prove_every_local_min_global(loss, variables, parameters=(), assumptions=None,
                                 seconds: float = 10.0):
    """A kernel ``(Statement, certificate)`` for "every local minimum of ``loss`` is a
    global minimum" (seed 003, Sec. III), or None when none is found.

    The lower bound is read off ``loss`` when it is a positive sum of even powers
    (minimum 0); the case tree's leaves are ``global``, ``not_min`` or
    ``not_min_family``.
    """
    f = sympy.sympify(loss)
    lb = _lower_bound(f)
    if lb is None:
        return None
    cmin, terms = lb
    st = _statement("every_local_min_global", f, variables, parameters, assumptions,
                    {"minimum": cmin})
    try:
        S = _Search(st, seconds, goals=None, leaf=_min_leaf(st.expr(st.data["minimum"])))
        tree = S.run()
    except (CaseSearchTimeout, sympy.PolynomialError, sympy.CoercionFailed, NotImplementedError):
        return None
    if tree is None:
        return None
    return st, {"lower_bound": {"terms": terms}, "tree": tree}

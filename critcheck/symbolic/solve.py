"""Exact solver for critical-point systems: factor, split, substitute, Gröbner.

The solver returns *every* branch of a system ``g_1 = ... = g_m = 0``: a
solution :class:`Component` (a point, a curve, a family -- possibly given
implicitly), a branch closed by a proof (``e^b ≠ 0``, ``1 ≠ 0``, no real
root), or an :class:`OpenBranch` it could not decide. Nothing is dropped: the
recursion is a case analysis whose every split is exhaustive, and every step
is recorded in a :class:`~critcheck.claims.Derivation` with an exact
re-check. This is what SymPy's ``solve``/``nonlinsolve`` do not guarantee
(SymPy issues #22723, #20385, #12774, #11179): they drop isolated points beside curves,
treat parameters as generic and return wrong empty sets.

Algorithm (one branch)
----------------------
1. Substitute the branch's solved unknowns; replace each equation by the
   numerator of ``together(g)`` (the denominator's zeros are outside the
   domain where the gradient exists).
2. An equation that is identically 0 is dropped; one that is provably
   nonzero (a nonzero constant, ``λ e^b`` with ``λ > 0``) closes the branch.
3. Take the simplest remaining equation, factor it
   (``c ∏ f_i^{k_i}``, re-checked by expansion), and split: ``f_i = 0`` for
   each factor not provably nonzero (zero-product rule; ``c ≠ 0``).
4. In a branch ``f = 0``: if ``f = p x + q`` for an unknown ``x`` with
   ``p`` free of ``x``: when ``p ≠ 0`` is provable, set ``x = -q/p``;
   otherwise split into ``{p = 0, q = 0}`` and ``{p ≠ 0, x = -q/p}``.
   If ``f`` is a univariate polynomial in ``x``: one branch per exact real
   root (``RootOf`` where no radicals exist), or closed when the Sturm count
   of real roots is 0. Otherwise ``f`` waits in a pool.
5. When only pooled polynomial equations remain: a lexicographic Gröbner
   basis (exact rationals) replaces them once; ``[1]`` closes the branch;
   the basis is split again; what still cannot be split is returned as an
   implicit component ``{G = 0}``. Non-polynomial leftovers (``tanh w = 0``
   with nothing known) are open branches.

Unknowns that occur only through ``exp(k x)`` (``k`` integer) are replaced
by ``u_x = e^x`` with ``u_x > 0`` first, which turns ``exp`` systems into
polynomial ones (pitfall "exp terms"); components are mapped back with
``x = log u_x``.

References
----------
Sohl-Dickstein & Kawaguchi (seed 000), Appendix A: the case analysis this
automates. SymPy issues #22723, #20385, #11179, #22874: why every branch is kept.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from typing import Iterable, Sequence

import sympy

from ..budget import check_budget, time_budget
from ..claims.derivation import Derivation
from ..errors import BudgetExceeded, InvalidArgument
from .nonzero import provably_nonzero, provably_zero, violates_assumptions

__all__ = ["Component", "OpenBranch", "SolveResult", "solve_system"]


@dataclasses.dataclass(frozen=True)
class Component:
    """One solution component of a system.

    Attributes
    ----------
    solution : dict
        unknown -> expression in the ``free`` unknowns.
    free : tuple of Symbol
        unknowns left free (the family's parameters).
    equations : tuple
        implicit equations (``== 0``) the free unknowns must satisfy
        (empty for an explicitly parametrised component).
    conditions : tuple
        side conditions (``Ne(w, 0)``, ``u > 0``) that hold on the component.
    branch : tuple of str
        the case choices that led here.
    """

    solution: dict
    free: tuple
    equations: tuple = ()
    conditions: tuple = ()
    branch: tuple = ()

    @property
    def dimension(self) -> int:
        """Dimension (exact for explicit components; an upper bound otherwise)."""
        return max(len(self.free) - len(self.equations), 0)

    @property
    def implicit(self) -> bool:
        return bool(self.equations)

    @property
    def is_point(self) -> bool:
        return not self.free

    def value(self, expr):
        """``expr`` restricted to the component (unknowns substituted)."""
        return sympy.sympify(expr).subs(self.solution)

    def coordinates(self, unknowns: Sequence[sympy.Symbol]) -> tuple:
        return tuple(self.solution.get(u, u) for u in unknowns)

    def latex(self, unknowns: Sequence[sympy.Symbol] | None = None) -> str:
        unknowns = list(unknowns or list(self.solution) + list(self.free))
        parts = []
        for u in unknowns:
            if u in self.solution:
                parts.append(f"{sympy.latex(u)} = {sympy.latex(self.solution[u])}")
        for e in self.equations:
            parts.append(f"{sympy.latex(e)} = 0")
        for c in self.conditions:
            parts.append(sympy.latex(c))
        if self.free:
            parts.append(r"\text{free: }" + ", ".join(sympy.latex(f) for f in self.free))
        return r",\ ".join(parts) if parts else r"\text{all points}"

    def __str__(self) -> str:
        bits = [f"{u} = {v}" for u, v in self.solution.items()]
        bits += [f"{e} = 0" for e in self.equations]
        bits += [str(c) for c in self.conditions]
        if self.free:
            bits.append("free: " + ", ".join(map(str, self.free)))
        return "{" + "; ".join(bits) + "}"


@dataclasses.dataclass(frozen=True)
class OpenBranch:
    """A branch the solver could not decide; reported, never dropped."""

    equations: tuple
    solution: dict
    reason: str
    branch: tuple = ()

    def __str__(self) -> str:
        eqs = ", ".join(f"{e} = 0" for e in self.equations)
        sol = ", ".join(f"{k} = {v}" for k, v in self.solution.items())
        where = " / ".join(self.branch) or "top level"
        text = f"{self.reason} [{where}]: {eqs}" + (f" with {sol}" if sol else "")
        return text if len(text) <= 400 else text[:400] + " ..."  # full data stays in the fields


@dataclasses.dataclass
class SolveResult:
    """Every branch of a system: components, open branches, closed ones.

    ``complete`` is True iff no branch is open: then ``components`` is the
    whole real solution set (within the symbol assumptions).
    """

    unknowns: tuple
    equations: tuple
    components: list
    open_branches: list
    closed: list
    derivation: Derivation
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return not self.open_branches

    def __str__(self) -> str:
        lines = [f"{len(self.components)} component(s), {len(self.open_branches)} open branch(es)"]
        lines += [f"  {c}" for c in self.components]
        lines += [f"  OPEN {o}" for o in self.open_branches]
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# helpers

def _numerator(expr):
    expr = sympy.together(sympy.sympify(expr))
    num, den = sympy.fraction(expr)
    return sympy.expand(num) if num.is_polynomial() else num, den


def _linear_in(f, x):
    """(p, q) with f = p*x + q, p and q free of x; None if f is not linear in x."""
    if x not in f.free_symbols:
        return None
    try:
        poly = sympy.Poly(f, x)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    p, q = poly.all_coeffs()
    if x in p.free_symbols or x in q.free_symbols:
        return None
    return sympy.sympify(p), sympy.sympify(q)


def _is_poly(f, gens):
    try:
        return bool(sympy.sympify(f).is_polynomial(*gens)) if gens else True
    except (sympy.PolynomialError, TypeError):
        return False


def _exp_substitution(eqs, unknowns):
    """Replace unknowns occurring only via exp(k x) by positive u_x."""
    subs_map, back = {}, {}
    for x in unknowns:
        atoms = set().union(*[e.atoms(sympy.exp) for e in eqs]) if eqs else set()
        mine = [a for a in atoms if x in a.free_symbols]
        if not mine:
            continue
        ks = []
        ok = True
        for a in mine:
            k = sympy.simplify(a.args[0] / x)
            if not (k.is_Integer and k != 0):
                ok = False
                break
            ks.append((a, k))
        if not ok:
            continue
        u = sympy.Symbol(f"u_{x.name}", positive=True)
        trial = [e.subs({a: u ** k for a, k in ks}) for e in eqs]
        if any(x in t.free_symbols for t in trial):
            continue
        eqs = trial
        subs_map[x] = u
        back[u] = x
    return eqs, subs_map, back


# ---------------------------------------------------------------------------
# the solver

class _Solver:
    def __init__(self, unknowns, budget_left):
        self.unknowns = list(unknowns)
        self.components: list[Component] = []
        self.open: list[OpenBranch] = []
        self.closed: list[tuple] = []
        self.nodes = 0

    # one branch --------------------------------------------------------------
    def run(self, eqs, sol, conds, nonzero, path, d: Derivation, pool=(), groebnered=False):
        check_budget("critical-point solve")
        self.nodes += 1
        if self.nodes > 5000:
            raise BudgetExceeded("case analysis exceeded 5000 branches")
        work = []
        for e in list(eqs) + list(pool):
            e = sympy.sympify(e).subs(sol)
            num, den = _numerator(e)
            if den != 1 and not den.is_number:
                nonzero = list(nonzero) + [den]
            if provably_zero(num):
                continue
            if provably_nonzero(num, nonzero):
                d.text(f"The equation ${sympy.latex(num)} = 0$ cannot hold here.")
                d.step("provably nonzero", num, "0", relation="≠",
                       check=lambda n=num, nz=tuple(nonzero): provably_nonzero(n, nz),
                       note="by the assumptions on its symbols and this branch's conditions")
                self.closed.append((path, f"{num} ≠ 0"))
                return
            work.append(num)
        # conditions on solved values
        for c in conds:
            cv = c.subs(sol) if hasattr(c, "subs") else c
            if cv is sympy.false:
                self.closed.append((path, f"condition {c} fails"))
                d.text(f"Contradiction with the condition ${sympy.latex(c)}$.")
                d.step("condition violated", c, cv, relation="⇒",
                       check=lambda c=c, s=dict(sol): c.subs(s) is sympy.false)
                return
        if not work:
            self._component(sol, conds, path, d, ())
            return
        # pick the simplest equation
        work.sort(key=lambda e: (sympy.count_ops(e), len(e.free_symbols)))
        for idx, f in enumerate(work):
            rest = work[:idx] + work[idx + 1:]
            if self._split(f, rest, sol, conds, nonzero, path, d, groebnered):
                return
        # nothing could be split: everything is in the pool
        self._pool(work, sol, conds, nonzero, path, d, groebnered)

    def _split(self, f, rest, sol, conds, nonzero, path, d, groebnered) -> bool:
        coeff, factors = sympy.factor_list(f)
        product = coeff * sympy.Mul(*[g ** k for g, k in factors])
        usable = []
        for g, _k in factors:
            if provably_nonzero(g, nonzero):
                continue
            if self._solvable(g):
                usable.append(g)
        if not usable and len([g for g, _ in factors if not provably_nonzero(g, nonzero)]) > 0:
            # factors exist but none is directly solvable: try another equation first
            if not all(self._poolable(g) is False for g, _ in factors):
                return False
            return False
        if len(factors) > 1 or (factors and factors[0][1] > 1) or coeff != 1:
            d.step("factorisation", f, product,
                   check=lambda f=f, p=product: sympy.expand(f - p) == 0)
        kept = []
        for g, _k in factors:
            if provably_nonzero(g, nonzero):
                d.step("factor cannot vanish", g, "0", relation="≠",
                       check=lambda g=g, nz=tuple(nonzero): provably_nonzero(g, nz))
            else:
                kept.append(g)
        if not kept:
            self.closed.append((path, f"every factor of {f} is nonzero"))
            return True
        if len(kept) > 1:
            d.step("zero-product rule", sympy.Eq(f, 0),
                   r" \lor ".join(f"{sympy.latex(g)} = 0" for g in kept), relation="⇔",
                   check=lambda f=f, p=product, c=coeff: sympy.expand(f - p) == 0 and c != 0)
        for g in kept:
            sub = d.case(f"{sympy.latex(g)} = 0") if len(kept) > 1 else d
            self._branch_factor(g, rest, sol, conds, nonzero, path + (f"{g} = 0",), sub)
        return True

    def _solvable(self, g) -> bool:
        for x in self.unknowns:
            if _linear_in(g, x) is not None:
                return True
        syms = [x for x in self.unknowns if x in g.free_symbols]
        return len(syms) == 1 and _is_poly(g, syms)

    def _poolable(self, g):
        syms = [x for x in self.unknowns if x in g.free_symbols]
        return _is_poly(g, syms)

    def _branch_factor(self, g, rest, sol, conds, nonzero, path, d):
        # linear in some unknown: prefer a constant coefficient
        cands = []
        for x in self.unknowns:
            lin = _linear_in(g, x)
            if lin is not None:
                p, q = lin
                rank = 0 if p.is_number else (1 if provably_nonzero(p, nonzero) else 2)
                cands.append((rank, sympy.count_ops(p), self.unknowns.index(x), x, p, q))
        if cands:
            cands.sort(key=lambda t: t[:3])
            rank, _, _, x, p, q = cands[0]
            value = sympy.factor(sympy.cancel(-q / p))
            p = sympy.factor(p)
            if rank <= 1:
                self._assign(x, value, rest, sol, conds, nonzero, path, d, g, p)
            else:
                da = d.case(f"{sympy.latex(p)} = 0")
                da.text(f"Then ${sympy.latex(g)} = 0$ leaves ${sympy.latex(q)} = 0$.")
                self.run(rest + [p, q], sol, conds, nonzero, path + (f"{p} = 0",), da)
                db = d.case(f"{sympy.latex(p)} \\neq 0")
                self._assign(x, value, rest, sol, list(conds) + [sympy.Ne(p, 0)],
                             list(nonzero) + [p], path + (f"{p} ≠ 0",), db, g, p)
            return
        syms = [x for x in self.unknowns if x in g.free_symbols]
        if len(syms) == 1 and _is_poly(g, syms):
            x = syms[0]
            try:  # algebraic coefficients (e.g. 5 - 2*sqrt(7)) are not in QQ
                poly = sympy.Poly(g, x, domain="QQ") if g.free_symbols <= {x} else None
            except sympy.polys.polyerrors.CoercionFailed:
                # real-root isolation needs rational coefficients; kept open, never dropped
                why = "univariate equation with algebraic coefficients (no exact root isolation)"
                self.open.append(OpenBranch(tuple([g] + list(rest)), dict(sol), why, path))
                d.text("Open: " + why + ".")
                return
            if poly is not None:
                roots = sympy.real_roots(poly)
                roots = list(dict.fromkeys(roots))
                n_real = poly.count_roots()
                if not roots:
                    d.step("no real root (Sturm count)", g, "0", relation="≠",
                           check=lambda P=poly: P.count_roots() == 0)
                    self.closed.append((path, f"{g} has no real root"))
                    return
                d.step("real roots", sympy.Eq(g, 0),
                       r" \lor ".join(f"{sympy.latex(x)} = {sympy.latex(r)}" for r in roots),
                       relation="⇔",
                       check=lambda P=poly, R=tuple(roots), n=n_real: (
                           len(R) == P.count_roots() and all(P.eval(r) == 0 or
                                                            sympy.simplify(P.as_expr().subs(x, r)) == 0
                                                            for r in R)))
                for r in roots:
                    sub = d.case(f"{sympy.latex(x)} = {sympy.latex(r)}") if len(roots) > 1 else d
                    self._assign(x, r, rest, sol, conds, nonzero, path + (f"{x} = {r}",), sub, g, 1)
                return
        # cannot solve this factor directly
        self.run(rest, sol, conds, nonzero, path, d, pool=(g,))

    def _assign(self, x, value, rest, sol, conds, nonzero, path, d, g, p):
        bad = violates_assumptions(x, value)
        if not provably_zero(g - x):
            d.step(f"solve for ${sympy.latex(x)}$", sympy.Eq(g, 0), sympy.Eq(x, value), relation="⇔",
                   check=lambda g=g, x=x, v=value, p=p: provably_zero(g.subs(x, v)))
        if bad is True:
            d.step(f"assumption on {x} violated", sympy.Eq(x, value),
                   "contradiction", relation="⇒",
                   check=lambda x=x, v=value: violates_assumptions(x, v) is True)
            self.closed.append((path, f"{x} = {value} violates the assumptions on {x}"))
            return
        new_conds = list(conds)
        if bad is None and x.assumptions0.get("positive"):
            new_conds.append(sympy.StrictGreaterThan(value, 0, evaluate=False))
        elif bad is None and x.assumptions0.get("nonnegative"):
            new_conds.append(sympy.GreaterThan(value, 0, evaluate=False))
        new_sol = {k: sympy.sympify(v).subs(x, value) for k, v in sol.items()}
        new_sol[x] = value
        self.run(rest, new_sol, new_conds, nonzero, path, d)

    def _pool(self, work, sol, conds, nonzero, path, d, groebnered):
        unknowns = [x for x in self.unknowns if any(x in w.free_symbols for w in work)]
        polys = all(_is_poly(w, unknowns) for w in work)
        if not polys:
            reason = "non-polynomial equations that cannot be solved for any unknown"
            self.open.append(OpenBranch(tuple(work), dict(sol), reason, path))
            d.text(r"\textbf{Open branch}: " + reason + ": $" +
                   r",\ ".join(sympy.latex(w) + " = 0" for w in work) + "$.")
            return
        if len(work) == 1 or groebnered:
            self._component(sol, conds, path, d, tuple(work))
            return
        G = sympy.groebner(work, *unknowns, order="lex", domain="QQ"
                           if all(w.free_symbols <= set(unknowns) for w in work) else None)
        basis = list(G.exprs)
        if basis == [1]:
            d.step("Gröbner basis is {1}: no solution", work, "1", relation="⇒",
                   check=lambda W=tuple(work), U=tuple(unknowns):
                   list(sympy.groebner(W, *U, order="grevlex").exprs) == [1])
            self.closed.append((path, "inconsistent (Gröbner basis {1})"))
            return
        d.step("Gröbner basis (lex)", work, basis, relation="⇔",
               check=lambda W=tuple(work), B=tuple(basis), U=tuple(unknowns): _same_ideal(W, B, U))
        self.run(basis, sol, conds, nonzero, path, d, groebnered=True)

    def _component(self, sol, conds, path, d, equations):
        free = tuple(x for x in self.unknowns if x not in sol)
        conds_eval = []
        for c in conds:
            cv = c.subs(sol) if hasattr(c, "subs") else c
            if cv is sympy.false:
                self.closed.append((path, f"condition {c} fails"))
                return
            if cv is not sympy.true:
                conds_eval.append(cv)
        comp = Component(dict(sol), free, tuple(equations), tuple(conds_eval), path)
        self.components.append(comp)
        d.text("Solution component: $" + comp.latex(self.unknowns) + "$.")


def _same_ideal(A, B, U) -> bool:
    ga = sympy.groebner(A, *U, order="lex")
    gb = sympy.groebner(B, *U, order="lex")
    return all(ga.contains(b) for b in B) and all(gb.contains(a) for a in A)


def _contained(c: Component, o: Component) -> bool:
    """Exactly proved: every point of ``c`` lies on ``o``."""
    if c.equations or c.dimension > o.dimension:
        return False
    for k, val in o.solution.items():
        if not provably_zero(c.value(k) - sympy.sympify(val).subs(c.solution)):
            return False
    for e in o.equations:
        if not provably_zero(sympy.sympify(e).subs(c.solution)):
            return False
    for cond in o.conditions:
        cv = cond.subs(c.solution) if hasattr(cond, "subs") else cond
        if cv is not sympy.true:
            return False
    return True


def _dedupe(components: list[Component]) -> list[Component]:
    """Drop components proved to lie inside another one (duplicates included)."""
    out: list[Component] = []
    for i, c in enumerate(components):
        inside = False
        for j, o in enumerate(components):
            if i == j:
                continue
            if _contained(c, o) and not (_contained(o, c) and j > i):
                inside = True
                break
        if not inside:
            out.append(c)
    return out


def _map_back(comp: Component, back: dict) -> Component:
    """Undo u_x = e^x in a component."""
    if not back:
        return comp
    sol = dict(comp.solution)
    free = list(comp.free)
    eqs = list(comp.equations)
    conds = list(comp.conditions)
    to_exp = {}
    for u, x in back.items():
        if u in sol:
            sol[x] = sympy.log(sol.pop(u))
        elif u in free:
            free[free.index(u)] = x
            to_exp[u] = sympy.exp(x)
    sol = {k: sympy.sympify(v).subs(to_exp) for k, v in sol.items()}
    eqs = [sympy.sympify(e).subs(to_exp) for e in eqs]
    conds = [sympy.sympify(c).subs(to_exp) for c in conds]
    conds = [c for c in conds if c is not sympy.true]
    return Component(sol, tuple(free), tuple(eqs), tuple(conds), comp.branch)


def verify_component(equations: Sequence, comp: Component) -> bool:
    """Exactly check that every equation vanishes on the component.

    Explicit components: substitution and simplification to 0. Implicit ones:
    the substituted numerators reduce to 0 modulo a Gröbner basis of the
    component's equations.
    """
    subs = dict(comp.solution)
    for e in equations:
        v = sympy.sympify(e).subs(subs)
        if provably_zero(v):
            continue
        if comp.equations:
            num, _ = sympy.fraction(sympy.together(v))
            gens = [s for s in comp.free]
            try:
                G = sympy.groebner(list(comp.equations), *gens, order="lex")
                if G.reduce(sympy.expand(num))[1] == 0:
                    continue
            except BudgetExceeded:
                raise
            except Exception:  # noqa: BLE001
                return False
        return False
    return True


def solve_system(equations: Iterable, unknowns: Sequence[sympy.Symbol], *,
                 nonzero: Iterable = (), budget: float | None = 60.0,
                 title: str = "") -> SolveResult:
    """Solve ``equations = 0`` for ``unknowns`` exactly, keeping every branch.

    Parameters
    ----------
    equations : iterable of SymPy expressions (each ``== 0``)
    unknowns : sequence of Symbol
        everything to solve for *and split on*: variables, abstract loss values,
        hyperparameters whose sign is not fixed. Order = preference when
        solving linear equations. Symbol assumptions (``positive=True``...)
        are used to close branches and checked on every assignment.
    nonzero : expressions known to be nonzero throughout.
    budget : seconds; when exceeded the unfinished part is an open branch.

    Returns
    -------
    SolveResult
        ``components`` (each exactly re-verified against ``equations``),
        ``open_branches``, ``closed`` branches with reasons, and the
        derivation.

    Examples
    --------
    >>> import sympy
    >>> v, w = sympy.symbols("v w", real=True)
    >>> r = solve_system([2*w*(v*w - 1), 2*v*(v*w - 1)], [v, w])
    >>> sorted(str(c) for c in r.components)
    ['{v = 0; w = 0}', '{v = 1/w; w ≠ 0; free: w}']
    """
    eqs = [sympy.sympify(e) for e in equations]
    unknowns = list(unknowns)
    for u in unknowns:
        if not isinstance(u, sympy.Symbol):
            raise InvalidArgument(f"unknown {u!r} is not a SymPy Symbol")
    extra = set().union(*[e.free_symbols for e in eqs]) - set(unknowns) if eqs else set()
    if extra:
        raise InvalidArgument(
            f"equations contain symbols {sorted(map(str, extra))} that are not unknowns; "
            "list every abstract quantity (loss values, hyperparameters) as an unknown "
            "so its cases are not silently assumed generic")
    t0 = time.perf_counter()
    d = Derivation(title=title)
    work, subs_map, back = _exp_substitution(eqs, unknowns)
    s_unknowns = [subs_map.get(x, x) for x in unknowns]
    for x, u in subs_map.items():
        d.text(f"Substitute ${sympy.latex(u)} = e^{{{sympy.latex(x)}}}$, "
               f"so ${sympy.latex(u)} > 0$; the system becomes polynomial in ${sympy.latex(u)}$.")
    for e0, e1 in zip(eqs, work):
        if e0 != e1:
            d.step(f"substitution ${sympy.latex(list(subs_map.values())[0])} = e^{{{sympy.latex(list(subs_map)[0])}}}$", e0, e1,
                   check=lambda a=e0, b=e1, m=dict(subs_map): provably_zero(
                       a - b.subs({u: sympy.exp(x) for x, u in m.items()})))
    solver = _Solver(s_unknowns, budget)
    try:
        with time_budget(budget, what="critical-point solve"):
            solver.run(work, {}, [], list(nonzero), (), d)
    except BudgetExceeded as exc:
        solver.open.append(OpenBranch(tuple(work), {}, f"budget exhausted ({exc}); "
                                      "branches not finished are undecided", ("budget",)))
        d.text(r"\textbf{Open}: the time budget ran out before every branch was decided.")
    comps = _dedupe([_map_back(c, back) for c in solver.components])
    verified, opened = [], list(solver.open)
    for c in comps:
        left = None if budget is None else max(budget - (time.perf_counter() - t0), 5.0)
        try:
            with time_budget(left, what="component re-check"):
                ok = verify_component(eqs, c)
            why = "component failed its exact re-check"
        except BudgetExceeded:
            ok, why = False, "component could not be re-checked within the budget"
        if ok:
            verified.append(c)
        else:
            opened.append(OpenBranch(tuple(c.equations), dict(c.solution), why, c.branch))
    for c in verified:
        d.step("component satisfies every equation", [e for e in eqs], "0",
               relation="on " + str(c),
               check=lambda c=c, E=tuple(eqs): verify_component(E, c))
    return SolveResult(tuple(unknowns), tuple(eqs), verified, opened, solver.closed, d,
                       time.perf_counter() - t0)

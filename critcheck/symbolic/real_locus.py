"""Real dimension of a critical component: its real points, not its complex ones.

A solution component of ``∇f = 0`` (:class:`~critcheck.symbolic.solve.Component`)
is described by polynomial equations; its *complex* dimension can exceed the
dimension of its real points. ``x² + y² = 0`` is a complex curve (two
conjugate lines) whose only real point is the origin; ``x² + y² + z² = 0`` a
complex surface with one real point; the cone ``x² + y² − z² = 0`` and the
circle ``x² + y² − 1 = 0`` keep their full dimension over the reals.
:func:`real_locus` decides the real dimension, exactly, or says it could not:

* **lower bound, smooth real point** — a real point ``p`` of ``V(g_1..g_c)``
  (``c`` the codimension, the ``g_i`` a complete intersection, so every
  component through ``p`` has dimension ``d = k − c``) where ``∂g/∂y`` (``y``:
  ``c`` of the coordinates) is invertible. By the implicit function theorem
  the real points near ``p`` form a ``d``-dimensional real manifold, so the
  real dimension is ``d`` (Bochnak, Coste, Roy, *Real Algebraic Geometry*,
  Prop. 3.3.10 and Sec. 2.8). ``p`` is found exactly: rational values for the
  ``d`` other coordinates, the fibre solved by
  :func:`~critcheck.symbolic.solve.solve_system`, a simple real root checked
  exactly (Sturm counts for one equation, the Jacobian's minimal polynomial
  otherwise).
* **upper bound, sums of squares** — if an equation of the component equals
  ``Σ w_i l_i²`` with rational ``w_i > 0`` (an exact identity found by an
  exact ``LDLᵀ`` of a Gram matrix), every real point satisfies ``l_i = 0``;
  the component's real points are those of the larger system, solved again
  (Bochnak, Coste, Roy, Sec. 4.1: the real radical contains the ``l_i``).
* **zero-dimensional** systems: the real points themselves, exact.

Anything else is *undecided* (``real_dimension is None``), reported as
"real dimension undecided (complex dimension d)", never as a ``d``-dim set.

The loss is constant on every irreducible complex component of the critical
variety (its differential vanishes there), so the values the loss takes on
the real points of a component are finitely many; :func:`attains_value`
decides whether a given value is taken at a real point (used for "the lower
bound is attained").
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Sequence

import sympy

from ..budget import check_budget
from ..errors import BudgetExceeded
from .inertia import exact_sign
from .nonzero import violates_assumptions
from .solve import Component, solve_system

__all__ = ["RealLocus", "real_locus", "complex_dimension", "square_terms", "attains_value"]

_SAMPLES = (0, 1, -1, 2, sympy.Rational(1, 2), -2, 3, sympy.Rational(-1, 3), 5)


@dataclasses.dataclass(frozen=True)
class RealLocus:
    """The real points of a component.

    Attributes
    ----------
    complex_dimension : int
        dimension of the component over ``C`` (exact).
    real_dimension : int or None
        dimension of its real points; ``-1`` when it has none; ``None`` undecided.
    points : tuple of Component
        the real points (each a point component), when ``real_dimension == 0``.
    parts : tuple of (Component, RealLocus)
        when the real points were found on a smaller system: components with
        the same real points as the whole (each of full real dimension or a point).
    reason : str
        the argument that decided it (or why it is undecided).
    """

    complex_dimension: int
    real_dimension: int | None
    points: tuple = ()
    reason: str = ""
    parts: tuple = ()

    @property
    def decided(self) -> bool:
        return self.real_dimension is not None

    def label(self) -> str:
        """Short text: ``"2-dim set"``, ``"1 real point (complex dimension 1)"``, ..."""
        d, r = self.complex_dimension, self.real_dimension
        if r is None:
            return f"set of undecided real dimension (complex dimension {d})"
        if r < 0:
            return f"no real point (complex dimension {d})"
        if r == 0 and d > 0:
            return f"{len(self.points)} real point(s) (complex dimension {d})"
        if r == 0:
            return "point"
        return f"{r}-dim set" + ("" if r == d else f" (complex dimension {d})")


# ---------------------------------------------------------------------------
# complex dimension

def _leading_exponents(polys, gens) -> list | None:
    G = sympy.groebner(polys, *gens, order="grevlex", domain="QQ")
    if list(G.exprs) == [1]:
        return None
    return [sympy.Poly(g, *gens).monoms(order="grevlex")[0] for g in G.exprs]


def complex_dimension(polys, gens) -> int:
    """Dimension of ``V(polys) ⊂ C^k`` (``-1`` when empty), from a Gröbner basis.

    The largest set ``S`` of variables such that no leading monomial of a
    grevlex Gröbner basis lies in ``Q[S]`` (Cox, Little, O'Shea, *Ideals,
    Varieties, and Algorithms*, Ch. 9 §1, Prop. 3 and Thm. 8).
    """
    gens = list(gens)
    polys = [p for p in polys if sympy.expand(p) != 0]
    if not polys:
        return len(gens)
    lms = _leading_exponents(polys, gens)
    if lms is None:
        return -1
    return len(_independent_set(lms, len(gens)))


def _independent_set(lms, k) -> tuple:
    for size in range(k, -1, -1):
        for S in itertools.combinations(range(k), size):
            if not any(all(e == 0 for i, e in enumerate(m) if i not in S) for m in lms):
                return S
    return ()  # pragma: no cover - the empty set is always independent


# ---------------------------------------------------------------------------
# sums of squares

def square_terms(g, gens, max_basis: int = 30):
    """``[(w_i, l_i)]`` with ``g = ± Σ w_i l_i²``, ``w_i > 0`` rational, exactly; or None.

    The Gram matrix of ``g`` in the monomials of half its degree, each
    coefficient shared equally among the pairs of monomials that produce it,
    is factored by an exact ``LDLᵀ`` over ``Q``; the identity is re-checked by
    expansion before it is returned. A sufficient test only: None proves
    nothing.
    """
    try:
        P = sympy.Poly(g, *gens, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if P.is_zero or P.total_degree() % 2:
        return None
    for sign in (1, -1):
        out = _gram_squares(sign * P, gens, max_basis)
        if out:
            total = sum((w * l ** 2 for w, l in out), sympy.Integer(0))
            if sympy.expand(sign * P.as_expr() - total) == 0:
                return out
    return None


def _gram_squares(P, gens, max_basis):
    terms = dict(P.terms())
    half = [tuple(e // 2 for e in m) for m in terms if all(e % 2 == 0 for e in m)]
    if not half:
        return None
    top = P.total_degree() // 2
    bound = [max(m[i] for m in half) for i in range(len(gens))]
    basis = [b for b in itertools.product(*[range(x + 1) for x in bound]) if sum(b) <= top]
    if len(basis) > max_basis:
        return None
    pairs: dict = {}
    for i, a in enumerate(basis):
        for j, b in enumerate(basis):
            pairs.setdefault(tuple(x + y for x, y in zip(a, b)), []).append((i, j))
    if any(m not in pairs for m in terms):
        return None
    n = len(basis)
    Q = [[sympy.Rational(0)] * n for _ in range(n)]
    for m, ps in pairs.items():
        c = sympy.Rational(terms.get(m, 0))
        for i, j in ps:
            Q[i][j] += c / len(ps)
    mons = [sympy.Mul(*[x ** e for x, e in zip(gens, b)]) for b in basis]
    out = []
    for k in range(n):  # LDLᵀ with the diagonal pivot k; a zero pivot needs a zero column
        d = Q[k][k]
        if d < 0:
            return None
        if d == 0:
            if any(Q[k][j] != 0 for j in range(k + 1, n)):
                return None
            continue
        lin = sum((Q[k][j] / d * mons[j] for j in range(k, n)), sympy.Integer(0))
        out.append((d, sympy.expand(lin)))
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                Q[i][j] -= Q[i][k] * Q[k][j] / d
    return out


# ---------------------------------------------------------------------------
# the real locus

_ENTIRE = (sympy.exp, sympy.tanh, sympy.sinh, sympy.cosh, sympy.sin, sympy.cos, sympy.atan)


def _real_analytic_at(expr, pt) -> bool:
    """``expr`` is real-valued and real-analytic on a neighbourhood of ``pt``.

    Sufficient syntactic test, decided exactly at ``pt``: real constants,
    sums, products, integer powers with a base nonzero at ``pt`` when the
    power is negative, other powers with a base positive at ``pt``, ``log``
    of something positive at ``pt``, and entire real functions (``exp``,
    ``tanh``, ...) of such expressions. Strict signs at ``pt`` persist nearby.
    """
    expr = sympy.sympify(expr)
    if expr.is_Symbol:
        return expr in pt
    if expr.is_Number or expr.is_NumberSymbol:
        return expr.is_real is True
    if not expr.free_symbols:
        return expr.is_real is True
    if expr.is_Add or expr.is_Mul:
        return all(_real_analytic_at(a, pt) for a in expr.args)
    if expr.is_Pow:
        b, e = expr.args
        if not (_real_analytic_at(b, pt) and _real_analytic_at(e, pt)):
            return False
        if e.is_Integer and e >= 0:
            return True
        sb = exact_sign(b.subs(pt))
        return sb is not None and (sb != 0 if e.is_Integer else sb > 0)
    if isinstance(expr, sympy.log):
        (arg,) = expr.args
        return _real_analytic_at(arg, pt) and exact_sign(arg.subs(pt)) == 1
    if isinstance(expr, _ENTIRE):
        return all(_real_analytic_at(a, pt) for a in expr.args)
    return False


def _strict(cond, pt) -> bool | None:
    """The condition holds at ``pt`` with a strict margin (so also near ``pt``)."""
    if not isinstance(cond, sympy.core.relational.Relational):
        return None
    val = sympy.sympify(cond.lhs - cond.rhs).subs(pt)
    s = exact_sign(val)
    if s is None:
        return None
    if isinstance(cond, sympy.Ne):
        return s != 0
    if isinstance(cond, (sympy.StrictGreaterThan, sympy.GreaterThan)):
        return s > 0
    if isinstance(cond, (sympy.StrictLessThan, sympy.LessThan)):
        return s < 0
    return None


def _sample_ok(x, q) -> bool:
    a = x.assumptions0
    if a.get("positive") or a.get("nonnegative"):
        return q > 0
    if a.get("negative") or a.get("nonpositive"):
        return q < 0
    if a.get("nonzero"):
        return q != 0
    return True


def _strictly_in_domain(sym, val) -> bool:
    """``val`` meets the sign assumptions of ``sym`` with a margin (open conditions)."""
    a = sym.assumptions0
    want = (1 if a.get("positive") or a.get("nonnegative") else
            -1 if a.get("negative") or a.get("nonpositive") else None)
    if want is None and not a.get("nonzero"):
        return True
    s = exact_sign(val)
    return s is not None and (s == want if want is not None else s != 0)


def _real_point_ok(comp: Component, pt: dict) -> bool | None:
    """Every coordinate real and defined at ``pt``, every condition (and every sign
    assumption of an unknown) strictly true there."""
    for sym, val in pt.items():
        if not _strictly_in_domain(sym, val):
            return None
    for k, v in comp.solution.items():
        if not _real_analytic_at(v, pt):
            return None
        val = sympy.sympify(v).subs(pt)
        if sympy.sympify(v).free_symbols & set(comp.free):
            if not _strictly_in_domain(k, val):   # must hold near pt too
                return None
        elif violates_assumptions(k, val) is not False:  # a constant: in the domain suffices
            return None
    for c in comp.conditions:
        ok = _strict(c, pt)
        if not ok:
            return ok
    return True


def real_locus(comp: Component, depth: int = 0) -> RealLocus:
    """The real dimension of ``comp`` (see the module docstring), exactly or undecided.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> r = real_locus(Component({}, (x, y), (x**2 + y**2,)))
    >>> (r.complex_dimension, r.real_dimension, [p.coordinates((x, y)) for p in r.points])
    (1, 0, [(0, 0)])
    """
    check_budget("real dimension")
    free = tuple(comp.free)
    if not free:
        vals = [sympy.sympify(v) for v in comp.solution.values()]
        if all(v.is_real is True for v in vals):
            return RealLocus(0, 0, (comp,), "a point with real coordinates")
        if any(v.is_real is False for v in vals):
            return RealLocus(0, -1, (), "a coordinate is not real")
        return RealLocus(0, None, (), "a coordinate not decided to be real")
    if not comp.equations:
        return _explicit(comp)
    return _implicit(comp, depth)


def _explicit(comp: Component) -> RealLocus:
    free = tuple(comp.free)
    k = len(free)
    for qs in itertools.islice(itertools.product(_SAMPLES[1:], repeat=k), 200):
        pt = dict(zip(free, qs))
        if not all(_sample_ok(x, q) for x, q in pt.items()):
            continue
        if _real_point_ok(comp, pt):
            return RealLocus(k, k, (), "real-analytic real parametrisation by the free "
                                       "unknowns, every condition strict at " + _show(pt))
    return RealLocus(k, None, (), f"no sample of the {k} free unknowns met every condition "
                                  "strictly")


def _show(pt: dict) -> str:
    return "(" + ", ".join(f"{k} = {v}" for k, v in pt.items()) + ")"


def _implicit(comp: Component, depth: int) -> RealLocus:
    free = list(comp.free)
    eqs = [sympy.fraction(sympy.together(sympy.sympify(e)))[0] for e in comp.equations]
    eqs = [sympy.expand(e) for e in eqs if sympy.expand(e) != 0]
    try:
        # the square-free part has the same zeros; without it no point is smooth
        eqs = [sympy.expand(sympy.sqf_part(e, *free)) for e in eqs]
        d = complex_dimension(eqs, free)
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.polys.polyerrors.DomainError):
        return RealLocus(max(len(free) - len(eqs), 0), None, (),
                         "equations are not polynomials over Q")
    if d < 0:
        return RealLocus(-1, -1, (), "the equations have no common complex zero")
    if d == 0:
        return _points(comp, eqs, free, 0, "zero-dimensional: its real points solved exactly")
    smooth = _smooth_point(comp, eqs, free, d)
    if smooth is not None:
        return RealLocus(d, d, (), smooth)
    if depth < 3 and len(eqs) > 1:
        by_primes = _by_primes(comp, eqs, free, d, depth)
        if by_primes is not None:
            return by_primes
    if depth < 3:
        for e in eqs:
            sq = square_terms(e, free)
            if not sq:
                continue
            extra = [l for _, l in sq]
            G = sympy.groebner(eqs, *free, order="grevlex", domain="QQ")
            if all(G.reduce(l)[1] == 0 for l in extra):
                continue  # already in the ideal: no progress
            why = (f"{e} = " + " + ".join(f"{w}*({l})**2" for w, l in sq)
                   + ": every real point has " + ", ".join(f"{l} = 0" for l in extra))
            return _points(comp, eqs + extra, free, d, why, depth)
    return RealLocus(d, None, (), "no smooth real point found and no sum of squares among "
                                  "the equations")


def minimal_primes(eqs, free) -> list | None:
    """The minimal associated primes of ``⟨eqs⟩`` over ``Q`` (Singular's ``minAssGTZ``).

    Untrusted: each prime is used only to *find* a smooth real point, and the
    argument then re-checks that the point lies on the component; None when
    Singular is not installed or fails.
    """
    import subprocess

    from .engine_msolve import integer_polys
    from .engine_singular import run_script, singular_binary

    binary = singular_binary()
    if binary is None:
        return None
    names = [f"v{i}" for i in range(len(free))]
    ren = dict(zip(free, sympy.symbols(names)))
    polys = integer_polys([sympy.expand(e.subs(ren, simultaneous=True)) for e in eqs],
                          list(ren.values()))
    script = ('LIB "primdec.lib";\n'
              f"ring r = 0, ({','.join(names)}), dp;\n"
              f"ideal i = {', '.join(polys)};\n"
              "list L = minAssGTZ(i);\nint k; int j;\n"
              "for (k = 1; k <= size(L); k++) { for (j = 1; j <= ncols(L[k]); j++) "
              '{ print("P " + string(k) + " " + string(L[k][j])); } }\n'
              'print("END");\nquit;\n')
    try:
        proc = run_script(binary, script, 20, "critcheck-primes-")
    except (subprocess.TimeoutExpired, OSError):
        return None
    lines = proc.stdout.splitlines()
    if proc.returncode != 0 or "END" not in lines:
        return None
    back = {sympy.Symbol(n): f for n, f in zip(names, free)}
    primes: dict = {}
    for ln in lines:
        if ln.startswith("P "):
            _, k, text = ln.split(" ", 2)
            poly = sympy.sympify(text.replace("^", "**"), locals={n: sympy.Symbol(n)
                                                                  for n in names})
            primes.setdefault(int(k), []).append(sympy.expand(poly.subs(back, simultaneous=True)))
    return list(primes.values())


def _by_primes(comp, eqs, free, d, depth) -> RealLocus | None:
    """Real dimension ``d`` from one minimal prime of dimension ``d`` with a smooth real point.

    ``V(P) ⊆ V(eqs)`` is re-checked (every Gröbner basis element of the
    equations reduces to 0 modulo ``P``), so the real points of ``V(P)`` near the
    point are real points of the component: real dimension ``≥ d``, hence ``= d``.
    Nothing depends on Singular having found *every* prime.
    """
    primes = minimal_primes(eqs, free)
    if not primes:
        return None
    G = sympy.groebner(eqs, *free, order="grevlex", domain="QQ")
    for P in primes:
        if complex_dimension(P, free) != d:
            continue
        H = sympy.groebner(P, *free, order="grevlex", domain="QQ")
        if not all(H.reduce(e)[1] == 0 for e in G.exprs):
            continue
        sub = Component(dict(comp.solution), tuple(free), tuple(P), tuple(comp.conditions),
                        comp.branch)
        why = _smooth_point(sub, list(P), free, d, prime=True)
        if why is not None:
            return RealLocus(d, d, (), "a minimal prime of the equations (Singular; re-checked "
                                       "to contain them): " + why)
    return None


def _points(comp, eqs, free, d, why, depth: int = 0) -> RealLocus:
    """Real locus of ``comp`` with ``eqs`` (same real points) by the exact case analysis."""
    res = solve_system(eqs, free, budget=None)
    if not res.complete:
        return RealLocus(d, None, (), why + "; the smaller system was not solved completely")
    parts = []
    for sub in res.components:
        sol = {k: sympy.sympify(v).subs(sub.solution) for k, v in comp.solution.items()}
        sol.update(sub.solution)
        conds = []
        for c in comp.conditions:
            cv = c.subs(sub.solution)
            if cv is sympy.false:
                break
            if cv is not sympy.true:
                conds.append(cv)
        else:
            conds += list(sub.conditions)
            part = Component(sol, sub.free, sub.equations, tuple(conds), comp.branch + sub.branch)
            parts.append((part, real_locus(part, depth + 1)))
    if any(p.real_dimension is None for _, p in parts):
        known = max([p.real_dimension for _, p in parts if p.decided] + [-1])
        if known < max(p.complex_dimension for _, p in parts if not p.decided):
            return RealLocus(d, None, (), why + "; a part of it is undecided")
    r = max([p.real_dimension for _, p in parts if p.decided] + [-1])
    pts = tuple(q for _, p in parts if p.real_dimension == 0 for q in p.points) if r == 0 else ()
    flat = []
    for c, p in parts:
        if p.real_dimension is None or p.real_dimension < 0:
            continue
        if p.parts:
            flat += list(p.parts)
        elif p.real_dimension == 0 and c.free:
            flat += [(q, RealLocus(0, 0, (q,), p.reason)) for q in p.points]
        else:
            flat.append((c, p))
    if any(p.real_dimension is None for _, p in parts):
        flat = []
    return RealLocus(d, r, _dedupe_points(pts), why, tuple(flat))


def _dedupe_points(pts) -> tuple:
    out = []
    for p in pts:
        if not any(all(sympy.simplify(sympy.sympify(p.solution[k]) - q.solution.get(k)) == 0
                       for k in p.solution) and set(p.solution) == set(q.solution) for q in out):
            out.append(p)
    return tuple(out)


def _smooth_point(comp, eqs, free, d, prime: bool = False) -> str | None:
    """A real point of ``comp`` where ``c = k − d`` of the equations have an invertible
    Jacobian in ``c`` coordinates; the text of the argument, or None.

    The equations must cut out a set all of whose components have dimension
    ``d``: a complete intersection (``c`` equations generating the ideal), or,
    with ``prime=True``, the generators of a prime ideal over ``Q`` (its
    conjugate components all have its dimension).
    """
    k = len(free)
    c = k - d
    subsets = [list(eqs)] if prime else _complete_intersections(eqs, free, c)
    for sub in subsets:
        lms = _leading_exponents(sub, free)
        S = _independent_set(lms, k)
        ys = [free[i] for i in range(k) if i not in S]
        xs = [free[i] for i in S]
        J = sympy.Matrix([[sympy.diff(g, y) for y in ys] for g in sub])
        for qs in itertools.islice(itertools.product(_SAMPLES, repeat=d), 60):
            check_budget("real dimension")
            pt0 = dict(zip(xs, qs))
            if not all(_sample_ok(x, q) for x, q in pt0.items()):
                continue
            fibre = [sympy.expand(g.subs(pt0)) for g in sub]
            if any(f.is_number and f != 0 for f in fibre):
                continue
            if c == 1 and len(sub) == 1:
                cands = _simple_real_roots(fibre[0], ys[0])
            else:
                res = solve_system(fibre, ys, budget=10.0)
                cands = [dict(s.solution) for s in res.components if s.is_point]
            for root in cands:
                pt = dict(pt0)
                pt.update(root)
                if not all(sympy.sympify(v).is_real is True for v in pt.values()):
                    continue
                if any(not _is_zero_exact(e.subs(pt)) for e in eqs):
                    continue
                if len(sub) > 1 and not _full_rank_at(J, pt, c):
                    continue
                if _real_point_ok(comp, pt) is not True:
                    continue
                return (f"smooth real point {_show(pt)}: the Jacobian of "
                        f"{', '.join(map(str, sub))} in {', '.join(map(str, ys))} is invertible "
                        f"there and the equations cut out a set whose components all have "
                        f"dimension {d} ({'a prime ideal' if prime else 'complete intersection'}"
                        "), so the real points near it form a "
                        f"{d}-dimensional manifold (implicit function theorem)")
    return None


def _full_rank_at(J, pt, c) -> bool:
    """Some ``c × c`` minor of ``J`` (rows: equations) is nonzero at ``pt``, exactly."""
    Jp = J.subs(pt)
    for rows in itertools.islice(itertools.combinations(range(J.rows), c), 30):
        if _nonzero_exact(sympy.expand(Jp.extract(list(rows), list(range(c))).det())):
            return True
    return False


def _complete_intersections(eqs, free, c, limit: int = 20):
    """Subsets of ``c`` equations generating the same ideal as ``eqs`` (at most ``limit``)."""
    if len(eqs) == c:
        yield eqs
        return
    G = sympy.groebner(eqs, *free, order="grevlex", domain="QQ")
    for sub in itertools.islice(itertools.combinations(sorted(eqs, key=sympy.count_ops), c),
                                limit):
        H = sympy.groebner(list(sub), *free, order="grevlex", domain="QQ")
        if all(H.reduce(e)[1] == 0 for e in eqs) and all(G.reduce(e)[1] == 0 for e in sub):
            yield list(sub)
            return


def _simple_real_roots(f, y) -> list:
    """Real roots of ``f(y)`` (over Q) that are not roots of ``f'``: exact (at most 8).

    The irreducible factors ``F`` of ``f`` that do not divide ``gcd(f, f')``
    have only simple roots; one with a real root (Sturm count) gives it.
    """
    try:
        P = sympy.Poly(f, y, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return []
    if P.degree() < 1:
        return []
    g = sympy.gcd(P, P.diff(y))
    factors = sorted((F for F, _ in P.factor_list()[1]), key=lambda F: F.degree())
    out = []
    for F in factors:
        if sympy.rem(g, F).is_zero or F.count_roots() == 0:
            continue
        out += [{y: r} for r in F.real_roots()]
    return out[:8]


def _is_zero_exact(v) -> bool:
    v = sympy.sympify(v)
    if v == 0:
        return True
    if v.free_symbols:
        return False
    return exact_sign(v) == 0 or sympy.minimal_polynomial(v, sympy.Dummy("m")).is_Symbol


def _nonzero_exact(v) -> bool:
    """``v`` (an algebraic number) is not 0: its minimal polynomial is not ``m``."""
    v = sympy.sympify(v)
    if v.free_symbols:
        return False
    if v.is_Rational:
        return v != 0
    try:
        m = sympy.Dummy("m")
        return sympy.minimal_polynomial(v, m) != m
    except BudgetExceeded:
        raise
    except Exception:  # noqa: BLE001 - undecided is "not proved nonzero"
        return False


# ---------------------------------------------------------------------------
# values on the real points

def attains_value(comp: Component, loss, value, variables: Sequence) -> bool | None:
    """Does ``loss`` take ``value`` at a real point of ``comp``? True, False, or None.

    False is proved when ``loss − value`` restricted to ``comp`` has no common
    complex zero with its equations (the Gröbner basis of the equations and
    the restricted numerator is ``{1}``) or the augmented component has no real
    point; True when the augmented component has a real point (exactly
    found).
    """
    check_budget("attainment")
    free = list(comp.free)
    restricted = sympy.together(sympy.sympify(loss).subs(comp.solution) - value)
    num = sympy.expand(sympy.fraction(restricted)[0])
    if num == 0:
        loc = real_locus(comp)
        return None if loc.real_dimension is None else loc.real_dimension >= 0
    if not free or not num.free_symbols:
        if not num.free_symbols:
            s = exact_sign(num)
            return None if s is None else (False if s != 0 else None)
        return None
    aug = Component(dict(comp.solution), tuple(free), tuple(comp.equations) + (num,),
                    tuple(comp.conditions), comp.branch)
    loc = real_locus(aug)
    if loc.real_dimension is None:
        return None
    return loc.real_dimension >= 0


def lower_bound_attained(cs, bound) -> bool | None:
    """Is the exact lower ``bound`` of ``cs.loss`` taken at a real critical point?

    True as soon as one component takes it at a real point (exactly found);
    False only when the case analysis is complete and every component is shown
    not to take it (a constant other value, or :func:`attains_value` False):
    then, since a minimiser of a differentiable loss is a critical point, the
    bound is not attained anywhere. None otherwise.
    """
    cache = getattr(cs, "_bound_attained", None)
    if cache is None:
        cache = {}
        try:
            cs._bound_attained = cache
        except AttributeError:  # pragma: no cover - frozen containers
            pass
    key = sympy.srepr(sympy.sympify(bound))
    if key not in cache:
        cache[key] = _lower_bound_attained(cs, bound)
    return cache[key]


def _lower_bound_attained(cs, bound) -> bool | None:
    from .classify import value_on

    verdicts = []
    for c in cs.solve.components:
        v = value_on(c.value(cs.loss), c)
        if not v.free_symbols:
            s = exact_sign(v - bound)
            if s is None:
                verdicts.append(None)
                continue
            if s != 0:
                verdicts.append(False)
                continue
        verdicts.append(attains_value(c, cs.loss, bound, cs.variables))
        if verdicts[-1] is True:
            return True
    if cs.solve.complete and all(v is False for v in verdicts):
        return False
    return None

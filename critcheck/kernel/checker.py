"""The checker: (statement, certificate) -> accepted, or rejected with the rule.

Everything here is recomputed from the statement's loss: the gradient and
Hessian are the kernel's own derivatives; points are substituted exactly;
series are the kernel's own expansions. Nothing supplied by the code that
produced the certificate is called. See KERNEL.md and ``docs/kernel.md``.
"""

from __future__ import annotations

import dataclasses
import time

import sympy

from . import algebraic, casetree, interval
from .algebra import Facts, denominator, identical, is_zero
from .errors import Rejected
from .exprs import rational
from .statement import Point, Statement

__all__ = ["check", "Judgement"]


@dataclasses.dataclass(frozen=True)
class Judgement:
    """The kernel's answer."""

    accepted: bool
    rule: str = ""
    reason: str = ""
    facts: dict = dataclasses.field(default_factory=dict)
    seconds: float = 0  # wall time of the check (reporting only)

    def __bool__(self) -> bool:
        return self.accepted


def check(statement, certificate, deadline: float | None = None) -> Judgement:
    """Check ``certificate`` for ``statement`` (objects or their JSON data).

    ``deadline`` (a ``time.monotonic()`` value) bounds the work: a check that
    runs past it is rejected ("budget").
    """
    t0 = time.monotonic()
    try:
        st = statement if isinstance(statement, Statement) else Statement.from_data(statement)
        if not isinstance(certificate, dict):
            raise Rejected("certificate", "a certificate must be a JSON object")

        def budget():
            if deadline is not None and time.monotonic() > deadline:
                raise Rejected("budget", "the kernel ran past the claim's time budget")

        facts = _KINDS[st.kind](st, certificate, budget)
        return Judgement(True, facts=facts or {}, seconds=time.monotonic() - t0)
    except Rejected as exc:
        return Judgement(False, exc.rule, exc.why, seconds=time.monotonic() - t0)
    except RecursionError:
        return Judgement(False, "certificate", "expression too deep", seconds=time.monotonic() - t0)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ZeroDivisionError) as exc:
        return Judgement(False, "certificate", f"malformed certificate: {type(exc).__name__}: {exc}",
                         seconds=time.monotonic() - t0)


# -- shared pieces ------------------------------------------------------------
def _gradient(st: Statement):
    f = st.f()
    return f, [sympy.diff(f, v) for v in st.vars()]


def _reader(st: Statement, extra=None):
    return lambda text: st.expr(text, extra)


def _subs_point(e, p: Point, st: Statement):
    syms = st.symbols()
    rep = {syms[k]: v for k, v in p.coords.items()}
    if all(getattr(v, "is_Number", False) for v in rep.values()):
        # exact numbers for symbols: a plain replacement of the leaves (the nodes evaluate as
        # they are rebuilt), as simultaneous subs would give, without its dummy symbols and
        # repeated pattern matching (about 10x faster on Hessians of products)
        return sympy.sympify(e).xreplace(rep)
    return e.subs(rep, simultaneous=True)


def _no_free_params(st: Statement, p: Point):
    free = [n for n in st.parameters if n not in p.coords]
    if free:
        raise Rejected("point", f"parameters {free} have no value at the point")


def _check_domain(st: Statement, p: Point):
    """The point satisfies the statement's assumptions (it lies in the domain)."""
    for e, rel in st.facts():
        s = _sign_at(_subs_point(e, p, st), p)
        ok = {">0": s > 0, ">=0": s >= 0, "!=0": s != 0}[rel]
        if not ok:
            raise Rejected("point", f"the point violates the assumption {e} {rel[:-1]} 0")


def _sign_at(value, p: Point) -> int:
    """Exact sign of an expression evaluated at a point (rational or algebraic)."""
    value = sympy.sympify(value)
    if p.poly is None or not value.has(algebraic.T):
        if value.free_symbols:
            raise Rejected("evaluation", f"{value} still has free symbols {value.free_symbols}")
        return interval.constant_sign(value)
    num, den = sympy.fraction(sympy.together(value))
    alpha = algebraic.AlgebraicNumber(p.poly, p.interval)
    sd = alpha.sign(den)
    if sd == 0:
        raise Rejected("evaluation", "a denominator vanishes at the point")
    return alpha.sign(num) * sd


def _critical(st: Statement, p: Point, grad):
    """*algebraic evaluation*: every partial derivative vanishes exactly at p."""
    for v, g in zip(st.variables, grad):
        if _sign_at(_subs_point(g, p, st), p) != 0:
            raise Rejected("algebraic evaluation", f"d f/d {v} does not vanish at the point")


def _inertia_rational(M: sympy.Matrix):
    """*inertia*: (n+, n-, n0) of an exact rational symmetric matrix by LDL^T with pivoting."""
    A = [[sympy.Rational(x) for x in row] for row in M.tolist()]
    n = len(A)
    pos = neg = 0
    idx = list(range(n))
    while idx:
        i = next((i for i in idx if A[i][i] != 0), None)
        if i is not None:
            d = A[i][i]
            if d > 0:
                pos += 1
            else:
                neg += 1
            rest = [j for j in idx if j != i]
            for j in rest:
                for k in rest:
                    A[j][k] -= A[j][i] * A[i][k] / d
            idx = rest
            continue
        pair = next(((i, j) for i in idx for j in idx if i < j and A[i][j] != 0), None)
        if pair is None:
            break
        i, j = pair
        pos += 1
        neg += 1
        b = A[i][j]
        rest = [k for k in idx if k not in (i, j)]
        # eliminate the 2x2 block [[0, b], [b, 0]] (inverse [[0, 1/b], [1/b, 0]])
        for r in rest:
            for c in rest:
                A[r][c] -= (A[r][i] * A[j][c] + A[r][j] * A[i][c]) / b
        idx = rest
    return pos, neg, n - pos - neg


def _hessian_at(st, p, f):
    vs = st.vars()
    at = {v: p.coords.get(n) for v, n in zip(vs, st.variables)}
    if p.poly is None and all(getattr(c, "is_Rational", False) for c in at.values()) and (
            f.free_symbols <= set(vs) and f.is_polynomial(*vs)):
        P = sympy.Poly(f, *vs)
        if P.domain.is_ZZ or P.domain.is_QQ:   # over Q at a rational point: exact Poly derivatives
            D = [P.diff(v) for v in vs]
            return sympy.Matrix(len(vs), len(vs), lambda i, j: D[min(i, j)].diff(vs[max(i, j)]).eval(at))
    H = sympy.hessian(f, vs)
    return H.applyfunc(lambda e: _subs_point(e, p, st))


def _inertia_algebraic(H: sympy.Matrix, p: Point):
    """*inertia* over Q(alpha): symmetric LDL^T with diagonal pivots whose exact
    sign comes from *algebraic evaluation*; (n+, n-, n0), or None when every
    remaining diagonal entry is zero but the block is not (no 2x2 pivots here)."""
    A = [[sympy.cancel(sympy.sympify(x)) for x in row] for row in H.tolist()]
    n = len(A)
    pos = neg = 0
    idx = list(range(n))
    while idx:
        signs = {i: _sign_at(A[i][i], p) for i in idx}
        i = next((i for i in idx if signs[i] != 0), None)
        if i is None:
            if any(_sign_at(A[j][k], p) != 0 for j in idx for k in idx):
                return None
            break
        if signs[i] > 0:
            pos += 1
        else:
            neg += 1
        d = A[i][i]
        rest = [j for j in idx if j != i]
        for j in rest:
            for k in rest:
                A[j][k] = sympy.cancel(A[j][k] - A[j][i] * A[i][k] / d)
        idx = rest
    return pos, neg, n - pos - neg


def _strict_by_hessian(st, p, f, grad):
    _critical(st, p, grad)
    if p.poly is not None:
        inert = _inertia_algebraic(_hessian_at(st, p, f), p)
        if inert is None or inert[0] != len(st.variables):
            raise Rejected("inertia", f"the Hessian at the algebraic point has inertia {inert}, "
                                      "not positive definite")
        return {"inertia": list(inert)}
    H = _hessian_at(st, p, f)
    for e in H:
        if not sympy.sympify(e).is_Rational:
            raise Rejected("inertia", f"Hessian entry {e} is not rational at the point")
    ip, im, i0 = _inertia_rational(H)
    if ip != len(st.variables):
        raise Rejected("inertia", f"the Hessian has inertia (+{ip}, -{im}, 0:{i0}), not positive definite")
    return {"inertia": [ip, im, i0]}


def _box_sos(st, p, f, cert):
    """f - f(p) = sum w * prod(box constraints) * s^2 on a box around p (rational)."""
    if p.poly is not None:
        raise Rejected("local lower bound", "box certificates need a rational point")
    syms = st.symbols()
    boxes = cert["box"]
    cons = []
    for v in st.variables:
        a, b = (rational(x) for x in boxes[v])
        if not a < p.coords[v] < b:
            raise Rejected("local lower bound", f"{v}={p.coords[v]} is not inside ({a},{b})")
        cons += [syms[v] - a, b - syms[v]]
    total = sympy.Integer(0)
    for term in cert["terms"]:
        w = rational(term["weight"])
        if w < 0:
            raise Rejected("local lower bound", f"negative weight {w}")
        m = sympy.Mul(*[cons[int(i)] for i in term.get("multipliers", [])])
        total += w * m * st.expr(term["square"]) ** 2
    fp = _subs_point(f, p, st)
    if not identical(f - fp, total):
        raise Rejected("local lower bound", "f - f(p) differs from the certified sum")
    return {"box": {v: [str(x) for x in boxes[v]] for v in st.variables}}


def _expansion(delta, s, order):
    """The kernel's own expansion in s up to s^order: exact expansion for
    polynomials in s, SymPy's series otherwise."""
    if delta.is_polynomial(s):
        return sympy.expand(delta)
    return sympy.expand(sympy.series(delta, s, 0, order + 1).removeO())


def _read_curve(st, raw, where):
    """A curve gamma(s): every variable, polynomial in s, gamma(0) = 0."""
    s = sympy.Symbol("s", positive=True)
    curve = {k: st.expr(v, {"s": s}) for k, v in raw.items()}
    if set(curve) != set(st.variables):
        raise Rejected("curve witness", f"{where}the curve must give every variable")
    for k, g in curve.items():
        if not is_zero(g.subs(s, 0)) or denominator(g).has(s):
            raise Rejected("curve witness", f"{where}gamma_{k}(s) must be a polynomial in s with gamma(0) = 0")
    return s, curve


def _curve_witness(st, p, f, cert, sign=-1):
    """*curve witness*: the kernel's series of f(p + gamma(s)) - f(p) starts negative.

    ``p`` may be algebraic (coordinates polynomials in the root alpha of its
    ``poly``): each series coefficient is then a polynomial in alpha whose
    exact sign (zero included) comes from *algebraic evaluation*."""
    s, curve = _read_curve(st, cert["curve"], "")
    syms = st.symbols()
    order = int(cert.get("order", 8))
    if not 1 <= order <= 60:
        raise Rejected("curve witness", f"order {order} out of range")
    sub = {syms[k]: p.coords[k] + curve[k] for k in st.variables}
    sub.update({syms[k]: v for k, v in p.coords.items() if k in st.parameters})
    # a polynomial f: replacing the leaves gives the same expanded series as simultaneous subs
    moved = f.xreplace(sub) if f.is_polynomial(*st.vars()) else f.subs(sub, simultaneous=True)
    ser = _expansion(moved - _subs_point(f, p, st), s, order)
    for k in range(order + 1):
        c = ser.coeff(s, k)
        if p.poly is not None and c.has(algebraic.T):
            sgn = _sign_at(c, p)
        else:
            sgn = 0 if is_zero(c) else interval.constant_sign(c)
        if sgn == 0:
            continue
        if sgn == sign:
            return {"order": k, "coefficient": str(c)}
        raise Rejected("curve witness", f"the first non-zero term s^{k} has the wrong sign")
    raise Rejected("curve witness", f"every coefficient up to s^{order} vanishes")


def _family_witness(st, f, node, br, read):
    """*curve witness* at every point of a branch: with x the branch's point and
    gamma(s) a curve in s (coefficients may depend on x), the kernel's series of
    f(x + gamma(s)) - f(x) has coefficients of s^j, j < k, that vanish on the
    branch (combinations of its hypotheses) and a coefficient of s^k equal on
    the branch to an expression the sign rules show negative there."""
    s, curve = _read_curve(st, node["curve"], f"{br.path}: ")
    syms = st.symbols()
    k = int(node["power"])
    if not 1 <= k <= 60:
        raise Rejected("curve witness", f"power {k} out of range")
    delta = f.subs({syms[v]: syms[v] + curve[v] for v in st.variables}, simultaneous=True) - f
    ser = _expansion(delta, s, k)
    vanish = node.get("vanish", [])
    if len(vanish) != k:
        raise Rejected("curve witness", f"{br.path}: need {k} vanishing proofs for s^0..s^{k - 1}")
    for j in range(k):
        c = ser.coeff(s, j)
        if not is_zero(c):
            br.combination(c, vanish[j], read)
    lead = read(node["leading"])
    c = ser.coeff(s, k)
    br.combination(c - lead, node.get("leading_coeffs", {}), read)
    br.facts.prove(-lead, ">0", read(node["rewrite"]) if node.get("rewrite") else None)


def _local_min(st, p, f, grad, cert):
    m = cert.get("method")
    if m == "hessian":
        return _strict_by_hessian(st, p, f, grad)
    if m == "box_sos":
        return _box_sos(st, p, f, cert)
    raise Rejected("certificate", f"local-minimum method {m!r} is not 'hessian' or 'box_sos'")


def _value_diff_sign(st, f, q: Point, p: Point) -> int:
    fq, fp = _subs_point(f, q, st), _subs_point(f, p, st)
    if p.poly is not None and q.poly is not None:
        raise Rejected("evaluation", "comparing two algebraic points is not supported")
    pt = p if p.poly is not None else q
    return _sign_at(fp - fq, pt)


# -- kinds --------------------------------------------------------------------
def _k_tree(st, cert, budget, goal=None):
    f, grad = _gradient(st)
    read = _reader(st)
    facts = Facts(st.facts())

    def leaf(node, br):
        if "goal" not in node or goal is None:
            raise Rejected("case tree", f"{br.path}: a leaf here must be a contradiction")
        items = node["goal"]
        if len(items) != len(goal):
            raise Rejected("case tree", f"{br.path}: {len(items)} goal proofs for {len(goal)} goals")
        for g, item in zip(goal, items):
            br.combination(g, item["coeffs"], read)
        return 1

    n = casetree.walk(cert["tree"], grad, facts, read, leaf, budget=budget)
    return {"leaves": n}


def _every_critical(st, cert, budget):
    goal = [st.expr(g) for g in st.data["goal"]]
    return _k_tree(st, cert, budget, goal)


def _no_critical(st, cert, budget):
    return _k_tree(st, cert, budget, None)


def _critical_point(st, cert, budget):
    p = st.point()
    _no_free_params(st, p)
    _check_domain(st, p)
    _critical(st, p, _gradient(st)[1])
    if "violates" in st.data:
        # a counterexample to "every critical point satisfies g = 0 for all g"
        for g in st.data["violates"]:
            if _sign_at(_subs_point(st.expr(g), p, st), p) != 0:
                return {"violated": g}
        raise Rejected("evaluation", "every listed expression vanishes at the point")
    return {}


def _at_point(st):
    """The statement's point (in its domain), loss and gradient."""
    p = st.point()
    _check_domain(st, p)
    f, grad = _gradient(st)
    return p, f, grad


def _strict(st, cert, budget):
    p, f, grad = _at_point(st)
    _no_free_params(st, p)
    return _strict_by_hessian(st, p, f, grad)


def _local(st, cert, budget):
    p, f, grad = _at_point(st)
    return _local_min(st, p, f, grad, cert)


def _not_local(st, cert, budget):
    p, f, _ = _at_point(st)
    return _curve_witness(st, p, f, cert)


def _not_local_max(st, cert, budget):
    p, f, _ = _at_point(st)
    return _curve_witness(st, p, f, cert, sign=1)


def _less(st, cert, budget):
    q, p = st.point("q"), st.point("p")
    _check_domain(st, q)
    _check_domain(st, p)
    f = st.f()
    if _value_diff_sign(st, f, q, p) <= 0:
        raise Rejected("evaluation", "f(q) < f(p) is false")
    return {}


def _lower(st, cert, budget):
    f = st.f()
    c = st.expr(st.data["c"])
    facts = st.facts()
    total = sympy.Integer(0)
    for term in cert["terms"]:
        w = rational(term["weight"])
        if w < 0:
            raise Rejected("lower bound", f"negative weight {w}")
        mult = sympy.Integer(1)
        for i in term.get("multipliers", []):
            e, rel = facts[int(i)]
            if rel not in (">0", ">=0"):
                raise Rejected("lower bound", f"assumption {e} {rel} is not a sign")
            mult *= e
        total += w * mult * st.expr(term.get("square", "1")) ** 2
    if not identical(f - c, total):
        raise Rejected("lower bound", "f - c is not the certified weighted sum of squares")
    return {}


def _path(st, cert, budget):
    """f(gamma(t)) strictly decreasing for t > t0, ||gamma(t)|| -> oo, f(gamma(t)) -> limit."""
    t = sympy.Symbol("t", positive=True)
    u = sympy.Symbol("u", positive=True)
    syms = st.symbols()
    path = {k: st.expr(v, {"t": t}) for k, v in st.data["path"].items()}
    if set(path) != set(st.variables) | (set(path) & set(st.parameters)):
        raise Rejected("decreasing path", "the path must give every variable")
    t0 = rational(st.data["t0"])
    if t0 < 0:
        raise Rejected("decreasing path", "t0 must be >= 0")
    f = st.f()
    ft = f.subs({syms[k]: v for k, v in path.items()}, simultaneous=True)
    shift = {t: t0 + u}
    # strictly decreasing: -(d/dt) f(gamma(t)) > 0 for t = t0 + u, u > 0
    dec = -sympy.diff(ft, t).subs(shift)
    rw = st.expr(cert["decrease"], {"u": u}) if "decrease" in cert else None
    Facts([(u, ">0")]).prove(dec, ">0", rw)
    # the path leaves every bounded set: its squared norm -> oo
    norm2 = sum(v ** 2 for k, v in path.items() if k in st.variables)
    if sympy.limit(norm2, t, sympy.oo) is not sympy.oo:
        raise Rejected("decreasing path", "||gamma(t)|| does not tend to infinity")
    lim = sympy.limit(ft, t, sympy.oo)
    if not identical(lim, st.expr(st.data["limit"])):
        raise Rejected("decreasing path", f"f(gamma(t)) tends to {lim}, not {st.data['limit']}")
    out = {"limit": str(lim)}
    if st.data.get("infimum"):
        _lower(Statement("lower_bound", st.loss, st.variables, st.parameters, st.assumptions,
                         {"c": st.data["limit"]}), cert["lower_bound"], budget)
        out["infimum"] = True
    return out


def _suboptimal(st, cert, budget):
    p, q = st.point(), st.point("better")
    _check_domain(st, p)
    _check_domain(st, q)
    f, grad = _gradient(st)
    facts = _local_min(st, p, f, grad, cert["local_min"])
    if _value_diff_sign(st, f, q, p) <= 0:
        raise Rejected("evaluation", "f(better) < f(point) is false")
    return facts


_SMOOTH = (sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tanh, sympy.atan)


def _smooth_open(st, f):
    """Every local minimum is a critical point only where f is differentiable on an
    open domain: no fractional powers, no acos, no closed constraint on a variable."""
    for a in sympy.preorder_traversal(f):
        if isinstance(a, sympy.Pow) and not a.exp.is_Integer:
            raise Rejected("statement", f"{a} is not smooth everywhere on its domain")
        if isinstance(a, sympy.Function) and not isinstance(a, _SMOOTH) and \
                not isinstance(type(a), sympy.core.function.UndefinedFunction):
            raise Rejected("statement", f"{type(a).__name__} is not smooth everywhere on its domain")
    vs = set(st.vars())
    for e, rel in st.facts():
        if rel == ">=0" and e.free_symbols & vs:
            raise Rejected("statement", f"the assumption {e} >= 0 gives the variables a closed "
                                        "domain, where a local minimum need not be critical")


def _every_local_global(st, cert, budget):
    f, grad = _gradient(st)
    _smooth_open(st, f)
    read = _reader(st)
    cmin = st.expr(st.data["minimum"])
    _lower(Statement("lower_bound", st.loss, st.variables, st.parameters, st.assumptions,
                     {"c": st.data["minimum"]}), cert["lower_bound"], budget)
    syms = st.symbols()

    def leaf(node, br):
        kind = node.get("leaf")
        if kind == "global":
            br.combination(f - cmin, node["coeffs"], read)
            return 1
        if kind == "not_min_family":
            _family_witness(st, f, node, br, read)
            return 1
        if kind == "not_min":
            p = Point.parse(node["point"], syms)
            for v, coeffs in zip(st.variables, node["coeffs"]):
                br.combination(syms[v] - p.coords[v], coeffs, read)
            _curve_witness(st, p, f, node)
            return 1
        raise Rejected("case tree", f"{br.path}: leaf {kind!r} is not 'global' or 'not_min'")

    n = casetree.walk(cert["tree"], grad, Facts(st.facts()), read, leaf, budget=budget)
    return {"leaves": n}


def _inertia_kind(st, cert, budget):
    p = st.point()
    _check_domain(st, p)
    f, grad = _gradient(st)
    _critical(st, p, grad)
    if p.poly is not None:
        raise Rejected("inertia", "Hessian inertia is implemented for rational points only")
    H = _hessian_at(st, p, f)
    ip, im, i0 = _inertia_rational(H)
    want = [int(x) for x in st.data["inertia"]]
    if [ip, im, i0] != want:
        raise Rejected("inertia", f"the Hessian has inertia {[ip, im, i0]}, not {want}")
    return {"inertia": [ip, im, i0]}


def _symmetries(st, cert, f):
    """The certificate's variable permutations sigma, each checked to leave f unchanged.

    ``cert["symmetries"]``: a list of ``{name: name}`` maps (names not listed are fixed).
    Each must be a permutation of the statement's names sending variables to variables and
    parameters to parameters, with ``f(x_sigma) == f`` as expressions (SymPy's canonical form,
    no simplification) and the assumptions mapped onto themselves. Returns ``[(perm, subs)]``.
    """
    raw = cert.get("symmetries", [])
    if not isinstance(raw, list):
        raise Rejected("symmetry", "symmetries must be a list of {name: name} maps")
    syms = st.symbols()
    variables, names = set(st.variables), set(st.variables) | set(st.parameters)
    facts = {(sympy.expand(e), r) for e, r in st.facts()}
    out = []
    for m in raw:
        if not isinstance(m, dict) or not set(m) <= names or not set(m.values()) <= names:
            raise Rejected("symmetry", f"{m!r} is not a map between the statement's names")
        perm = {n: m.get(n, n) for n in names}
        if len(set(perm.values())) != len(perm):
            raise Rejected("symmetry", f"{m!r} is not a permutation")
        if any((a in variables) != (b in variables) for a, b in perm.items()):
            raise Rejected("symmetry", f"{m!r} exchanges a variable with a parameter")
        sub = {syms[a]: syms[b] for a, b in perm.items() if a != b}
        if f.xreplace(sub) != f:      # a renaming of leaves: xreplace is simultaneous
            raise Rejected("symmetry", f"the loss is not invariant under {m!r}")
        if {(sympy.expand(e.xreplace(sub)), r) for e, r in facts} != facts:
            raise Rejected("symmetry", f"the assumptions are not invariant under {m!r}")
        out.append((perm, sub))
    return out


def _gradient_equals(st, cert, budget):
    """*identity* per partial derivative, or its image under a symmetry of the loss.

    If ``f(P x) = f(x)`` for the variable permutation ``(P x)_i = x_sigma(i)`` (checked by
    :func:`_symmetries`) and ``d f/d x_u = g_u`` (checked), then differentiating
    ``f(x) = f(P x)`` gives ``d f/d x_sigma(u) (x) = g_u(P x)``; so the given
    ``g_sigma(u)`` needs no identity check of its own when it *is* ``g_u(P x)`` (the
    expression after substitution, compared as written). Any other derivative is checked.
    """
    f, n = st.f(), len(st.variables)     # derivatives taken only where an identity is checked
    given = [st.expr(g) for g in st.data["gradient"]]
    if len(given) != n:
        raise Rejected("identity", f"{len(given)} partial derivatives given for {n} variables")
    sym = _symmetries(st, cert, f)
    idx = {v: i for i, v in enumerate(st.variables)}
    how: dict = {}
    for v in st.variables:
        if v in how:
            continue
        budget()
        if not identical(d := sympy.diff(f, st.vars()[idx[v]]), given[idx[v]]):
            raise Rejected("identity", f"d f/d {v} = {d}, not {given[idx[v]]}")
        how[v] = "identity"
        frontier = [v]
        while frontier:
            u = frontier.pop()
            for perm, sub in sym:
                w = perm[u]
                if w not in how and given[idx[w]] == given[idx[u]].xreplace(sub):
                    how[w] = f"symmetry of {u}"
                    frontier.append(w)
    derived = sorted(v for v, h in how.items() if h != "identity")
    return {"by_symmetry": ", ".join(derived)} if derived else {}


def _relation(st, cert, budget):
    if st.variables or st.parameters:
        raise Rejected("relation", "a relation statement has no variables or parameters")
    lhs, rhs, rel = st.expr(st.data["lhs"]), st.expr(st.data["rhs"]), st.data["rel"]
    if rel == "=":
        if not identical(lhs, rhs):
            raise Rejected("identity", f"{lhs} != {rhs}")
        return {}
    s = interval.constant_sign(lhs - rhs)
    ok = {"!=": s != 0, "<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0}.get(rel)
    if not ok:
        raise Rejected("sign", f"{st.data['lhs']} {rel} {st.data['rhs']} does not hold")
    return {}


def _interval_min(st, cert, budget):
    fam = st.data["family"]
    center = {k: rational(v) for k, v in cert["center"].items()}
    radius = rational(cert["radius"])
    if radius <= 0:
        raise Rejected("interval", "the radius must be positive")
    if fam == "expr":
        f, grad = _gradient(st)
        names = list(st.variables)
        if set(center) != set(names):
            raise Rejected("interval", "the centre must give every variable")
        H = sympy.hessian(f, st.vars())
        from flint import arb_mat

        def g_at(env):
            c = {}
            return [interval.evaluate(g, env, c) for g in grad]

        def h_over(env):
            c = {}
            return arb_mat([[interval.evaluate(H[i, j], env, c) for j in range(len(names))]
                            for i in range(len(names))])

        res = interval.krawczyk_minimum(names, center, radius, g_at, h_over,
                                        lambda env: interval.evaluate(f, env))
    elif fam == "twolayer":
        from . import twolayer_rule

        res = twolayer_rule.check(st.data["args"], center, radius, cert.get("lambda_guess"))
    else:
        raise Rejected("interval", f"family {fam!r} is not 'expr' or 'twolayer'")
    if st.data.get("better") is not None:
        q = st.point("better")
        fq = _subs_point(st.f(), q, st)
        enc = interval.evaluate(sympy.sympify(fq), {})
        if not enc < res["value"]:
            raise Rejected("interval", f"f(better) = {enc.str(8)} is not below the minimum's "
                                       f"enclosure {res['value'].str(8)}")
    above = st.data.get("value_above")
    if above is not None:
        from flint import arb
        c = rational(above)
        from .interval import _q
        if not res["value"] > arb(_q(c)):
            raise Rejected("interval", f"the value enclosure {res['value'].str(6)} is not above {c}")
    out = {"lambda_min_lower": res["lambda_min_lower"].str(8), "value": res["value"].str(10),
           "radius": str(radius)}
    if "existence" in res:
        out["existence"] = res["existence"]
    return out


def _critical_set(st, cert, budget):
    from . import zerodim

    if st.parameters:
        raise Rejected("critical set", "parameters are not supported here")
    out = zerodim.check_zerodim(st.f(), st.vars(), cert)
    return {"points": len(out.get("points", [])), "complete": bool(out.get("complete"))}


_KINDS = {
    "every_critical_point_satisfies": _every_critical,
    "no_critical_point": _no_critical,
    "critical_point": _critical_point,
    "strict_local_min": _strict,
    "local_min": _local,
    "not_local_min": _not_local,
    "not_local_max": _not_local_max,
    "less_than": _less,
    "lower_bound": _lower,
    "decreasing_path": _path,
    "suboptimal_local_min": _suboptimal,
    "every_local_min_global": _every_local_global,
    "relation": _relation,
    "hessian_inertia": _inertia_kind,
    "gradient_equals": _gradient_equals,
    "interval_minimum": _interval_min,
    "critical_set": _critical_set,
}

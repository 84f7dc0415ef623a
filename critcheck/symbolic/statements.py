"""Statements about critical points, checked into verdict-ready :class:`Outcome` s.

Each function states one claim about a loss and returns an
:class:`~critcheck.claims.result.Outcome`:

* ``PROVED`` / ``REFUTED`` only with a kernel statement and certificate
  (:mod:`critcheck.kernel`): an exact Hessian inertia, a curve witness, a
  weighted sum of squares, or an interval box around a strict minimum; the
  classification (:mod:`.classify`) is shown as the derivation;
* ``INCONCLUSIVE`` otherwise, with the undecided part in ``open_branches``
  (e.g. a non-strict minimum for which no certificate was found).

Run them through :func:`critcheck.run_claim` (the verdict guard) before
trusting a verdict; the test-suite does so for true and false statements.
"""

from __future__ import annotations

import sympy

from ..claims.derivation import Derivation
from ..claims.result import Counterexample, Outcome
from .classify import classification_derivation, classify_all, classify_point
from .critical import critical_points
from .inertia import matrix_inertia
from .parse import parse_expr, split_names
from .taylor import find_witnesses

__all__ = ["local_min_at", "index_at", "every_local_min_global"]


def _parse(loss, variables):
    expr, syms = parse_expr(loss, variables) if isinstance(loss, str) else (loss, None)
    vs = tuple(syms[n] for n in split_names(variables)) if syms else tuple(variables)
    return expr, vs


def _point(vs, point):
    return {v: sympy.Rational(point[str(v)]) if isinstance(point[str(v)], (int, str))
            else sympy.sympify(point[str(v)]) for v in vs}


def _gradient_zero(f, vs, p) -> bool:
    return all(sympy.simplify(sympy.diff(f, v).subs(p, simultaneous=True)) == 0 for v in vs)


def _stmt(kind, f, vs, data):
    from .certificates import kernel_statement

    return kernel_statement(kind, f, vs, (), data)


def _pt(vs, p):
    return {str(v): p[v] for v in vs}


def _negative_direction(H):
    """A rational direction d with d^T H d < 0 (unit and +-pair vectors), or None."""
    n = H.shape[0]
    cands = [[1 if i == k else 0 for i in range(n)] for k in range(n)]
    cands += [[1 if i in (a, b) else 0 for i in range(n)] for a in range(n) for b in range(a + 1, n)]
    cands += [[1 if i == a else (-1 if i == b else 0) for i in range(n)]
              for a in range(n) for b in range(a + 1, n)]
    for d in cands:
        v = sympy.Matrix(d)
        if (v.T * H * v)[0] < 0:
            return d
    return None


def _monomial_sos(f, vs, p):
    """f - f(p) as a positive sum of squared monomials in (x - p), or None."""
    h = [sympy.Symbol(f"_h{i}") for i in range(len(vs))]
    g = sympy.expand(f.subs({v: p[v] + hv for v, hv in zip(vs, h)}, simultaneous=True)
                     - f.subs(p, simultaneous=True))
    terms = []
    for mono, c in sympy.Poly(g, *h).terms():
        if not (c > 0 and all(e % 2 == 0 for e in mono)):
            return None
        sq = sympy.Mul(*[(v - p[v]) ** (e // 2) for v, e in zip(vs, mono)])
        terms.append({"weight": str(c), "square": str(sq)})
    return terms


def _structural_terms(f, c):
    """``f - c`` as ``Σ w_k s_k^2`` read off its structure (``w > 0`` rational times
    even powers; ``c`` the constant term), or None. The kernel checks the identity
    with every variable real."""
    f = sympy.sympify(f)
    const = sum((t for t in sympy.Add.make_args(f) if t.is_number), sympy.Integer(0))
    if sympy.simplify(const - c) != 0:
        return None
    terms = []
    for t in sympy.Add.make_args(f):
        if t.is_number:
            continue
        w, rest = t.as_coeff_Mul()
        if not (w.is_Rational and w > 0):
            return None
        root = sympy.Integer(1)
        for factor in sympy.Mul.make_args(rest):
            b, e = factor.as_base_exp()
            if not (e.is_Integer and e > 0 and e % 2 == 0):
                return None
            root *= b ** (e // 2)
        terms.append({"weight": str(w), "square": str(root)})
    return terms


def _global_sos_terms(f, vs, p):
    """``f - f(p)`` as a weighted sum of squares (structure, else a Gram matrix with
    facial reduction at ``p``): then ``f ≥ f(p)`` everywhere and ``p`` is a (global,
    hence local) minimum. Untrusted search; the caller has the kernel check it."""
    c = sympy.simplify(f.subs(p, simultaneous=True))
    if not c.is_Rational:
        return None
    terms = _structural_terms(f, c)
    if terms is not None:
        return terms, "f - f(p) is a sum of squares by its structure (global minimum)"
    if not f.is_polynomial(*vs) or f.free_symbols - set(vs):
        return None
    from .certificates import W
    from .sos import sos_lower_bound, zero_rows_rational

    got = sos_lower_bound(f, vs, c, zeros=lambda basis: zero_rows_rational(
        basis, [p[v] for v in vs]))
    if got is None:
        return None
    return ([{"weight": t["weight"], "square": W(sympy.sympify(t["square"]))}
             for t in got.certificate["terms"]],
            "f - f(p) is a kernel-checked sum of squares (global minimum)")


def _kernel_ok(outcome: Outcome) -> Outcome | None:
    from ..kernel import check

    return outcome if check(outcome.statement, outcome.certificate).accepted else None


def _algebraic_point(vs, p):
    """The kernel's algebraic point data for ``p`` (coordinates polynomials over Q in
    one real ``CRootOf``), or None."""
    from .certificates import W

    roots = set()
    for x in p.values():
        roots |= sympy.sympify(x).atoms(sympy.CRootOf)
    if len(roots) != 1:
        return None
    (r,) = roots
    if not r.is_real:
        return None
    t = sympy.Symbol("t")
    coords = {}
    for v in vs:
        e = sympy.expand(sympy.sympify(p[v]).xreplace({r: t}))
        try:
            sympy.Poly(e, t, domain=sympy.QQ)
        except (sympy.PolynomialError, sympy.CoercionFailed):
            return None
        coords[str(v)] = W(e)
    poly = sympy.Poly(r.poly.as_expr().subs(r.poly.gen, t), t)
    iv = r._get_interval()  # isolating interval; the kernel re-checks it (Sturm)
    a, b = sympy.Rational(iv.a), sympy.Rational(iv.b)
    return {"coords": coords, "poly": W(poly.as_expr()), "interval": [str(a), str(b)]}


def _local_min_algebraic(f, vs, p, d: Derivation) -> Outcome:
    """``p`` with algebraic coordinates: the kernel's Hessian inertia over Q(alpha), or a
    descent line along a rational approximation of a negative eigenvector (its series
    coefficients signed exactly at alpha)."""
    data = _algebraic_point(vs, p)
    if data is None:
        return Outcome("INCONCLUSIVE", summary="point coordinates are not polynomials in one "
                       "real algebraic number", derivation=d,
                       open_branches=["no kernel form for this point"])

    def stmt(kind):  # the variables' sign assumptions travel with the statement
        return _stmt(kind, f, vs, {"point": data})

    num = {v: sympy.N(p[v], 40) for v in vs}
    g = [sympy.N(sympy.diff(f, v).subs(num), 30) for v in vs]
    H = sympy.hessian(f, vs).subs(num).evalf(30)
    s = sympy.Symbol("s")
    tries = []
    if max(abs(x) for x in g) > 1e-12:  # not critical: the negative gradient descends
        dvec = [-sympy.Rational(str(sympy.N(x, 12))) for x in g]
        tries.append(("REFUTED", "the gradient does not vanish there", dvec, 2))
    else:
        import numpy as np

        w, V = np.linalg.eigh(np.array(H.tolist(), dtype=float))
        if w.min() > 0:
            got = _kernel_ok(Outcome("PROVED", summary="non-degenerate Hessian (inertia over "
                                     "Q(alpha))", derivation=d, statement=stmt("strict_local_min"),
                                     certificate={"method": "hessian"}))
            if got is not None:
                return got
        if w.min() < 0:
            vec = V[:, int(np.argmin(w))]
            vec = vec / np.max(np.abs(vec))
            tries.append(("REFUTED", "the Hessian has a negative direction",
                          [sympy.Rational(round(float(x) * 1000), 1000) for x in vec], 3))
    for verdict, why, dvec, order in tries:
        curve = {str(v): str(di * s) for v, di in zip(vs, dvec)}
        got = _kernel_ok(Outcome(verdict, summary=why, derivation=d, statement=stmt("not_local_min"),
                                 certificate={"curve": curve, "order": order}))
        if got is not None:
            return got
    return Outcome("INCONCLUSIVE", summary="algebraic point: no kernel certificate found",
                   derivation=d, open_branches=["degenerate or undecided algebraic point"])


def local_min_at(loss, variables, point: dict) -> Outcome:
    """"``point`` is a local minimum of ``loss``".

    PROVED/REFUTED only with a certificate the kernel accepts, tried in this
    order: exact Hessian inertia (``strict_local_min``; over Q(alpha) for
    algebraic points); ``f - f(p)`` a positive sum of squared monomials in
    ``x - p`` or a weighted sum of squares (structural, or a Gram matrix,
    :mod:`.sos`; ``local_min`` with ``box_sos``); a descent curve
    (``not_local_min``). The same certificates back the types printed by
    ``critcheck critical`` (:func:`.classify.describe_component`).
    """
    f, vs = _parse(loss, variables)
    p = _point(vs, point)
    d = Derivation()
    if not all(sympy.sympify(p[v]).is_Rational for v in vs):
        return _local_min_algebraic(f, vs, p, d)
    not_min = _stmt("not_local_min", f, vs, {"point": _pt(vs, p)})
    if not _gradient_zero(f, vs, p):
        g = [sympy.simplify(sympy.diff(f, v).subs(p)) for v in vs]
        curve = {str(v): str(-gi * sympy.Symbol("s")) for v, gi in zip(vs, g)}
        return Outcome("REFUTED", summary="the gradient does not vanish there", derivation=d,
                       statement=not_min, certificate={"curve": curve, "order": 2})
    piece = classify_point(f, vs, p, d)
    box = {str(v): [str(p[v] - 1), str(p[v] + 1)] for v in vs}
    if piece.kind in ("strict local min", "non-strict local min", "local min"):
        H = sympy.hessian(f, vs).subs(p, simultaneous=True)
        inert, _ = matrix_inertia(H)
        if inert is not None and inert.positive == len(vs):
            return Outcome("PROVED", summary=piece.reason, derivation=d,
                           statement=_stmt("strict_local_min", f, vs, {"point": _pt(vs, p)}),
                           certificate={"method": "hessian"})
        if f.is_polynomial(*vs):
            terms = _monomial_sos(f, vs, p)
            if terms is not None:
                return Outcome("PROVED", summary=piece.reason, derivation=d,
                               statement=_stmt("local_min", f, vs, {"point": _pt(vs, p)}),
                               certificate={"method": "box_sos", "box": box, "terms": terms})
    if piece.kind != "saddle" and not piece.not_min and piece.kind != "local max":
        got = _global_sos_terms(f, vs, p)
        if got is not None:
            terms, why = got
            out = _kernel_ok(Outcome("PROVED", summary=why, derivation=d,
                                     statement=_stmt("local_min", f, vs, {"point": _pt(vs, p)}),
                                     certificate={"method": "box_sos", "box": box, "terms": terms}))
            if out is not None:
                return out
    if piece.kind in ("strict local min", "non-strict local min", "local min"):
        return Outcome("INCONCLUSIVE", summary=piece.reason + " (no kernel certificate found)",
                       derivation=d, open_branches=["no certificate for this (non-strict or "
                                                    "degenerate) local minimum"])
    if piece.not_min or piece.kind == "local max":
        down, _ = find_witnesses(f, vs, p)
        if down is not None and down.descent:
            s = sympy.Symbol("s")
            curve = {str(v): str(di * s + ei * s**2) for v, di, ei in zip(vs, down.d, down.e)}
            return Outcome("REFUTED", summary="a descent curve leaves the point", derivation=d,
                           statement=not_min,
                           certificate={"curve": curve, "order": int(down.order) + 1})
        H = sympy.hessian(f, vs).subs(p, simultaneous=True)
        dvec = _negative_direction(H)
        if dvec is not None:
            curve = {str(v): f"{di}*s" for v, di in zip(vs, dvec)}
            return Outcome("REFUTED", summary="the Hessian has a negative direction", derivation=d,
                           statement=not_min, certificate={"curve": curve, "order": 2})
    return Outcome("INCONCLUSIVE", summary=piece.reason, derivation=d,
                   open_branches=[piece.reason])


def index_at(loss, variables, point: dict, k: int) -> Outcome:
    """"the critical point ``point`` has index ``k``" (seed 003, Def. III.1)."""
    f, vs = _parse(loss, variables)
    p = _point(vs, point)
    H = sympy.hessian(f, vs).subs(p, simultaneous=True)
    inert, _ = matrix_inertia(H)
    d = Derivation()
    if inert is None or not _gradient_zero(f, vs, p):
        return Outcome("INCONCLUSIVE", summary="not a critical point or inertia undecided",
                       derivation=d, open_branches=["inertia"])
    d.step("exact inertia of the Hessian", H, f"index {inert.index}", relation="⇒")
    n0 = len(vs) - inert.positive - inert.negative
    st = _stmt("hessian_inertia", f, vs, {"point": _pt(vs, p),
                                          "inertia": [inert.positive, inert.negative, n0]})
    # the certified inertia states the index (the number of negative eigenvalues)
    if inert.index == k:
        return Outcome("PROVED", summary=f"index {k}", derivation=d, statement=st, certificate={})
    return Outcome("REFUTED", summary=f"index is {inert.index}, not {k}", derivation=d,
                   statement=st, certificate={})


def _rational_near(values: dict, digits: int = 30) -> dict:
    return {k: sympy.Rational(str(sympy.N(v, digits))) for k, v in values.items()}


def _suboptimal_certificate(f, vs, comp, glob_comps):
    """Statement + certificate for a sub-optimal local minimum on ``comp`` (untrusted search):
    an exact Hessian at a rational point, else a Krawczyk box around its rational
    approximation; a rational point near a global component has lower loss."""
    sol = comp.solution
    if comp.free or any(v not in sol for v in vs):
        return None
    better = None
    for g in glob_comps:
        gs = g.solution
        if g.free or any(v not in gs for v in vs):
            continue
        better = _rational_near({v: gs[v] for v in vs})
        break
    if better is None:
        return None
    exact = {v: sympy.sympify(sol[v]) for v in vs}
    if all(x.is_Rational for x in exact.values()):
        st = _stmt("suboptimal_local_min", f, vs, {"point": _pt(vs, exact),
                                                   "better": _pt(vs, better)})
        return st, {"local_min": {"method": "hessian"}}
    center = _rational_near(exact)
    for r in ("1/1000000", "1/10000", "1/100"):
        st = _stmt("interval_minimum", f, vs, {"family": "expr", "args": {},
                                               "better": _pt(vs, better)})
        cert = {"center": {str(v): str(center[v]) for v in vs}, "radius": r}
        from ..kernel import check

        if check(st, cert).accepted:
            return st, cert
    return None


def every_local_min_global(loss, variables, *, budget: float = 60.0) -> Outcome:
    """"every local minimum of ``loss`` is a global minimum" (no sub-optimal local min).

    REFUTED carries a kernel certificate of a sub-optimal local minimum. PROVED
    carries a lower bound and a case tree over the whole critical set found by
    :func:`critcheck.symbolic.case_search.prove_every_local_min_global` (KERNEL.md,
    kind ``every_local_min_global``); when none is found the outcome is
    INCONCLUSIVE naming "no kernel case tree found".
    """
    cs = critical_points(loss, variables, budget=budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    f, vs = cs.loss, tuple(cs.variables)
    opens = [str(o) for o in cs.solve.open_branches]
    glob = [c.component for c in cls if c.is_global is True]
    for c in cls:
        if c.is_global is False:
            for p in c.pieces:
                if p.is_local_min is True:
                    got = _suboptimal_certificate(f, vs, c.component, glob)
                    if got is None:
                        continue
                    st, cert = got
                    return Outcome(
                        "REFUTED", summary=f"sub-optimal local minima on {c.component} "
                        f"{p.condition}", derivation=d, statement=st, certificate=cert)
    undecided = [str(c.component) for c in cls
                 if c.has_local_min() is not False and c.is_global is not True]
    # PROVED rests on a kernel case tree, whatever the classification says
    found = _global_case_tree(f, vs, cs.parameters, min(20.0, budget / 3))
    if found is not None:
        st, cert = found
        d.text(r"Kernel certificate: a lower bound $f \ge " + sympy.latex(st.expr(st.data["minimum"]))
               + r"$ and a case tree over $\nabla f = 0$ whose every leaf is a global minimum "
               r"or carries a descent curve. $\blacksquare$")
        return Outcome("PROVED", summary="every local minimum is global (kernel case tree)",
                       derivation=d, statement=st, certificate=cert)
    if undecided or opens:
        return Outcome("INCONCLUSIVE", summary="some component or branch undecided; "
                       "no kernel case tree found", derivation=d,
                       open_branches=opens + undecided + ["no kernel case tree found"])
    return Outcome("INCONCLUSIVE", summary="every critical component is a global minimum or not "
                   "a local minimum by the classification, but no kernel case tree found",
                   derivation=d, open_branches=["no kernel case tree found for the critical set"])


def _global_case_tree(f, vs, params, seconds):
    """(Statement, certificate) from :func:`.case_search.prove_every_local_min_global`, or None."""
    from ..errors import CritcheckError
    from ..kernel.errors import Rejected
    from .case_search import prove_every_local_min_global

    try:
        return prove_every_local_min_global(f, vs, tuple(params), None, seconds=seconds)
    except (CritcheckError, Rejected):
        return None

"""The global minimum over a kernel-certified critical set (seed 003, Sec. II).

``p`` is a global minimum of ``f`` iff ``f(p) ≤ f(θ)`` for every ``θ``. Over
the certified real critical points of a polynomial loss
(:class:`~critcheck.symbolic.engine_route.CertifiedSolveResult`) this module
decides it, in this order, each step falling through to the next:

1. **attained sum of squares**: the least critical value ``c`` is rational
   (exactly: ``f(x(t)) ≡ c`` modulo the eliminant factor holding the point)
   and ``f - c`` is a weighted sum of squares the kernel accepts
   (:func:`.sos.sos_lower_bound`, facial reduction by the points attaining
   ``c``). Then ``f ≥ c = f(p)``: the points with value ``c`` are global
   minima and every other point is not, completeness not even needed;
2. **coercive** with a complete set: by the syntactic rule of
   :func:`.engine_route._coercive_by_form`, or by a kernel-accepted
   ``f - ε Σ x_i^{2m} ≥ c`` (:func:`.sos.coercivity_bound`). A coercive
   continuous function attains its minimum, at a critical point, so the
   least critical value is the global minimum (ties decided exactly by
   :func:`.engine_route._values_equal`);
3. otherwise a kernel-accepted lower bound ``f ≥ c`` (``c`` below the
   least critical value) is reported, and "global" stays unknown: the
   infimum may be approached at infinity without being attained.

Before all three: a small integer direction ``w`` where the leading form is
negative (exact) shows ``f`` unbounded below, so no point is a global minimum.

References
----------
Seed 003 (Sun et al., "The global landscape of neural networks"), Sec. II
(global minimum), Sec. VI-B (infimum at infinity). Peyrl & Parrilo, Theor.
Comput. Sci. 409 (2008), Sec. 3 (rational SOS).
"""

from __future__ import annotations

import flint
import sympy

__all__ = ["exact_values", "decide_global", "IRRATIONAL"]

IRRATIONAL = "irrational"
""":func:`exact_values` of a point whose loss value is proven irrational."""


def _fmpq(s: str) -> flint.fmpq:
    num, _, den = s.partition("/")
    return flint.fmpq(int(num), int(den or 1))


def _factor_of(point, factors):
    lo, hi = (_fmpq(s) for s in point["interval"])
    for j, F in enumerate(factors):
        Fq = flint.fmpq_poly(F)
        if Fq(lo) * Fq(hi) < 0:  # as in engine_route._components: a strict sign change
            return j
    return None


def _shape(point):
    Q = [flint.fmpq_poly([_fmpq(c) for c in q]) for q in point["numerators"]]
    D = flint.fmpq_poly([_fmpq(c) for c in point["denominator"]])
    return Q, D


def exact_values(expr, variables, checked, only=None, max_degree: int = 30) -> list:
    """``f`` at each certified point as a :class:`sympy.Rational`, :data:`IRRATIONAL`, or None.

    With ``x = Q(t)/D(t)`` and ``F`` the irreducible eliminant factor holding
    the point's root ``α``: ``r(t) = f(Q/D) mod F`` has degree ``< deg F``, and
    ``f(p) = r(α)`` is rational iff ``r`` is a constant (``F`` is ``α``'s
    minimal polynomial). Exact (FLINT), never rounded. None means not
    computed: points outside ``only`` (indices), and factors of degree
    above ``max_degree`` (the arithmetic modulo a degree-81 factor with
    rational coefficients took 20 s for the random quartic n = 4).
    """
    pts = checked["points"]
    if not pts:
        return []
    P = flint.fmpz_poly([int(c) for c in pts[0]["eliminant"]])
    factors = [F for F, _ in P.factor()[1]]
    terms = [(m, flint.fmpq(int(c.p), int(c.q))) for m, c in
             sympy.Poly(expr, *variables, domain=sympy.QQ).terms()]
    cache: dict = {}
    out = []
    for i, p in enumerate(pts):
        j = None if only is not None and i not in only else _factor_of(p, factors)
        if j is None or factors[j].degree() > max_degree:
            out.append(None)
            continue
        key = (j, tuple(map(str, p["numerators"][0])), tuple(p["denominator"]))
        if key not in cache:
            F = flint.fmpq_poly(factors[j])
            Q, D = _shape(p)
            g, inv, _ = (D % F).xgcd(F)
            inv = inv / g.coeffs()[0]
            xs = [(q * inv) % F for q in Q]
            acc = flint.fmpq_poly([])
            for m, c in terms:
                t = flint.fmpq_poly([c])
                for x, e in zip(xs, m):
                    for _ in range(int(e)):
                        t = (t * x) % F
                acc += t
            acc = acc % F
            co = acc.coeffs()
            cache[key] = (sympy.Integer(0) if not co else
                          sympy.Rational(int(co[0].p), int(co[0].q)) if len(co) == 1
                          else IRRATIONAL)
        out.append(cache[key])
    return out


def _zero_rows(points, idx, factors):
    """Facial-reduction rows for the points ``idx`` (every root of their factors)."""
    from .sos import zero_rows_shape

    def rows(basis):
        out, seen = [], set()
        for i in idx:
            j = _factor_of(points[i], factors)
            if j is None or j in seen:
                continue
            seen.add(j)
            Q, D = _shape(points[i])
            out += zero_rows_shape(basis, Q, D, factors[j])
        return out

    return rows


def _structural_bound(expr, variables, c):
    """``f - c`` as written: weighted even powers (no search), checked by the kernel."""
    from ..kernel import check
    from .certificates import kernel_statement
    from .sos import SOSBound
    from .statements import _structural_terms

    terms = _structural_terms(expr, c)
    if terms is None:
        return None
    st = kernel_statement("lower_bound", expr, variables, (), {"c": c})
    cert = {"terms": terms}
    return SOSBound(sympy.Rational(c), st, cert) if check(st, cert).accepted else None


def unbounded_direction(expr, variables, limit: int = 400):
    """A small integer direction ``w`` with ``h(w) < 0`` for the leading form ``h``, or None.

    Then ``f(t w) = t^d h(w) + O(t^{d-1}) → -∞``: ``f`` is unbounded below and
    has no global minimum. Exact rational evaluation; trying directions with
    entries in ``-2..2`` is a search (finding none proves nothing).
    """
    import itertools

    P = sympy.Poly(expr, *variables, domain=sympy.QQ)
    d = P.total_degree()
    top = [(m, c) for m, c in P.terms() if sum(m) == d]
    if d < 1:
        return None
    for k, w in enumerate(itertools.product((1, -1, 2, -2, 0), repeat=len(variables))):
        if k >= limit:
            break
        if not any(w):
            continue
        val = sum(c * sympy.prod([wi**e for wi, e in zip(w, m)]) for m, c in top)
        if val < 0:
            return w
    return None


def decide_global(expr, variables, result, rows, prec_bits: int = 80) -> dict:
    """Fill ``row["global"]`` of every classified point (see the module docstring).

    ``rows`` are the dicts of :func:`.engine_route.classify_points` (``value``
    an ``arb`` ball). Returns the evidence: ``{"how", "bound", "statement",
    "certificate"}`` (kernel data; empty when nothing was certified).
    """
    from .engine_route import _coercive_by_form, _values_equal
    from .sos import coercivity_bound, sos_lower_bound

    variables = list(variables)
    pts = result.checked["points"]
    if not rows:
        return {}
    w = unbounded_direction(expr, variables)
    if w is not None:
        for r in rows:
            r["global"] = (f"not global (f is unbounded below: f(t·w) → -∞ as t → ∞, "
                           f"w = {tuple(w)})")
        return {"how": "unbounded below", "direction": list(w)}
    lowest = min(rows, key=lambda r: r["value"].upper())
    top = lowest["value"].upper()
    ties = [i for i, r in enumerate(rows) if not r["value"] > top]
    # 1. the least critical value is rational and f - c is a sum of squares (only the
    # points whose value ball meets the lowest one can share its value)
    vals = exact_values(expr, variables, result.checked, only=set(ties))
    c = vals[rows.index(lowest)]
    if c is not None and c is not IRRATIONAL:
        P = flint.fmpz_poly([int(x) for x in pts[0]["eliminant"]])
        factors = [F for F, _ in P.factor()[1]]
        at = [i for i, v in enumerate(vals) if v is not None and v is not IRRATIONAL and v == c]
        # a tie whose value was not computed exactly might equal c: left unknown
        unsure = [i for i in ties if vals[i] is None]
        got = _structural_bound(expr, variables, c)
        if got is None:
            got = sos_lower_bound(expr, variables, c, zeros=_zero_rows(pts, at, factors))
        if got is not None:
            for i, r in enumerate(rows):
                if i in unsure:
                    r["global"] = (f"unknown (f >= {c}, kernel-checked; whether f = {c} here "
                                   "was not decided exactly)")
                elif i in at:
                    r["global"] = (f"global minimum (f >= {c} by a kernel-checked sum of squares; "
                                   "attained here)")
                else:
                    r["global"] = f"not global (f >= {c}, kernel-checked, and f is larger here)"
            return {"how": "attained sum of squares", "bound": str(c),
                    "statement": got.statement.to_data(), "certificate": got.certificate}
    if not result.complete:
        for r in rows:
            r["global"] = "unknown (critical set not certified complete)"
        return {}
    # 2. coercive: the least critical value is the minimum
    evidence: dict = {}
    how = None
    if _coercive_by_form(expr, variables):
        how = "coercive: squares + Σ a_i x_i^(2k_i) dominating"
        evidence = {"how": "coercivity (syntactic rule)"}
    else:
        cb = coercivity_bound(expr, variables)
        if cb is not None:
            how = (f"coercive: f - {cb.eps}·Σ x_i^{cb.power} >= {cb.c}, kernel-checked sum of "
                   "squares")
            evidence = {"how": "coercivity", "eps": str(cb.eps), "power": cb.power,
                        "statement": cb.statement.to_data(), "certificate": cb.certificate}
    if how is not None:
        for i, r in enumerate(rows):
            if i not in ties:
                r["global"] = "not global (a lower critical value exists)"
        if len(ties) > 1 and _values_equal(expr, variables, result, ties):
            for i in ties:
                rows[i]["global"] = (f"global minimum ({how}; least critical value, shared "
                                     f"exactly by {len(ties)} points)")
        elif len(ties) == 1:
            rows[ties[0]]["global"] = f"global minimum ({how}; least critical value)"
        else:
            for i in ties:
                rows[i]["global"] = (f"global minimum value among {len(ties)} points whose values "
                                     f"agree to 2^-{prec_bits} (equality not certified)")
        return evidence
    # 3. a lower bound only
    lb = sos_lower_bound(expr, variables)
    for r in rows:
        if lb is not None:
            r["global"] = (f"unknown (f >= {lb.c} by a kernel-checked sum of squares; the least "
                           f"critical value {lowest['value'].str(6)} is not shown to be the global "
                           "minimum: the infimum may be approached at infinity)")
        else:
            r["global"] = "unknown (coercivity not certified; no sum-of-squares lower bound found)"
    if lb is None:
        return {}
    return {"how": "lower bound", "bound": str(lb.c), "statement": lb.statement.to_data(),
            "certificate": lb.certificate}

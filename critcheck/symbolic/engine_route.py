"""The zero-dimensional route: msolve proposes, the kernel decides.

For a polynomial loss with rational coefficients and no parameters whose
gradient system is zero-dimensional, :func:`engine_solve` asks msolve
(:mod:`.engine_msolve`) for a shape form, turns it into a certificate
(:mod:`.shape_certificate`) and has :func:`critcheck.kernel.zerodim.check_zerodim`
check it. Only an accepted certificate becomes an answer; completeness is
claimed only when the kernel accepted the completeness argument (the refined
Bézout count). Everything else returns ``None`` (the caller runs the case
analysis of :mod:`.solve`) or, when that case analysis cannot finish either,
the certified points plus an open branch saying completeness is not certified.

Points are exact: the ``k``-th real root of an irreducible factor of the
eliminant (rational, radicals for quadratics, ``CRootOf`` otherwise), mapped
by ``x = Q(t)/D(t)`` reduced modulo that factor. They are built lazily (a
degree-243 eliminant has 243 real roots; printing needs only enclosures).

References
----------
F. Rouillier, AAECC 9 (1999), Sec. 2; W. Fulton, *Intersection Theory*,
Ex. 8.4.6; msolve: Berthomieu, Eder, Safey El Din, ISSAC 2021.
"""

from __future__ import annotations

import time
from typing import Sequence

import flint
import sympy

from ..budget import remaining, time_budget
from ..claims.derivation import Derivation
from ..errors import BackendUnavailable, BudgetExceeded
from .engine_msolve import EngineError, is_zero_dimensional, msolve_available
from .solve import Component, OpenBranch, SolveResult

__all__ = ["engine_solve", "CertifiedSolveResult", "point_enclosures", "applicable"]


def applicable(expr, variables, parameters=(), nonzero=()) -> bool:
    """A polynomial over Q in the variables, no parameters, msolve installed."""
    if parameters or tuple(nonzero) or not msolve_available():
        return False
    if expr.atoms(sympy.Float):
        return False
    try:
        sympy.Poly(expr, *variables, domain=sympy.QQ)
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
        return False
    return True


def _fmpq(s: str) -> flint.fmpq:
    num, _, den = s.partition("/")
    return flint.fmpq(int(num), int(den or 1))


class CertifiedSolveResult(SolveResult):
    """A :class:`SolveResult` whose points come from a kernel-accepted certificate.

    ``certificate`` (plain data) and ``checked`` (the kernel's answer) are
    kept so the answer can be exported and re-checked; ``components`` are
    built on first use.
    """

    def __init__(self, unknowns, equations, certificate, checked, derivation, seconds,
                 open_branches=()):
        self.unknowns = tuple(unknowns)
        self.equations = tuple(equations)
        self.certificate = certificate
        self.checked = checked
        self.open_branches = list(open_branches)
        self.closed = []
        self.derivation = derivation
        self.seconds = seconds
        self._components = None

    @property
    def components(self) -> list:
        if self._components is None:
            self._components = _components(self.unknowns, self.checked)
        return self._components

    @components.setter
    def components(self, value) -> None:
        self._components = value

    def __repr__(self) -> str:
        return (f"CertifiedSolveResult({len(self.checked['points'])} real points, "
                f"complete={self.complete}, open={len(self.open_branches)})")


def _components(unknowns, checked) -> list:
    t = sympy.Symbol("t")
    pts = checked["points"]
    if not pts:
        return []
    P = flint.fmpz_poly([int(c) for c in pts[0]["eliminant"]])
    factors = [F for F, _ in P.factor()[1]]
    seen: dict = {}
    out = []
    for p in pts:
        lo, hi = (_fmpq(s) for s in p["interval"])
        for j, F in enumerate(factors):
            Fq = flint.fmpq_poly(F)
            if Fq(lo) * Fq(hi) < 0:
                break
        else:  # pragma: no cover - the kernel isolated a root of P = prod F
            raise EngineError("no factor of the eliminant changes sign on an isolating interval")
        k = seen.get(j, 0)
        seen[j] = k + 1
        Q = [flint.fmpq_poly([_fmpq(c) for c in q]) for q in p["numerators"]]
        D = flint.fmpq_poly([_fmpq(c) for c in p["denominator"]])
        if F.degree() == 1:
            c0, c1 = F.coeffs()
            root = flint.fmpq(-c0, c1)
            sol = {}
            for u, q in zip(unknowns, Q):
                val = q(root) / D(root)
                sol[u] = sympy.Rational(int(val.p), int(val.q))
        else:
            Fq = flint.fmpq_poly(F)
            g, inv, _ = (D % Fq).xgcd(Fq)
            inv = inv / g.coeffs()[0]
            root = sympy.Poly([int(c) for c in reversed(F.coeffs())], t).real_roots()[k]
            sol = {}
            for u, q in zip(unknowns, Q):
                r = (q * inv) % Fq
                sol[u] = sympy.expand(sum(sympy.Rational(int(c.p), int(c.q)) * root**i
                                          for i, c in enumerate(r.coeffs())))
        out.append(Component(sol, (), (), (), ("certified point (msolve + kernel)",)))
    return out


def point_enclosures(checked, prec_bits: int = 80) -> list[list]:
    """Ball enclosures (FLINT ``arb``) of each real point's coordinates, for display.

    The isolating interval is narrowed by exact bisection (sign of the
    eliminant at rational midpoints) until ``2^-prec_bits`` wide.
    """
    out = []
    for p in checked["points"]:
        P = flint.fmpq_poly([int(c) for c in p["eliminant"]])
        lo, hi = (_fmpq(s) for s in p["interval"])
        s_lo = P(lo) > 0
        width = flint.fmpq(1, 2 ** prec_bits)
        while hi - lo > width:
            mid = (lo + hi) / 2
            v = P(mid)
            if v == 0:
                lo = hi = mid
                break
            if (v > 0) == s_lo:
                lo = mid
            else:
                hi = mid
        tb = flint.arb(lo).union(flint.arb(hi))
        Q = [[_fmpq(c) for c in q] for q in p["numerators"]]
        D = [_fmpq(c) for c in p["denominator"]]

        def ev(coeffs):
            acc = flint.arb(0)
            for c in reversed(coeffs):
                acc = acc * tb + flint.arb(c)
            return acc

        d = ev(D)
        out.append([ev(q) / d for q in Q])
    return out


def engine_solve(expr, variables: Sequence[sympy.Symbol], grads, budget: float | None,
                 fallback=None, on_partial=None) -> SolveResult | None:
    """Critical points of polynomial ``expr`` through msolve and the kernel.

    Returns None when the route does not apply (not zero-dimensional, msolve
    failed) so that the caller runs its case analysis. ``fallback`` (a
    function of the remaining budget returning a :class:`SolveResult`) is
    tried when the kernel certifies the points but not their completeness;
    if it does not finish, the certified points are returned with an open
    branch. ``on_partial`` (optional) receives that certified-but-incomplete
    result *before* the fallback runs, so a caller that is killed during the
    fallback still has the kernel-certified points.
    """
    from .shape_certificate import shape_certificate

    t0 = time.perf_counter()
    variables = list(variables)
    try:
        with time_budget(budget, "zero-dimensional engine"):
            if not is_zero_dimensional(grads, variables):
                return None
            cert, checked = shape_certificate(expr, variables)
    except (EngineError, BackendUnavailable, BudgetExceeded, OSError):
        return None
    if cert is None:  # msolve: no complex point / positive-dimensional: case analysis decides
        return None
    d = Derivation()
    n_real = len(checked["points"])
    d.text(
        f"The gradient system is polynomial with rational coefficients. msolve (an untrusted "
        f"engine) proposed a shape form: an eliminant of degree {checked['complex_count']} and "
        f"coordinates as rational functions of its root; the trusted kernel "
        f"(critcheck.kernel.zerodim) recomputed the gradient and checked that every root gives "
        f"a critical point, isolated the {n_real} real roots with rational intervals (Descartes' "
        f"rule), and "
        + ("accepted the completeness argument: the (reduced) system's Bezout number equals "
           "the number of points found and the Jacobian is invertible at each, so by the "
           "refined Bezout theorem (Fulton, Intersection Theory, Ex. 8.4.6) there is no other "
           "critical point, real or complex."
           if checked["complete"] else
           "could not certify that no other critical point exists."))
    seconds = time.perf_counter() - t0
    if checked["complete"]:
        return CertifiedSolveResult(variables, grads, cert, checked, d, seconds)
    reason = ("certified critical points; completeness not certified (the eliminant's degree "
              f"{checked['complex_count']} is below the Bezout number of the gradient system)")
    if on_partial is not None:
        ob = OpenBranch(tuple(grads), {}, reason + "; the case analysis is still running",
                        ("zero-dimensional engine",))
        on_partial(CertifiedSolveResult(variables, grads, cert, checked, d,
                                        time.perf_counter() - t0, [ob]))
    if fallback is not None:
        left = None if budget is None else 0.9 * (budget - (time.perf_counter() - t0))
        if left is None or left > 0.05:
            res = fallback(left)
            if res.complete:
                return res
    ob = OpenBranch(tuple(grads), {}, reason, ("zero-dimensional engine",))
    return CertifiedSolveResult(variables, grads, cert, checked, d,
                                time.perf_counter() - t0, [ob])


def _arb_eval(poly, xs):
    acc = flint.arb(0)
    for mon, c in list(poly.terms()):
        term = flint.arb(c)
        for x, k in zip(xs, mon):
            if k:
                term = term * x ** k
        acc += term
    return acc


def _inertia(H):
    """(positive, negative) eigenvalue counts of a symmetric ball matrix, or None.

    Symmetric-pivoting LDLᵀ: each pivot is a diagonal entry whose ball
    excludes 0; by Sylvester's law of inertia the pivots' signs are the
    eigenvalues' signs. None when no pivot can be proven nonzero.
    """
    H = [row[:] for row in H]
    n = len(H)
    pos = neg = 0
    idx = list(range(n))
    while idx:
        best = None
        for i in idx:
            d = H[i][i]
            if d > 0 or d < 0:
                lower = abs(d).lower()
                if best is None or lower > best[0]:
                    best = (lower, i)
        if best is None:
            return None
        k = best[1]
        d = H[k][k]
        if d > 0:
            pos += 1
        else:
            neg += 1
        idx.remove(k)
        for i in idx:
            for j in idx:
                H[i][j] = H[i][j] - H[i][k] * H[k][j] / d
    return pos, neg


def _nonnegative_term(term) -> bool:
    """``c g^(2k)``, ``c > 0`` rational, ``g`` a sum (as written): never negative."""
    coeff, rest = term.as_coeff_Mul()
    if not (coeff.is_Rational and coeff > 0):
        return False
    return (rest.is_Pow and rest.exp.is_Integer and rest.exp > 0 and rest.exp % 2 == 0
            and rest.base.is_Add)


def _coercive_by_form(expr, variables) -> bool:
    """Coercive: as written, ``f = (squares) + r`` with ``r`` coercive by its Newton polytope.

    Either ``f`` itself passes the Newton-polytope test, or terms
    ``c g^(2k)`` (``c > 0``, ``g`` a sum) are dropped (``f ≥ r``); in ``r``, with
    ``a_i > 0`` the coefficient of the highest pure power ``x_i^{2k_i}``
    (even), every other monomial ``x^α`` must have ``s = Σ α_i/(2k_i) < 1``;
    then ``|x^α| ≤ (Σ_i x_i^{2k_i})^s`` (weighted AM-GM), which is
    ``o(Σ a_i x_i^{2k_i})``, so ``f ≥ r → +∞`` as ``|x| → ∞`` and the minimum is
    attained at a critical point.
    """
    if _coercive_newton(expr, variables):
        return True
    kept = [t for t in sympy.Add.make_args(expr) if not _nonnegative_term(t)]
    rest = sympy.Add(*kept)
    return rest != 0 and len(kept) < len(sympy.Add.make_args(expr)) and \
        _coercive_newton(rest, variables)


def _coercive_newton(expr, variables) -> bool:
    """Coercive by its Newton polytope: ``Σ a_i x_i^{2k_i}`` dominates every other term.

    With ``a_i > 0`` the coefficient of the highest pure power ``x_i^{2k_i}``
    (even), every other monomial ``x^α`` must have ``s = Σ α_i/(2k_i) < 1``;
    then ``|x^α| ≤ (Σ_i x_i^{2k_i})^s`` (weighted AM-GM), which is
    ``o(Σ a_i x_i^{2k_i})``, so ``f → +∞`` as ``|x| → ∞`` and the minimum is
    attained at a critical point.
    """
    p = sympy.Poly(expr, *variables, domain=sympy.QQ)
    n = len(variables)
    terms = dict(p.terms())
    top = []
    for i in range(n):
        pure = [(m[i], c) for m, c in terms.items()
                if m[i] > 0 and all(e == 0 for j, e in enumerate(m) if j != i)]
        if not pure:
            return False
        e, c = max(pure)
        if e % 2 or c <= 0:
            return False
        top.append(e)
    for m in terms:
        if any(m == tuple(top[i] if j == i else 0 for j in range(n)) for i in range(n)):
            continue
        if sum(sympy.Rational(m[i], top[i]) for i in range(n)) >= 1:
            return False
    return True


def _values_equal(expr, variables, result, idx, max_degree: int = 30) -> bool:
    """True when the loss takes one and the same value at the points ``idx``.

    For each irreducible factor ``F`` of the eliminant holding one of the
    points, the values there are roots of
    ``R_F(v) = Res_t(F(t), c v D(t)^e - N(t))`` (``f(Q/D) = N/(c D^e)``, all
    reduced modulo ``F``). If one interval holds every value enclosure and
    exactly one root of the squarefree part of ``∏ R_F`` (Descartes' rule),
    all the values are that root. When the involved factors' degrees add up
    to more than ``max_degree`` the resultants get expensive (14 s for the
    chain H=5): False, i.e. equality not certified.
    """
    from ..kernel.zerodim import _descartes, _gradient, _Homogenised
    from .shape_certificate import _arb_bounds

    pts = result.checked["points"]
    P = flint.fmpz_poly([int(c) for c in pts[0]["eliminant"]])
    factors = [F for F, _ in P.factor()[1]]
    involved = set()
    for i in idx:
        lo, hi = (_fmpq(s) for s in pts[i]["interval"])
        for j, F in enumerate(factors):
            if flint.fmpq_poly(F)(lo) * flint.fmpq_poly(F)(hi) < 0:
                involved.add(j)
                break
        else:
            return False
    if sum(factors[j].degree() for j in involved) > max_degree:
        return False
    ctx, _, _ = _gradient(expr, list(variables))
    Fl = ctx.from_dict({tuple(int(e) for e in m): flint.fmpq(int(c.p), int(c.q))
                        for m, c in sympy.Poly(expr, *variables, domain=sympy.QQ).terms()})
    Q = [flint.fmpq_poly([_fmpq(c) for c in q]) for q in pts[0]["numerators"]]
    D = flint.fmpq_poly([_fmpq(c) for c in pts[0]["denominator"]])
    e = Fl.total_degree()
    den = flint.fmpz(1)
    for _, c in Fl.terms():
        den = den * flint.fmpz(c.q) // den.gcd(flint.fmpz(c.q))
    bctx = flint.fmpz_mpoly_ctx.get(("t", "v"), "lex")
    tt, vv = bctx.gens()

    def lift(poly):  # fmpq_poly -> integer bivariate (scaled: a constant factor is harmless)
        poly = poly * poly.denom()
        acc = bctx.from_dict({})
        for k, c in enumerate(poly.coeffs()):
            if c != 0:
                acc += int(c) * tt ** k
        return acc

    Rv = flint.fmpz_poly([1])
    for j in involved:
        Fq = flint.fmpq_poly(factors[j])
        ev = _Homogenised([q % Fq for q in Q], D % Fq)
        N = flint.fmpq_poly(ev(Fl, e)) % Fq
        De = flint.fmpq_poly(ev.D ** e) % Fq
        # c v De - N with one common scale: clear denominators of both together
        scale = flint.fmpq(1)
        for part in (N, De):
            scale = scale * part.denom()
        Rb = lift(Fq).resultant(int(den) * vv * lift(De * scale) - lift(N * scale), "t")
        coeffs = [0] * (Rb.degrees()[1] + 1)
        for (_, k), c in Rb.to_dict().items():
            coeffs[k] = int(c)
        Rv *= flint.fmpz_poly(coeffs)
    if Rv.is_zero() or Rv.degree() < 1:
        return False
    Rq = flint.fmpq_poly(Rv)
    Rs = Rq / Rq.gcd(Rq.derivative())
    enclosures = _value_balls(result, idx, expr, variables)
    lo = min(_arb_bounds(b)[0] for b in enclosures)
    hi = max(_arb_bounds(b)[1] for b in enclosures)
    if Rs(lo) == 0 or Rs(hi) == 0:
        return False
    return _descartes(Rs, lo, hi) == 1


def _value_balls(result, idx, expr, variables, prec_bits: int = 120):
    from ..kernel.zerodim import _gradient

    ctx, _, _ = _gradient(expr, list(variables))
    F = ctx.from_dict({tuple(int(e) for e in m): flint.fmpq(int(c.p), int(c.q))
                       for m, c in sympy.Poly(expr, *variables, domain=sympy.QQ).terms()})
    sub = {"points": [result.checked["points"][i] for i in idx]}
    old = flint.ctx.prec
    flint.ctx.prec = max(old, prec_bits + 60)
    try:
        return [_arb_eval(F, xs) for xs in point_enclosures(sub, prec_bits)]
    finally:
        flint.ctx.prec = old


def classify_points(expr, variables, result: CertifiedSolveResult, prec_bits: int = 80):
    """Type, value and global status of each certified real point (ball arithmetic).

    Non-degenerate points only (the kernel's completeness check proved every
    Jacobian invertible): the Morse type follows from the Hessian's inertia
    (symmetric LDLᵀ in ``arb``). The global minimum is decided by
    :func:`critcheck.symbolic.global_min.decide_global` (an attained
    kernel-checked sum of squares, or coercivity and a complete set); its
    evidence (kernel statement and certificate) is kept as
    ``result.global_evidence``.

    Returns a list of dicts ``{"coords", "value", "type", "global"}`` (balls
    as strings), in the order of ``result.checked["points"]``.
    """
    from ..kernel.zerodim import _gradient

    old = flint.ctx.prec
    flint.ctx.prec = max(old, prec_bits + 20)
    try:
        ctx, _, grads = _gradient(expr, list(variables))
        n = len(variables)
        F = ctx.from_dict({tuple(int(e) for e in m): flint.fmpq(int(c.p), int(c.q))
                           for m, c in sympy.Poly(expr, *variables, domain=sympy.QQ).terms()})
        hess = [[g.derivative(j) for j in range(n)] for g in grads]
        out = []
        for xs in point_enclosures(result.checked, prec_bits):
            value = _arb_eval(F, xs)
            H = [[_arb_eval(h, xs) for h in row] for row in hess]
            inert = _inertia(H)
            if inert is None:
                kind = "type undetermined (Hessian enclosure too wide)"
            elif inert[0] == n:
                kind = "strict local min"
            elif inert[1] == n:
                kind = "strict local max"
            elif inert[0] + inert[1] == n:
                kind = f"saddle (index {inert[1]})"
            else:  # pragma: no cover - a nonzero pivot count always sums to n
                kind = "type undetermined"
            out.append({"coords": xs, "value": value, "type": kind, "global": "unknown"})
        from .global_min import decide_global

        result.global_evidence = decide_global(expr, variables, result, out, prec_bits)
        return out
    finally:
        flint.ctx.prec = old

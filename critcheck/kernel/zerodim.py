"""Trusted check: the complex (hence real) critical set of a polynomial is these points.

:func:`check_zerodim` accepts or rejects a *shape-form certificate* for the
statement "the solutions of ``∇f = 0`` in ``C^n`` are exactly the points
described here", for a polynomial ``f`` with rational coefficients. It
recomputes the gradient (and Hessian) from ``f`` itself, does all arithmetic
exactly with FLINT (``fmpq_mpoly``, ``fmpq_poly``, ``fmpz_poly``), and
trusts nothing in the certificate: the certificate is plain JSON data, read
by a strict parser for integers and rationals (no ``eval``, no ``sympify``).

Certificate (a ``dict``, JSON-serialisable)
-------------------------------------------
``variables``
    the statement's variable names, in order (checked).
``linear_form``
    integers ``a_1..a_n`` (strings): the separating form ``L = Σ a_i x_i``.
``eliminant``
    integer coefficients of ``P(t)``, lowest degree first (strings).
``denominator``
    rational coefficients of ``D(t)``, lowest degree first.
``numerators``
    one list of rational coefficients per variable: ``Q_i(t)``.
    The points are ``x = Q(t)/D(t)`` at the roots ``t`` of ``P``.
``real_roots``
    isolating intervals ``[lo, hi]`` (rational strings), increasing.
``completeness``
    ``"bezout"``, ``"standard_monomials"`` or absent/``None``.
``basis``, ``cofactors``, ``order``
    with ``"standard_monomials"``: polynomials ``G_k`` as lists of
    ``[[e_1..e_n], "coefficient"]`` terms, for each one its cofactors
    ``T_kj`` (same form) with ``G_k = Σ_j T_kj ∂_j f``, and the monomial
    order (``"degrevlex"``, ``"deglex"`` or ``"lex"``) naming leading monomials.
``eliminations``
    optional, with ``"bezout"``: ``[variable name, equation index]`` pairs.

What is checked (``d = deg P``)
-------------------------------
1. ``P`` is squarefree (``gcd(P, P') = 1``) and ``gcd(D, P) = 1``; so the
   ``d`` complex roots of ``P`` are distinct and ``D`` vanishes at none.
2. ``Σ a_i Q_i(t) ≡ t D(t)  (mod P)``: ``L(x(t)) = t``, so distinct roots
   give distinct points.
3. For every partial derivative ``g`` (degree ``e``),
   ``D^e g(Q/D) ≡ 0 (mod P)``: every described point is critical. (Checked
   modulo each irreducible factor of ``P``; the factors are multiplied back
   and compared with ``P`` first.)
4. Real roots: every interval has ``P(lo) P(hi) ≠ 0`` and Descartes' rule of
   signs on it (after the Möbius map to ``(0, ∞)``) counts exactly one sign
   change, so exactly one root; intervals are disjoint; every gap of
   ``(-B, B)`` (``B`` Fujiwara's root bound) is shown root-free by Descartes
   counts of zero after exact bisection. Since ``Q, D`` have rational
   coefficients and ``L`` is real, the real points are exactly the images
   of the real roots of ``P``.
5. Completeness ``"bezout"``: optional ``eliminations`` (``[variable,
   equation index]`` pairs, see :func:`_eliminate`) first remove unknowns
   that occur linearly with a constant coefficient (a bijection of solution
   sets); for the square system ``h_1..h_m`` left, ``d = ∏ deg h_i`` and the
   Jacobian determinant is a unit modulo ``P``
   (``gcd(D^k det J(Q/D), P) = 1``, decided modulo a prime, see
   :func:`_jacobian_unit`), so the ``d`` points are
   non-singular solutions, each an isolated component of multiplicity one. By the refined Bézout theorem the degrees of all
   components of ``V(h_1, …, h_m)`` in ``P^m`` sum to at most ``∏ deg g_i``
   (Fulton, *Intersection Theory*, Example 8.4.6), so no other
   solution exists, in ``C^n`` or at infinity. Without a completeness
   argument the points are certified critical points and ``complete`` is
   ``False`` (open), never ``True``.
6. Completeness ``"standard_monomials"``: every ``G_k`` is checked to be
   ``Σ_j T_kj ∂_j f`` exactly, so ``⟨LM(G)⟩`` lies in the leading-term ideal
   of ``⟨∇f⟩``; if the monomials outside ``⟨LM(G)⟩`` number exactly ``d``,
   then ``#V(∇f) ≤ dim Q[x]/⟨∇f⟩ ≤ d`` and the ``d`` distinct points found
   are all of them (Cox-Little-O'Shea, Ch. 5 §3, Thm. 6).

References
----------
W. Fulton, *Intersection Theory*, 2nd ed., Springer 1998, Ex. 8.4.6 (refined
Bézout). F. Rouillier, "Solving zero-dimensional systems through the
rational univariate representation", AAECC 9 (1999), Sec. 2 (the shape form
``x = Q(t)/P'(t)`` that msolve prints). G. E. Collins, A. G. Akritas,
"Polynomial real root isolation using Descartes' rule of signs", SYMSAC 1976.
"""

from __future__ import annotations

import re

import flint
import sympy

__all__ = ["check_zerodim"]

_INT = re.compile(r"[+-]?[0-9]+")
_RAT = re.compile(r"([+-]?[0-9]+)(?:/([0-9]+))?")
_MAX_DIGITS = 100_000
_MAX_BISECT = 200


def _reject(why: str):
    raise ValueError(why)


def _int(s, what):
    if not isinstance(s, str) or len(s) > _MAX_DIGITS or not _INT.fullmatch(s):
        _reject(f"{what}: {str(s)[:40]!r} is not an integer string")
    return flint.fmpz(int(s))


def _rat(s, what):
    m = _RAT.fullmatch(s) if isinstance(s, str) and len(s) <= _MAX_DIGITS else None
    if m is None:
        _reject(f"{what}: {str(s)[:40]!r} is not a rational string 'p' or 'p/q'")
    den = int(m.group(2) or 1)
    if den == 0:
        _reject(f"{what}: zero denominator")
    return flint.fmpq(int(m.group(1)), den)


def _qpoly(coeffs, what):
    if not isinstance(coeffs, list):
        _reject(f"{what}: expected a list of coefficient strings")
    return flint.fmpq_poly([_rat(c, what) for c in coeffs])


def _gradient(f, variables):
    names = tuple(str(v) for v in variables)
    if len(set(names)) != len(names) or not names:
        _reject("variables must be distinct and non-empty")
    if not isinstance(f, sympy.Basic) or any(a.is_Float for a in f.atoms(sympy.Number)):
        _reject("the loss must be an exact sympy expression (no floating-point numbers)")
    try:
        poly = sympy.Poly(f, *variables, domain=sympy.QQ)
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded) as exc:
        _reject(f"the loss is not a polynomial with rational coefficients in {names}: {exc}")
    ctx = flint.fmpq_mpoly_ctx.get(names, "deglex")
    terms = {}
    for mon, c in poly.terms():
        terms[tuple(int(e) for e in mon)] = flint.fmpq(int(c.p), int(c.q))
    F = ctx.from_dict(terms) if terms else ctx.from_dict({})
    return ctx, names, [F.derivative(i) for i in range(len(names))]


_PRIMES = (2305843009213693951, 4611686018427387847, 9223372036854775783)  # 2^61-1, ...


class _Homogenised:
    """Exact ``D^e g(Q/D)`` in ``Z[t]`` for multivariate ``g`` (x = Q(t)/D(t)).

    ``Q`` and ``D`` are brought to integer coefficients with one common
    factor (which leaves ``x = Q/D`` unchanged); powers are cached. No
    reduction modulo ``P`` happens here: the caller reduces once.
    """

    def __init__(self, Q, D):
        m = flint.fmpz(1)
        for p in list(Q) + [D]:
            den = flint.fmpz(p.denom())
            m = m * den // m.gcd(den)
        self.Q = [flint.fmpz_poly([int(c * m) for c in q.coeffs()]) for q in Q]
        self.D = flint.fmpz_poly([int(c * m) for c in D.coeffs()])
        self._pw: dict = {}

    def pow(self, i, k):
        key = (i, k)
        if key not in self._pw:
            base = self.D if i < 0 else self.Q[i]
            self._pw[key] = flint.fmpz_poly([1]) if k == 0 else self.pow(i, k - 1) * base
        return self._pw[key]

    def __call__(self, g, e):
        """``den(g) · D^e g(Q/D)`` as an integer polynomial (``e ≥ deg g``)."""
        terms = list(g.terms())
        den = flint.fmpz(1)
        for _, c in terms:
            den = den * flint.fmpz(c.q) // den.gcd(flint.fmpz(c.q))
        acc = flint.fmpz_poly([])
        for mon, c in terms:
            term = self.pow(-1, e - sum(mon)) * int(c.p * (den // c.q))
            for i, k in enumerate(mon):
                if k:
                    term = term * self.pow(i, k)
            acc += term
        return acc


class _HomogenisedModP:
    """``D^e g(Q/D)`` reduced modulo a prime ``p`` and modulo ``P mod p``."""

    def __init__(self, ev: _Homogenised, p: int, Pp):
        self.p, self.Pp = p, Pp
        self.Q = [flint.nmod_poly([int(c) % p for c in q.coeffs()], p) % Pp for q in ev.Q]
        self.D = flint.nmod_poly([int(c) % p for c in ev.D.coeffs()], p) % Pp
        self._pw: dict = {}

    def pow(self, i, k):
        key = (i, k)
        if key not in self._pw:
            base = self.D if i < 0 else self.Q[i]
            self._pw[key] = (flint.nmod_poly([1], self.p) if k == 0
                             else (self.pow(i, k - 1) * base) % self.Pp)
        return self._pw[key]

    def __call__(self, g, e):
        """``g`` with integer coefficients (the caller scales rows)."""
        acc = flint.nmod_poly([], self.p)
        for mon, c in list(g.terms()):
            term = self.pow(-1, e - sum(mon)) * (int(c.p) % self.p)
            for i, k in enumerate(mon):
                if k:
                    term = (term * self.pow(i, k)) % self.Pp
            acc += term
        return acc % self.Pp


def _det_mod(rows, P):
    """Determinant of a matrix of polynomials modulo P (Laplace, minors memoised)."""
    n = len(rows)
    one = P.__class__([1], P.modulus()) if hasattr(P, "modulus") else P.__class__([1])
    memo = {(): one}

    def minor(cols):  # rows n-len(cols) .. n-1, these columns
        if cols in memo:
            return memo[cols]
        r = n - len(cols)
        acc = one * 0
        for j, c in enumerate(cols):
            if not rows[r][c].is_zero():
                term = (rows[r][c] * minor(cols[:j] + cols[j + 1:])) % P
                acc = acc - term if j % 2 else acc + term
        memo[cols] = acc % P
        return memo[cols]

    return minor(tuple(range(n)))


def _jacobian_unit(rows, e_rows, ev: _Homogenised, P):
    """True when ``det J(Q/D)`` and ``P`` (integer polynomial) have no common root.

    ``rows`` are the Jacobian's rows (integer coefficients), ``e_rows`` their
    homogenising degrees. Decided modulo a prime ``p`` not dividing
    ``lc(P)``: a common factor ``h ∈ Z[t]`` over ``Q`` (primitive, dividing
    ``P``) keeps its degree mod ``p`` and divides both there, so a trivial gcd
    mod ``p`` proves a trivial gcd over ``Q``. An unlucky prime can only
    cause a rejection.
    """
    lead = int(P.coeffs()[-1])
    for p in _PRIMES:
        if lead % p == 0:
            continue
        Pp = flint.nmod_poly([int(c) % p for c in P.coeffs()], p)
        evp = _HomogenisedModP(ev, p, Pp)
        mat = [[evp(h, e) if not h.is_zero() else flint.nmod_poly([], p) for h in row]
               for row, e in zip(rows, e_rows)]
        det = _det_mod(mat, Pp)
        if not det.is_zero() and Pp.gcd(det).degree() == 0:
            return True
    return False


def _variations(poly):
    signs = [c > 0 for c in poly.coeffs() if c != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def _descartes(P, lo, hi):
    """Sign changes of (1+x)^d P((lo + hi x)/(1+x)): bounds the roots in (lo, hi).

    Computed over the integers: with ``lo = a/m``, ``hi = c/m``, the
    polynomial ``m^d P((a + (c - a) x)/m)`` is reversed and shifted by 1.
    """
    d = P.degree()
    m = flint.fmpz(lo.q) * flint.fmpz(hi.q) // flint.fmpz(lo.q).gcd(flint.fmpz(hi.q))
    a, c = lo.p * (m // lo.q), hi.p * (m // hi.q)
    num = P.numer() if hasattr(P, "numer") else P
    coeffs = [flint.fmpz(x) for x in num.coeffs()]
    scaled = flint.fmpz_poly([x * m ** (d - k) for k, x in enumerate(coeffs)])
    shifted = scaled(flint.fmpz_poly([a, c - a]))
    sc = shifted.coeffs()
    sc = sc + [0] * (d + 1 - len(sc))
    return _variations(flint.fmpz_poly(sc[::-1])(flint.fmpz_poly([1, 1])))


def _root_bound(P):
    """A power of two ``B`` with every complex root of ``P`` in ``|z| < B``.

    Fujiwara's bound ``2 max_k |a_{d-k}/a_d|^{1/k}``, rounded up to a power of
    two with bit lengths: ``|p/q| < 2^(bitlen p - bitlen q + 1)``.
    """
    coeffs = [flint.fmpz(x) for x in P.numer().coeffs()]
    d = len(coeffs) - 1
    lead = abs(int(coeffs[-1])).bit_length()
    e = 0
    for k in range(1, d + 1):
        c = abs(int(coeffs[d - k]))
        if c:
            top = c.bit_length() - lead + 1
            e = max(e, -(-top // k))
    return flint.fmpq(2) ** (e + 1)


def _root_free(P, lo, hi, depth=0):
    """True when (lo, hi) holds no root of P (exact bisection with Descartes)."""
    v = _descartes(P, lo, hi)
    if v == 0:
        return True
    if depth >= _MAX_BISECT:
        return False
    mid = (lo + hi) / 2
    if P(mid) == 0:
        return False
    return _root_free(P, lo, mid, depth + 1) and _root_free(P, mid, hi, depth + 1)


def _check_real_roots(P, intervals):
    if not isinstance(intervals, list):
        _reject("real_roots: expected a list of [lo, hi] pairs")
    d = P.degree()
    if d <= 0:
        if intervals:
            _reject("real_roots: a constant eliminant has no roots")
        return []
    bound = _root_bound(P)
    parsed = []
    for k, pair in enumerate(intervals):
        if not (isinstance(pair, list) and len(pair) == 2):
            _reject(f"real_roots[{k}]: expected [lo, hi]")
        lo, hi = _rat(pair[0], f"real_roots[{k}]"), _rat(pair[1], f"real_roots[{k}]")
        if not lo < hi:
            _reject(f"real_roots[{k}]: lo < hi fails")
        if P(lo) == 0 or P(hi) == 0:
            _reject(f"real_roots[{k}]: an end point is a root; use ends where P is nonzero")
        if _descartes(P, lo, hi) != 1:
            _reject(f"real_roots[{k}]: Descartes' rule does not show exactly one root in "
                    f"({lo}, {hi})")
        if parsed and not parsed[-1][1] <= lo:
            _reject(f"real_roots[{k}]: open intervals must be increasing and disjoint")
        parsed.append((lo, hi))
    ends = [-bound] + [e for pair in parsed for e in pair] + [bound]
    for a, b in zip(ends[0::2], ends[1::2]):
        if a < b and not _root_free(P, a, b):
            _reject(f"real_roots: a real root of P in ({a}, {b}) has no interval (missing root)")
        if a > b:
            _reject("real_roots: an interval reaches past the root bound")
    return parsed


def _eliminate(ctx, names, grads, steps):
    """Apply the certificate's linear eliminations; the square system left.

    A step ``[name, k]`` needs equation ``k`` (of the current system) to be
    ``c x + r`` with ``c`` a nonzero rational constant and ``r`` free of ``x``;
    then ``x = -r/c`` is substituted into the other equations and both are
    dropped. The solutions of the old system project one-to-one onto those
    of the new one (``x`` is a polynomial in the rest), so counts agree.
    """
    if not isinstance(steps, list):
        _reject("eliminations: expected a list of [variable, equation index]")
    system = dict(enumerate(grads))
    free = list(range(len(names)))
    gens = ctx.gens()
    for step in steps:
        if not (isinstance(step, list) and len(step) == 2 and step[0] in names
                and isinstance(step[1], int) and step[1] in system):
            _reject(f"eliminations: bad step {step!r}")
        j = names.index(step[0])
        if j not in free:
            _reject(f"eliminations: {step[0]} was already eliminated")
        g = system.pop(step[1])
        c = g.derivative(j)
        if not c.is_constant() or c.is_zero():
            _reject(f"eliminations: equation {step[1]} is not c*{step[0]} + (free of "
                    f"{step[0]}) with a nonzero constant c")
        value = (c * gens[j] - g) / c.leading_coefficient()
        subst = [value if i == j else gens[i] for i in range(len(names))]
        system = {k: h.compose(*subst) for k, h in system.items()}
        free.remove(j)
    return [system[k] for k in sorted(system)], free


def _mpoly(ctx, n, terms, what):
    """A polynomial given as ``[[e_1, ..., e_n], "coefficient"]`` pairs."""
    if not isinstance(terms, list):
        _reject(f"{what}: expected a list of [exponents, coefficient] terms")
    out = {}
    for term in terms:
        if not (isinstance(term, list) and len(term) == 2 and isinstance(term[0], list)
                and len(term[0]) == n
                and all(isinstance(e, int) and not isinstance(e, bool) and 0 <= e <= 10_000
                        for e in term[0])):
            _reject(f"{what}: bad term {str(term)[:60]!r}")
        key = tuple(term[0])
        if key in out:
            _reject(f"{what}: repeated monomial {key}")
        out[key] = _rat(term[1], what)
    return ctx.from_dict(out)


def _staircase(gens, n):
    """Number of monomials outside the monomial ideal ``gens`` (None if infinite)."""
    if n == 0:
        return 0 if any(True for _ in gens) else 1
    pure = [g[-1] for g in gens if all(e == 0 for e in g[:-1])]
    if not pure:
        return None
    total = 0
    for e in range(min(pure)):
        sub = [g[:-1] for g in gens if g[-1] <= e]
        c = _staircase(sub, n - 1)
        if c is None:
            return None
        total += c
    return total


def _standard_monomial_bound(names, grads, cert):
    """``dim Q[x]/⟨∇f⟩ ≤`` the number of standard monomials of ``⟨LM(G)⟩``.

    ``basis`` polynomials ``G`` with ``cofactors``: ``G_k = Σ_j T_kj ∂_j f``
    is checked as an identity, so ``G ⊆ ⟨∇f⟩`` and, for the certificate's
    monomial ``order``, ``⟨LM(G)⟩ ⊆ LT(⟨∇f⟩)``; the monomials outside
    ``⟨LM(G)⟩`` then number at least ``dim Q[x]/⟨∇f⟩``, which bounds the
    number of distinct complex solutions (Cox, Little, O'Shea, *Ideals,
    Varieties, and Algorithms*, Ch. 5 §3, Thm. 6 and Ch. 2 §5). ``G`` need
    not be a Gröbner basis: only the bound is used.
    """
    order = cert.get("order")
    if order not in ("degrevlex", "deglex", "lex"):
        _reject("standard_monomials: order must be 'degrevlex', 'deglex' or 'lex'")
    ctx = flint.fmpq_mpoly_ctx.get(tuple(names), order)
    n = len(names)
    grads = [ctx.from_dict(dict(g.to_dict())) for g in grads]
    basis, cof = cert.get("basis"), cert.get("cofactors")
    if not (isinstance(basis, list) and isinstance(cof, list) and len(basis) == len(cof)
            and basis):
        _reject("standard_monomials: basis and cofactors must be non-empty lists of equal length")
    lead = []
    for k, (bk, tk) in enumerate(zip(basis, cof)):
        g = _mpoly(ctx, n, bk, f"basis[{k}]")
        if g.is_zero():
            continue
        if not (isinstance(tk, list) and len(tk) == n):
            _reject(f"cofactors[{k}]: one cofactor per partial derivative")
        comb = ctx.from_dict({})
        for j, t in enumerate(tk):
            comb += _mpoly(ctx, n, t, f"cofactors[{k}][{j}]") * grads[j]
        if comb != g:
            _reject(f"basis[{k}] is not the stated combination of the partial derivatives")
        lead.append(tuple(int(e) for e in g.monoms()[0]))
    count = _staircase(lead, n)
    if count is None:
        _reject("standard_monomials: infinitely many standard monomials (no pure power of "
                "some variable among the leading monomials)")
    return count


def check_zerodim(f: sympy.Expr, variables: list, cert: dict) -> dict:
    """Check a shape-form certificate for the critical points of ``f``.

    Parameters
    ----------
    f : sympy expression, a polynomial in ``variables`` with rational coefficients.
    variables : the statement's variables (sympy Symbols), in order.
    cert : plain data as described in the module docstring.

    Returns
    -------
    dict
        ``{"points": [...], "complete": bool, "complex_count": d}``; each point
        is ``{"eliminant", "interval", "numerators", "denominator"}`` (strings):
        the unique root ``t`` of the eliminant in the interval, mapped to
        ``x = Q(t)/D(t)``.

    Raises
    ------
    ValueError
        with the reason when the certificate is rejected.
    """
    if not isinstance(cert, dict):
        _reject("certificate must be a dict")
    ctx, names, grads = _gradient(f, list(variables))
    n = len(names)
    if cert.get("variables") != list(names):
        _reject(f"certificate variables {cert.get('variables')!r} are not {list(names)!r}")
    lf = cert.get("linear_form")
    if not (isinstance(lf, list) and len(lf) == n):
        _reject("linear_form: one integer per variable")
    a = [_int(c, "linear_form") for c in lf]
    el = cert.get("eliminant")
    if not (isinstance(el, list) and el):
        _reject("eliminant: non-empty list of integer strings")
    P = flint.fmpq_poly([_int(c, "eliminant") for c in el])
    if P.is_zero():
        _reject("eliminant is the zero polynomial")
    D = _qpoly(cert.get("denominator"), "denominator")
    nums = cert.get("numerators")
    if not (isinstance(nums, list) and len(nums) == n):
        _reject("numerators: one coefficient list per variable")
    Q = [_qpoly(q, f"numerators[{i}]") for i, q in enumerate(nums)]
    d = P.degree()
    if any(g.is_zero() for g in grads) and d >= 0:
        if d > 0 or cert.get("completeness"):
            _reject("a partial derivative is identically zero: the critical set is not "
                    "zero-dimensional")
    if d > 0:
        if P.gcd(P.derivative()).degree() != 0:
            _reject("eliminant is not squarefree")
        if P.gcd(D).degree() != 0 or (D % P).is_zero():
            _reject("denominator shares a root with the eliminant")
        t = flint.fmpq_poly([0, 1])
        if not ((sum((c * q for c, q in zip(a, Q)), flint.fmpq_poly([])) - t * D) % P).is_zero():
            _reject("linear form does not give back t: L(Q/D) != t mod P")
        ev = _Homogenised(Q, D)
        # checked factor by factor of P (FLINT's factorisation, multiplied back and
        # compared): the same congruences, with far smaller degrees when P splits
        Pz = flint.fmpz_poly([int(c) for c in (P * P.denom()).coeffs()])
        content, factors = Pz.factor()
        back = flint.fmpz_poly([content])
        for F, m in factors:
            back *= F ** m
        if back != Pz or any(m != 1 for _, m in factors):
            _reject("eliminant: factorisation does not multiply back (or P is not squarefree)")
        for F, _ in factors:
            Fq = flint.fmpq_poly(F)
            evF = _Homogenised([q % Fq for q in Q], D % Fq)
            for i, g in enumerate(grads):
                if not (flint.fmpq_poly(evF(g, g.total_degree())) % Fq).is_zero():
                    _reject(f"the partial derivative in {names[i]} does not vanish at the points")
    roots = _check_real_roots(P, cert.get("real_roots"))
    rule = cert.get("completeness")
    complete = False
    if rule == "bezout":
        system, free = _eliminate(ctx, names, grads, cert.get("eliminations", []))
        if d <= 0:
            if not any(g.is_constant() and not g.is_zero() for g in system):
                _reject("bezout: no points given, but no equation is a nonzero constant")
        else:
            bezout = 1
            for g in system:
                bezout *= g.total_degree()
            if d != bezout:
                _reject(f"bezout: {d} points given, Bezout's number is {bezout}")
            jac, e_rows = [], []
            for g in system:
                row = [g.derivative(j) for j in free]
                e = max(h.total_degree() for h in row)
                den = flint.fmpz(1)  # one integer factor per row keeps det's roots
                for h in row:
                    for _, c in h.terms():
                        den = den * flint.fmpz(c.q) // den.gcd(flint.fmpz(c.q))
                jac.append([h * den for h in row])
                e_rows.append(e)
            Pz = flint.fmpz_poly([int(c) for c in (P * P.denom()).coeffs()])
            if not _jacobian_unit(jac, e_rows, ev, Pz):
                _reject("bezout: the Jacobian is singular at some point (not all multiplicity one)")
        complete = True
    elif rule == "standard_monomials":
        if d <= 0:
            _reject("standard_monomials: needs at least one point")
        count = _standard_monomial_bound(names, grads, cert)
        if count != d:
            _reject(f"standard_monomials: the basis leaves {count} standard monomials, "
                    f"{d} points given")
        complete = True
    elif rule is not None:
        _reject(f"completeness: unknown rule {rule!r} (known: 'bezout', "
                "'standard_monomials' or none)")
    points = [{"eliminant": [str(c) for c in el], "interval": [str(lo), str(hi)],
               "numerators": [[str(c) for c in q.coeffs()] for q in Q],
               "denominator": [str(c) for c in D.coeffs()]} for lo, hi in roots]
    return {"points": points, "complete": complete, "complex_count": max(d, 0)}

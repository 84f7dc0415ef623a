"""Exact sums of squares: a Gram matrix found numerically, rounded, checked by the kernel.

``f - c = z^T Q z`` with ``Q ⪰ 0`` proves ``f ≥ c``. The search is untrusted:

1. the monomial basis ``z`` is cut down to half the Newton polytope of
   ``f - c`` (Reznick 1978, Thm 1), then monomials whose diagonal entry is
   forced to zero are dropped;
2. *facial reduction*: where ``f - c`` is known to vanish (real points
   ``p`` attaining ``c``), ``z(p)^T Q z(p) = 0`` and ``Q ⪰ 0`` force
   ``Q z(p) = 0``; the basis is replaced by a rational basis of the
   polynomials in ``span z`` that vanish at those points, so the remaining
   Gram matrix can be positive definite;
3. a semidefinite program (Clarabel, an interior-point conic solver) finds
   ``Q`` as deep inside the cone as it can (largest ``t`` with ``Q ⪰ t I``);
4. rounding to rationals and exact orthogonal projection onto the affine
   space ``{Q : z^T Q z = f - c}`` (Peyrl & Parrilo 2008, Sec. 3,
   Prop. 3.1: if the rounded point is close enough to a strictly feasible
   ``Q``, the projection is still positive semidefinite);
5. an exact ``LDL^T`` over ``Q``: ``f - c = Σ_k d_k (L^T z)_k^2`` with
   ``d_k ≥ 0``, emitted as a kernel ``lower_bound`` certificate.

Only :func:`critcheck.kernel.check` accepting that certificate makes a bound;
a failure at any step returns ``None``.

References
----------
B. Reznick, "Extremal PSD forms with few terms", Duke Math. J. 45 (1978),
363–374, Thm 1 (the Newton polytope of a sum of squares).
H. Peyrl, P. A. Parrilo, "Computing sum of squares decompositions with
rational coefficients", Theor. Comput. Sci. 409 (2008) 269–281, Sec. 3–4.
P. A. Parrilo, "Semidefinite programming relaxations for semialgebraic
problems", Math. Program. 96 (2003), Sec. 3 (Gram matrices).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from fractions import Fraction

import flint
import numpy as np
import sympy

__all__ = ["SOSBound", "sos_lower_bound", "coercivity_bound", "zero_rows_rational",
           "zero_rows_shape"]

_DENOMINATORS = (10**2, 10**4, 10**6, 2**30, 2**50)
_MAX_CANDIDATES = 300  # monomials of degree <= d/2 before the Newton-polytope cut


@dataclasses.dataclass(frozen=True)
class SOSBound:
    """A kernel-accepted bound ``loss ≥ c`` (``loss`` may be ``f - ε Σ x_i^{2m}``).

    Attributes
    ----------
    c : sympy.Rational
        the certified lower bound.
    statement : critcheck.kernel.Statement
        kind ``lower_bound``, loss and ``c`` as data.
    certificate : dict
        ``{"terms": [{"weight", "square"}, ...]}``; the kernel re-checks
        ``loss - c = Σ weight · square^2`` by exact expansion.
    eps, power : sympy.Rational or None, int or None
        for a coercivity bound: ``loss = f - eps · Σ x_i^power``.
    """

    c: sympy.Rational
    statement: object
    certificate: dict
    eps: sympy.Rational | None = None
    power: int | None = None


# -- polynomials as {exponent tuple: fmpq} -----------------------------------
def _poly(expr, variables) -> dict:
    P = sympy.Poly(sympy.expand(expr), *variables, domain=sympy.QQ)
    return {tuple(int(e) for e in m): flint.fmpq(int(c.p), int(c.q)) for m, c in P.terms()}


def _poly_or_none(expr, variables) -> dict | None:
    """:func:`_poly`, or None for a non-polynomial or zero ``expr``."""
    try:
        fp = _poly(expr, variables)
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return None
    return fp or None


def _mul(a: dict, b: dict) -> dict:
    out: dict = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            m = tuple(x + y for x, y in zip(ma, mb))
            out[m] = out.get(m, 0) + ca * cb
    return {m: c for m, c in out.items() if c != 0}


def _to_expr(p: dict, variables) -> sympy.Expr:
    return sympy.Add(*[sympy.Rational(int(c.p), int(c.q)) * sympy.Mul(
        *[v**e for v, e in zip(variables, m)]) for m, c in p.items()])


# -- step 1: the basis ---------------------------------------------------------
def _in_hull(point, verts) -> bool:
    """``point`` in the convex hull of ``verts``: the LP ``V λ = point, Σ λ = 1, λ ≥ 0``
    (Clarabel; importing SciPy's ``linprog`` would cost more than all the solving)."""
    import clarabel
    from scipy import sparse

    V = np.array(verts, dtype=float).T
    k = V.shape[1]
    A = np.vstack([V, np.ones(k), -np.eye(k)])
    b = np.concatenate([np.array(point, dtype=float), [1.0], np.zeros(k)])
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    sol = clarabel.DefaultSolver(sparse.csc_matrix((k, k)), np.zeros(k), sparse.csc_matrix(A), b,
                                 [clarabel.ZeroConeT(V.shape[0] + 1), clarabel.NonnegativeConeT(k)],
                                 settings).solve()
    return str(sol.status) in ("Solved", "AlmostSolved")


def _half_newton(support, n: int) -> list:
    """Monomials ``α`` with ``2α`` in the Newton polytope of ``support``, pruned."""
    deg = max(sum(m) for m in support)
    if deg % 2:
        return []
    verts = sorted(support)
    if math.comb(n + deg // 2, n) > _MAX_CANDIDATES:
        return []  # too large a search for this command's time; no bound, never a wrong one
    cand = [a for k in range(deg // 2 + 1) for a in _exponents(n, k)]
    basis = [a for a in cand if tuple(2 * x for x in a) in support
             or _in_hull([2 * x for x in a], verts)]
    sup = set(support)
    while True:  # a diagonal entry no other product can cancel must be 0: drop it
        sums = {}
        for a, b in itertools.combinations(basis, 2):
            m = tuple(x + y for x, y in zip(a, b))
            sums[m] = sums.get(m, 0) + 1
        keep = [a for a in basis if tuple(2 * x for x in a) in sup
                or sums.get(tuple(2 * x for x in a), 0) > 0]
        if len(keep) == len(basis):
            return basis
        basis = keep


def _exponents(n: int, k: int):
    if n == 1:
        yield (k,)
        return
    for a in range(k, -1, -1):
        for rest in _exponents(n - 1, k - a):
            yield (a,) + rest


# -- step 2: facial reduction ---------------------------------------------------
def zero_rows_rational(basis, point) -> list:
    """The row ``z(p)`` for a rational zero ``p`` (``Q z(p) = 0`` is required)."""
    pt = [flint.fmpq(int(sympy.Rational(x).p), int(sympy.Rational(x).q)) for x in point]
    row = []
    for a in basis:
        v = flint.fmpq(1)
        for x, e in zip(pt, a):
            v *= x**e
        row.append(v)
    return [row]


def zero_rows_shape(basis, numerators, denominator, factor) -> list:
    """Rows for every root ``t`` of the irreducible ``factor``: ``x = Q(t)/D(t)``.

    ``b^T z(x(t)) ≡ 0 (mod factor)`` is linear in ``b`` over ``Q``: one row
    per power of ``t``. It asks ``b^T z`` to vanish at *every* root of the
    factor (complex ones too), which is more than needed when some roots are
    not real zeros of ``f - c``; the SDP may then be infeasible (no bound),
    never wrong (the kernel checks the final identity).
    """
    F = flint.fmpq_poly(factor)
    D = flint.fmpq_poly(denominator) % F
    g, inv, _ = D.xgcd(F)
    inv = inv / g.coeffs()[0]
    xs = [(flint.fmpq_poly(q) * inv) % F for q in numerators]
    k = F.degree()
    cols = []
    for a in basis:
        v = flint.fmpq_poly([1])
        for x, e in zip(xs, a):
            for _ in range(e):
                v = (v * x) % F
        c = v.coeffs()
        cols.append(list(c) + [flint.fmpq(0)] * (k - len(c)))
    return [[cols[j][i] for j in range(len(basis))] for i in range(k)]


def _infinity_rows(target: dict, basis) -> list:
    """Facial reduction at infinity (two variables): where the top-degree form ``h``
    of ``f - c`` has a real zero direction ``w``, ``z_d(w)^T Q_dd z_d(w) = h(w) = 0``
    forces ``Q`` to annihilate ``z_d(w)`` (degree-``d`` monomials, zero elsewhere).

    Directions ``(t, 1)`` with ``t`` a root of an irreducible factor of ``h(t, 1)``
    having a real root (rows modulo that factor, as in :func:`zero_rows_shape`),
    and ``(1, 0)`` when ``h(1, 0) = 0``.
    """
    if not basis or len(basis[0]) != 2:
        return []
    deg = max(sum(m) for m in target)
    d = deg // 2
    top = {m: c for m, c in target.items() if sum(m) == deg}
    cols = [i for i, a in enumerate(basis) if sum(a) == d]
    if not top or not cols:
        return []
    rows = []
    # h(t, 1) = sum c t^i over monomials x^i y^(deg - i)
    ht = flint.fmpq_poly([top.get((i, deg - i), 0) for i in range(deg + 1)])
    if ht.degree() < deg:  # h(1, 0) = 0: the direction (1, 0)
        row = [flint.fmpq(0)] * len(basis)
        for i in cols:
            if basis[i] == (d, 0):
                row[i] = flint.fmpq(1)
        rows.append(row)
    if ht.degree() >= 1:
        num = flint.fmpz_poly([int(c * ht.denom()) for c in ht.coeffs()])
        for F, _ in num.factor()[1]:
            if F.degree() < 1 or not F.complex_roots() or not any(
                    abs(r.imag) < 1e-30 for r, _ in F.complex_roots()):
                continue
            Fq = flint.fmpq_poly(F)
            k = F.degree()
            colvals = []
            for a in basis:
                if sum(a) != d:
                    colvals.append([flint.fmpq(0)] * k)
                    continue
                v = flint.fmpq_poly([1])
                for _ in range(a[0]):
                    v = (v * flint.fmpq_poly([0, 1])) % Fq
                c = v.coeffs()
                colvals.append(list(c) + [flint.fmpq(0)] * (k - len(c)))
            rows += [[colvals[j][i] for j in range(len(basis))] for i in range(k)]
    return rows


def _nullspace(rows, m: int) -> list:
    """A rational basis (list of length-``m`` vectors) of ``{b : rows · b = 0}``."""
    if not rows:
        return [[flint.fmpq(1) if i == j else flint.fmpq(0) for i in range(m)] for j in range(m)]
    M = flint.fmpq_mat(len(rows), m, [x for r in rows for x in r])
    R, rank = M.rref()
    pivots = []
    for i in range(rank):
        pivots.append(next(j for j in range(m) if R[i, j] != 0))
    free = [j for j in range(m) if j not in pivots]
    out = []
    for f in free:
        v = [flint.fmpq(0)] * m
        v[f] = flint.fmpq(1)
        for i, p in enumerate(pivots):
            v[p] = -R[i, f]
        out.append(v)
    return out


# -- step 3: the semidefinite program ------------------------------------------
def _pairs(m: int):
    """Upper-triangle index pairs in Clarabel's ``svec`` order (by columns)."""
    return [(i, j) for j in range(m) for i in range(j + 1)]


def _constraints(polys, target: dict, free: list):
    """Coefficient matching ``Σ_{i≤j} (2 - δ_ij) q_ij z_i z_j + Σ_k s_k h_k = target``.

    Returns (monomials, rows of q-coefficients, rows of s-coefficients, right-hand sides).
    """
    m = len(polys)
    pairs = _pairs(m)
    prods = [_mul(polys[i], polys[j]) for i, j in pairs]
    monos = sorted(set(target) | {x for p in prods for x in p} | {x for h in free for x in h})
    idx = {x: r for r, x in enumerate(monos)}
    Aq = [[flint.fmpq(0)] * len(pairs) for _ in monos]
    for col, ((i, j), pr) in enumerate(zip(pairs, prods)):
        for x, c in pr.items():
            Aq[idx[x]][col] += c if i == j else 2 * c
    As = [[flint.fmpq(0)] * len(free) for _ in monos]
    for k, h in enumerate(free):
        for x, c in h.items():
            As[idx[x]][k] += c
    rhs = [target.get(x, flint.fmpq(0)) for x in monos]
    return monos, Aq, As, rhs


def _sdp(Aq, As, rhs, m: int, objective: str, s_bounds=None):
    """Solve the Gram SDP numerically. ``objective``: ``"max_s"`` (maximise the
    first free scalar) or ``"interior"`` (maximise ``t`` with ``Q ⪰ t I``, ``t ≤ 1``).
    Returns (q, s) as float arrays, or None."""
    import clarabel
    from scipy import sparse

    npairs, ns = len(_pairs(m)), len(As[0]) if As else 0
    interior = objective == "interior"
    nv = npairs + ns + (1 if interior else 0)
    Aeq = np.zeros((len(rhs), nv))
    Aeq[:, :npairs] = np.array([[float(x) for x in r] for r in Aq]).reshape(len(rhs), npairs)
    if ns:
        Aeq[:, npairs:npairs + ns] = np.array([[float(x) for x in r] for r in As])
    beq = np.array([float(x) for x in rhs])
    rows, b, cones = [Aeq], [beq], [clarabel.ZeroConeT(len(rhs))]
    lin = []
    if interior:  # t <= 1
        r = np.zeros(nv)
        r[-1] = 1.0
        lin.append((r, 1.0))
    for k, (lo, hi) in enumerate(s_bounds or []):
        if lo is not None:  # -s <= -lo
            r = np.zeros(nv)
            r[npairs + k] = -1.0
            lin.append((r, -lo))
        if hi is not None:
            r = np.zeros(nv)
            r[npairs + k] = 1.0
            lin.append((r, hi))
    if lin:
        rows.append(np.array([r for r, _ in lin]))
        b.append(np.array([v for _, v in lin]))
        cones.append(clarabel.NonnegativeConeT(len(lin)))
    psd = np.zeros((npairs, nv))
    for col, (i, j) in enumerate(_pairs(m)):
        psd[col, col] = -(1.0 if i == j else np.sqrt(2.0))
        if interior and i == j:
            psd[col, -1] = 1.0
    rows.append(psd)
    b.append(np.zeros(npairs))
    cones.append(clarabel.PSDTriangleConeT(m))
    c = np.zeros(nv)
    if interior:
        c[-1] = -1.0
    else:
        c[npairs] = -1.0
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_iter = 200
    sol = clarabel.DefaultSolver(sparse.csc_matrix((nv, nv)), c, sparse.csc_matrix(np.vstack(rows)),
                                 np.concatenate(b), cones, settings).solve()
    if str(sol.status) not in ("Solved", "AlmostSolved"):
        return None
    x = np.array(sol.x)
    return x[:npairs], x[npairs:npairs + ns], (x[-1] if interior else None)


# -- steps 4 and 5: rounding, projection, exact LDL^T --------------------------
class _Projector:
    """Exact orthogonal projection onto ``{q : Aq q = rhs}`` (an equivalent full-rank
    system from one ``rref``, reused for every rounding)."""

    def __init__(self, Aq, rhs):
        nr, nc = len(Aq), len(Aq[0])
        M = flint.fmpq_mat(nr, nc + 1, [x for r, v in zip(Aq, rhs) for x in list(r) + [v]])
        R, rank = M.rref()
        self.nc, self.empty, self.A = nc, False, None
        rows = []
        for i in range(rank):
            piv = next(j for j in range(nc + 1) if R[i, j] != 0)
            if piv == nc:
                self.empty = True  # inconsistent: no Gram matrix at all
                return
            rows.append(i)
        if rows:
            self.A = flint.fmpq_mat(len(rows), nc, [R[i, j] for i in rows for j in range(nc)])
            self.r = flint.fmpq_mat(len(rows), 1, [R[i, nc] for i in rows])
            self.AT = self.A.transpose()
            self.G = self.A * self.AT

    def __call__(self, q0: list):
        if self.empty:
            return None
        if self.A is None:
            return list(q0)
        q = flint.fmpq_mat(self.nc, 1, list(q0))
        out = q - self.AT * self.G.solve(self.A * q - self.r)
        return [out[i, 0] for i in range(self.nc)]


def _ldl(Q):
    """Exact ``Q = Σ_k d_k l_k l_k^T`` with ``d_k > 0`` for a PSD rational ``Q``, or None."""
    m = len(Q)
    A = [row[:] for row in Q]
    out = []
    idx = list(range(m))
    while idx:
        k = max(idx, key=lambda i: A[i][i])
        d = A[k][k]
        if d < 0:
            return None
        if d == 0:  # PSD then needs the whole remaining block to vanish
            if any(A[i][j] != 0 for i in idx for j in idx):
                return None
            break
        l_vec = [flint.fmpq(0)] * m
        for i in idx:
            l_vec[i] = A[i][k] / d
        out.append((d, l_vec))
        idx.remove(k)
        for i in idx:
            for j in idx:
                A[i][j] -= A[i][k] * A[k][j] / d
    return out


def _round(x: float, den: int) -> flint.fmpq:
    fr = Fraction(x).limit_denominator(den)
    return flint.fmpq(fr.numerator, fr.denominator)


def _exact_gram(polys, Aq, rhs, q_num):
    """Round ``q_num`` (several precisions), project exactly, factor; the terms or None."""
    m = len(polys)
    pairs = _pairs(m)
    project = _Projector(Aq, rhs)
    for den in _DENOMINATORS:
        q = project([_round(float(v), den) for v in q_num])
        if q is None:
            return None
        Q = [[flint.fmpq(0)] * m for _ in range(m)]
        for (i, j), v in zip(pairs, q):
            Q[i][j] = Q[j][i] = v
        fac = _ldl(Q)
        if fac is not None:
            terms = []
            for d, l_vec in fac:
                sq: dict = {}
                for j, lj in enumerate(l_vec):
                    if lj != 0:
                        for x, c in polys[j].items():
                            sq[x] = sq.get(x, 0) + lj * c
                terms.append((d, {x: c for x, c in sq.items() if c != 0}))
            return terms
    return None


# -- front doors -----------------------------------------------------------------
def _kernel_bound(loss, variables, c, terms, eps=None, power=None) -> SOSBound | None:
    from ..kernel import check
    from .certificates import W, kernel_statement

    cert = {"terms": [{"weight": str(sympy.Rational(int(d.p), int(d.q))),
                       "square": W(_to_expr(sq, variables))} for d, sq in terms]}
    st = kernel_statement("lower_bound", loss, variables, (), {"c": sympy.Rational(c)})
    if not check(st, cert).accepted:
        return None
    return SOSBound(sympy.Rational(c), st, cert, eps, power)


def _fq(x) -> flint.fmpq:
    x = sympy.Rational(x)
    return flint.fmpq(int(x.p), int(x.q))


def sos_lower_bound(f, variables, c=None, *, zeros=None, margin: float = 1e-6) -> SOSBound | None:
    """A kernel-accepted ``f ≥ c`` by an exact weighted sum of squares, or None.

    Parameters
    ----------
    f : sympy expression, a polynomial over Q in ``variables``.
    c : rational or None
        the bound to prove (e.g. the least critical value, which the bound
        then attains). None: the SDP maximises ``c``; the certified bound is
        rounded down from the optimum by ``margin · (1 + |c|)``.
    zeros : callable or None
        ``zeros(basis) -> rows``: rows ``r`` with ``r · Q = 0`` required (the
        facial reduction of step 2, from real points where ``f = c``; see
        :func:`zero_rows_rational`, :func:`zero_rows_shape`).
    """
    variables = list(variables)
    n = len(variables)
    fp = _poly_or_none(f, variables)
    if fp is None:
        return None
    if c is not None:
        c = sympy.Rational(c)
        target = dict(fp)
        z0 = (0,) * n
        target[z0] = target.get(z0, 0) - _fq(c)
        target = {x: v for x, v in target.items() if v != 0}
        if not target:
            return _kernel_bound(f, variables, c, [])
        return _gram_bound(f, variables, target, c, zeros)
    support = set(fp) | {(0,) * n}
    basis = _half_newton(support, n)
    if not basis:
        return None
    polys = [{a: flint.fmpq(1)} for a in basis]
    one = {(0,) * n: flint.fmpq(1)}
    _, Aq, As, rhs = _constraints(polys, fp, [one])
    got = _sdp(Aq, As, rhs, len(polys), "max_s", [(None, None)])
    if got is None:
        return None
    cstar = float(got[1][0])
    if not np.isfinite(cstar):
        return None
    tries = []
    nice = sympy.Rational(Fraction(cstar).limit_denominator(100))
    if float(nice) <= cstar + 1e-9:  # a short rational at the optimum (f - c may be PD)
        tries.append(nice)
    for mg in (margin, 1e-4, 1e-2):
        cr = sympy.Rational(Fraction(cstar - mg * (1 + abs(cstar))).limit_denominator(10**6))
        while float(cr) > cstar - 0.5 * mg * (1 + abs(cstar)):
            cr -= sympy.Rational(1, 10**6)
        tries.append(cr)
    for cr in tries:
        got = sos_lower_bound(f, variables, cr)
        if got is not None:
            return got
    return None


def _gram_bound(loss, variables, target, c, zeros) -> SOSBound | None:
    n = len(variables)
    basis = _half_newton(set(target), n)  # the Newton polytope of f - c itself
    if not basis:
        return None
    rows = zeros(basis) if zeros is not None else []
    rows = rows + _infinity_rows(target, basis)
    B = _nullspace(rows, len(basis))
    if not B:
        return None
    polys = [{a: v for a, v in zip(basis, b) if v != 0} for b in B]
    _, Aq, _, rhs = _constraints(polys, target, [])
    got = _sdp(Aq, [], rhs, len(polys), "interior")
    if got is None:
        return None
    terms = _exact_gram(polys, Aq, rhs, got[0])
    if terms is None:
        return None
    return _kernel_bound(loss, variables, c, terms)


def coercivity_bound(f, variables, powers=None) -> SOSBound | None:
    """A kernel-accepted ``f - ε Σ_i x_i^{2m} ≥ c`` with ``ε > 0``: ``f`` is coercive.

    Since ``f ≥ ε Σ x_i^{2m} + c → ∞`` as ``‖x‖ → ∞``, every sublevel set is
    bounded and ``f`` attains its minimum at a critical point. Tries ``2m``
    from the degree of ``f`` down to 2. First an SDP maximises ``ε`` (with
    ``c`` free, ``ε ≤ 1``), then ``ε`` is fixed to a rational below half the
    optimum and :func:`sos_lower_bound` certifies the best ``c``.
    """
    variables = list(variables)
    n = len(variables)
    fp = _poly_or_none(f, variables)
    if fp is None:
        return None
    deg = max(sum(m) for m in fp)
    for power in powers or range(deg - deg % 2, 1, -2):
        h = {tuple(power if j == i else 0 for j in range(n)): flint.fmpq(-1) for i in range(n)}
        one = {(0,) * n: flint.fmpq(-1)}
        support = set(fp) | set(h) | set(one)
        basis = _half_newton(support, n)
        if not basis:
            continue
        polys = [{a: flint.fmpq(1)} for a in basis]
        # f - eps*sum x^power - c = z^T Q z   <=>   z^T Q z + eps*h_sum + c*1 = f
        _, Aq, As, rhs = _constraints(polys, fp, [{k: -v for k, v in h.items()}, {(0,) * n: flint.fmpq(1)}])
        got = _sdp(Aq, As, rhs, len(polys), "max_s", [(None, 1.0), (-1e8, None)])
        if got is None or not got[1][0] > 1e-7:
            continue
        eps = sympy.Rational(Fraction(float(got[1][0]) / 2).limit_denominator(1000))
        if eps <= 0:
            eps = sympy.Rational(1, 1000)
        g = f - eps * sum(v**power for v in variables)
        b = sos_lower_bound(g, variables)
        if b is not None:
            return SOSBound(b.c, b.statement, b.certificate, eps, power)
    return None

"""Shape-form certificates for critical points, built from msolve's answer.

Untrusted: :func:`shape_certificate` turns msolve's rational parametrisation
of ``∇f = 0`` into the certificate that :func:`critcheck.kernel.zerodim.check_zerodim`
checks (format in that module's docstring), with isolating intervals for the
real roots of the eliminant (FLINT's certified complex root finder, the
intervals then re-checked by the kernel with Descartes' rule). The
completeness claim ``"bezout"`` is added when the eliminant's degree equals
the Bézout number ``∏ deg ∂_i f`` (after linear eliminations); otherwise a
Gröbner basis with cofactors from Singular (:mod:`.engine_singular`) backs the
claim ``"standard_monomials"``. The kernel decides whether either holds.

References
----------
F. Rouillier, AAECC 9 (1999), Sec. 2 (rational univariate representation);
Fulton, *Intersection Theory*, Ex. 8.4.6 (refined Bézout).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import flint
import sympy

from .engine_msolve import EngineError, Parametrization, parametrization
from .engine_singular import basis_with_cofactors

__all__ = ["shape_certificate", "isolating_intervals"]


def _fq(x) -> flint.fmpq:
    x = Fraction(x)
    return flint.fmpq(x.numerator, x.denominator)


def _arb_bounds(a) -> tuple:
    """Rational lo < hi enclosing the real ball ``a`` (exact dyadic ends)."""
    m, e = a.mid().man_exp()
    r, re_ = a.rad().man_exp()
    mid = flint.fmpq(int(m)) * (flint.fmpq(2) ** int(e)) if e >= 0 else flint.fmpq(int(m), 2 ** -int(e))
    rad = flint.fmpq(int(r)) * (flint.fmpq(2) ** int(re_)) if re_ >= 0 else flint.fmpq(int(r), 2 ** -int(re_))
    rad = rad * 2 + flint.fmpq(1, 2 ** 200)
    return mid - rad, mid + rad


def _coarsen(Pq, lo, hi, floor):
    """The coarsest dyadic interval around (lo, hi) with one Descartes sign change."""
    from ..kernel.zerodim import _descartes

    for k in range(0, 2000):
        s = flint.fmpz(2) ** k
        a, c = (lo * s).floor(), (hi * s).ceil()
        if a == c:
            a, c = a - 1, c + 1
        a, c = flint.fmpq(a, s), flint.fmpq(c, s)
        if a < floor or not a < c or Pq(a) == 0 or Pq(c) == 0:
            continue
        if _descartes(Pq, a, c) == 1:
            return a, c
    return None


def isolating_intervals(P: flint.fmpz_poly, hints=()) -> list[tuple]:
    """Disjoint rational intervals, one per real root of squarefree ``P`` (increasing).

    ``hints`` (intervals from msolve's boxes) are used when they all hold one
    root by Descartes' rule; else FLINT's certified complex root finder
    (slower at high degree) gives the enclosures. Ends are coarsened to short
    dyadic numbers so that the kernel's exact checks stay cheap.
    """
    if P.degree() <= 0:
        return []
    Pq = flint.fmpq_poly(P)
    for source in ("hints", "flint"):
        if source == "hints":
            raw = sorted(hints)
            if not raw:
                continue
        else:
            raw = sorted(_arb_bounds(ball.real) for ball, _ in P.complex_roots()
                         if ball.imag.is_zero())
        out = []
        floor = None
        for lo, hi in raw:
            got = _coarsen(Pq, lo, hi, floor if floor is not None else lo - 1)
            if got is None:
                break
            out.append(got)
            floor = got[1]
        else:
            return out
    raise EngineError("could not isolate the real roots of the eliminant")


def _candidates(par: Parametrization, n: int):
    """Sign conventions msolve may use: ``x_i = ±v_i/(c_i w')``, ``t = ±L``."""
    P = flint.fmpq_poly([_fq(c) for c in par.eliminant])
    D = flint.fmpq_poly([_fq(c) for c in par.denominator])
    V = [flint.fmpq_poly([_fq(c) for c in coeffs]) / _fq(ci) for coeffs, ci in par.params]
    lin = [int(c) for c in par.linear_form[:n]]
    t = flint.fmpq_poly([0, 1])
    for s in (-1, 1):
        for sl in (1, -1):
            a = [sl * c for c in lin]
            Q = [s * v for v in V]
            if len(Q) == n - 1:
                k = n - 1
                if a[k] == 0:
                    continue
                rest = sum((a[i] * Q[i] for i in range(k)), flint.fmpq_poly([]))
                Q = Q + [(t * D - rest) / a[k]]
            if len(Q) != n:
                continue
            if ((sum((c * q for c, q in zip(a, Q)), flint.fmpq_poly([])) - t * D) % P).is_zero():
                yield P, D, Q, a


def _t_boxes(par: Parametrization, a) -> list:
    """Intervals for ``t = Σ a_i x_i`` from msolve's coordinate boxes."""
    out = []
    for box in par.boxes:
        lo = hi = flint.fmpq(0)
        for c, pair in zip(a, box):
            l, h = _fq(pair[0]), _fq(pair[1])
            lo, hi = (lo + c * l, hi + c * h) if c >= 0 else (lo + c * h, hi + c * l)
        out.append((lo, hi))
    return out


def _qstr(p: flint.fmpq_poly) -> list[str]:
    return [str(c) for c in p.coeffs()]


def linear_eliminations(ctx, grads):
    """Greedy ``[name, k]`` steps removing unknowns linear with constant coefficient.

    Mirrors the kernel's ``eliminations`` rule on ``fmpq_mpoly`` gradients.
    Returns ``(steps, reduced_degrees)``: the degrees of the square system
    left, whose product is the Bézout number the kernel compares with ``deg P``.
    """
    names = ctx.names()
    gens = ctx.gens()
    system = dict(enumerate(grads))
    free = list(range(len(names)))
    steps = []
    progress = True
    while progress:
        progress = False
        for k in sorted(system):
            g = system[k]
            for j in free:
                c = g.derivative(j)
                if c.is_constant() and not c.is_zero():
                    value = (c * gens[j] - g) / c.leading_coefficient()
                    subst = [value if i == j else gens[i] for i in range(len(names))]
                    del system[k]
                    system = {i: h.compose(*subst) for i, h in system.items()}
                    free.remove(j)
                    steps.append([names[j], k])
                    progress = True
                    break
            if progress:
                break
    return steps, [system[k].total_degree() for k in sorted(system)]


def shape_certificate(f, variables: Sequence[sympy.Symbol]):
    """Certificate for the critical set of polynomial ``f`` (or None).

    Returns ``(cert, checked)``: ``checked`` is the kernel's answer for
    ``cert`` (``{"points", "complete", "complex_count"}``), or, when msolve
    found no points, ``(None, status)`` with ``status`` ``"empty"`` or
    ``"positive-dimensional"`` (msolve's word, unchecked: the caller falls
    back to the case analysis). Raises :class:`EngineError` when no reading
    of msolve's answer passes the kernel.
    """
    from ..kernel.zerodim import _gradient, check_zerodim

    variables = list(variables)
    ctx, _, grads = _gradient(f, variables)
    par = parametrization(grads, variables)
    if par.status != "points":
        return None, par.status
    n = len(variables)
    steps, degrees = linear_eliminations(ctx, grads)
    bezout = 1
    for e in degrees:
        bezout *= e
    last_error = None
    for P, D, Q, a in _candidates(par, n):
        Pz = flint.fmpz_poly([int(c * P.denom()) for c in P.coeffs()])
        cert = {
            "variables": [str(v) for v in variables],
            "linear_form": [str(c) for c in a],
            "eliminant": [str(c) for c in Pz.coeffs()],
            "denominator": _qstr(D),
            "numerators": [_qstr(q) for q in Q],
            "real_roots": [[str(lo), str(hi)]
                           for lo, hi in isolating_intervals(Pz, _t_boxes(par, a))],
            "completeness": "bezout" if Pz.degree() == bezout else None,
        }
        if steps and cert["completeness"]:
            cert["eliminations"] = steps
        if cert["completeness"]:
            try:
                return cert, check_zerodim(f, variables, cert)
            except ValueError as exc:
                last_error = str(exc)
                if not last_error.startswith("bezout"):
                    continue
            cert.pop("eliminations", None)
        cert["completeness"] = None
        # Bezout count not tight: a standard-monomial count from Singular's basis
        try:
            extra = basis_with_cofactors(grads, variables)
        except EngineError:
            extra = None
        if extra is not None:
            trial = dict(cert, completeness="standard_monomials", **extra)
            try:
                return trial, check_zerodim(f, variables, trial)
            except ValueError as exc:
                last_error = str(exc)
        try:
            return cert, check_zerodim(f, variables, cert)  # points certified, completeness open
        except ValueError as exc:
            last_error = str(exc)
    raise EngineError(f"no reading of msolve's parametrisation passed the kernel: {last_error}")

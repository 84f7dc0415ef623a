"""Exact inertia of symmetric matrices and exact signs of expressions.

The index of a critical point (seed 003, Def. III.1) is the number of
negative eigenvalues of its Hessian. For a real symmetric matrix every root
of the characteristic polynomial is real, so Descartes' rule of signs is
*exact*: the number of positive eigenvalues equals the number of sign
variations of the coefficients of ``p(λ)``, the number of negative ones that
of ``p(−λ)``, and the multiplicity of ``0`` is the number of trailing zero
coefficients. Only the signs of the coefficients are needed, and those are
decided exactly (no floating point).

Notes
-----
The coefficient signs of a matrix that depends on one parameter ``s`` are
decided on intervals: the real roots of every numerator and denominator are
isolated exactly (:meth:`sympy.Poly.real_roots`), and the sign on each open
interval is the sign at a rational sample point inside it.
"""

from __future__ import annotations

import dataclasses

import sympy

__all__ = ["exact_sign", "charpoly_coeffs", "descartes_inertia", "Inertia",
           "matrix_inertia", "interval_samples"]

_LAM = sympy.Dummy("lambda")


def exact_sign(c) -> int | None:
    """Sign of a constant expression, decided exactly; ``None`` if undecided.

    Uses SymPy's assumption system on the simplified expression (for
    algebraic constants SymPy's positivity test evaluates with certified
    precision); never a plain float comparison.
    """
    c = sympy.sympify(c)
    if c.free_symbols:
        return None
    if c == 0:
        return 0
    c2 = sympy.simplify(c)
    if c2 == 0 or c2.is_zero:
        return 0
    if c2.is_positive:
        return 1
    if c2.is_negative:
        return -1
    return None


def charpoly_coeffs(H: sympy.Matrix) -> list:
    """Coefficients ``[1, c_1, …, c_n]`` of ``det(λI − H)``, exactly."""
    return [sympy.simplify(c) for c in H.charpoly(_LAM).all_coeffs()]


def _variations(signs) -> int:
    s = [x for x in signs if x != 0]
    return sum(1 for a, b in zip(s, s[1:]) if a != b)


@dataclasses.dataclass(frozen=True)
class Inertia:
    """Numbers of positive, negative and zero eigenvalues."""

    positive: int
    negative: int
    zero: int

    @property
    def index(self) -> int:
        """Seed 003, Def. III.1: the number of negative eigenvalues."""
        return self.negative

    def __str__(self) -> str:
        return f"(+{self.positive}, -{self.negative}, 0:{self.zero})"


def descartes_inertia(signs: list) -> Inertia:
    """Inertia of a real-rooted monic polynomial from its coefficient signs.

    ``signs[j]`` is the sign of the coefficient of ``λ^{n−j}``. Exact for
    polynomials whose roots are all real (characteristic polynomials of real
    symmetric matrices).
    """
    n = len(signs) - 1
    zero = 0
    while zero < n and signs[n - zero] == 0:
        zero += 1
    q = signs[: n + 1 - zero]
    m = len(q) - 1
    pos = _variations(q)
    neg = _variations([s * (-1) ** (m - j) for j, s in enumerate(q)])
    return Inertia(pos, neg, zero)


def matrix_inertia(H: sympy.Matrix) -> tuple[Inertia | None, list]:
    """Exact inertia of a constant symmetric matrix (None if a sign is undecided)."""
    coeffs = charpoly_coeffs(H)
    signs = [exact_sign(c) for c in coeffs]
    if any(s is None for s in signs):
        return None, coeffs
    return descartes_inertia(signs), coeffs


def rational_parts(exprs, s: sympy.Symbol):
    """The numerators and denominators (``together``) of ``exprs`` that depend on
    ``s``, as exact univariate polynomials in ``s``; ``None`` when one is not a
    polynomial in ``s`` alone with exact coefficients."""
    polys = []
    for e in exprs:
        num, den = sympy.together(sympy.sympify(e)).as_numer_denom()
        for part in (num, den):
            if not part.has(s):
                continue
            try:
                p = sympy.Poly(part, s)
            except sympy.PolynomialError:
                return None
            if p.free_symbols - {s} or not p.domain.is_Exact:
                return None
            polys.append(p)
    return polys


def interval_samples(exprs, s: sympy.Symbol):
    """Split the real line at every real root of the numerators and denominators.

    Returns ``(roots, samples)`` where ``roots`` are the sorted exact real roots
    and ``samples`` holds one rational point in each open interval between them
    (``len(samples) == len(roots) + 1``); ``None`` when some expression is not a
    rational function of ``s``.
    """
    polys = rational_parts(exprs, s)
    if polys is None:
        return None
    roots: list = []
    for p in polys:
        for r in p.real_roots():
            if not any(sympy.simplify(r - q) == 0 for q in roots):
                roots.append(r)
    roots.sort(key=lambda r: sympy.N(r, 30))
    # verify the order exactly
    for a, b in zip(roots, roots[1:]):
        if not bool(a < b):
            return None
    samples = []
    if not roots:
        return [], [sympy.Integer(0)]
    samples.append(sympy.floor(roots[0]) - 1)
    for a, b in zip(roots, roots[1:]):
        q = sympy.Rational(str(sympy.N((a + b) / 2, 30)))
        if not (bool(a < q) and bool(q < b)):
            return None
        samples.append(q)
    samples.append(sympy.ceiling(roots[-1]) + 1)
    return roots, samples

"""Exact sign facts used to close solver branches.

A branch ``f = 0`` may be closed only when ``f`` is *provably* nonzero under
the assumptions on its symbols (``e^b > 0``, ``λ > 0``) or the conditions of
the branch (``w ≠ 0``). Every answer here is exact: ``True`` means proved,
``False`` means not proved (which keeps the branch open or split), never
"probably".
"""

from __future__ import annotations

from typing import Iterable

import sympy

from ..errors import BudgetExceeded

__all__ = ["provably_nonzero", "provably_zero", "violates_assumptions"]


def provably_zero(expr) -> bool:
    """``expr`` is identically 0 (exactly).

    A rational function of its symbols with rational coefficients is zero exactly
    when the numerator of ``together(expr)`` is the zero polynomial; that decides
    it (what ``simplify`` would return, at a fraction of its cost on the
    solver's rational functions of ``u = e^w``). Anything else: ``simplify``.
    """
    expr = sympy.sympify(expr)
    if expr == 0:
        return True
    if expr.is_zero is True:
        return True
    try:
        if sympy.expand(expr) == 0:
            return True
        rational = _rational_is_zero(expr)
        if rational is not None:
            return rational
        return sympy.simplify(expr) == 0
    except BudgetExceeded:
        raise
    except Exception:  # noqa: BLE001 - a failing simplify proves nothing
        return False


def _rational_is_zero(expr) -> bool | None:
    """Whether the rational function ``expr`` is identically 0, decided on its numerator
    as a polynomial over QQ; ``None`` when ``expr`` is not a rational function of its
    free symbols with rational coefficients (a root, an ``exp``, ``pi``, a float, ...)."""
    gens = sorted(expr.free_symbols, key=sympy.default_sort_key)
    if not gens:
        return None
    num, den = sympy.together(expr).as_numer_denom()
    try:
        pn, pd = sympy.Poly(num, *gens), sympy.Poly(den, *gens)
    except sympy.PolynomialError:
        return None
    if pn.domain not in (sympy.ZZ, sympy.QQ) or pd.domain not in (sympy.ZZ, sympy.QQ) or pd.is_zero:
        return None
    return pn.is_zero


def provably_nonzero(expr, nonzero: Iterable = ()) -> bool:
    """``expr`` can never vanish, by symbol assumptions or branch conditions.

    Parameters
    ----------
    expr : sympy expression
    nonzero : iterable of expressions known to be nonzero on this branch
        (e.g. from a condition ``w ≠ 0``). ``expr`` is nonzero when it is a
        product of powers of such expressions and of provably nonzero factors.
    """
    expr = sympy.sympify(expr)
    if expr.is_number:
        try:
            return bool(expr != 0) and expr.is_zero is False
        except TypeError:
            return False
    if expr.is_zero is False:
        return True
    known = [sympy.sympify(k) for k in nonzero]
    if not known:
        return False
    _, factors = sympy.factor_list(expr)
    if not factors:
        return False
    for f, _k in factors:
        if f.is_zero is False:
            continue
        if any(provably_zero(f - k) or provably_zero(f + k) for k in known):
            continue
        return False
    return True


def violates_assumptions(symbol: sympy.Symbol, value) -> bool | None:
    """Whether setting ``symbol = value`` contradicts the symbol's assumptions.

    Returns True (contradiction proved), False (consistent, proved) or None
    (undecided: the caller keeps the branch with a condition).
    """
    value = sympy.sympify(value)
    checks = []
    a = symbol.assumptions0
    if a.get("positive"):
        checks.append(value.is_positive)
    elif a.get("nonnegative"):
        checks.append(value.is_nonnegative)
    if a.get("negative"):
        checks.append(value.is_negative)
    elif a.get("nonpositive"):
        checks.append(value.is_nonpositive)
    if a.get("nonzero") and not (a.get("positive") or a.get("negative")):
        checks.append(value.is_nonzero)
    if a.get("real") or a.get("extended_real"):
        checks.append(value.is_real if value.is_real is not None else None)
    if any(c is False for c in checks):
        return True
    if all(c is True for c in checks):
        return False
    return None

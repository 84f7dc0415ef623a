"""The coercivity of the regularised ReQU loss, seed 003 Sec. VI-C, Thm VI.2 (1), eq. (8),
as a derivation of steps each re-checked by SymPy on its own.

The argument is term by term (so it holds for any ``n``, ``m`` and input
dimension): every summand of eq. (8) is nonnegative, so ``F <= c`` bounds
each ``|a_j|`` by ``(3c/lambda_j)^(1/3)`` and each ``|(w_j, b_j)|`` by
``(3c/(2 lambda_j))^(1/3)``; hence every sublevel set is bounded, i.e.
``F -> infinity`` as ``|theta| -> infinity``.
"""

from __future__ import annotations

from ..claims import Derivation

__all__ = ["coercivity_derivation"]


def coercivity_derivation(lambda_positive: bool = True) -> Derivation:
    """Bounded sublevel sets of eq. (8), term by term.

    ``lambda_positive=False`` drops the hypothesis :math:`\\lambda_j > 0` (the
    tests use it: the steps must then fail their re-check).

    For every level ``c``, ``F(theta) <= c`` forces ``|a_j| <= (3c/lambda_j)^(1/3)``
    and ``|u_j| = (|w_j|^2 + b_j^2)^(1/2) <= (3c/(2 lambda_j))^(1/3)``, hence
    ``|theta|^2 <= B(c) < infinity``; so ``|theta| -> infinity`` forces
    ``F -> infinity``.
    """
    import sympy as sp

    y, z = sp.symbols("y z", real=True)
    a, b = sp.symbols("a_j b_j", real=True)
    W2 = sp.Symbol("s_j", nonnegative=True)              # s_j = |w_j|^2, any input dimension
    lam = sp.Symbol("lambda_j", positive=True) if lambda_positive else sp.Symbol("lambda_j", real=True)
    c = sp.Symbol("c", positive=True)
    t = sp.Symbol("t", nonnegative=True)
    ell = sp.log(1 + sp.exp(-y * z))
    ra = lam * sp.Abs(a) ** 3 / 3
    u2 = W2 + b**2
    ru = 2 * lam * u2 ** sp.Rational(3, 2) / 3
    d = Derivation("Eq. (8) is coercive")
    d.text("Write $u_j = (w_j, b_j)$. Eq. (8) is $F(\\theta) = \\sum_i \\ell(y_i; f(x_i;\\theta)) + "
           "\\sum_j \\big[\\tfrac{\\lambda_j}{3}|a_j|^3 + \\tfrac{2\\lambda_j}{3}\\|u_j\\|^3\\big]$ "
           "with $\\lambda_j > 0$. Every step below is about one summand, so it holds for any "
           "$n$, $m$ and input dimension ($s_j = \\|w_j\\|^2$ is a nonnegative symbol).")
    d.step("regulariser written with |u_j|", 2 * lam * (W2 + b**2) ** sp.Rational(3, 2) / 3,
           2 * lam * sp.Pow(sp.sqrt(W2 + b**2), 3, evaluate=False) / 3)
    d.step("logistic loss is nonnegative (exp > 0, so 1 + exp > 1 and log > 0)", ell, 0,
           relation="≥", check=lambda: bool(ell.is_nonnegative))
    d.step("the a-term is nonnegative", ra, 0, relation="≥", check=lambda: bool(ra.is_nonnegative))
    d.step("the u-term is nonnegative", ru, 0, relation="≥", check=lambda: bool(ru.is_nonnegative))
    d.text("A sum of nonnegative summands bounds each summand: if $F(\\theta) \\le c$ then "
           "$\\tfrac{\\lambda_j}{3}|a_j|^3 \\le c$ and $\\tfrac{2\\lambda_j}{3}\\|u_j\\|^3 \\le c$ "
           "for every $j$.")
    A = (3 * c / lam) ** sp.Rational(1, 3)
    U = (3 * c / (2 * lam)) ** sp.Rational(1, 3)
    mono = lambda: bool(sp.diff(t**3, t).is_nonnegative) and sp.diff(t**3, t) == 3 * t**2
    d.step("cube of the bound A_j", sp.Pow(A, 3, evaluate=False), 3 * c / lam)
    d.step("t -> t^3 is increasing on [0, inf) (derivative 3t^2 >= 0), so lambda|a|^3/3 <= c gives "
           "|a_j| <= A_j", sp.Abs(a), A, relation="≤",
           check=lambda: mono() and sp.simplify(lam * A**3 / 3 - c) == 0)
    d.step("cube of the bound U_j", sp.Pow(U, 3, evaluate=False), 3 * c / (2 * lam))
    d.step("likewise 2 lambda |u|^3/3 <= c gives |u_j| <= U_j", sp.sqrt(W2 + b**2), U, relation="≤",
           check=lambda: mono() and sp.simplify(2 * lam * U**3 / 3 - c) == 0)
    Bc = A**2 + U**2
    d.step("squaring the nonnegative bounds of steps 6 and 8: a_j^2 + |u_j|^2 <= A_j^2 + U_j^2; "
           "summed over j, |theta|^2 <= B(c) = sum_j (A_j^2 + U_j^2), finite for every c > 0", a**2 + W2 + b**2, Bc, relation="≤",
           check=lambda: (bool(A.is_positive) and bool(U.is_positive)   # squaring keeps order
                          and sp.simplify(Bc - (A**2 + U**2)) == 0
                          and sp.simplify((a**2 + W2 + b**2) - (sp.Abs(a)**2 + sp.sqrt(W2 + b**2)**2)) == 0
                          and bool(Bc.is_finite)))
    d.text("Hence $\\|\\theta\\|^2 > B(c)$ implies $F(\\theta) > c$ for every $c$: "
           "$F(\\theta) \\to \\infty$ as $\\|\\theta\\| \\to \\infty$, i.e. $F$ is coercive "
           "(Thm VI.2 (1)); in particular it has no decreasing path to infinity. This holds for every "
           "$\\boldsymbol\\lambda \\in (0,\\infty)^m$, so in particular on $(0, \\lambda_0)^m \\setminus "
           "\\mathcal C$.")
    return d

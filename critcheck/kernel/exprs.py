"""Expressions in statements and certificates: a safe reader and a writer.

A certificate may come from an untrusted file (``critcheck check CERT.json``),
so its expression strings are never handed to ``eval`` or ``sympify``. This
reader walks Python's ``ast`` and accepts only numbers, declared names, the
four operations, powers with integer exponents or ``1/2``, and a fixed list of
functions. Decimal literals are refused: the kernel reasons about exact
numbers only.
"""

from __future__ import annotations

import ast
import keyword
import re
from fractions import Fraction

import sympy

from .errors import Rejected

__all__ = ["read", "write", "FUNCTIONS"]

FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin,
    "cos": sympy.cos, "tanh": sympy.tanh, "acos": sympy.acos, "atan": sympy.atan,
    "Abs": sympy.Abs,   # non-smooth: refused where a rule needs smoothness
}
_MAX_EXPONENT = 10_000


def read(text: str, names: dict[str, sympy.Symbol]) -> sympy.Expr:
    """Parse ``text`` into a SymPy expression over the declared ``names``."""
    if not isinstance(text, str):
        if isinstance(text, int) and not isinstance(text, bool):
            return sympy.Integer(text)
        raise Rejected("expression", f"expected an expression string, got {type(text).__name__}")
    src = text.strip().replace("^", "**")
    for kw in ("lambda", "beta_", "gamma_"):
        if kw in names and keyword.iskeyword(kw):
            src = re.sub(rf"\b{kw}\b", f"{kw}__kw", src)
            names = dict(names)
            names[f"{kw}__kw"] = names[kw]
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as exc:
        raise Rejected("expression", f"cannot parse {text!r}: {exc.msg}") from None
    return _build(tree.body, names, text)


def _build(node, names, text):
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise Rejected("expression", f"only integer literals are allowed, found {v!r} in {text!r}")
        return sympy.Integer(v)
    if isinstance(node, ast.Name):
        if node.id == "pi":
            return sympy.pi
        if node.id == "E":
            return sympy.E
        if node.id not in names or not isinstance(names[node.id], sympy.Symbol):
            raise Rejected("expression", f"unknown name {node.id!r} in {text!r}")
        return names[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        e = _build(node.operand, names, text)
        return -e if isinstance(node.op, ast.USub) else e
    if isinstance(node, ast.BinOp):
        a = _build(node.left, names, text)
        b = _build(node.right, names, text)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise Rejected("expression", f"division by zero in {text!r}")
            return a / b
        if isinstance(node.op, ast.Pow):
            if not (b.is_Rational and (b.is_Integer or b.q == 2)) or abs(b) > _MAX_EXPONENT:
                raise Rejected("expression", f"exponent {b} not allowed in {text!r}")
            return a ** b
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        f = FUNCTIONS.get(node.func.id)
        if f is not None and len(node.args) == 1:
            return f(_build(node.args[0], names, text))
        g = names.get(node.func.id)
        if isinstance(g, sympy.core.function.UndefinedFunction) and node.args:
            return g(*(_build(a, names, text) for a in node.args))
        if node.func.id == "Rational" and len(node.args) == 2:
            p, q = (_build(a, names, text) for a in node.args)
            if p.is_Integer and q.is_Integer and q != 0:
                return sympy.Rational(p, q)
    raise Rejected("expression", f"construct {type(node).__name__} not allowed in {text!r}")


def write(expr) -> str:
    """The text form that :func:`read` reads back to the same expression."""
    if isinstance(expr, Fraction):
        expr = sympy.Rational(expr.numerator, expr.denominator)
    return sympy.sstr(sympy.sympify(expr), order="none")


def rational(text) -> sympy.Rational:
    """A rational number from ``"p/q"``, ``"p"`` or an int (no floats)."""
    if isinstance(text, bool) or isinstance(text, float):
        raise Rejected("number", f"{text!r} is not an exact rational (use 'p/q')")
    if isinstance(text, int):
        return sympy.Integer(text)
    try:
        fr = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        raise Rejected("number", f"{text!r} is not a rational 'p/q'") from None
    if "." in str(text) or "e" in str(text).lower():
        raise Rejected("number", f"{text!r} is a decimal; write it as 'p/q'")
    return sympy.Rational(fr.numerator, fr.denominator)

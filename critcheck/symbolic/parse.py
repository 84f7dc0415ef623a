"""Parse loss expressions typed by a user -- without evaluating Python.

The text is parsed with :mod:`ast` and the tree is translated node by node
into SymPy objects. Only numbers, declared symbols, ``+ - * / ** ^``, unary
minus and calls of a fixed list of mathematical functions are accepted;
anything else (attribute access, subscripts, dunder names, lambdas, strings,
comprehensions, keyword arguments) raises
:class:`~critcheck.errors.UnsafeExpression` *before* anything runs. Decimal
literals become exact rationals (``0.1`` is ``1/10``), so verdicts never rest
on floats.

Assumptions are comparisons of one symbol with 0: ``"lambda>0"``,
``"L>=0"``, ``"x!=0"``, ``"b<0"``, ``"x<=0"``; they become SymPy symbol
assumptions (``positive``, ``nonnegative``, ``nonzero`` ...), and
contradictory ones (``x>0`` with ``x<0``) raise
:class:`~critcheck.errors.AssumptionError`.
"""

from __future__ import annotations

import ast
import re
from typing import Iterable, Mapping

import sympy

from ..errors import AssumptionError, ExpressionError, UnsafeExpression

__all__ = ["parse_expr", "parse_assumptions", "make_symbols", "FUNCTIONS", "split_names"]


def _sigmoid(z):
    return 1 / (1 + sympy.exp(-z))


def _relu(z):
    return sympy.Piecewise((z, z >= 0), (0, True))


FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "atan": sympy.atan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "abs": sympy.Abs, "Abs": sympy.Abs, "erf": sympy.erf,
    "sigmoid": _sigmoid, "relu": _relu,
    "max": sympy.Max, "min": sympy.Min,
}
CONSTANTS = {"pi": sympy.pi, "E": sympy.E}

_KEYWORD_NAMES = {"lambda": "lambda_kw__"}  # Python keywords allowed as symbol names
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a ** b,
    ast.BitXor: lambda a, b: a ** b,  # "x^2" means a power, as on paper
}


def split_names(text: str | Iterable[str] | None) -> list[str]:
    """``"v,w"`` or ``["v", "w"]`` -> ``["v", "w"]`` (validated names)."""
    if text is None:
        return []
    items = text.split(",") if isinstance(text, str) else list(text)
    names = [str(t).strip() for t in items if str(t).strip()]
    for n in names:
        if not _NAME_RE.match(n):
            raise ExpressionError(
                f"name={n!r} is not a valid symbol name; use letters, digits and '_' "
                "(starting with a letter)")
        if n in FUNCTIONS or n in CONSTANTS:
            raise ExpressionError(f"name={n!r} is a function or constant name; choose another")
    if len(set(names)) != len(names):
        raise ExpressionError(f"names {names!r} contain a duplicate")
    return names


def _protect_keywords(text: str) -> str:
    for kw, alias in _KEYWORD_NAMES.items():
        text = re.sub(rf"\b{kw}\b", alias, text)
    return text


def _unprotect(name: str) -> str:
    for kw, alias in _KEYWORD_NAMES.items():
        if name == alias:
            return kw
    return name


def _parse_tree(text: str, what: str = "expression") -> ast.AST:
    if not isinstance(text, str):
        raise ExpressionError(f"{what} must be text, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError(f"{what} is empty")
    if len(text) > 20000:
        raise ExpressionError(f"{what} is {len(text)} characters long; the limit is 20000")
    try:
        # "^" means a power, as on paper; rewrite it before parsing so that it gets
        # the precedence of "**" (Python's "^" binds looser than "+")
        return ast.parse(_protect_keywords(text.strip()).replace("^", "**"), mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or 1) - 1
        raise ExpressionError(
            f"syntax error in {what} {text!r} at column {col + 1}: {exc.msg}") from None


class _Translator:
    def __init__(self, symbols: Mapping[str, sympy.Symbol], text: str):
        self.symbols = symbols
        self.text = text

    def unsafe(self, node: ast.AST, what: str):
        seg = ast.get_source_segment(_protect_keywords(self.text).replace("^", "**"), node) \
            or type(node).__name__
        raise UnsafeExpression(
            f"{what} {seg!r} is not allowed in an expression; only numbers, declared "
            "symbols, + - * / ** ^ and the functions "
            f"{', '.join(sorted(set(FUNCTIONS) - {'Abs', 'ln'}))} are; nothing was evaluated")

    def __call__(self, node: ast.AST):
        if isinstance(node, ast.Expression):
            return self(node.body)
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                self.unsafe(node, "the literal")
            if isinstance(v, int):
                return sympy.Integer(v)
            seg = ast.get_source_segment(_protect_keywords(self.text).replace("^", "**"), node) \
                or repr(v)
            try:
                return sympy.Rational(seg)
            except (TypeError, ValueError):
                return sympy.Rational(repr(v))
        if isinstance(node, ast.Name):
            name = _unprotect(node.id)
            if name.startswith("_"):
                self.unsafe(node, "the name")
            if name in self.symbols:
                return self.symbols[name]
            if name in CONSTANTS:
                return CONSTANTS[name]
            if name in FUNCTIONS:
                raise ExpressionError(f"function {name!r} used without arguments; write {name}(x)")
            known = ", ".join(self.symbols) or "none"
            raise ExpressionError(
                f"unknown name {name!r} in {self.text!r}; declared symbols are {known} "
                "(declare it with --vars or --params)")
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                self.unsafe(node, f"the operator {type(node.op).__name__} in")
            left, right = self(node.left), self(node.right)
            if isinstance(node.op, (ast.Pow, ast.BitXor)) and right.is_Number and abs(right) > 1000:
                raise ExpressionError(
                    f"exponent {right} in {self.text!r} is too large (limit 1000)")
            if isinstance(node.op, ast.Div) and right == 0:
                raise ExpressionError(f"division by zero in {self.text!r}")
            return op(left, right)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self(node.operand)
            self.unsafe(node, "the operator in")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                self.unsafe(node.func, "the call target")
            fname = node.func.id
            if fname.startswith("_") or fname not in FUNCTIONS:
                if fname in self.symbols:
                    raise ExpressionError(
                        f"{fname!r} is a symbol, not a function; write {fname}*(...) to multiply")
                self.unsafe(node, "the call")
            if node.keywords:
                self.unsafe(node, "keyword arguments in")
            args = [self(a) for a in node.args]
            if not args:
                raise ExpressionError(f"function {fname!r} called without arguments")
            try:
                return FUNCTIONS[fname](*args)
            except TypeError:
                raise ExpressionError(
                    f"function {fname!r} called with {len(args)} arguments") from None
        self.unsafe(node, "the construct")


def make_symbols(names: Iterable[str], facts: Mapping[str, Mapping[str, bool]] | None = None,
                 real: bool = True) -> dict[str, sympy.Symbol]:
    """SymPy symbols, real by default, with the facts from :func:`parse_assumptions`."""
    facts = facts or {}
    out = {}
    for n in names:
        kw = {"real": True} if real else {}
        kw.update(facts.get(n, {}))
        try:
            out[n] = sympy.Symbol(n, **kw)
        except sympy.core.facts.InconsistentAssumptions as exc:
            raise AssumptionError(f"assumptions on {n!r} contradict each other: {exc}") from None
    unknown = set(facts) - set(out)
    if unknown:
        raise AssumptionError(
            f"assumption on undeclared symbol(s) {', '.join(sorted(unknown))}; "
            f"declared: {', '.join(out) or 'none'}")
    return out


_CMP = {
    ast.Gt: ("positive", "negative"),
    ast.GtE: ("nonnegative", "nonpositive"),
    ast.Lt: ("negative", "positive"),
    ast.LtE: ("nonpositive", "nonnegative"),
    ast.NotEq: ("nonzero", "nonzero"),
}

_CONFLICTS = [
    {"positive", "negative"}, {"positive", "nonpositive"}, {"negative", "nonnegative"},
]


def parse_assumptions(items: str | Iterable[str] | None) -> dict[str, dict[str, bool]]:
    """``["lambda>0", "L>=0"]`` -> ``{"lambda": {"positive": True}, "L": {...}}``.

    Each item compares one symbol with 0 (either side); several items may be
    joined with ``,`` or ``and``.
    """
    if items is None:
        return {}
    if isinstance(items, str):
        items = [items]
    parts = []
    for it in items:
        parts += [p for p in re.split(r",|\band\b", it) if p.strip()]
    facts: dict[str, dict[str, bool]] = {}
    for text in parts:
        tree = _parse_tree(text, "assumption")
        node = tree.body
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            raise AssumptionError(
                f"assumption {text.strip()!r} must be one comparison with 0, like 'lambda>0' or 'L>=0'")
        left, right, op = node.left, node.comparators[0], type(node.ops[0])
        if op not in _CMP:
            raise AssumptionError(f"assumption {text.strip()!r}: use >, >=, <, <= or != with 0")
        def is_zero(n):
            return isinstance(n, ast.Constant) and n.value == 0 and not isinstance(n.value, bool)
        if isinstance(left, ast.Name) and is_zero(right):
            name, fact = _unprotect(left.id), _CMP[op][0]
        elif isinstance(right, ast.Name) and is_zero(left):
            name, fact = _unprotect(right.id), _CMP[op][1]
        else:
            raise AssumptionError(
                f"assumption {text.strip()!r} must compare a single symbol with 0 "
                "(e.g. 'lambda>0'); substitute to shift other bounds")
        if name.startswith("_") or not _NAME_RE.match(name):
            raise UnsafeExpression(f"assumption {text.strip()!r}: {name!r} is not a symbol name")
        f = facts.setdefault(name, {})
        f[fact] = True
        for pair in _CONFLICTS:
            if pair <= set(f):
                raise AssumptionError(
                    f"assumptions on {name!r} contradict each other: "
                    f"{' and '.join(sorted(pair))}")
    return facts


def parse_expr(text: str, variables: str | Iterable[str], parameters: str | Iterable[str] = (),
               assumptions: str | Iterable[str] | None = None) -> tuple[sympy.Expr, dict]:
    """Parse ``text`` into a SymPy expression over declared real symbols.

    Returns
    -------
    expr : sympy.Expr
    symbols : dict
        name -> Symbol, variables first, then parameters.

    Examples
    --------
    >>> expr, s = parse_expr("(v*w-1)^2", "v,w")
    >>> expr
    (v*w - 1)**2
    """
    vnames = split_names(variables)
    pnames = split_names(parameters)
    if not vnames:
        raise ExpressionError("no variables declared; pass --vars, e.g. --vars v,w")
    clash = set(vnames) & set(pnames)
    if clash:
        raise ExpressionError(f"{', '.join(sorted(clash))} declared both as variable and parameter")
    facts = parse_assumptions(assumptions)
    symbols = make_symbols(vnames + pnames, facts)
    tree = _parse_tree(text)
    expr = _Translator(symbols, text)(tree)
    expr = sympy.sympify(expr)
    return expr, symbols

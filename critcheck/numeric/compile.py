"""Compile a SymPy loss into a vectorised, chunked, overflow-aware function.

A loss given as a SymPy expression (for instance from
:func:`critcheck.symbolic.parse.parse_expr`) is printed to array-API code:
every elementary function is looked up in the array namespace ``xp`` of the
chosen backend (:mod:`critcheck.numeric.backend`), ``Piecewise`` becomes
nested ``xp.where``, ``Max``/``Min`` become ``xp.maximum``/``xp.minimum``.
Nothing is evaluated with Python's ``eval`` on user text: the code is
generated from the SymPy tree by SymPy's own printer.

Evaluation runs in chunks of rows, so 10^7--10^8 points never need more than
``chunk`` temporaries at once; :meth:`CompiledLoss.scan` reduces a stream of
samples (minimum, arg-minimum, counts) without storing the values at all.

Overflow is never silent: floating-point warnings are suppressed *during*
evaluation, and afterwards every non-finite value is counted
(:class:`Evaluation`); the caller decides (``nonfinite="raise"`` raises
:class:`~critcheck.errors.NumericOverflow`, ``"inf"`` maps them to ``+inf``
so that they lie above every sublevel set, and reports the count).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

import sympy
from sympy.printing.numpy import NumPyPrinter

from ..errors import InvalidArgument, NumericOverflow
from .backend import get_backend, to_numpy

__all__ = ["CompiledLoss", "Evaluation", "compile_loss", "compile_vector"]


class _XpPrinter(NumPyPrinter):
    """NumPy printer with bare names resolved in an array-API namespace."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": False, "inline": True})

    def _print_Piecewise(self, expr):
        # nested where, last branch first (Piecewise conditions are tried in order)
        out = None
        for val, cond in reversed(expr.args):
            v = self._print(val)
            if out is None:
                if cond != sympy.true:
                    out = f"_where({self._print(cond)}, {v}, _nan)"
                else:
                    out = v
            else:
                out = f"_where({self._print(cond)}, {v}, {out})"
        return out

    def _fold(self, name, expr):
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"{name}({out}, {a})"
        return out

    def _print_Max(self, expr):
        return self._fold("_maximum", expr)

    def _print_Min(self, expr):
        return self._fold("_minimum", expr)

    def _print_Add(self, expr, order=None):
        # a term without a minus sign first: "1 - v*w" is one array pass, "-v*w + 1"
        # two (the unary minus negates a whole array)
        from sympy.printing.precedence import PRECEDENCE

        terms = list(self._as_ordered_terms(expr, order=order))
        k = next((i for i, t in enumerate(terms) if not t.could_extract_minus_sign()), 0)
        terms.insert(0, terms.pop(k))
        out = ""
        for i, t in enumerate(terms):
            if t.could_extract_minus_sign():
                out += (" - " if i else "-") + self.parenthesize(-t, PRECEDENCE["Add"] + (0 if i else 1))
            else:
                out += (" + " if i else "") + self.parenthesize(t, PRECEDENCE["Add"])
        return out

    def _print_Relational(self, expr):
        return f"({self._print(expr.lhs)} {expr.rel_op} {self._print(expr.rhs)})"

    def _print_And(self, expr):
        out = self._print(expr.args[0])
        for a in expr.args[1:]:
            out = f"_and({out}, {self._print(a)})"
        return out

    def _print_Or(self, expr):
        out = self._print(expr.args[0])
        for a in expr.args[1:]:
            out = f"_or({out}, {self._print(a)})"
        return out

    def _print_Rational(self, expr):
        return repr(float(expr))

    def _print_Integer(self, expr):
        return repr(float(expr)) if abs(int(expr)) > 2**52 else str(int(expr))

    def _print_Pi(self, expr):
        return repr(float(sympy.pi))

    def _print_Exp1(self, expr):
        return repr(float(sympy.E))


def _namespace(xp: Any) -> dict:
    def _asarr(a, like):
        if hasattr(a, "shape"):
            return a
        return xp.full_like(like, float(a)) if hasattr(like, "shape") else xp.asarray(float(a))

    def _where(c, a, b):
        if not hasattr(c, "shape"):
            return a if c else b
        a = _asarr(a, xp.astype(c, xp.float64) if c.dtype == xp.bool else c)
        b = _asarr(b, a)
        return xp.where(c, a, b)

    def _maximum(a, b):
        if not hasattr(a, "shape") and not hasattr(b, "shape"):
            return max(a, b)
        like = a if hasattr(a, "shape") else b
        return xp.maximum(_asarr(a, like), _asarr(b, like))

    def _minimum(a, b):
        if not hasattr(a, "shape") and not hasattr(b, "shape"):
            return min(a, b)
        like = a if hasattr(a, "shape") else b
        return xp.minimum(_asarr(a, like), _asarr(b, like))

    def _erf(z):
        if hasattr(xp, "erf"):
            return xp.erf(z)
        mod = type(z).__module__
        if mod.startswith("numpy") or not hasattr(z, "shape"):
            from scipy.special import erf

            return erf(z)
        if mod.startswith("cupy"):
            import cupyx.scipy.special as cs  # imported only on a GPU run

            return cs.erf(z)
        raise InvalidArgument("erf is not available in this array namespace; use backend='numpy'")

    ns = {name: getattr(xp, name) for name in (
        "exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "atan",
        "asin", "acos", "asinh", "acosh", "atanh", "log1p", "expm1", "sign")
        if hasattr(xp, name)}
    ns.update({"arctan": getattr(xp, "atan", None), "arcsin": getattr(xp, "asin", None),
               "arccos": getattr(xp, "acos", None), "arctanh": getattr(xp, "atanh", None),
               "arcsinh": getattr(xp, "asinh", None), "arccosh": getattr(xp, "acosh", None),
               "_where": _where, "_maximum": _maximum, "_minimum": _minimum, "erf": _erf,
               "_and": lambda a, b: xp.logical_and(a, b) if hasattr(a, "shape") else (a and b),
               "_or": lambda a, b: xp.logical_or(a, b) if hasattr(a, "shape") else (a or b),
               "_nan": float("nan"), "abs": abs, "nan": float("nan"), "inf": float("inf")})
    return ns


class _SharedPrinter(_XpPrinter):
    """:class:`_XpPrinter` that evaluates a repeated sub-expression once.

    Pass 1 (``shared=None``) prints as usual and counts every node the printer
    prints as a whole, with its text. Pass 2 prints each node that pass 1
    printed at least twice, always to the same text, once into a temporary
    ``_tK = <that text>`` and puts the name wherever the node occurs.
    The text of every node is unchanged, so the arithmetic is the same
    operations in the same order: a name stands for a sub-expression that
    Python evaluated as one unit anyway (a call, a parenthesised sum, a
    product or power operand). The one place where the printer writes a
    node's text unparenthesised after a sign, ``-a*b`` for the node ``a*b``,
    Python computes ``(-a)*b`` where the name gives ``-(a*b)``; the two are
    equal bit for bit, since IEEE rounding is symmetric under negation.
    """

    def __init__(self, shared=None):
        super().__init__()
        self._shared = shared
        self.seen: dict = {}
        self.names: dict = {}
        self.lines: list = []

    def _print(self, expr, **kwargs):
        if kwargs or not isinstance(expr, sympy.Basic) or not expr.args or expr.is_Number:
            return super()._print(expr, **kwargs)
        if self._shared is None:
            text = super()._print(expr)
            self.seen.setdefault(expr, []).append(text)
            return text
        if expr not in self._shared:
            return super()._print(expr)
        name = self.names.get(expr)
        if name is None:
            text = super()._print(expr)
            name = self.names[expr] = f"_t{len(self.names)}"
            self.lines.append(f"    {name} = {text}\n")
        return name


def _source(exprs: Sequence[sympy.Expr], symbols: Sequence[sympy.Symbol], shared: bool = False,
            memo: dict | None = None) -> str:
    """The source of ``_f(_x0, ..., _x{d-1}) -> tuple of arrays``. ``shared``: each
    sub-expression that occurs more than once is computed once (:class:`_SharedPrinter`;
    the same values bit for bit, fewer array passes). ``memo``: a dict kept by a caller
    that compiles related expressions (a loss, then loss and gradient together), so
    that each is renamed and factored once."""
    args = [f"_x{i}" for i in range(len(symbols))]
    sub = {s: sympy.Symbol(a) for s, a in zip(symbols, args)}
    memo = {} if memo is None else memo

    def factored(e):
        # factor_terms: a common numeric factor once ((A**2 + B**2)/2), not per term
        # (after the renaming: rebuilding a product would distribute the factor again)
        key = (e, tuple(symbols))
        if key not in memo:
            memo[key] = sympy.factor_terms(sympy.sympify(e).xreplace(sub))
        return memo[key]

    terms = [factored(e) for e in exprs]
    p = _XpPrinter()
    lines: list = []
    if shared:
        count = _SharedPrinter()
        for t in terms:
            count.doprint(t)
        p = _SharedPrinter({e for e, texts in count.seen.items()
                            if len(texts) > 1 and len(set(texts)) == 1})
        lines = p.lines
    body = [p.doprint(t) for t in terms]
    unsupported = [b for b in body + lines if "# Not supported" in b or "Not supported" in b]
    if unsupported:
        raise InvalidArgument(f"cannot compile {unsupported[0]!r} to array code")
    return f"def _f({', '.join(args)}):\n{''.join(lines)}    return ({', '.join(body)},)\n"


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """Values of a loss at points, with an account of non-finite results.

    Attributes
    ----------
    values : array
        shape ``(n,)``, in the backend's namespace; non-finite entries are
        ``+inf`` when ``nonfinite="inf"``.
    n_overflow : int
        entries that came out ``±inf`` (e.g. ``exp(b)`` for large ``b``).
    n_nan : int
        entries that came out NaN (e.g. ``0*inf``).
    """

    values: Any
    n_overflow: int
    n_nan: int

    @property
    def n_nonfinite(self) -> int:
        return self.n_overflow + self.n_nan


@dataclasses.dataclass(frozen=True)
class CompiledLoss:
    """A vectorised loss ``F(x)`` for rows ``x`` of an ``(n, d)`` array.

    Build it with :func:`compile_loss`. Calling it returns an
    :class:`Evaluation`; :meth:`values` returns the array alone.
    """

    expr: Any
    symbols: tuple
    backend: str
    source: str
    func: Callable = dataclasses.field(repr=False, compare=False)
    xp: Any = dataclasses.field(repr=False, compare=False)

    @property
    def dim(self) -> int:
        return len(self.symbols)

    def _raw(self, pts):
        """Values at the rows of ``pts`` (call inside :class:`_errstate`)."""
        xp = self.xp
        out = self.func(*[pts[:, i] for i in range(self.dim)])[0]
        if not hasattr(out, "shape") or out.shape != (pts.shape[0],):
            out = xp.zeros((pts.shape[0],), dtype=xp.float64) + out
        return out

    def __call__(self, points, chunk: int = 1 << 20, nonfinite: str = "inf") -> Evaluation:
        """Evaluate at ``points`` (``(n, d)``), ``chunk`` rows at a time.

        Parameters
        ----------
        nonfinite : {"inf", "raise", "keep"}
            ``"inf"``: non-finite results become ``+inf`` (counted);
            ``"raise"``: raise :class:`~critcheck.errors.NumericOverflow`;
            ``"keep"``: leave them as they are (still counted).
        """
        xp = self.xp
        if nonfinite not in ("inf", "raise", "keep"):
            raise InvalidArgument(f"nonfinite={nonfinite!r}; use 'inf', 'raise' or 'keep'")
        if not hasattr(points, "shape"):
            points = xp.asarray(points, dtype=xp.float64)
        if points.ndim == 1 and self.dim == 1:
            points = xp.reshape(points, (-1, 1))
        if points.ndim != 2 or points.shape[1] != self.dim:
            raise InvalidArgument(
                f"points of shape {tuple(points.shape)} for a loss of {self.dim} variables "
                f"({', '.join(map(str, self.symbols))}); pass an (n, {self.dim}) array")
        if int(chunk) < 1:
            raise InvalidArgument(f"chunk={chunk!r} must be a positive integer")
        with _errstate():
            return self._chunks(points, int(chunk), nonfinite, _counter(xp))

    def _chunks(self, points, chunk, nonfinite, count):
        xp = self.xp
        n = points.shape[0]
        out = xp.empty((n,), dtype=xp.float64)
        n_over = n_nan = 0
        for i in range(0, n, chunk):
            j = min(n, i + chunk)
            v = self._raw(points[i:j, :])
            # one pass in the common case: isfinite + count_nonzero; the NaN /
            # inf split only for chunks that have non-finite values
            finite = xp.isfinite(v)
            k_bad = (j - i) - count(finite)
            if k_bad:
                bad = xp.logical_not(finite)
                k_nan = count(xp.isnan(v))
                k_inf = k_bad - k_nan
                if nonfinite == "raise":
                    first = xp.argmax(xp.astype(bad, xp.int8))
                    pt = to_numpy(points[i + int(first), :]).tolist()
                    raise NumericOverflow(
                        f"loss {self.expr} is not finite at {k_bad} of rows {i}..{j - 1}, "
                        f"first at {dict(zip(map(str, self.symbols), pt))}; shrink the box or use "
                        "nonfinite='inf' to treat such points as above every level")
                if nonfinite == "inf":
                    v = xp.where(bad, xp.asarray(float("inf")), v)
                n_over += k_inf
                n_nan += k_nan
            out[i:j] = v
        return Evaluation(out, n_over, n_nan)

    def scan(self, grid, chunk: int = 1 << 20, progress=None) -> dict:
        """Stream a :class:`~critcheck.numeric.samplers.Grid` in chunks: minimum,
        arg-minimum and non-finite counts, without storing points or values
        (so 10^8 points need only ``chunk`` rows of memory at a time).

        ``progress`` (callable) receives a message about every tenth of the way.
        """
        xp = self.xp
        if len(grid.shape) != self.dim:
            raise InvalidArgument(f"grid of dimension {len(grid.shape)} for a loss of {self.dim} variables")
        best, arg, n_over, n_nan = float("inf"), None, 0, 0
        n = grid.size
        step = max(1, n // 10)
        for i in range(0, n, int(chunk)):
            j = min(n, i + int(chunk))
            ev = self(grid.points(self.backend, i, j), chunk=chunk, nonfinite="inf")
            n_over += ev.n_overflow
            n_nan += ev.n_nan
            k = int(xp.argmin(ev.values))
            val = float(ev.values[k])
            if val < best:
                best, arg = val, i + k
            if progress is not None and (i // step) != (j // step):
                progress(f"scanned {j:,} of {n:,} points")
        point = None if arg is None else to_numpy(grid.points("numpy", arg, arg + 1))[0].tolist()
        return {"min": best, "argmin": point, "samples": n, "n_overflow": n_over, "n_nan": n_nan,
                "chunk": int(chunk)}

    def values(self, points, **kw):
        """Shortcut for ``self(points, **kw).values``."""
        return self(points, **kw).values


def _counter(xp):
    """``count(mask) -> int``: ``count_nonzero`` where the namespace has it."""
    f = getattr(xp, "count_nonzero", None)
    if f is not None:
        return lambda m: int(f(m))
    return lambda m: int(xp.sum(xp.astype(m, xp.int64)))


def _errstate():
    """Silence NumPy floating-point warnings while evaluating (we count instead):
    ``np.errstate(all="ignore")``, a context manager a third of the cost of setting
    and restoring ``np.seterr`` around every call."""
    import numpy as np

    return np.errstate(all="ignore")


def _check_symbols(expr, symbols):
    if not symbols:
        raise InvalidArgument("no variables given; pass the loss's symbols, e.g. [v, w]")
    free = set()
    for e in (expr if isinstance(expr, (list, tuple)) else [expr]):
        free |= sympy.sympify(e).free_symbols
    missing = free - set(symbols)
    if missing:
        raise InvalidArgument(
            f"the expression has free symbols {sorted(map(str, missing))} that are not variables; "
            "substitute numbers for parameters first (expr.subs({...}))")


def compile_loss(expr, symbols: Sequence[sympy.Symbol], backend: str | None = None,
                 memo: dict | None = None) -> CompiledLoss:
    """Compile ``expr`` (SymPy) in ``symbols`` for the array ``backend``.

    Parameters
    ----------
    expr : sympy.Expr
        the loss; every free symbol must be in ``symbols`` (substitute numeric
        values for parameters beforehand).
    symbols : sequence of sympy.Symbol
        the variables, in the column order of the points.
    backend : str, optional
        ``"numpy"`` (default), ``"cupy"`` or ``"array_api_strict"``.
    memo : dict, optional
        shared with other compilations of related expressions (e.g. the
        gradient, :func:`compile_vector`) so that each is prepared once.

    Examples
    --------
    >>> import sympy, numpy as np
    >>> v, w = sympy.symbols("v w", real=True)
    >>> F = compile_loss((v*w - 1)**2, [v, w])
    >>> F.values(np.array([[1.0, 1.0], [0.0, 0.0]])).tolist()
    [0.0, 1.0]
    """
    symbols = tuple(symbols)
    _check_symbols(expr, symbols)
    xp = get_backend(backend)
    src = _source([expr], symbols, memo=memo)
    ns = _namespace(xp)
    exec(compile(src, "<critcheck-compiled-loss>", "exec"), ns)  # code generated by SymPy's printer
    from .backend import backend_name

    return CompiledLoss(sympy.sympify(expr), symbols, backend_name(backend), src, ns["_f"], xp)


def compile_vector(exprs: Sequence, symbols: Sequence[sympy.Symbol], backend: str | None = None,
                   shared: bool = False, memo: dict | None = None):
    """Compile several expressions (e.g. a gradient) into ``f(points) -> (n, m)``.

    Non-finite entries are left as they are; the caller checks them.
    ``shared=True`` computes each sub-expression that occurs more than once
    (e.g. a residual in every component of a gradient) once per call: the
    same values bit for bit, one temporary array per such sub-expression.
    ``memo`` (a dict, also taken by :func:`compile_loss`) lets related
    compilations factor each expression once.
    """
    symbols = tuple(symbols)
    exprs = [sympy.sympify(e) for e in exprs]
    _check_symbols(exprs, symbols)
    xp = get_backend(backend)
    src = _source(exprs, symbols, shared, memo)
    ns = _namespace(xp)
    exec(compile(src, "<critcheck-compiled-vector>", "exec"), ns)
    f = ns["_f"]

    def columns(points):
        """The expressions' values at the rows of ``points``, as a list of ``(n,)`` arrays."""
        n = points.shape[0]
        cols = [points[:, i] for i in range(len(symbols))]
        with _errstate():
            outs = f(*cols)
        return [o if hasattr(o, "shape") and o.shape == (n,) else xp.zeros((n,), dtype=xp.float64) + o
                for o in outs]

    def call(points):
        return xp.stack(columns(points), axis=1)

    call.source = src
    call.columns = columns
    return call

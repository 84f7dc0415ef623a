"""Statements as data: what a claim asserts, in a form the kernel can check.

A :class:`Statement` holds the loss as an exact expression, its variables,
its parameters with their assumptions, and one *kind* from the fixed menu
:data:`KINDS`. Its LaTeX rendering (:meth:`Statement.to_latex`) is generated
from these fields alone, so the statement printed for a claim says exactly
what the kernel checked -- instance sizes included -- and never more.

Every variable and parameter is real. ``functions`` names abstract smooth
real functions (e.g. a loss ``ell``); the kernel differentiates through them
and treats their derivatives as unknown atoms. Assumptions are strings
``"EXPR > 0"``, ``"EXPR >= 0"`` or ``"EXPR != 0"`` over the variables and
parameters; a statement quantifies universally over the parameters that
satisfy them, and its variables range over the points of ``R^n`` satisfying
them (they restrict the domain).
"""

from __future__ import annotations

import dataclasses
import json

import sympy

from .errors import Rejected
from .exprs import read, write

__all__ = ["Statement", "KINDS", "Point"]

#: kind -> (data keys, sentence template for LaTeX)
KINDS = {
    "every_critical_point_satisfies": ("goal",),
    "no_critical_point": (),
    "critical_set": ("points",),
    "critical_point": ("point",),
    "strict_local_min": ("point",),
    "local_min": ("point",),
    "not_local_min": ("point",),
    "not_local_max": ("point",),
    "less_than": ("q", "p"),
    "lower_bound": ("c",),
    "decreasing_path": ("path", "t0", "limit"),
    "suboptimal_local_min": ("point", "better"),
    "every_local_min_global": ("minimum",),
    "relation": ("lhs", "rel", "rhs"),
    "gradient_equals": ("gradient",),
    "hessian_inertia": ("point", "inertia"),
    "interval_minimum": ("family", "args"),
}
_RELS = {">": ">0", ">=": ">=0", "!=": "!=0"}


def _coordinate(v):
    """A rational ``"p/q"``, or a closed-form real constant such as ``"log(2)"``."""
    from .exprs import rational

    try:
        return rational(v)
    except Rejected:
        e = read(v, {})
        if e.free_symbols or not e.is_real:
            raise Rejected("point", f"coordinate {v!r} is not a real constant") from None
        return e


@dataclasses.dataclass(frozen=True)
class Point:
    """A point with exact coordinates: rationals, or polynomials q_i(alpha) in one
    real algebraic number alpha (the unique root of ``poly`` in ``interval``)."""

    coords: dict            # name -> sympy expr (rational, or polynomial in t)
    poly: sympy.Expr | None = None      # integer polynomial in t, or None
    interval: tuple | None = None       # (a, b) rationals, or None

    @staticmethod
    def parse(data, names: dict) -> "Point":
        if not isinstance(data, dict):
            raise Rejected("point", f"a point must be a JSON object, got {type(data).__name__}")
        if "coords" in data:
            t = sympy.Symbol("t", real=True)
            coords = {k: read(v, {"t": t}) for k, v in data["coords"].items()}
            poly = read(data["poly"], {"t": t})
            a, b = data["interval"]
            from .exprs import rational
            return Point(coords, poly, (rational(a), rational(b)))
        return Point({k: _coordinate(v) for k, v in data.items()})

    def to_data(self) -> dict:
        if self.poly is None:
            return {k: write(v) for k, v in self.coords.items()}
        return {"coords": {k: write(v) for k, v in self.coords.items()},
                "poly": write(self.poly), "interval": [write(x) for x in self.interval]}

    def latex(self) -> str:
        if self.poly is None:
            return "(" + ", ".join(f"{k}={sympy.latex(v)}" for k, v in self.coords.items()) + ")"
        t = sympy.Symbol("t", real=True)
        a, b = self.interval
        al = sympy.Symbol(r"\alpha")
        inner = ", ".join(f"{k}={sympy.latex(v.subs(t, al))}" for k, v in self.coords.items())
        return (f"({inner})" + rf"\text{{ where }}\alpha\text{{ is the root of }}"
                rf"{sympy.latex(self.poly.subs(t, al))}\text{{ in }}"
                rf"[{sympy.latex(a)},{sympy.latex(b)}]")


@dataclasses.dataclass(frozen=True)
class Statement:
    """One formal statement (see the module docstring).

    Parameters
    ----------
    kind : str
        one of :data:`KINDS`.
    loss : str
        the loss ``f`` as text over ``variables`` and ``parameters``.
    variables : tuple of str
    parameters : tuple of str
    assumptions : tuple of str
        ``"EXPR > 0"``, ``"EXPR >= 0"``, ``"EXPR != 0"``.
    data : dict
        kind-specific (expressions as text, points as :class:`Point` data).
    title : str
        a human label (not part of what is checked).
    """

    kind: str
    loss: str
    variables: tuple
    parameters: tuple = ()
    assumptions: tuple = ()
    data: dict = dataclasses.field(default_factory=dict)
    title: str = ""
    functions: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise Rejected("statement", f"kind={self.kind!r} is not one of {sorted(KINDS)}")
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "assumptions", tuple(self.assumptions))
        object.__setattr__(self, "functions", tuple(self.functions))
        missing = [k for k in KINDS[self.kind] if k not in self.data]
        if missing:
            raise Rejected("statement", f"kind {self.kind!r} needs data {missing}")

    # -- the parsed view ------------------------------------------------------
    def symbols(self) -> dict:
        names = list(self.variables) + list(self.parameters)
        if len(set(names)) != len(names):
            raise Rejected("statement", f"repeated names in {names}")
        out = {n: sympy.Symbol(n, real=True) for n in names}
        for fn in self.functions:
            if fn in out or not fn.isidentifier():
                raise Rejected("statement", f"function name {fn!r} clashes or is not a name")
            out[fn] = sympy.Function(fn, real=True)
        return out

    def f(self) -> sympy.Expr:
        return read(self.loss, self.symbols())

    def vars(self) -> list:  # noqa: A003 - the statement's variables as symbols
        s = self.symbols()
        return [s[v] for v in self.variables]

    def expr(self, text, extra: dict | None = None) -> sympy.Expr:
        names = dict(self.symbols())
        names.update(extra or {})
        return read(text, names)

    def facts(self) -> list:
        """Assumptions as (expr, relation) with relation in {'>0', '>=0', '!=0'}."""
        out = []
        for a in self.assumptions:
            for op in (">=", "!=", ">"):
                if op in a:
                    lhs, rhs = a.split(op, 1)
                    e = self.expr(lhs) - self.expr(rhs)
                    out.append((sympy.expand(e), _RELS[op]))
                    break
            else:
                raise Rejected("statement", f"assumption {a!r} is not 'E > 0', 'E >= 0' or 'E != 0'")
        return out

    def point(self, key: str = "point") -> Point:
        p = Point.parse(self.data[key], self.symbols())
        unknown = set(p.coords) - set(self.variables) - set(self.parameters)
        if unknown:
            raise Rejected("point", f"coordinates {sorted(unknown)} are not variables of the statement")
        if set(p.coords) != set(self.variables) | (set(p.coords) & set(self.parameters)):
            raise Rejected("point", f"a point must give every variable {list(self.variables)}")
        return p

    # -- data -----------------------------------------------------------------
    def to_data(self) -> dict:
        return {"kind": self.kind, "loss": self.loss, "variables": list(self.variables),
                "parameters": list(self.parameters), "assumptions": list(self.assumptions),
                "data": self.data, "title": self.title, "functions": list(self.functions)}

    @staticmethod
    def from_data(d: dict) -> "Statement":
        if not isinstance(d, dict):
            raise Rejected("statement", "a statement must be a JSON object")
        try:
            return Statement(d["kind"], d["loss"], tuple(d["variables"]),
                             tuple(d.get("parameters", ())), tuple(d.get("assumptions", ())),
                             dict(d.get("data", {})), d.get("title", ""),
                             tuple(d.get("functions", ())))
        except KeyError as exc:
            raise Rejected("statement", f"missing field {exc}") from None

    def to_json(self) -> str:
        return json.dumps(self.to_data(), indent=1, sort_keys=True)

    # -- LaTeX ----------------------------------------------------------------
    def to_latex(self) -> str:
        """The statement as one LaTeX paragraph, generated from its fields."""
        from .render import statement_latex

        return statement_latex(self)

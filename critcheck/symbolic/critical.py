"""Critical points of a loss: gradient, exact solve, derivation.

:func:`critical_points` is the front door used by ``critcheck critical``
and by proof scripts: it differentiates the loss (each partial derivative a
re-checked step), solves the gradient system with
:func:`~critcheck.symbolic.solve.solve_system` (every branch kept) and keeps
everything in one :class:`CriticalSet`.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Iterable, Sequence

import sympy

from ..claims.derivation import Derivation
from ..errors import InvalidArgument
from .parse import parse_expr, split_names
from .solve import Component, SolveResult, solve_system

__all__ = ["CriticalSet", "critical_points", "gradient", "hessian"]


def gradient(expr, variables: Sequence[sympy.Symbol]) -> list:
    """The gradient, one exact partial derivative per variable."""
    return [sympy.diff(expr, v) for v in variables]


def hessian(expr, variables: Sequence[sympy.Symbol]) -> sympy.Matrix:
    return sympy.hessian(expr, list(variables))


@dataclasses.dataclass
class CriticalSet:
    """A loss, its gradient, and every branch of ``∇ = 0``.

    ``describe(component)`` gives extra lines about a component (its
    classification when :mod:`critcheck.symbolic.classify` provides one).
    """

    loss: sympy.Expr
    variables: tuple
    parameters: tuple
    gradient: tuple
    solve: SolveResult
    derivation: Derivation
    real_loci: tuple = ()
    """:class:`~critcheck.symbolic.real_locus.RealLocus` of each component (same order)."""

    def real_locus(self, comp: Component):
        """The real locus of ``comp`` (None when it was not computed)."""
        for c, loc in zip(self.solve.components, self.real_loci):
            if c is comp:
                return loc
        return None

    def describe(self, comp: Component) -> list[str]:
        try:
            from .classify import describe_component  # provided by the classifier
        except ImportError:
            return []
        return describe_component(self, comp)

    def to_record(self) -> dict:
        if hasattr(self.solve, "checked"):  # kernel-certified points: the data the kernel accepted
            return {
                "loss": str(self.loss),
                "variables": [str(v) for v in self.variables],
                "parameters": [],
                "gradient": [str(g) for g in self.gradient],
                "complete": self.solve.complete,
                "points": self.solve.checked["points"],
                "complex_count": self.solve.checked["complex_count"],
                "open_branches": [str(o) for o in self.solve.open_branches],
                "seconds": self.solve.seconds,
            }
        return {
            "loss": str(self.loss),
            "variables": [str(v) for v in self.variables],
            "parameters": [str(p) for p in self.parameters],
            "gradient": [str(g) for g in self.gradient],
            "complete": self.solve.complete,
            "components": [
                {"solution": {str(k): str(v) for k, v in c.solution.items()},
                 "free": [str(f) for f in c.free],
                 "equations": [str(e) for e in c.equations],
                 "conditions": [str(x) for x in c.conditions],
                 "dimension": c.dimension,
                 "real_dimension": _real_dim_text(self.real_locus(c)),
                 "loss": str(sympy.simplify(c.value(self.loss))),
                 "notes": self.describe(c)}
                for c in self.solve.components
            ],
            "open_branches": [str(o) for o in self.solve.open_branches],
            "seconds": self.solve.seconds,
        }


def critical_points(loss, variables: str | Iterable, parameters: str | Iterable = (),
                    assumptions: Iterable[str] | None = None, *, budget: float | None = 60.0,
                    nonzero: Iterable = (), on_partial=None) -> CriticalSet:
    """Every critical point of ``loss`` in ``variables``, exactly.

    Parameters
    ----------
    loss : str or sympy expression
        text is parsed safely (:func:`~critcheck.symbolic.parse.parse_expr`).
    variables : names or Symbols to differentiate in.
    parameters : names or Symbols that are not differentiated but whose cases
        are split (hyperparameters, an abstract loss value ``L``).
    assumptions : texts such as ``"lambda>0"`` (only with text input).
    budget : seconds for the solve; past it the rest is an open branch.
    on_partial : optional function of a :class:`CriticalSet`, called with the
        kernel-certified points as soon as they are accepted when completeness
        still needs the case analysis (``critcheck critical`` sends them to its
        parent process, so they survive a kill at the deadline).

    Notes
    -----
    A polynomial loss over ``Q`` without parameters whose gradient system is
    zero-dimensional goes to :func:`~critcheck.symbolic.engine_route.engine_solve`
    (msolve proposes a shape form, :mod:`critcheck.kernel.zerodim` checks it);
    every other system, and every system that route cannot finish, goes to
    the case analysis of :func:`~critcheck.symbolic.solve.solve_system`.
    """
    if isinstance(loss, str):
        expr, syms = parse_expr(loss, variables, parameters, assumptions)
        vs = tuple(syms[n] for n in split_names(variables))
        ps = tuple(syms[n] for n in split_names(parameters))
    else:
        if assumptions:
            raise InvalidArgument("assumptions apply to text input; put them on the Symbols")
        expr = sympy.sympify(loss)
        vs, ps = tuple(variables), tuple(parameters)
        missing = expr.free_symbols - set(vs) - set(ps)
        if missing:
            raise InvalidArgument(
                f"loss has symbols {sorted(map(str, missing))} that are neither variables nor "
                "parameters; declare them")
    d = Derivation()
    d.text(r"The loss is")
    d.formula(expr)
    grads = gradient(expr, vs)
    for v, g in zip(vs, grads):
        d.step(f"partial derivative in ${sympy.latex(v)}$", sympy.Derivative(expr, v), g,
               check=lambda e=expr, v=v, g=g: sympy.simplify(sympy.diff(e, v) - g) == 0)
    d.text("A critical point solves the system below; its cases are analysed one by one, "
           "each split exhaustive.")
    res = None
    from .engine_route import applicable, engine_solve

    if applicable(expr, vs, ps, nonzero):
        t0 = time.perf_counter()
        partial = None if on_partial is None else (
            lambda r: on_partial(CriticalSet(expr, vs, ps, tuple(grads), r, d)))
        res = engine_solve(expr, vs, grads, budget,
                           fallback=lambda left: solve_system(grads, list(vs), budget=left),
                           on_partial=partial)
        if res is None and budget is not None:
            budget = max(budget - (time.perf_counter() - t0), 1e-3)
    if res is None:
        res = solve_system(grads, list(vs) + list(ps), nonzero=nonzero, budget=budget)
    d.extend(res.derivation)
    loci: tuple = ()
    if not hasattr(res, "checked"):  # the case analysis: decide each component's real dimension
        left = None if budget is None else max(budget - res.seconds, 0.5)
        loci = _real_components(res, d, left)
    return CriticalSet(expr, vs, ps, tuple(grads), res, d, loci)


def _real_dim_text(loc) -> str | int:
    if loc is None or loc.real_dimension is None:
        return "undecided"
    return loc.real_dimension


def _real_components(res: SolveResult, d: Derivation, budget: float | None) -> tuple:
    """Decide each component's real dimension; replace those with finitely many real
    points by the points and drop those with none (each replacement a re-checked step).

    Components whose real dimension stays undecided (or past the budget) are kept,
    labelled undecided.
    """
    from ..budget import time_budget
    from ..errors import BudgetExceeded
    from .real_locus import RealLocus, real_locus

    comps, loci, changed = [], [], False
    i = 0
    try:
        with time_budget(budget, "real dimension of the components"):
            for i, c in enumerate(res.components):
                loc = real_locus(c)
                if (loc.decided and 0 <= loc.real_dimension < loc.complex_dimension
                        and (loc.parts or loc.points)):
                    changed = True
                    parts = loc.parts or tuple((p, RealLocus(0, 0, (p,), loc.reason))
                                               for p in loc.points)
                    d.step(f"real points of a component of complex dimension "
                           f"{loc.complex_dimension}: real dimension {loc.real_dimension} "
                           f"({loc.reason})", c.latex(),
                           [p.latex() for p, _ in parts], relation="⇒",
                           check=lambda c=c, n=len(parts): (
                               (r := real_locus(c)).real_dimension is not None
                               and len(r.parts or r.points) == n))
                    others = list(res.components[i + 1:])
                    for p, ploc in parts:
                        if any(_contained(p, q) for q in comps + others if q is not p):
                            continue
                        comps.append(p)
                        loci.append(dataclasses.replace(
                            ploc, reason=ploc.reason + "; on a component of complex "
                                                       f"dimension {loc.complex_dimension}"))
                elif loc.real_dimension == -1:
                    changed = True
                    d.step(f"no real point ({loc.reason})", c.latex(), r"\emptyset",
                           relation="⇒", check=lambda c=c: real_locus(c).real_dimension == -1)
                    res.closed.append((c.branch, f"no real point: {loc.reason}"))
                else:
                    comps.append(c)
                    loci.append(loc)
            i = len(res.components)
    except BudgetExceeded:
        # past the budget: the components not yet looked at are kept, real dimension undecided
        for c in res.components[i:]:
            comps.append(c)
            loci.append(RealLocus(c.dimension, None, (), "real dimension not decided within "
                                  "the budget"))
    if changed:
        res.components = comps
    return tuple(loci)


def _contained(p: Component, q: Component) -> bool:
    """``p`` lies inside ``q``, proved exactly (:func:`~critcheck.symbolic.solve._contained`)."""
    from .solve import _contained as inside

    return inside(p, q)

"""Statements about critical points, checked into verdict-ready :class:`Outcome` s.

Each function states one claim about a loss and returns an
:class:`~critcheck.claims.result.Outcome`:

* ``PROVED`` only from the exact classification (:mod:`.classify`), with its
  derivation;
* ``REFUTED`` only with a :class:`~critcheck.claims.result.Counterexample`
  whose ``verify`` re-checks exactly (a curve witness, an exact inertia, the
  re-checked steps of a classification);
* ``INCONCLUSIVE`` otherwise, with the undecided part in ``open_branches``.

Run them through :func:`critcheck.run_claim` (the verdict guard) before
trusting a verdict; the test-suite does so for true and false statements.
"""

from __future__ import annotations

import sympy

from ..claims.derivation import Derivation
from ..claims.result import Counterexample, Outcome
from .classify import classification_derivation, classify_all, classify_point
from .critical import critical_points
from .inertia import matrix_inertia
from .parse import parse_expr, split_names
from .taylor import find_witnesses

__all__ = ["local_min_at", "index_at", "every_local_min_global"]


def _parse(loss, variables):
    expr, syms = parse_expr(loss, variables) if isinstance(loss, str) else (loss, None)
    vs = tuple(syms[n] for n in split_names(variables)) if syms else tuple(variables)
    return expr, vs


def _point(vs, point):
    return {v: sympy.Rational(point[str(v)]) if isinstance(point[str(v)], (int, str))
            else sympy.sympify(point[str(v)]) for v in vs}


def _gradient_zero(f, vs, p) -> bool:
    return all(sympy.simplify(sympy.diff(f, v).subs(p, simultaneous=True)) == 0 for v in vs)


def local_min_at(loss, variables, point: dict) -> Outcome:
    """"``point`` is a local minimum of ``loss``"."""
    f, vs = _parse(loss, variables)
    p = _point(vs, point)
    d = Derivation()
    if not _gradient_zero(f, vs, p):
        g = [sympy.simplify(sympy.diff(f, v).subs(p)) for v in vs]
        return Outcome("REFUTED", summary="the gradient does not vanish there", derivation=d,
                       counterexample=Counterexample(
                           {str(k): v for k, v in p.items()}, f"gradient {g} != 0",
                           verify=lambda: not _gradient_zero(f, vs, p)))
    piece = classify_point(f, vs, p, d)
    if piece.kind in ("strict local min", "non-strict local min", "local min"):
        return Outcome("PROVED", summary=piece.reason, derivation=d)
    if piece.not_min:
        down, _ = find_witnesses(f, vs, p)
        if down is not None:
            return Outcome("REFUTED", summary="a descent curve leaves the point", derivation=d,
                           counterexample=Counterexample(
                               {str(k): v for k, v in p.items()},
                               "descent curve $" + down.latex() + "$",
                               verify=lambda: down.check() and down.descent))
        H = sympy.hessian(f, vs).subs(p, simultaneous=True)
        return Outcome("REFUTED", summary="the Hessian has a negative eigenvalue", derivation=d,
                       counterexample=Counterexample(
                           {str(k): v for k, v in p.items()}, "negative Hessian eigenvalue",
                           verify=lambda: matrix_inertia(H)[0].negative > 0))
    return Outcome("INCONCLUSIVE", summary=piece.reason, derivation=d,
                   open_branches=[piece.reason])


def index_at(loss, variables, point: dict, k: int) -> Outcome:
    """"the critical point ``point`` has index ``k``" (seed 003, Def. III.1)."""
    f, vs = _parse(loss, variables)
    p = _point(vs, point)
    H = sympy.hessian(f, vs).subs(p, simultaneous=True)
    inert, _ = matrix_inertia(H)
    d = Derivation()
    if inert is None or not _gradient_zero(f, vs, p):
        return Outcome("INCONCLUSIVE", summary="not a critical point or inertia undecided",
                       derivation=d, open_branches=["inertia"])
    d.step("exact inertia of the Hessian", H, f"index {inert.index}", relation="⇒",
           check=lambda: matrix_inertia(H)[0].index == inert.index)
    if inert.index == k:
        return Outcome("PROVED", summary=f"index {k}", derivation=d)
    return Outcome("REFUTED", summary=f"index is {inert.index}, not {k}", derivation=d,
                   counterexample=Counterexample(
                       {str(kk): v for kk, v in p.items()}, f"Hessian inertia {inert}",
                       verify=lambda: matrix_inertia(H)[0].index != k))


def every_local_min_global(loss, variables, *, budget: float = 60.0) -> Outcome:
    """"every local minimum of ``loss`` is a global minimum" (no sub-optimal local min)."""
    cs = critical_points(loss, variables, budget=budget)
    cls = classify_all(cs)
    d = classification_derivation(cs)
    opens = [str(o) for o in cs.solve.open_branches]
    for c in cls:
        if c.is_global is False:
            for p in c.pieces:
                if p.is_local_min is True:
                    sub = c.derivation
                    return Outcome(
                        "REFUTED", summary=f"sub-optimal local minima on {c.component} "
                        f"{p.condition}", derivation=d,
                        counterexample=Counterexample(
                            {str(k): v for k, v in c.component.solution.items()},
                            f"{p.kind} where {p.condition or 'everywhere'} with loss {c.value}",
                            verify=lambda sub=sub: not sub.recheck() and any(
                                True for _ in sub.steps())))
    undecided = [str(c.component) for c in cls
                 if c.has_local_min() is not False and c.is_global is not True]
    if undecided or opens:
        return Outcome("INCONCLUSIVE", summary="some component or branch undecided",
                       derivation=d, open_branches=opens + undecided)
    return Outcome("PROVED", summary="every critical component is a global minimum or not a "
                   "local minimum", derivation=d)

"""Statements quantified over all critical points: "at every critical point, P".

:func:`holds_at_every_critical_point` turns a :class:`CriticalSet` and a list
of expressions that should vanish (``a``, ``L`` for seed 000 Appendix A)
into an :class:`~critcheck.claims.Outcome`:

* ``PROVED`` when the case analysis is complete, every expression is exactly
  0 on every component, and the case-tree search (:mod:`.case_search`) finds a
  kernel certificate (statement ``every_critical_point_satisfies``); without
  one, ``INCONCLUSIVE`` naming "no kernel case tree found";
* ``REFUTED`` when some component carries a point where an expression is not
  0: the point is built from exact values of the free parameters, and the
  counterexample's ``verify`` substitutes it into the *original* gradient
  and the expression again;
* ``INCONCLUSIVE`` otherwise (open branches, implicit components where no
  exact point is found), with every open branch listed.
"""

from __future__ import annotations

import itertools
from typing import Sequence

import sympy

from ..claims.derivation import Derivation
from ..claims.result import Counterexample, Outcome
from ..claims.verdict import Verdict
from .critical import CriticalSet
from .nonzero import provably_zero, violates_assumptions

__all__ = ["holds_at_every_critical_point", "exact_point_on"]

_TRIALS = [sympy.Integer(1), sympy.Integer(2), sympy.Rational(1, 2), sympy.Integer(-1),
           sympy.Integer(0), sympy.Integer(3), sympy.Rational(-1, 2), sympy.Integer(-2)]


def exact_point_on(comp, where=None, max_tries: int = 400):
    """An exact point of an explicit component (free symbols set to small rationals).

    Returns a dict symbol -> exact value satisfying the component's
    conditions and the symbols' assumptions, with ``where(point)`` True when
    given; None when none is found or the component is implicit.
    """
    if comp.equations:
        return None
    free = list(comp.free)
    for n, values in enumerate(itertools.product(_TRIALS, repeat=len(free))):
        if n >= max_tries:
            break
        pt = dict(zip(free, values))
        if any(violates_assumptions(s, v) is not False for s, v in pt.items()):
            continue
        full = dict(pt)
        ok = True
        for k, expr in comp.solution.items():
            try:
                val = sympy.simplify(sympy.sympify(expr).subs(pt))
            except ZeroDivisionError:
                ok = False
                break
            if val.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or violates_assumptions(k, val) is not False:
                ok = False
                break
            full[k] = val
        if not ok:
            continue
        if any((c.subs(full) if hasattr(c, "subs") else c) is not sympy.true for c in comp.conditions):
            continue
        if where is not None and not where(full):
            continue
        return full
    return None


def holds_at_every_critical_point(cs: CriticalSet, must_vanish: Sequence, *,
                                  statement: str = "", search_seconds: float = 20.0) -> Outcome:
    """Decide "every critical point has ``e = 0`` for each ``e`` in ``must_vanish``".

    ``PROVED`` carries a kernel case tree found by
    :func:`critcheck.symbolic.case_search.prove_every_critical_point` within
    ``search_seconds``; without one the outcome is ``INCONCLUSIVE``.
    """
    d = Derivation()
    d.extend(cs.derivation)
    exprs = [sympy.sympify(e) for e in must_vanish]
    names = ", ".join(f"{e} = 0" for e in exprs)
    d.text(r"\textbf{Conclusion.} On each solution component, check $"
           + r",\ ".join(sympy.latex(e) + " = 0" for e in exprs) + "$.")
    evidence = {"components": [str(c) for c in cs.solve.components],
                "closed_branches": len(cs.solve.closed),
                "solver_seconds": round(cs.solve.seconds, 3)}
    failing = []
    for c in cs.solve.components:
        for e in exprs:
            val = c.value(e)
            if provably_zero(val):
                d.step(f"on the component ${c.latex(cs.variables + cs.parameters)}$",
                       e, 0, check=lambda c=c, e=e: provably_zero(c.value(e)))
            else:
                failing.append((c, e, val))
    if failing:
        for c, e, val in failing:
            pt = exact_point_on(c, where=lambda p, e=e: not provably_zero(sympy.sympify(e).subs(p)))
            if pt is None:
                continue
            grads = cs.gradient
            point = {k: pt.get(k, k) for k in list(cs.variables) + list(cs.parameters)}

            def verify(point=point, e=e, grads=grads):
                at = {k: v for k, v in point.items()}
                return (all(provably_zero(sympy.sympify(g).subs(at)) for g in grads)
                        and not provably_zero(sympy.sympify(e).subs(at))
                        and all(violates_assumptions(k, v) is False for k, v in at.items()))

            ce = Counterexample(point, f"a critical point where {e} = {sympy.sympify(e).subs(point)} ≠ 0",
                                verify=verify, verified_by="exact")
            d.text(r"\textbf{Counterexample.} At $" + r",\ ".join(
                f"{sympy.latex(k)} = {sympy.latex(v)}" for k, v in point.items())
                + "$ the gradient vanishes exactly, yet $" + sympy.latex(e) + r"\neq 0$.")
            evidence["failing_component"] = str(c)
            from .certificates import kernel_statement

            st = kernel_statement("critical_point", cs.loss, cs.variables, cs.parameters,
                                  {"point": point, "violates": [e]})
            return Outcome(Verdict.REFUTED, summary=f"refuted: {ce.description}",
                           evidence=evidence, derivation=d, counterexample=ce,
                           statement=st, certificate={})
        opens = [f"on {c}: {e} = {val} not shown to vanish, and no exact point found"
                 for c, e, val in failing]
        return Outcome(Verdict.INCONCLUSIVE, summary="some component could not be decided",
                       evidence=evidence, derivation=d,
                       open_branches=opens + [str(o) for o in cs.solve.open_branches])
    if not cs.solve.complete:
        # the solver gave up on some branches; a kernel case tree may still cover them
        found = _case_tree(cs, exprs, search_seconds)
        evidence["case_tree_seconds"] = round(found[2], 3)
        if found[0] is not None:
            d.text(f"The solver left branches open, but a case tree over the gradient equations "
                   f"shows {names} at every critical point (checked by the kernel). $\\blacksquare$")
            return Outcome(Verdict.PROVED, summary=f"every critical point has {names} (kernel case "
                           "tree; the solver's own analysis had open branches)", evidence=evidence,
                           derivation=d, statement=found[0], certificate=found[1])
        return Outcome(Verdict.INCONCLUSIVE, summary="the case analysis has open branches "
                       "and no kernel case tree found", evidence=evidence, derivation=d,
                       open_branches=[str(o) for o in cs.solve.open_branches]
                       + ["no kernel case tree found"])
    d.text(f"Every branch is closed or lies in a component where {names}. "
           r"Hence the statement holds at every critical point. $\blacksquare$")
    # the solver's case analysis is untrusted: PROVED needs a kernel case tree
    found = _case_tree(cs, exprs, search_seconds)
    evidence["case_tree_seconds"] = round(found[2], 3)
    if found[0] is None:
        return Outcome(Verdict.INCONCLUSIVE, summary=f"the solver finds {names} on every component, "
                       "but no kernel case tree found", evidence=evidence, derivation=d,
                       open_branches=[f"no kernel case tree found for {names} at every critical "
                                      f"point (searched {search_seconds:g} s)"])
    return Outcome(Verdict.PROVED, summary=f"every critical point has {names} "
                   f"({len(cs.solve.components)} component(s), {len(cs.solve.closed)} closed branch(es); "
                   "kernel case tree)",
                   evidence=evidence, derivation=d, statement=found[0], certificate=found[1])


def _case_tree(cs: CriticalSet, exprs, seconds: float):
    """(Statement, certificate, seconds) from the case-tree search, or (None, None, seconds)."""
    import time

    from ..errors import CritcheckError
    from ..kernel.errors import Rejected
    from .case_search import prove_every_critical_point

    t0 = time.monotonic()
    try:
        got = prove_every_critical_point(cs.loss, cs.variables, cs.parameters, None, exprs,
                                         seconds=seconds)
    except (CritcheckError, Rejected):
        got = None
    if got is None:
        return None, None, time.monotonic() - t0
    return got[0], got[1], time.monotonic() - t0

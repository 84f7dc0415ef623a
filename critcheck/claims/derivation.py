"""Derivations: chains of steps, each re-checkable on its own.

A :class:`Step` records the expression before, the expression after, the
relation between them and the rule used. :meth:`Step.recheck` verifies the
step independently of the code that produced it:

* ``relation="="``: ``sympy.simplify(before - after) == 0`` (after
  ``expand``), or a step-specific ``check`` callable;
* any other relation (``"⇒"``, ``"⇔"``, ``"≠"``, ``"case"``): the step must
  carry a ``check`` callable that decides it exactly; a step without one is
  *not* re-checkable and blocks a ``PROVED`` verdict.

A :class:`Derivation` is a list of blocks: prose, displayed formulas, steps
and nested cases. It renders to LaTeX (:mod:`critcheck.render.latex`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

import sympy

__all__ = ["Step", "Derivation", "Text", "Formula", "Case"]


def _expr_equal(before: Any, after: Any) -> bool:
    """Exact equality of two SymPy objects (expressions or Eq/relations)."""
    if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)):
        return len(before) == len(after) and all(
            _expr_equal(b, a) for b, a in zip(before, after)
        )
    b = sympy.sympify(before)
    a = sympy.sympify(after)
    if isinstance(b, sympy.Equality) and isinstance(a, sympy.Equality):
        return _expr_equal(b.lhs - b.rhs, a.lhs - a.rhs)
    diff = b - a
    if diff == 0:
        return True
    if sympy.expand(diff) == 0:
        return True
    return sympy.simplify(diff) == 0


@dataclasses.dataclass(frozen=True)
class Step:
    """One re-checkable step of a derivation.

    Parameters
    ----------
    rule : str
        The rule used, in words ("product rule", "zero-product split").
    before, after : sympy expression, relation, or list of them
        What the step starts from and what it gives.
    relation : str
        ``"="`` (default) for an identity; anything else needs ``check``.
    check : callable, optional
        ``check() -> bool`` deciding the step exactly. Must not use floats.
    note : str
        Extra prose shown with the step.
    """

    rule: str
    before: Any
    after: Any
    relation: str = "="
    check: Callable[[], bool] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )
    note: str = ""

    def recheck(self) -> bool:
        """Re-verify this step on its own; ``False`` if it cannot be."""
        try:
            if self.check is not None:
                return bool(self.check())
            if self.relation == "=":
                return _expr_equal(self.before, self.after)
        except Exception:  # a check that crashes has not checked anything
            return False
        return False


@dataclasses.dataclass(frozen=True)
class Text:
    """A paragraph of prose (may contain inline LaTeX between $...$)."""

    text: str


@dataclasses.dataclass(frozen=True)
class Formula:
    """A displayed formula: a SymPy object or raw LaTeX, with a label."""

    expr: Any
    label: str = ""


@dataclasses.dataclass
class Case:
    """A case of a case analysis: its condition and its own derivation."""

    condition: str
    body: "Derivation"
    outcome: str = ""


@dataclasses.dataclass
class Derivation:
    """An ordered list of blocks (Text, Formula, Step, Case)."""

    title: str = ""
    blocks: list = dataclasses.field(default_factory=list)

    # building -----------------------------------------------------------
    def text(self, text: str) -> "Derivation":
        self.blocks.append(Text(text))
        return self

    def formula(self, expr: Any, label: str = "") -> "Derivation":
        self.blocks.append(Formula(expr, label))
        return self

    def step(self, rule: str, before: Any, after: Any, relation: str = "=",
             check: Callable[[], bool] | None = None, note: str = "") -> Step:
        s = Step(rule, before, after, relation, check, note)
        self.blocks.append(s)
        return s

    def add(self, block: Any) -> "Derivation":
        self.blocks.append(block)
        return self

    def case(self, condition: str, outcome: str = "") -> "Derivation":
        sub = Derivation()
        self.blocks.append(Case(condition, sub, outcome))
        return sub

    def extend(self, other: "Derivation") -> "Derivation":
        self.blocks.extend(other.blocks)
        return self

    # inspection ----------------------------------------------------------
    def steps(self) -> Iterator[Step]:
        """Every step, nested cases included, in order."""
        for b in self.blocks:
            if isinstance(b, Step):
                yield b
            elif isinstance(b, Case):
                yield from b.body.steps()

    def recheck(self) -> list[Step]:
        """Re-check every step; return the steps that did not pass."""
        return [s for s in self.steps() if not s.recheck()]

    def __len__(self) -> int:
        return len(self.blocks)

    def to_latex(self) -> str:
        from ..render.latex import derivation_body

        return derivation_body(self)

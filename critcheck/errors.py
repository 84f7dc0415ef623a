"""The exceptions critcheck raises.

Every error derives from :class:`CritcheckError`, so a caller can catch one
type. Messages say what was wrong (``name=value!r``) and what to do instead.
"""

from __future__ import annotations

__all__ = [
    "CritcheckError",
    "InvalidArgument",
    "ExpressionError",
    "UnsafeExpression",
    "AssumptionError",
    "BudgetExceeded",
    "UnknownClaim",
    "ClaimDefinitionError",
    "BackendUnavailable",
    "DataUnavailable",
]


class CritcheckError(Exception):
    """Root of every error critcheck raises on purpose."""


class InvalidArgument(CritcheckError, TypeError, ValueError):
    """An argument has the wrong type or value; the message names it."""


class ExpressionError(InvalidArgument):
    """Expression text could not be parsed (syntax error, unknown name)."""


class UnsafeExpression(ExpressionError):
    """Expression text contains something other than mathematics.

    Raised before anything is evaluated: attribute access, dunder names,
    lambdas, comprehensions, strings and calls of unknown functions.
    """


class AssumptionError(InvalidArgument):
    """Assumptions are malformed or contradict each other."""


class BudgetExceeded(CritcheckError):
    """A computation ran past its time budget.

    Solvers catch this and report the branch as open (verdict
    ``INCONCLUSIVE``); it never escapes as a crash from a claim run.
    """


class UnknownClaim(InvalidArgument):
    """A claim id or proof path that is not in the catalogue."""


class ClaimDefinitionError(CritcheckError):
    """A claim's definition is inconsistent (bad method, duplicate id)."""


class BackendUnavailable(CritcheckError):
    """An array backend was requested that cannot run here."""


class DataUnavailable(CritcheckError):
    """A data set file the user must supply is missing."""


class NumericOverflow(CritcheckError):
    """A compiled loss gave non-finite values (overflow, 0*inf) where that was not allowed."""

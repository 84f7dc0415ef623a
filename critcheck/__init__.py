"""critcheck: check claims about neural-network loss landscapes.

Exact where exactness is possible (SymPy), honest where it is not (numeric
evidence is ``SUPPORTED``, never ``PROVED``). See ``README.md`` and
``docs/``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .budget import time_budget
from .claims import (
    Case,
    Claim,
    Context,
    Counterexample,
    Criterion,
    CriterionRow,
    Derivation,
    Formula,
    Method,
    Outcome,
    Result,
    Step,
    Text,
    Verdict,
    claim,
    load_catalogue,
    run_claim,
    select,
)
from .errors import (
    AssumptionError,
    BackendUnavailable,
    BudgetExceeded,
    CritcheckError,
    DataUnavailable,
    ExpressionError,
    InvalidArgument,
    UnknownClaim,
    UnsafeExpression,
)

__all__ = [
    "__version__",
    "AssumptionError", "BackendUnavailable", "BudgetExceeded", "Case", "Claim", "Context",
    "Counterexample", "Criterion", "CriterionRow", "CritcheckError", "DataUnavailable", "Derivation", "ExpressionError",
    "Formula", "InvalidArgument", "Method", "Outcome", "Result", "Step", "Text", "UnknownClaim",
    "UnsafeExpression", "Verdict", "claim", "load_catalogue", "run_claim", "select", "time_budget",
]

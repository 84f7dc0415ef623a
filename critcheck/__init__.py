"""critcheck: check claims about neural-network loss landscapes.

Exact where exactness is possible (SymPy), honest where it is not (numeric
evidence is ``SUPPORTED``, never ``PROVED``). See ``README.md`` and
``docs/``.
"""

from __future__ import annotations

__version__ = "0.1.0"

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

# The claim machinery imports SymPy (about 1-2 s); it loads on first use
# (PEP 562), so `critcheck --help`, the first progress line of a command and
# the pytest plugin's registration do not wait for it.
_LAZY = {
    "time_budget": ".budget",
    **{name: ".claims" for name in (
        "Case", "Claim", "Context", "Counterexample", "Criterion", "CriterionRow", "Derivation",
        "Formula", "Method", "Outcome", "Result", "Step", "Text", "Verdict", "claim",
        "load_catalogue", "run_claim", "select")},
}


def __getattr__(name):
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'critcheck' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(mod, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "AssumptionError", "BackendUnavailable", "BudgetExceeded", "Case", "Claim", "Context",
    "Counterexample", "Criterion", "CriterionRow", "CritcheckError", "DataUnavailable", "Derivation", "ExpressionError",
    "Formula", "InvalidArgument", "Method", "Outcome", "Result", "Step", "Text", "UnknownClaim",
    "UnsafeExpression", "Verdict", "claim", "load_catalogue", "run_claim", "select", "time_budget",
]

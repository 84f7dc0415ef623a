"""Claims, verdicts, evidence, derivations; running and the verdict guard."""

from .criterion import Criterion, CriterionRow
from .derivation import Case, Derivation, Formula, Step, Text
from .registry import Claim, Context, claim, load_catalogue, proofs_dir, registry, select
from .result import Counterexample, Outcome, Result
from .runner import guard, run_claim
from .verdict import Method, Verdict

__all__ = [
    "Case", "Claim", "Criterion", "CriterionRow", "Context", "Counterexample", "Derivation", "Formula",
    "Method", "Outcome", "Result", "Step", "Text", "Verdict", "claim", "guard",
    "load_catalogue", "proofs_dir", "registry", "run_claim", "select",
]

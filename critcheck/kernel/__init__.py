"""The trusted kernel: statements, certificates, and a checker that trusts neither.

critcheck's ``PROVED`` and ``REFUTED`` mean exactly one thing: this kernel
accepted a certificate for the claim's formal statement (``KERNEL.md``).
Everything that *finds* proofs -- the solver, the classifier, numerics,
external engines -- is untrusted and only produces certificates.

The kernel imports nothing from the rest of critcheck (a test enforces it),
uses no floats, ``evalf`` or ``nsimplify`` (a test enforces that too), and
recomputes gradients, Hessians and series from the statement's loss.

Public API: :class:`Statement`, :func:`check` -> :class:`Judgement`,
:func:`certificate_record` / :func:`check_record` for the JSON files that
``critcheck verify --certificates DIR`` writes and ``critcheck check`` reads.
"""

from .checker import Judgement, check
from .errors import Rejected
from .records import FORMAT, certificate_record, check_record, load_record
from .statement import KINDS, Point, Statement

__all__ = ["FORMAT", "KINDS", "Judgement", "Point", "Rejected", "Statement", "certificate_record",
           "check", "check_record", "load_record"]

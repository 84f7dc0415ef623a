"""Certificate files: one JSON object holding a statement and its certificate.

``{"format": "critcheck-certificate", "version": 1, "claim": ID,
"verdict": "PROVED" | "REFUTED", "statement": {...}, "certificate": {...}}``

``verdict`` says what the pair establishes: ``PROVED`` -- the statement holds;
``REFUTED`` -- the statement is the negation of what the claim asserted.
"""

from __future__ import annotations

import json

from .checker import Judgement, check
from .statement import Statement

__all__ = ["FORMAT", "certificate_record", "load_record", "check_record"]

FORMAT = "critcheck-certificate"


def certificate_record(claim_id: str, verdict: str, statement: Statement, certificate: dict) -> dict:
    return {"format": FORMAT, "version": 1, "claim": claim_id, "verdict": verdict,
            "statement": statement.to_data(), "certificate": certificate}


def load_record(path) -> dict:
    with open(path, encoding="utf-8") as fh:
        rec = json.load(fh)
    if not isinstance(rec, dict) or rec.get("format") != FORMAT:
        raise ValueError(f"{path}: not a critcheck certificate file (format != {FORMAT!r})")
    return rec


def check_record(rec: dict, deadline: float | None = None) -> Judgement:
    return check(rec["statement"], rec["certificate"], deadline)

"""Output kept apart from algorithms: LaTeX documents, plots, reports."""

from .latex import claim_document, compile_pdf, derivation_body, write_claim_tex

__all__ = ["claim_document", "compile_pdf", "derivation_body", "write_claim_tex"]

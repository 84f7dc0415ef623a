"""Output kept apart from algorithms: LaTeX documents, plots, reports, progress.

``render.latex`` imports SymPy; its names load on first use (PEP 562) so that
``render.progress`` -- imported by every command at start-up -- stays cheap.
"""

__all__ = ["claim_document", "compile_pdf", "derivation_body", "write_claim_tex"]


def __getattr__(name):
    if name in __all__:
        from . import latex

        return getattr(latex, name)
    raise AttributeError(f"module 'critcheck.render' has no attribute {name!r}")

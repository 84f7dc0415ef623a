"""Exact reasoning with SymPy: parsing, losses, derivatives, solving, classifying."""

from .parse import make_symbols, parse_assumptions, parse_expr
from .solve import Component, OpenBranch, SolveResult, solve_system, verify_component

__all__ = ["Component", "OpenBranch", "SolveResult", "make_symbols", "parse_assumptions",
           "parse_expr", "solve_system", "verify_component"]

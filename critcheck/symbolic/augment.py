"""Augmentations of a loss that remove bad local minima.

:func:`sohl_dickstein_kawaguchi` is eq. (1) of Sohl-Dickstein & Kawaguchi,
"Eliminating All Bad Local Minima from Loss Landscapes Without Even Adding an
Extra Unit" (seed 000):

.. math:: \\tilde L(\\theta, a, b) = L(\\theta)\\,\\bigl(1 + (a e^{b} - 1)^2\\bigr) + \\lambda a^2 .

The loss ``L`` may be any SymPy expression or an *abstract* loss value
(:func:`abstract_loss`): a symbol known only to be ``≥ 0``.
"""

from __future__ import annotations

import sympy

__all__ = ["abstract_loss", "sohl_dickstein_kawaguchi", "sd_symbols"]


def abstract_loss(name: str = "L", positive: bool = False) -> sympy.Symbol:
    """An abstract loss value: a real symbol ``≥ 0`` (``> 0`` if ``positive``)."""
    return sympy.Symbol(name, positive=True) if positive else sympy.Symbol(name, nonnegative=True)


def sd_symbols(lam_positive: bool = True):
    """The auxiliary parameters ``a, b`` (real) and ``λ`` (``> 0`` by default)."""
    a, b = sympy.symbols("a b", real=True)
    lam = sympy.Symbol("lambda", positive=True) if lam_positive else sympy.Symbol("lambda", real=True)
    return a, b, lam


def sohl_dickstein_kawaguchi(loss, a, b, lam):
    """Seed 000, eq. (1): ``L (1 + (a e^b - 1)^2) + λ a^2``."""
    return loss * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a ** 2

"""The Examples in the numeric modules' docstrings run and give what they show."""

import doctest
import importlib

import pytest

MODULES = ["compile", "sublevel", "critical", "divergence"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    mod = importlib.import_module(f"critcheck.numeric.{name}")
    res = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.attempted > 0 and res.failed == 0

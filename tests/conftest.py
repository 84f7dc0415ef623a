"""Shared test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture
def proof_file(tmp_path):
    """Write a proof script into tmp_path and return its path."""

    def write(source: str, name: str = "p_test.py"):
        p = tmp_path / name
        p.write_text(source)
        return p

    return write



import shutil  # noqa: E402

needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None,
                                    reason="pdflatex is not installed (CI installs TeX Live)")

"""The example scripts in examples/ run and print what docs/models.md says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script,expect", [
    ("models_quickstart.py", "dF = (2/n) G e: True"),
    ("sigmoid_counterexample.py", "flipped residual verified: False"),
    ("mode_connectivity.py", "NEB barrier"),
])
def test_example_runs(script, expect):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(ROOT / "examples" / script)], capture_output=True,
                         text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert expect in out.stdout

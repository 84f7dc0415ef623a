"""examples/minima_graph.py runs and prints what docs/minima_graph.md says."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_minima_graph_example_runs():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "minima_graph.py")],
                         capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "depth 0.5483" in out.stdout
    assert "circle: degenerate | nullity 1" in out.stdout and "equal loss: True" in out.stdout
    assert "quartic: degenerate" in out.stdout and "no flat direction" in out.stdout
    assert "spurious valleys: 0" in out.stdout

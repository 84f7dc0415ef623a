"""Figures that explain themselves: the loss as mathematics in the title, a labelled
colour bar, a quantile colour scale where values are skewed, a legend for every
marker, minima on the box edge flagged; seed 004 Figs. 3(a)-(d) told apart."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

from critcheck.cli import main


def _landscape(expr, box, samples=2500):
    from critcheck.numeric.sublevel import analyze

    x, y = sympy.symbols("x y")
    return analyze(sympy.sympify(expr), [x, y], box, samples=samples)


def test_landscape_plot_labels_everything(tmp_path):
    from critcheck.commands.landscape import global_minima_on_boundary
    from critcheck.render.landscape_plot import plot_landscape

    x, y = sympy.symbols("x y")
    L = _landscape("x/2 + y**2 + (x**2 - 1)**2", "-3:3,-3:3")
    info = plot_landscape(L, tmp_path / "p.png", title=sympy.latex(x / 2 + y**2 + (x**2 - 1)**2),
                          global_on_boundary=global_minima_on_boundary(L))
    assert (tmp_path / "p.png").stat().st_size > 10000
    assert info["title"].startswith(r"$L = \frac{x}{2}") and "**" not in info["title"]
    assert info["colorbar_label"].startswith("loss")
    assert info["scale"] == "quantile"          # the quartic's corners would flatten every basin
    assert "global minimum (sampled)" in info["legend"]
    assert "spurious valley (lowest sample)" in info["legend"]


def test_a_global_minimum_on_the_box_edge_is_flagged(tmp_path, capsys):
    """Regression: only spurious valleys were flagged on the box boundary."""
    js, png = tmp_path / "l.json", tmp_path / "l.png"
    assert main(["landscape", "x+y^2", "--vars", "x,y", "--box", "-1:1,-1:1", "--samples", "2500",
                 "--json", str(js), "--plot", str(png), "-q"]) == 0
    out = capsys.readouterr().out
    assert "[on the box boundary]" in out and "widen --box" in out
    assert json.loads(js.read_text())["global_min"]["on_boundary"] == [True]
    from critcheck.render.landscape_plot import plot_landscape

    L = _landscape("x + y**2", "-1:1,-1:1")
    info = plot_landscape(L, png, "x + y^{2}", global_on_boundary=[True])
    assert any("box edge" in t for t in info["legend"])
    L = _landscape("x**2 + y**2", "-1:1,-1:1")
    from critcheck.commands.landscape import global_minima_on_boundary

    assert global_minima_on_boundary(L) == [False]


def test_colour_scale_linear_when_values_are_even():
    from critcheck.render.landscape_plot import colour_levels

    even = np.linspace(0, 1, 1000)
    assert colour_levels(even)[1] == "(linear scale)"
    skewed = np.concatenate([np.zeros(900), np.logspace(0, 4, 100)])
    lv, label = colour_levels(skewed)
    assert "quantile" in label and np.all(np.diff(lv) > 0)


def test_math_title_falls_back_to_text():
    from critcheck.render.landscape_plot import math_title

    assert math_title(r"x^{2}") == r"$L = x^{2}$"
    assert math_title(r"\notamacro{x}") == r"L = \notamacro{x}"


def test_relu_figure_3_panels_are_distinct_and_titled():
    """Regression: Figs. 3(a)-(d) were four identical flat lines (P_t underflows to 0 on a
    linear axis) with titles that did not give K."""
    from critcheck.relu.figures import curve, title

    logs = {}
    for n, k in (("3a", "K=4"), ("3b", "K=4"), ("3c", "K=60"), ("3d", "K=200")):
        assert k in title(n) and "N=100" in title(n)
        c = curve(n, points=9)
        logs[n] = 100 * np.log10(np.clip(1 - c["pg"], 1e-300, 1))
        assert np.ptp(logs[n]) > 5                      # not a flat line on the drawn scale
    assert len({title(n) for n in logs}) == 4
    assert not np.allclose(logs["3a"], logs["3b"]) and not np.allclose(logs["3b"], logs["3c"])


@pytest.mark.slow
def test_relu_figures_draw(tmp_path):
    assert main(["relu", "figure", "-o", str(tmp_path), "-q"]) == 0
    assert len(list(tmp_path.glob("relu_fig*.png"))) == 6


def test_relu_figure_names_match_the_figures_module():
    from critcheck.commands.relu import FIGURE_NAMES
    from critcheck.relu.figures import FIGURES

    assert FIGURE_NAMES == FIGURES

"""Plots of sampled landscapes (matplotlib, imported inside the functions).

A figure must explain itself: the loss in its title as mathematics
(matplotlib's mathtext), a labelled colour bar, a colour scale that separates
the basins when values span decades (contour levels at quantiles of the
samples), a legend for every marker, and minima on the box boundary drawn
whole (not clipped) and flagged in the legend.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["plot_landscape", "contour_panels", "math_title", "colour_levels"]


def math_title(tex: str, prefix: str = "L = ") -> str:
    """``$prefix tex$`` when matplotlib's mathtext can typeset ``tex``, else the text itself.

    ``tex`` is LaTeX as :func:`sympy.latex` writes it; mathtext knows most of
    it (``\\frac``, ``\\left(``, ``\\log``); what it does not know falls back
    to the plain text rather than breaking the figure.
    """
    from matplotlib.mathtext import MathTextParser

    s = f"${prefix}{tex}$"
    try:
        MathTextParser("agg").parse(s)
    except Exception:  # noqa: BLE001 - mathtext raises ValueError/ParseException variants
        return prefix + tex
    return s


def colour_levels(values, count: int = 30):
    """Contour levels for ``values`` and the colour-bar label suffix.

    Linear levels when the range of the finite values is less than five times
    their median rise above the minimum; otherwise (a few large values, e.g.
    the corners of a quartic, or values spanning decades) levels at quantiles
    of the samples, so that each basin gets its own colours instead of all
    sharing the darkest one.
    """
    f = np.asarray(values, float)
    f = f[np.isfinite(f)]
    if f.size == 0:
        raise InvalidArgument("the loss is not finite at any sample; shrink the box")
    lo, hi = float(f.min()), float(f.max())
    if hi <= lo:
        return np.linspace(lo - 0.5, lo + 0.5, 3), "(constant)"
    med = float(np.median(f - lo))
    if med > 0 and (hi - lo) / med < 5:
        return np.linspace(lo, hi, count), "(linear scale)"
    lv = np.unique(np.quantile(f, np.linspace(0, 1, count)))
    if lv.size < 3:
        return np.linspace(lo, hi, count), "(linear scale)"
    return lv, "(quantile colour scale)"


def plot_landscape(L, path, title: str = "", global_on_boundary=None) -> dict:
    """Contours of a 2-D landscape with its global minima, spurious valleys and edge flags.

    Parameters
    ----------
    L : critcheck.numeric.sublevel.Landscape
    path : str or Path
        the PNG to write.
    title : str
        the loss as LaTeX (``sympy.latex``); typeset with mathtext when possible.
    global_on_boundary : list of bool, optional
        per ``L.global_min_points``: lies on the box boundary (flagged).

    Returns
    -------
    dict
        what the figure says: ``title``, ``colorbar_label``, ``legend`` (the
        labels, one per marker kind drawn) and ``scale`` (linear or quantile).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    if L.points.shape[1] != 2:
        raise InvalidArgument(f"--plot needs 2 variables, the loss has {L.points.shape[1]}")
    vals = np.where(np.isfinite(L.tree.values), L.tree.values, np.nan)
    levels, scale = colour_levels(vals)
    from matplotlib.colors import BoundaryNorm

    norm = BoundaryNorm(levels, 256)  # every band its own colour, however uneven the levels
    shape = L.resolution.get("grid_shape")
    fig, ax = plt.subplots(figsize=(6.4, 5.0))
    if shape is not None and len(shape) == 2:
        P = L.points.reshape(shape[0], shape[1], 2)
        cs = ax.contourf(P[..., 0], P[..., 1], vals.reshape(shape), levels=levels, cmap="viridis",
                         norm=norm)
    else:
        cs = ax.scatter(L.points[:, 0], L.points[:, 1], c=vals, s=3, cmap="viridis", norm=norm)
    cb = fig.colorbar(cs, ax=ax)
    cb.set_label(f"loss {scale}")
    cb.ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%.3g"))
    if len(levels) > 12:
        cb.set_ticks(levels[:: max(1, len(levels) // 10)])
    on_b = list(global_on_boundary) if global_on_boundary is not None else [False] * len(
        L.global_min_points)
    inner = [p for p, e in zip(L.global_min_points, on_b) if not e]
    edge = [p for p, e in zip(L.global_min_points, on_b) if e]
    kw = dict(linestyle="none", clip_on=False, zorder=5)
    if inner:
        ax.plot(*np.array(inner).T, marker="o", mfc="white", mec="black", ms=7,
                label="global minimum (sampled)", **kw)
    if edge:
        ax.plot(*np.array(edge).T, marker="o", mfc="white", mec="red", mew=2, ms=9,
                label="global minimum on the box edge (may continue outside)", **kw)
    sp_in = [s.point for s in L.spurious if not s.on_boundary]
    sp_edge = [s.point for s in L.spurious if s.on_boundary]
    if sp_in:
        ax.plot(*np.array(sp_in).T, marker="X", mfc="red", mec="white", ms=10,
                label="spurious valley (lowest sample)", **kw)
    if sp_edge:
        ax.plot(*np.array(sp_edge).T, marker="X", mfc="orange", mec="red", ms=11,
                label="spurious valley on the box edge", **kw)
    if L.unresolved:
        ax.plot(*np.array([u.point for u in L.unresolved]).T, marker="^", mfc="yellow",
                mec="black", ms=8, label="minimum within resolution of the global one", **kw)
    names = list(L.variables) or ["x0", "x1"]
    ax.set_xlabel(math_title(_tex_name(names[0]), prefix=""))
    ax.set_ylabel(math_title(_tex_name(names[1]), prefix=""))
    t = math_title(title) if title else "loss"
    ax.set_title(t + f"\n{len(L.spurious)} spurious valley(s), {L.samples} samples",
                 fontsize=11 if len(title) < 60 else 8)
    leg = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=8, ncol=2,
                    frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    info = {"title": ax.get_title(), "colorbar_label": cb.ax.get_ylabel(),
            "legend": [t.get_text() for t in leg.get_texts()],
            "scale": "quantile" if "quantile" in scale else "linear"}
    plt.close(fig)
    return info


def _tex_name(name: str) -> str:
    import sympy

    return sympy.latex(sympy.Symbol(name))


def contour_panels(panels, path, suptitle: str = "", colorbar_label: str = "loss") -> None:
    """Several contour panels side by side; ``panels`` = [(X, Y, Z, title, xlabel, ylabel)].

    Contour levels sit at quantiles of each panel's finite values (up to the
    90 % quantile), so basins stay apart when values span decades; each
    colour bar is labelled ``colorbar_label``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4.2))
    for ax, (X, Y, Z, t, xl, yl) in zip(np.atleast_1d(axes), panels):
        lv = np.unique(np.quantile(Z[np.isfinite(Z)], np.linspace(0, 0.9, 25)))
        cs = ax.contour(X, Y, Z, levels=lv, cmap="viridis")
        cb = fig.colorbar(cs, ax=ax)
        cb.set_label(colorbar_label + " (levels at sample quantiles)")
        ax.set_title(t)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

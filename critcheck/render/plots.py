"""Figures for the network-level claims (PNG, matplotlib's Agg backend).

Algorithms live in :mod:`critcheck.models`; this module only draws what
they return. matplotlib is imported inside each function, so importing
critcheck never needs it (``pip install critcheck[plot]``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CritcheckError

__all__ = ["success_rate_plot", "line_plot", "plane_plot"]


def _plt():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise CritcheckError("figures need matplotlib: pip install 'critcheck[plot]'") from exc
    return plt


def success_rate_plot(widths, rates, intervals, path, title="", xlabel="width"):
    """Success probability with confidence bars against width (Conj. VII.1)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3.4))
    lo = [r - i[0] for r, i in zip(rates, intervals)]
    hi = [i[1] - r for r, i in zip(rates, intervals)]
    ax.errorbar(widths, rates, yerr=[lo, hi], fmt="o-", capsize=3,
                label="success rate (bars: confidence interval)")
    ax.set_xscale("log", base=2)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Pr(final loss < eps)")
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(Path(path), dpi=110)
    plt.close(fig)
    return Path(path)


def line_plot(xs, curves: dict, path, title="", xlabel="", ylabel="loss", logy=False):
    """One or more curves ``{label: ys}`` over ``xs``."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5, 3.4))
    for label, ys in curves.items():
        ax.plot(xs, ys, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    if any(str(k) for k in curves):
        ax.legend(fontsize=8)   # every curve named, even a single one
    fig.tight_layout()
    fig.savefig(Path(path), dpi=110)
    plt.close(fig)
    return Path(path)


def plane_plot(alphas, betas, Z, path, title="", points=None):
    """Contours of ``Z[i, j] = F(theta0 + alphas[j] v1 + betas[i] v2)``."""
    import numpy as np

    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.6, 4))
    Zl = np.log10(np.maximum(np.asarray(Z, dtype=float), 1e-12))
    cs = ax.contourf(alphas, betas, Zl, levels=30, cmap="viridis")
    fig.colorbar(cs, ax=ax, label="log10 loss")
    for label, (x, y) in (points or {}).items():
        ax.plot([x], [y], "r*", ms=10, label=label)
        ax.annotate(label, (x, y), color="w", fontsize=8)
    if points:
        ax.legend(fontsize=8, loc="upper right")
    ax.set_xlabel("alpha (direction 1)")
    ax.set_ylabel("beta (direction 2)")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(Path(path), dpi=110)
    plt.close(fig)
    return Path(path)

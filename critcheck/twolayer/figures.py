"""The rate figure: share of runs at spurious minima against k, n = k and n = k+1.

Ours with Clopper-Pearson 95 % intervals beside the derived table's shares
(Safran & Shamir, ICML 2018, Sec. 4; table derived from the released result
files). Matplotlib is imported inside the function (Agg backend).
"""

from __future__ import annotations

__all__ = ["rate_figure"]


def rate_figure(cells: list[dict], path) -> str:
    """Write the figure to ``path`` (PNG/PDF by suffix); ``cells`` need k, n, runs, spurious."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .rates import DERIVED_TABLE, clopper_pearson

    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for off, label, color in ((0, "n = k", "C0"), (1, "n = k+1", "C1")):
        mine = sorted((c for c in cells if c["n"] == c["k"] + off), key=lambda c: c["k"])
        if mine:
            ks = [c["k"] for c in mine]
            p = [100 * c["spurious"] / c["runs"] for c in mine]
            ci = [clopper_pearson(c["spurious"], c["runs"]) for c in mine]
            lo = [pi - 100 * a for pi, (a, _) in zip(p, ci)]
            hi = [100 * b - pi for pi, (_, b) in zip(p, ci)]
            ax.errorbar(ks, p, yerr=[lo, hi], fmt="o-", color=color, capsize=3,
                        label=f"ours, {label} (95 % CP)")
        ref = sorted((k, x / 10) for (k, n), (x, _) in DERIVED_TABLE.items() if n == k + off)
        ax.plot([r[0] for r in ref], [r[1] for r in ref], "x--", color=color, alpha=0.7,
                label=f"derived table, {label}")
    ax.set_xlabel("k (teacher neurons, d = k)")
    ax.set_ylabel("runs ending at a spurious minimum (%)")
    ax.set_title("Two-layer ReLU, V = I_k: spurious-minimum rate")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return str(path)

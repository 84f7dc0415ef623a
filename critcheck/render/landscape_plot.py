"""Plots of sampled landscapes (matplotlib, imported inside the functions)."""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["plot_landscape", "contour_panels"]


def plot_landscape(L, path, title: str = "") -> None:
    """Contours of a 2-D grid landscape with global minima (o) and spurious valleys (x)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shape = L.resolution.get("grid_shape")
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    if shape is not None and len(shape) == 2:
        P = L.points.reshape(shape[0], shape[1], 2)
        F = np.where(np.isfinite(L.tree.values), L.tree.values, np.nan).reshape(shape)
        cs = ax.contourf(P[..., 0], P[..., 1], F, levels=30, cmap="viridis")
        fig.colorbar(cs, ax=ax)
    elif L.points.shape[1] == 2:
        sc = ax.scatter(L.points[:, 0], L.points[:, 1], c=L.tree.values, s=2, cmap="viridis")
        fig.colorbar(sc, ax=ax)
    else:
        plt.close(fig)
        raise InvalidArgument(f"--plot needs 2 variables, the loss has {L.points.shape[1]}")
    for p in L.global_min_points:
        ax.plot(p[0], p[1], "wo", ms=5)
    for s in L.spurious:
        ax.plot(s.point[0], s.point[1], "rx", ms=9, mew=2)
    names = list(L.variables) or ["x0", "x1"]
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(title[:60] + (f"\n{len(L.spurious)} spurious valley(s)"))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def contour_panels(panels, path, suptitle: str = "") -> None:
    """Several contour panels side by side; ``panels`` = [(X, Y, Z, title, xlabel, ylabel)]."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4.2))
    for ax, (X, Y, Z, t, xl, yl) in zip(np.atleast_1d(axes), panels):
        cs = ax.contour(X, Y, Z, levels=np.quantile(Z[np.isfinite(Z)], np.linspace(0, 0.9, 25)),
                        cmap="viridis")
        fig.colorbar(cs, ax=ax)
        ax.set_title(t)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

"""Figures 2(d), 2(e), 3(a)-(d) of seed 004 (Sec. III-C): probability of a genuine minimum, 1-D Gaussian data.

Curves from :mod:`critcheck.relu.gaussian1d` (eqs. (11)-(22)); matplotlib is
imported inside :func:`draw` (Agg backend), so computing the curves needs no
plotting library.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument
from .gaussian1d import existence_probability, gap_probabilities

__all__ = ["FIGURES", "curve", "draw", "title"]

FIGURES = ("2d", "2e", "3a", "3b", "3c", "3d")


def _setup(name):
    if name == "3a" or name == "3b":
        return np.array([-0.05, 0.0, 0.05, 0.1]), np.array([-1, -1, 1, 1])
    K = 60 if name == "3c" else 200
    return np.linspace(-3, 3, K), np.array([-1] * (K // 2) + [1] * (K // 2))


def curve(name, N=100, points=121):
    """The data of one figure.

    Returns
    -------
    dict with ``x`` (shift or location), ``pt`` (:math:`P_t`, eq. (17)), ``pg``
    (eq. (18)); for ``"2e"`` a 2-D grid ``pt`` over (``x``, ``x``).
    """
    if name not in FIGURES:
        raise InvalidArgument(f"figure={name!r}; choose one of {', '.join(FIGURES)}")
    if name == "2d":
        # the paper's Fig. 2(d) moves w1 with x_w2 = 0 fixed and shows the probability that
        # w1's own gap is empty: (1 - P(x in g_1))^N (w2's gap does not depend on x_w1)
        xs = np.linspace(0, 6, points)
        p1 = np.array([gap_probabilities([x, 0.0], [1, -1])[0] for x in xs])
        return {"x": xs, "pt": (1 - p1) ** N, "pg": p1, "xlabel": "x_w1 (x_w2 = 0)"}
    if name == "2e":
        # "the tensor product of the two probabilities obtained by moving x_w1 and x_w2
        # independently" (Sec. III-C): (1 - P(g_1))^N (1 - P(g_2))^N on a grid, x_w1 > x_w2
        xs = np.linspace(-4, 6, max(25, points // 2))
        pt = np.full((xs.size, xs.size), np.nan)
        for i, b in enumerate(xs):
            for j, a in enumerate(xs):
                if a > b:
                    g = gap_probabilities([a, b], [1, -1])
                    pt[i, j] = np.prod((1 - g) ** N)
        return {"x": xs, "pt": pt, "xlabel": "x_w1", "ylabel": "x_w2"}
    h, n = _setup(name)
    shifts = np.linspace(-4, 4, points)
    res = []
    for s in shifts:
        hh = h.copy()
        if name == "3a":
            hh[-1] = h[-1] + s
        else:
            hh = h + s
        res.append(existence_probability(hh, n, N))
    pg, pt = zip(*res)
    return {"x": shifts, "pt": np.array(pt), "pg": np.array(pg),
            "xlabel": "shift of the rightmost weight" if name == "3a" else "shift of all weights"}


_CAPTIONS = {
    "2d": "K=2 weights, $x_{w_2}=0$ fixed, $w_1$ moved",
    "2e": "K=2 weights, both moved",
    "3a": "K=4 weights at [-0.05, 0, 0.05, 0.1], rightmost shifted",
    "3b": "K=4 weights at [-0.05, 0, 0.05, 0.1], all shifted",
    "3c": "K=60 weights evenly in [-3, 3], all shifted",
    "3d": "K=200 weights evenly in [-3, 3], all shifted",
}


def title(name, N=100) -> str:
    """The figure's title: its number in seed 004 and its parameters (K, the move, N)."""
    return f"seed 004, Fig. {name[0]}({name[1]}): {_CAPTIONS[name]}, N={N}"


def draw(name, path, N=100, points=121):
    r"""Write figure ``name`` as a PNG to ``path``; returns the path.

    Figs. 3(a)-(d): :math:`P_t = (1-P_g)^N` (eq. (17)) is astronomically small
    there (:math:`P_g` stays above 0.17, so :math:`P_t < 10^{-8}` at N=100),
    so a linear axis shows four identical lines at 0. They are drawn as
    :math:`\log_{10} P_t = N \log_{10}(1-P_g)` (left axis) with :math:`P_g`
    itself (eq. (18), right axis), which tells the panels apart.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c = curve(name, N, points)
    fig, ax = plt.subplots(figsize=(6, 4.2))
    if name == "2e":
        im = ax.imshow(c["pt"], origin="lower", extent=[c["x"][0], c["x"][-1]] * 2, aspect="auto")
        fig.colorbar(im, ax=ax, label=r"$P_t = \prod_k (1-P(x \in g_k))^N$")
        ax.set_xlabel(r"$x_{w_1}$")
        ax.set_ylabel(r"$x_{w_2}$")
        ax.plot([], [], color="none", label=r"blank: $x_{w_1} \leq x_{w_2}$ (not computed)")
        ax.legend(loc="upper left", fontsize=8)
    elif name == "2d":
        ax.plot(c["x"], c["pt"], label=r"$P_t = (1 - P(x \in g_1))^N$")
        ax.plot(c["x"], c["pg"], "--", label=r"$P(x \in g_1)$")
        ax.set_xlabel(r"$x_{w_1}$ ($x_{w_2} = 0$)")
        ax.set_ylabel("probability")
        ax.set_ylim(-0.02, 1.02)
        ax.legend(fontsize=8)
    else:
        with np.errstate(divide="ignore"):
            logpt = N * np.log10(np.clip(1 - c["pg"], 1e-300, 1))
        l1, = ax.plot(c["x"], logpt, color="C0", label=r"$\log_{10} P_t = N \log_{10}(1-P_g)$")
        ax.set_xlabel(c["xlabel"])
        ax.set_ylabel(r"$\log_{10} P_t$ (eq. 17)")
        ax2 = ax.twinx()
        l2, = ax2.plot(c["x"], c["pg"], "--", color="C1", label=r"$P_g$ (eq. 18)")
        ax2.set_ylabel(r"$P_g$")
        ax2.set_ylim(0, 1.02)
        ax.legend(handles=[l1, l2], loc="lower center", fontsize=8)
    ax.set_title(title(name, N), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path

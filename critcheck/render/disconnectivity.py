"""Disconnectivity graphs: the merge tree drawn with the loss on the vertical axis.

Each local minimum is a leaf drawn at its loss; two branches meet at the loss
of the saddle (or grid edge) at which their sublevel components merge; a
branch that never merges runs to the top. Read at a level ``c``, the branches
cut by the horizontal line ``y = c`` are the components of ``{F <= c}``
(at the resolution of the minima and saddles found) -- a branch whose leaves
are all above the global minimum is a spurious valley (seed 003, Def. IV.2).

:func:`layout` computes the picture from a
:class:`~critcheck.numeric.persistence.MergeTree` (pure NumPy, tested);
:func:`plot_disconnectivity` draws it with matplotlib (imported inside).

References
----------
O. M. Becker, M. Karplus, "The topology of multidimensional potential energy
surfaces: theory and application to peptide structure and kinetics",
J. Chem. Phys. 106, 1495 (1997), Sec. II.B (disconnectivity graphs).
D. J. Wales, M. A. Miller, T. R. Walsh, Nature 394, 758 (1998), Fig. 1.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument

__all__ = ["layout", "plot_disconnectivity"]


def layout(tree, top: float | None = None) -> dict:
    """Leaf and branch coordinates of the disconnectivity graph of ``tree``.

    Merges are replayed in increasing order of level (the elder rule of the
    merge tree: the younger component joins the older one). Leaves are
    ordered by a depth-first walk that visits the older (lower) branch first,
    so the global minimum's branch is on the left; an internal node sits
    midway between its two children.

    Returns
    -------
    dict with
        ``leaf_x`` (k,) -- x of each minimum, in the order of ``tree.minima``;
        ``leaf_y`` (k,) -- its loss (birth);
        ``joins`` -- list of ``(x_left, x_right, level)`` horizontal bars;
        ``stems`` -- list of ``(x, y_low, y_high)`` vertical segments;
        ``top`` -- the level the unmerged branches run to.
    """
    k = int(tree.minima.shape[0])
    if k == 0:
        raise InvalidArgument("the merge tree has no minima to draw")
    birth = np.asarray(tree.birth, dtype=float)
    death = np.asarray(tree.death, dtype=float)
    into = np.asarray(tree.merged_into)
    finite = np.isfinite(death) & (into >= 0)
    if top is None:
        hi = max(float(np.max(death[finite])) if finite.any() else float(np.max(birth)),
                 float(np.max(birth)))
        span = hi - float(np.min(birth))
        top = hi + 0.15 * (span if span > 0 else 1.0)
    # nodes: 0..k-1 leaves; internal nodes appended; children lists
    y = list(birth)
    children: list = [[] for _ in range(k)]
    head = list(range(k))          # current top node of the component whose oldest minimum is i
    for p in np.argsort(np.where(finite, death, np.inf), kind="stable"):
        if not finite[p]:
            break
        q = int(into[p])
        node = len(y)
        y.append(float(death[p]))
        children.append([head[q], head[p]])  # older first
        head[q] = node
    roots = [head[i] for i in range(k) if not finite[i]]
    x = np.zeros(len(y))
    nxt = 0
    stems, joins = [], []

    def place(node):
        nonlocal nxt
        stack = [(node, False)]
        while stack:
            n, seen = stack.pop()
            if not children[n]:
                x[n] = nxt
                nxt += 1
            elif seen:
                x[n] = 0.5 * (x[children[n][0]] + x[children[n][-1]])
            else:
                stack.append((n, True))
                for c in reversed(children[n]):
                    stack.append((c, False))

    for r in roots:
        place(r)
    parent_y = {}
    for n, ch in enumerate(children):
        for c in ch:
            parent_y[c] = y[n]
        if ch:
            joins.append((float(x[ch[0]]), float(x[ch[-1]]), float(y[n])))
    for n in range(len(y)):
        stems.append((float(x[n]), float(y[n]), float(parent_y.get(n, top))))
    return {"leaf_x": x[:k].copy(), "leaf_y": birth.copy(), "joins": joins, "stems": stems,
            "top": float(top)}


_COLORS = {"global": "tab:blue", "spurious": "tab:red", "unresolved": "0.5",
           "infinity": "tab:green"}


def plot_disconnectivity(tree, path, *, kinds=None, labels=None, title: str = "",
                         log: bool = False, ylabel: str = "loss") -> None:
    """Draw the disconnectivity graph of ``tree`` to ``path`` (PNG).

    Parameters
    ----------
    kinds : sequence of str, optional
        per minimum (order of ``tree.minima``): ``"global"``, ``"spurious"``,
        ``"unresolved"`` or ``"infinity"`` (the lowest loss escaping descents
        reached); sets the leaf colour (blue, red, grey, green).
    labels : sequence of str, optional
        a text under each leaf.
    log : bool
        plot ``log10(F - F_min + eps)``, ``eps`` a thousandth of the smallest
        positive depth (spreads minima that lie many orders of magnitude
        apart). Each spurious leaf is annotated with its depth either way, so
        a barrier too small to see at the plot's scale is still stated.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    L = layout(tree)
    fmin = float(np.min(L["leaf_y"]))
    depths = [y2 - y1 for (_, y1, y2) in L["stems"] if y2 > y1 and y2 < L["top"]]
    span = L["top"] - fmin
    eps = (min(depths) / 1000 if depths else span * 1e-6) or 1e-12

    def Y(v):
        v = np.asarray(v, dtype=float)
        return np.log10(v - fmin + eps) if log else v

    fig, ax = plt.subplots(figsize=(max(5.0, 0.45 * len(L["leaf_x"]) + 2.5), 4.6))
    for x, y1, y2 in L["stems"]:
        ax.plot([x, x], [Y(y1), Y(y2)], color="k", lw=1.2)
    for x1, x2, y in L["joins"]:
        ax.plot([x1, x2], [Y(y), Y(y)], color="k", lw=1.2)
    kinds = list(kinds) if kinds is not None else ["global"] + ["spurious"] * (len(L["leaf_x"]) - 1)
    death = np.asarray(tree.death, dtype=float)
    for i, (x, y) in enumerate(zip(L["leaf_x"], L["leaf_y"])):
        ax.plot([x], [Y(y)], "o", color=_COLORS.get(kinds[i], "k"), ms=6, zorder=3)
        if kinds[i] == "spurious":
            dep = f"depth {death[i] - y:.3g}" if np.isfinite(death[i]) else "never joined"
            ax.annotate(dep, (x, Y(y)), textcoords="offset points", xytext=(6, 3), fontsize=7,
                        color=_COLORS["spurious"])
        if labels is not None:
            ax.annotate(str(labels[i]), (x, Y(y)), textcoords="offset points", xytext=(0, -12),
                        ha="center", va="top", fontsize=7)
    ax.set_xticks([])
    ax.set_xlim(-0.8, max(L["leaf_x"]) + 0.8)
    lo = Y(fmin)
    hi = Y(L["top"])
    ax.set_ylim(lo - 0.12 * (hi - lo), hi + 0.02 * (hi - lo))
    ax.set_ylabel(f"log10({ylabel} - min + {eps:.1e})" if log else ylabel)
    if title:
        import textwrap

        ax.set_title("\n".join(textwrap.wrap(title, 60)), fontsize=9)
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=k) for k, c in _COLORS.items()
               if k in kinds]
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

"""The zero-Hessian saddle of deep linear nets with matrix widths, as kernel statements.

Seed 002 (deep linear networks) and seed 003, Sec. III state that for
``L(W_1, ..., W_H) = ||W_H ... W_1 - I_d||_F^2`` the origin is a critical
point whose Hessian vanishes when ``H >= 3``, and that it is a saddle (not a
local extremum). The scalar case ``d = 1`` is claim
``deep_linear.zero_hessian_saddle``; this module states the matrix case
``W_k in R^{d x d}`` for the trusted kernel:

* ``hessian_inertia`` at 0 with inertia ``(0, 0, H d^2)`` -- the kernel checks
  the gradient vanishes and computes the (zero) Hessian itself;
* ``not_local_min`` of ``L`` at 0 with the curve ``W_k = s I``: the product
  is ``s^H I`` and ``L - L(0) = d(-2 s^H + s^{2H})`` starts negative;
* ``not_local_max`` of ``L`` at 0 with ``W_1 = -s I``, ``W_k = s I``
  (k > 1): ``L - L(0) = d(2 s^H + s^{2H})`` starts positive.

Together: a saddle with zero Hessian, for every (d, H) given. The kernel
recomputes every derivative and series from the loss text.
"""

from __future__ import annotations

__all__ = ["names", "loss_text", "zero_hessian_saddle_statements"]


def names(d: int, H: int) -> list[str]:
    """Variable names ``W{k}_{i}{j}`` (layer k = 1..H, row i, column j)."""
    return [f"W{k}_{i}{j}" for k in range(1, H + 1) for i in range(d) for j in range(d)]


def loss_text(d: int, H: int, sign: int = 1) -> str:
    """``sign * ||W_H ... W_1 - I||_F^2`` written out entry by entry (kernel text)."""
    import sympy

    Ws = [sympy.Matrix(d, d, lambda i, j, k=k: sympy.Symbol(f"W{k}_{i}{j}")) for k in range(1, H + 1)]
    P = sympy.eye(d)
    for W in Ws:
        P = W * P
    E = sum(((P - sympy.eye(d))[i, j]) ** 2 for i in range(d) for j in range(d))
    return sympy.sstr(sign * E, order="none")


def _curve(d, H, first_sign):
    out = {}
    for k in range(1, H + 1):
        for i in range(d):
            for j in range(d):
                c = ("-s" if (k == 1 and first_sign < 0) else "s") if i == j else "0"
                out[f"W{k}_{i}{j}"] = c
    return out


def zero_hessian_saddle_statements(d: int, H: int):
    """``[(Statement, certificate), ...]`` for the matrix case (d x d, H layers)."""
    from ..kernel import Statement

    v = tuple(names(d, H))
    origin = {n: "0" for n in v}
    N = len(v)
    L = loss_text(d, H)
    return [
        (Statement("hessian_inertia", L, v, data={"point": origin, "inertia": [0, 0, N]},
                   title=f"d={d}, H={H}: gradient and Hessian vanish at 0"), {}),
        (Statement("not_local_min", L, v, data={"point": origin},
                   title=f"d={d}, H={H}: 0 is not a local minimum"),
         {"curve": _curve(d, H, 1), "order": 2 * H}),
        (Statement("not_local_max", L, v, data={"point": origin},
                   title=f"d={d}, H={H}: 0 is not a local maximum"),
         {"curve": _curve(d, H, -1), "order": 2 * H}),
    ]

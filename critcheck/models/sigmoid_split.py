"""Seed 003 Prop. IV.2 for any n >= 3: a split-neuron bad local minimum, in exact rationals.

Loss of seed 003, Sec. IV-C (no biases, scalar inputs, sigmoid, width p):
``E(v, w) = sum_i (sum_j v_j sigma(w_j x_i) - y_i)^2``. With integer inputs
and ``u_j = exp(w_j) > 0``, ``sigma(w_j x_i) = u_j^x_i / (1 + u_j^x_i)`` is
rational in ``u`` -- the coordinates ``(v, u)`` used here (a smooth change of
variables on ``u > 0``, so critical points, local minima and their strictness
correspond).

Construction for n >= 3 distinct integer inputs (generalising the n = 3
cross product of :mod:`critcheck.models.sigmoid_minima`): at ``w* = log u*``
let ``a = sigma(w* x)``, ``b = x sigma'(w* x)``, ``c = x^2 sigma''(w* x)``,
let ``r = t (c - P c)`` with ``P`` the orthogonal projection onto span{a, b},
and ``y = V* a - r``. Then ``a.r = b.r = 0``, so ``(V*, w*)`` is a critical
point of one neuron's loss ``g(V, w) = ||V sigma(w x) - y||^2``, with
Hessian ``2 [[a.a, V a.b], [V a.b, V^2 b.b + V c.r]]``; when
``V* t > 0`` the term ``V* c.r = V* t ||c - Pc||^2`` is positive, so that
Hessian is positive definite (Cauchy-Schwarz) -- and ``V* r.c > 0`` is
exactly the curvature hypothesis of the reduction lemma of Ding, Li & Sun
(arXiv:1911.01413; see :mod:`critcheck.models.sigmoid_minima`), which makes
the split point ``v_j = V*/p, w_j = w*`` a (non-strict) local minimum of the
width-p net. Its loss ``||r||^2 > 0`` is not global when a point of smaller
loss exists (p >= n sigmoid neurons can fit distinct inputs).
"""

from __future__ import annotations

import dataclasses

import sympy

from ..errors import InvalidArgument

__all__ = ["SplitInstance", "split_instance", "loss_text", "loss_numeric"]


@dataclasses.dataclass(frozen=True)
class SplitInstance:
    """The data and the split point (exact rationals)."""

    x: tuple          # distinct integers
    y: tuple          # rationals
    u: sympy.Rational  # u* = exp(w*)
    V: sympy.Rational
    t: sympy.Rational
    p: int
    curvature: sympy.Rational   # V* r.c

    @property
    def n(self) -> int:
        return len(self.x)

    def point(self) -> dict:
        out = {f"v{j + 1}": self.V / self.p for j in range(self.p)}
        out.update({f"u{j + 1}": self.u for j in range(self.p)})
        return out


def _sig_u(u, x):
    return u**x / (1 + u**x)


def split_instance(x, u=2, V=1, t=1, p=None) -> SplitInstance:
    """Build the instance for distinct integer inputs ``x`` (n >= 3)."""
    xs = tuple(int(v) for v in x)
    if len(xs) < 3 or len(set(xs)) != len(xs):
        raise InvalidArgument(f"x={x!r}: need n >= 3 distinct integers")
    u, V, t = sympy.Rational(u), sympy.Rational(V), sympy.Rational(t)
    if u <= 0 or V == 0 or t == 0:
        raise InvalidArgument(f"need u > 0, V != 0, t != 0; got u={u}, V={V}, t={t}")
    s = [_sig_u(u, xi) for xi in xs]                  # sigma(w* x_i)
    a = sympy.Matrix(s)
    b = sympy.Matrix([xi * si * (1 - si) for xi, si in zip(xs, s)])
    c = sympy.Matrix([xi**2 * si * (1 - si) * (1 - 2 * si) for xi, si in zip(xs, s)])
    A = a.row_join(b)
    G = A.T * A
    if G.det() == 0:
        raise InvalidArgument(f"sigma(w* x) and x sigma'(w* x) are parallel for x={xs}, u={u}")
    Pc = A * (G.inv() * (A.T * c))
    rr = t * (c - Pc)
    if all(e == 0 for e in rr):
        raise InvalidArgument(f"x^2 sigma'' lies in span(a, b) for x={xs}, u={u}; choose another u")
    y = tuple(sympy.nsimplify(V * a[i] - rr[i]) for i in range(len(xs)))
    curv = sympy.nsimplify(V * (rr.T * c)[0])
    return SplitInstance(xs, y, u, V, t, len(xs) if p is None else int(p), curv)


def loss_text(x, y, p, vnames=None, unames=None) -> str:
    """``E`` in the coordinates ``(v, u)`` as kernel text."""
    vn = vnames or [f"v{j + 1}" for j in range(p)]
    un = unames or [f"u{j + 1}" for j in range(p)]
    terms = []
    for xi, yi in zip(x, y):
        out = " + ".join(f"{vn[j]}*{un[j]}^({xi})/(1 + {un[j]}^({xi}))" for j in range(p))
        terms.append(f"({out} - ({sympy.sstr(yi)}))^2")
    return " + ".join(terms)


def loss_numeric(theta, x, y):
    """``E`` at ``theta = (v_1..v_p, w_1..w_p)`` (``w = log u``), any batch shape (float)."""
    import numpy as np

    th = np.asarray(theta, dtype=float)
    p = th.shape[-1] // 2
    v, w = th[..., :p], th[..., p:]
    out = np.zeros(th.shape[:-1])
    for xi, yi in zip(x, y):
        f = np.sum(v * 0.5 * (1 + np.tanh(0.5 * w * float(xi))), axis=-1)
        out += (f - float(yi)) ** 2
    return out

"""Seed 003 Prop. IV.3 at n = 3: a bad strict local minimum of a 2-neuron sigmoid net.

Loss (seed 003, Sec. IV-C/E; scalar inputs, no biases, width p = n - 1 = 2):
``E(v, w) = sum_{i=1}^3 (v_1 sigma(w_1 x_i) + v_2 sigma(w_2 x_i) - y_i)^2``.

Construction (found here; certified by the kernel's interval rule). With
``a_j = sigma(w_j x)``, ``b_j = x sigma'(w_j x)``, ``c_j = x^2 sigma''(w_j x)``,
the Jacobian of ``(v, w) -> f(x)`` has columns ``a_1, a_2, v_1 b_1, v_2 b_2``.
At a bad critical point the residual ``r = f - y != 0`` is orthogonal to all
four, so they lie in a plane: ``a_2, b_2 in span(a_1, b_1)`` -- two equations
in ``(w_1, w_2)``, solved numerically for ``x = (1, 2, 3)``:
``w ~ (-0.41449, 1.64244)`` (besides the split ``w_1 = w_2``). Put
``r = t n`` with ``n`` the plane's unit normal and ``y = v_1 a_1 + v_2 a_2 - r``;
the point is critical for every ``v, t``, and the Hessian is
``2 J^T J + 2 t diag(0, 0, v_1 n.c_1, v_2 n.c_2)``, positive definite when
``t v_j n.c_j > 0`` (the kernel of J projects injectively onto the w's).
With ``v = (1, 1)``, ``t = 1/2``: E* = 1/4, while the net fits the labels
to E ~ 1e-14 elsewhere -- a sub-optimal strict local minimum.

The labels are rounded to rationals, so the exact critical point moves by
~1e-7; the kernel's ``interval_minimum`` (Krawczyk + arb) proves a unique
critical point with positive definite Hessian in a box around the rounded
centre, and that the ``better`` point has a smaller loss.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["X", "construct", "loss_text", "statement_and_certificate"]

X = (1, 2, 3)


def _sig(z):
    import numpy as np

    return 0.5 * (1 + np.tanh(0.5 * z))


def _vecs(x, w):
    s = _sig(w * x)
    return s, x * s * (1 - s), x * x * s * (1 - s) * (1 - 2 * s)


def construct(v=(1.0, 1.0), t=0.5, x=X, w_guess=(-0.41, 1.64), den=10**6):
    """Untrusted search: ``(y rational tuple, centre (v1, v2, w1, w2) floats, better point floats)``."""
    import numpy as np
    from scipy.optimize import fsolve, minimize

    xv = np.array(x, dtype=float)

    def eqs(p):
        a1, b1, _ = _vecs(xv, p[0])
        a2, b2, _ = _vecs(xv, p[1])
        return [np.linalg.det(np.stack([a1, b1, a2])), np.linalg.det(np.stack([a1, b1, b2]))]

    w = fsolve(eqs, w_guess, xtol=1e-13)
    a1, b1, c1 = _vecs(xv, w[0])
    a2, b2, c2 = _vecs(xv, w[1])
    nrm = np.cross(a1, b1)
    nrm /= np.linalg.norm(nrm)
    y = v[0] * a1 + v[1] * a2 - t * nrm
    yq = tuple(Fraction(float(c)).limit_denominator(den) for c in y)
    yf = np.array([float(c) for c in yq])

    def E(th):
        f = th[0] * _sig(th[2] * xv) + th[1] * _sig(th[3] * xv)
        return float(np.sum((f - yf) ** 2))

    th = minimize(E, np.array([v[0], v[1], w[0], w[1]]), method="BFGS",
                  options={"gtol": 1e-13}).x
    rng = np.random.default_rng(0)
    better = min((minimize(E, 2 * rng.standard_normal(4), method="BFGS") for _ in range(20)),
                 key=lambda r: r.fun).x
    info = {"w_solution": [float(c) for c in w], "n_dot_c": [float(nrm @ c1), float(nrm @ c2)],
            "E_at_centre": E(th), "E_at_better": E(better)}
    return yq, th, better, info


def loss_text(y, x=X) -> str:
    terms = []
    for xi, yi in zip(x, y):
        f = " + ".join(f"v{j}/(1 + exp(-({xi})*w{j}))" for j in (1, 2))
        terms.append(f"({f} - ({yi.numerator}/{yi.denominator}))^2")
    return " + ".join(terms)


def _q(c, den=10**12) -> str:
    f = Fraction(float(c)).limit_denominator(den)
    return f"{f.numerator}/{f.denominator}"


def statement_and_certificate(v=(1.0, 1.0), t=0.5, radius="1/10000000"):
    """``(Statement, certificate, info)`` for the kernel: a strict local minimum of E
    in a box, with a point of smaller loss (sub-optimal)."""
    from ..kernel import Statement

    y, th, better, info = construct(v, t)
    names = ("v1", "v2", "w1", "w2")
    st = Statement("interval_minimum", loss_text(y), names,
                   data={"family": "expr", "args": {},
                         "better": {k: _q(c, 10**6) for k, c in zip(names, better)}},
                   title="Prop. IV.3, n = 3, p = 2: a sub-optimal strict local minimum")
    cert = {"center": {k: _q(c) for k, c in zip(names, th)}, "radius": radius}
    info["y"] = [f"{c.numerator}/{c.denominator}" for c in y]
    return st, cert, info

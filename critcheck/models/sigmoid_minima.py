"""Exact sub-optimal local minima of one-hidden-layer sigmoid networks.

Two explicit, exactly verified constructions for the loss of seed 003,
Claim IV.1 (no biases, scalar inputs):

.. math:: E(v, w) = \\sum_{i=1}^n \\Big(\\sum_{j=1}^p v_j\\,\\sigma(w_j x_i) - y_i\\Big)^2,
          \\qquad \\sigma(z) = \\frac{1}{1 + e^{-z}}.

**Rational arithmetic.** With integer inputs :math:`x_i` and weights
:math:`w_j = \\log u_j`, :math:`u_j \\in \\mathbb{Q}_{>0}`, every
:math:`\\sigma(w_j x_i) = u_j^{x_i} / (1 + u_j^{x_i})` and its derivatives
:math:`\\sigma' = \\sigma(1-\\sigma)`, :math:`\\sigma'' = \\sigma'(1 - 2\\sigma)`
are rational, so the loss, its gradient and its Hessian at such points are
exact rationals (SymPy evaluates :math:`e^{k\\log 2} = 2^k` exactly).

**Wide net (Claim IV.1 / Prop. IV.2, n = 3, p = 3 >= n).** Take one neuron's
critical point :math:`(V^*, w^*)` of :math:`g(V, w) = \\|V\\sigma(wx) - y\\|^2`
built backwards: choose :math:`r = t\\,(a \\times b)` with
:math:`a = \\sigma(w^* x)`, :math:`b = x\\,\\sigma'(w^* x)` and put
:math:`y = V^* a - r`; then :math:`\\nabla g(V^*, w^*) = 2(a\\cdot r,\\ V^* b\\cdot r) = 0`.
Split the neuron into ``p`` equal copies, :math:`v_j = V^*/p`,
:math:`w_j = w^*`. **Reduction lemma** (the argument of Ding, Li & Sun [14]):
near this point all :math:`v_j` share the sign of :math:`V`; with
:math:`V = \\sum v_j`, :math:`\\bar w = \\sum v_j w_j / V` and
:math:`s = \\sum (v_j/V)(w_j - \\bar w)^2 \\ge 0`, Taylor's theorem gives

.. math:: f(x) = V\\sigma(\\bar w x) + \\tfrac{V s}{2} x^2 \\sigma''(\\bar w x) + R,
          \\qquad |R| \\le C\\,|V|\\,s \\max_j|w_j - \\bar w|,

so :math:`E \\ge g(V, \\bar w) + s\\,[V r\\cdot(x^2\\sigma''(w^* x)) - o(1)]`.
If (i) :math:`(V^*, w^*)` is a strict local minimum of ``g`` (exact gradient
zero, exact positive definite Hessian) and (ii)
:math:`V^* r \\cdot (x^2 \\sigma''(w^* x)) > 0`, then :math:`E \\ge E^*` near the
split point: a (non-strict) local minimum of the wide net. A rational point
with smaller loss shows it is not global.

**Narrow net (Prop. IV.3, n = 2, p = 1 = n - 1).** With ``x = (1, 3)`` and
:math:`w^* = \\log 2` the vectors :math:`\\sigma(w^* x) = (2/3, 8/9)` and
:math:`x\\sigma'(w^* x) = (2/9, 8/27)` are parallel, so any residual
orthogonal to them makes :math:`(v^*, w^*)` an exact critical point; its exact
Hessian is positive definite (second-order sufficient condition), so it is a
strict local minimum, and a rational point with lower loss shows it is bad.

References
----------
Seed 003 (Sun, Li, Liang, Ding, Srikant), Sec. IV-C, Claim IV.1,
Proposition IV.2; Sec. IV-E, Proposition IV.3. Seed 002 (Golikov), slide
"Theorem Yu & Chen (1995)" (the claim stated as a theorem). [14] T. Ding,
D. Li, R. Sun, "Sub-optimal local minima exist for almost all
over-parameterized neural networks", arXiv:1911.01413.
"""

from __future__ import annotations

import dataclasses
import functools
from fractions import Fraction

import sympy

from ..errors import InvalidArgument

__all__ = ["SigmoidMinimum", "wide_counterexample", "narrow_counterexample", "sigmoid_loss"]


def _sig(z):
    return 1 / (1 + sympy.exp(-z))


def sigmoid_loss(x, y, p):
    """``(E, v_symbols, w_symbols)``: the exact loss of Claim IV.1 for scalar inputs."""
    v = sympy.symbols(f"v1:{p + 1}", real=True)
    w = sympy.symbols(f"w1:{p + 1}", real=True)
    E = sum((sum(v[j] * _sig(w[j] * xi) for j in range(p)) - yi) ** 2
            for xi, yi in zip(x, y))
    return E, v, w


@dataclasses.dataclass(frozen=True)
class SigmoidMinimum:
    """An exactly specified candidate sub-optimal local minimum.

    Attributes
    ----------
    kind : {"wide", "narrow"}
    x, y : tuple of sympy.Rational
        the data (``y`` exact rationals).
    v, w : tuple
        the point: ``v`` rationals, ``w`` of the form ``log(u)``.
    reduced : tuple
        ``(V*, w*)`` of the single neuron whose split gives the point (wide).
    lower : dict
        a point ``{"v": ..., "w": ...}`` with exactly smaller loss (a
        property: found by :func:`_rational_lower_point`, seed 0, on first use
        -- 20 BFGS runs that a caller needing only the point does not pay for
        -- unless ``given_lower`` is set).
    """

    kind: str
    x: tuple
    y: tuple
    v: tuple
    w: tuple
    reduced: tuple = ()
    given_lower: dict | None = dataclasses.field(default=None, repr=False)

    @functools.cached_property
    def lower(self) -> dict:
        if self.given_lower is not None:
            return self.given_lower
        return _rational_lower_point(self.x, self.y, self.p)

    @property
    def p(self) -> int:
        return len(self.v)

    @property
    def n(self) -> int:
        return len(self.x)

    def loss_at(self, v, w):
        """Exact loss at a point (rational ``v``, ``w = log(rational)``)."""
        E, vs, ws = sigmoid_loss(self.x, self.y, len(v))
        return sympy.nsimplify(E.subs(dict(zip(vs + ws, tuple(v) + tuple(w)))))

    def point(self) -> dict:
        out = {f"v{j + 1}": self.v[j] for j in range(self.p)}
        out.update({f"w{j + 1}": self.w[j] for j in range(self.p)})
        return out

    # the checks ---------------------------------------------------------
    def checks(self) -> dict:
        """Every exact check, as ``{name: (bool, detail)}``.

        All arithmetic is SymPy on rationals; no floating point decides
        anything here.
        """
        out = {}
        xs = self.x
        out["inputs distinct"] = (len(set(xs)) == len(xs), f"x = {list(xs)}")
        out["labels rational"] = (all(isinstance(yi, sympy.Rational) for yi in self.y),
                                  f"y = {list(self.y)}")
        E, vs, ws = sigmoid_loss(self.x, self.y, self.p)
        at = dict(zip(vs + ws, self.v + self.w))
        grad = [sympy.nsimplify(sympy.diff(E, s).subs(at)) for s in vs + ws]
        out["gradient exactly zero"] = (all(g == 0 for g in grad), f"grad = {grad}")
        E_star = sympy.nsimplify(E.subs(at))
        E_low = self.loss_at(self.lower["v"], self.lower["w"])
        out["lower loss exists"] = (bool(E_low < E_star) and E_low.is_Rational and E_star.is_Rational,
                                    f"E(point) = {E_star}, E(lower point) = {E_low}")
        if self.kind == "narrow":
            H = sympy.Matrix([[sympy.nsimplify(sympy.diff(E, a, b).subs(at)) for b in vs + ws]
                              for a in vs + ws])
            minors = [H[:k, :k].det() for k in range(1, H.shape[0] + 1)]
            out["Hessian positive definite (Sylvester)"] = (
                all(m.is_Rational and m > 0 for m in minors), f"leading minors = {minors}")
            out["width n-1"] = (self.p == self.n - 1, f"p = {self.p}, n = {self.n}")
        else:
            V, wst = self.reduced
            out["width >= n"] = (self.p >= self.n, f"p = {self.p}, n = {self.n}")
            out["equal split, one sign"] = (
                all(vj == V / self.p for vj in self.v) and all(wj == wst for wj in self.w) and V != 0,
                f"v_j = {V}/{self.p}, w_j = {wst}")
            g, (Vs,), (wsym,) = sigmoid_loss(self.x, self.y, 1)
            at1 = {Vs: V, wsym: wst}
            g1 = [sympy.nsimplify(sympy.diff(g, s).subs(at1)) for s in (Vs, wsym)]
            out["reduced gradient zero"] = (all(c == 0 for c in g1), f"grad g = {g1}")
            Hg = sympy.Matrix([[sympy.nsimplify(sympy.diff(g, a, b).subs(at1)) for b in (Vs, wsym)]
                               for a in (Vs, wsym)])
            minors = [Hg[0, 0], Hg.det()]
            out["reduced Hessian positive definite"] = (
                all(m.is_Rational and m > 0 for m in minors), f"minors of Hess g = {minors}")
            u = sympy.Symbol("u", real=True)
            r = [sympy.nsimplify(V * _sig(wst * xi) - yi) for xi, yi in zip(xs, self.y)]
            c = [sympy.nsimplify(xi**2 * sympy.diff(_sig(u), u, 2).subs(u, wst * xi)) for xi in xs]
            q = sympy.nsimplify(V * sum(ri * ci for ri, ci in zip(r, c)))
            out["curvature sign V r.(x^2 sigma'') > 0"] = (q.is_Rational and q > 0,
                                                           f"V* r.(x^2 sigma''(w* x)) = {q}")
        return out

    def verify(self) -> bool:
        """True iff every exact check passes."""
        return all(ok for ok, _ in self.checks().values())


def _rational_lower_point(x, y, p, seed=0):
    """A rational point with small loss: BFGS in ``(v, log u)``, then rationalised."""
    import numpy as np
    from scipy.optimize import minimize

    xf = np.array([float(v) for v in x])
    yf = np.array([float(v) for v in y])

    def L(q):
        v, w = q[:p], q[p:]
        z = np.clip(np.outer(xf, w), -50, 50)
        f = (v[None, :] / (1 + np.exp(-z))).sum(1)
        return float(np.sum((f - yf) ** 2))

    rng = np.random.default_rng(seed)
    best = None
    for _ in range(20):
        res = minimize(L, rng.standard_normal(2 * p), method="BFGS")
        if best is None or res.fun < best.fun:
            best = res
    v = tuple(sympy.Rational(Fraction(float(c)).limit_denominator(1000)) for c in best.x[:p])
    w = tuple(sympy.log(sympy.Rational(Fraction(float(np.exp(np.clip(c, -30, 30))))
                                       .limit_denominator(1000))) for c in best.x[p:])
    return {"v": v, "w": w}


def wide_counterexample(x=(1, 2, 3), u=2, V=3, t=-1, p=None) -> SigmoidMinimum:
    """The wide-net counterexample to Claim IV.1 (defaults: n = p = 3).

    Parameters
    ----------
    x : integers, distinct
    u : positive rational, ``w* = log(u)``
    V : nonzero rational, the single neuron's output weight
    t : nonzero rational, scale (and sign) of the residual ``r = t (a x b)``
    p : width (default ``n``)
    """
    x = tuple(sympy.Integer(v) for v in x)
    if len(x) != 3:
        raise InvalidArgument(f"x={x!r}: the cross-product construction needs n = 3 inputs")
    if len(set(x)) != len(x):
        raise InvalidArgument(f"x={x!r} must be distinct")
    u, V, t = sympy.Rational(u), sympy.Rational(V), sympy.Rational(t)
    if u <= 0 or V == 0 or t == 0:
        raise InvalidArgument(f"need u > 0, V != 0, t != 0; got u={u}, V={V}, t={t}")
    p = len(x) if p is None else int(p)
    wst = sympy.log(u)
    a = sympy.Matrix([_sig(wst * xi) for xi in x]).applyfunc(sympy.nsimplify)
    b = sympy.Matrix([xi * _sig(wst * xi) * (1 - _sig(wst * xi)) for xi in x]).applyfunc(sympy.nsimplify)
    r = t * a.cross(b)
    y = tuple(sympy.nsimplify(V * a[i] - r[i]) for i in range(3))
    return SigmoidMinimum("wide", x, y, tuple([V / p] * p), tuple([wst] * p), (V, wst))


def narrow_counterexample(v=1, t=sympy.Rational(1, 2)) -> SigmoidMinimum:
    """The narrow-net strict bad local minimum (n = 2 samples, p = 1 neuron).

    ``x = (1, 3)``, ``w* = log 2``; ``v`` and ``t`` set the point and the
    residual ``r = t (4, -3)`` (orthogonal to ``sigma(w* x) = (2/3, 8/9)``).
    The sign of ``v t`` decides whether the Hessian is definite, the size
    of ``t`` whether the point is the global minimum (for ``t = 1/10`` it
    is); the defaults give a strict *sub-optimal* local minimum, and
    ``verify()`` checks both.
    """
    v, t = sympy.Rational(v), sympy.Rational(t)
    x = (sympy.Integer(1), sympy.Integer(3))
    wst = sympy.log(2)
    a = [sympy.nsimplify(_sig(wst * xi)) for xi in x]
    r = [4 * t, -3 * t]
    y = tuple(sympy.nsimplify(v * a[i] - r[i]) for i in range(2))
    return SigmoidMinimum("narrow", x, y, (v,), (wst,))

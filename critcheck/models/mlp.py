"""Fully connected networks with any activation (seed 003, eq. (1)).

.. math::

    f_\\theta(x) = W_L\\,\\phi(W_{L-1} \\cdots \\phi(W_2\\,\\phi(W_1 x + b_1) + b_2)
                   \\cdots + b_{L-1}),

with :math:`W_j \\in \\mathbb{R}^{d_j \\times d_{j-1}}` and loss eq. (2),
:math:`F(\\theta) = \\frac1n \\sum_i \\ell(y_i, f_\\theta(x_i))` (``reduction=
"mean"``) or the plain sum (``"sum"``; eq. (3) and Claim IV.1 use sums).

Data are stored one sample per row: ``X`` has shape ``(n, d_0)`` and ``Y``
``(n, d_L)`` (the seed writes samples as columns). Parameters are one flat
vector ordered ``W_1, b_1, W_2, b_2, ..., W_L`` (row-major), or a batch of
such vectors ``(B, P)``; all arithmetic is array-API standard, so the same
code runs on NumPy, CuPy and ``array_api_strict``.

Also here: the NTK matrices of eqs. (5)-(6),
:math:`G(\\theta) = (\\partial f(x_1)/\\partial\\theta, \\dots) \\in \\mathbb{R}^{P\\times n}`
and :math:`K = G^T G` (Sec. VI-A), computed from per-sample back-propagation
without a loop over samples.
"""

from __future__ import annotations

import dataclasses
import math

from ..errors import InvalidArgument
from ..numeric.backend import array_namespace, array_ops
from .activations import Activation, get_activation
from .losses import Loss, get_loss
from .objective import Objective

__all__ = ["MLP", "deep_linear", "one_hidden_layer"]


@dataclasses.dataclass(frozen=True)
class MLP:
    """A fully connected network, seed 003 eq. (1).

    Parameters
    ----------
    dims : tuple of int
        ``(d_0, d_1, ..., d_L)``; ``L >= 1`` layers of weights.
    activation : str or Activation
        :math:`\\phi` for the hidden layers (``"linear"`` gives a deep linear net).
    bias : bool
        hidden biases :math:`b_1..b_{L-1}` (eq. (1) has them; eq. (3) does not).
    loss : {"squared", "logistic"}
    reduction : {"mean", "sum"}

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP((1, 3, 1), "sigmoid", bias=False, reduction="sum")
    >>> net.n_params
    6
    >>> F = net.objective(np.array([[1.0], [2.0], [3.0]]), np.array([[0.], [1.], [0.]]))
    >>> F.grad(np.zeros(6)).shape
    (6,)
    """

    dims: tuple
    activation: "str | Activation" = "sigmoid"
    bias: bool = True
    loss: "str | Loss" = "squared"
    reduction: str = "mean"

    def __post_init__(self):
        dims = tuple(int(d) for d in self.dims)
        if len(dims) < 2 or any(d < 1 for d in dims):
            raise InvalidArgument(f"dims={self.dims!r} needs at least two positive widths")
        if self.reduction not in ("mean", "sum"):
            raise InvalidArgument(f"reduction={self.reduction!r} is not 'mean' or 'sum'")
        object.__setattr__(self, "dims", dims)
        object.__setattr__(self, "activation", get_activation(self.activation))
        object.__setattr__(self, "loss", get_loss(self.loss))
        # the layout depends on dims and bias only; training calls unpack/pack every step
        lay = self._compute_layout()
        object.__setattr__(self, "_layout", tuple(lay))
        object.__setattr__(self, "_n_params", lay[-1][2] + math.prod(lay[-1][1]))
        # (start, stop, shape) of each weight block and (start, stop) of each bias
        object.__setattr__(self, "_w_slices", tuple(
            (off, off + math.prod(shape), shape) for name, shape, off in lay if name[0] == "W"))
        object.__setattr__(self, "_b_slices", tuple(
            (off, off + math.prod(shape)) for name, shape, off in lay if name[0] == "b"))

    # layout ---------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        return len(self.dims) - 1

    def layout(self) -> list[tuple[str, tuple, int]]:
        """``(name, shape, offset)`` of each parameter block in the flat vector."""
        return list(self._layout)

    def _compute_layout(self) -> list[tuple[str, tuple, int]]:
        out, off = [], 0
        L = self.n_layers
        for j in range(1, L + 1):
            shape = (self.dims[j], self.dims[j - 1])
            out.append((f"W{j}", shape, off))
            off += shape[0] * shape[1]
            if self.bias and j < L:
                out.append((f"b{j}", (self.dims[j],), off))
                off += self.dims[j]
        return out

    @property
    def n_params(self) -> int:
        return self._n_params

    def unpack(self, theta):
        """``(Ws, bs)``: lists of weight matrices and hidden biases (batched views)."""
        if theta.shape[-1] != self._n_params:
            raise InvalidArgument(
                f"theta has {theta.shape[-1]} entries; dims={self.dims} with "
                f"bias={self.bias} needs {self.n_params}")
        reshape = array_ops(array_namespace(theta)).reshape
        batch = tuple(theta.shape[:-1])
        Ws = [reshape(theta[..., a:b], batch + shape) for a, b, shape in self._w_slices]
        bs = [theta[..., a:b] for a, b in self._b_slices]
        return Ws, bs

    def pack(self, Ws, bs=()):
        """The flat vector of the given blocks (inverse of :meth:`unpack`)."""
        ops = array_ops(array_namespace(Ws[0]))
        flat = tuple(Ws[0].shape[:-2]) + (-1,)
        parts = []
        for j, W in enumerate(Ws):
            parts.append(ops.reshape(W, flat))
            if self.bias and j < len(Ws) - 1:
                parts.append(bs[j])
        return ops.concat(parts, axis=-1)

    def init(self, seed: int = 0, batch: int | None = None, scheme: str = "xavier",
             xp=None, scale: float = 1.0):
        """Random parameters: Xavier/Glorot normal (std sqrt(2/(fan_in+fan_out))) or
        standard normal (``scheme="normal"``); biases zero for Xavier."""
        import numpy as np

        rng = np.random.default_rng(seed)
        shape = (self.n_params,) if batch is None else (batch, self.n_params)
        theta = np.zeros(shape)
        for name, shp, off in self.layout():
            size = math.prod(shp)
            if scheme == "normal":
                theta[..., off:off + size] = rng.standard_normal(shape[:-1] + (size,))
            elif scheme == "xavier":
                if name[0] == "W":
                    std = math.sqrt(2.0 / (shp[0] + shp[1]))
                    theta[..., off:off + size] = std * rng.standard_normal(shape[:-1] + (size,))
            else:
                raise InvalidArgument(f"scheme={scheme!r} is not 'xavier' or 'normal'")
        theta *= scale
        if xp is not None and xp.__name__ != "numpy":
            theta = xp.asarray(theta)
        return theta

    # forward / backward ----------------------------------------------------
    def _forward(self, theta, X, xp=None):
        if xp is None:
            xp = array_namespace(theta, X)
        Ws, bs = self.unpack(theta)
        f = self.activation.f
        Z = [X]
        A = []
        z = X
        for j in range(len(Ws) - 1):
            a = z @ Ws[j].mT
            if self.bias:
                a = a + bs[j][..., None, :]
            A.append(a)
            z = f(a, xp)
            Z.append(z)
        out = z @ Ws[-1].mT
        return out, (Ws, A, Z)

    def forward(self, theta, X):
        """Network outputs, shape ``(..., n, d_L)``."""
        self._check_X(X)
        return self._forward(theta, X)[0]

    def _check_X(self, X):
        if X.ndim < 2 or X.shape[-1] != self.dims[0]:
            raise InvalidArgument(
                f"X has shape {tuple(X.shape)}; expected (n, {self.dims[0]}) (one sample per row), "
                f"or (..., n, {self.dims[0]}) for stacked data sets")

    def backward(self, theta, X, dout, cache=None):
        """Gradient of :math:`\\sum_i \\langle dout_i, f_\\theta(x_i)\\rangle` in ``theta``.

        ``dout`` has the output's shape ``(..., n, d_L)``. The slope
        :math:`\\phi'` comes from the forward values when the activation has
        ``df_of_f`` (the same numbers as ``df`` gives; see :class:`Activation`).
        """
        xp = array_namespace(theta, X)
        if cache is None:
            cache = self._forward(theta, X, xp)[1]
        return array_ops(xp).concat(self._backward_parts(dout, cache, xp), axis=-1)

    def _backward_parts(self, dout, cache, xp):
        """The gradient's blocks, each flat and in :meth:`layout` order (concatenate them)."""
        Ws, A, Z = cache
        act = self.activation
        df_of_f = act.df_of_f
        ops = array_ops(xp)
        ssum = ops.sum
        L = len(Ws)
        gWs = [None] * L
        gbs = [None] * (L - 1)
        delta = dout
        for j in range(L - 1, -1, -1):
            gWs[j] = delta.mT @ Z[j]
            if j > 0:
                dz = delta @ Ws[j]
                slope = df_of_f(Z[j], xp) if df_of_f is not None else act.df(A[j - 1], xp)
                delta = dz if slope is None else dz * slope
                gbs[j - 1] = ssum(delta, axis=-2)
        reshape = ops.reshape
        flat = tuple(gWs[0].shape[:-2]) + (-1,)
        parts = []
        for j in range(L):
            parts.append(reshape(gWs[j], flat))
            if self.bias and j < L - 1:
                parts.append(gbs[j])
        return parts

    def _scale(self, n):
        return 1.0 / n if self.reduction == "mean" else 1.0

    def loss_value(self, theta, X, Y):
        """:math:`F(\\theta)` (eq. (2))."""
        xp = array_namespace(theta, X)
        out = self.forward(theta, X)
        return xp.sum(self.loss.value(out, Y, xp), axis=-1) * self._scale(X.shape[-2])

    def value_and_grad(self, theta, X, Y):
        """:math:`(F(\\theta), \\nabla F(\\theta))`, exact.

        One forward pass; the loss's value and slope share their residual
        (:meth:`Loss.both`) and back-propagation reuses the forward values.
        """
        xp = array_namespace(theta, X)
        self._check_X(X)
        out, cache = self._forward(theta, X, xp)
        s = self._scale(X.shape[-2])
        lv, dz = self.loss.both(out, Y, xp)
        ops = array_ops(xp)
        val = ops.sum(lv, axis=-1) * s
        return val, ops.concat(self._backward_parts(dz * s, cache, xp), axis=-1)

    def objective(self, X, Y) -> Objective:
        """The loss bound to data ``(X, Y)``.

        ``X`` of shape ``(G, 1, n, d_0)`` (and ``Y`` ``(G, 1, n, d_L)``) stacks
        ``G`` data sets of the same size: with parameters ``(G, B, P)`` row
        ``[g, b]`` is network ``b`` on data set ``g``. Every matrix product is
        the one the data set alone would give (matmul broadcasts its batch
        axes), so several trainings run as one batch with the same numbers.
        """
        self._check_X(X)
        if Y.ndim != X.ndim or Y.shape[-2] != X.shape[-2] or Y.shape[-1] != self.dims[-1]:
            raise InvalidArgument(
                f"Y has shape {tuple(Y.shape)}; expected {tuple(X.shape[:-1]) + (self.dims[-1],)}")
        return Objective(self.n_params, lambda t: self.value_and_grad(t, X, Y),
                         name=f"MLP{self.dims}")

    # NTK --------------------------------------------------------------------
    def jacobian(self, theta, X):
        """:math:`G(\\theta) \\in \\mathbb{R}^{P \\times n}` of eq. (5) (``d_L = 1``).

        Column ``i`` is :math:`\\partial f_\\theta(x_i) / \\partial \\theta`;
        computed for all samples at once (per-sample outer products).
        Batched ``theta`` gives ``(..., P, n)``.
        """
        if self.dims[-1] != 1:
            raise InvalidArgument(
                f"jacobian G of eq. (5) is defined for d_y = 1; this net has d_y={self.dims[-1]}")
        xp = array_namespace(theta, X)
        self._check_X(X)
        if X.ndim != 2:
            raise InvalidArgument(f"jacobian G of eq. (5) takes one data set, X of shape (n, "
                                  f"{self.dims[0]}); got {tuple(X.shape)}")
        out, (Ws, A, Z) = self._forward(theta, X)
        act = self.activation
        L = self.n_layers
        batch = tuple(out.shape[:-2])
        n = X.shape[0]
        delta = xp.ones_like(out)  # (..., n, 1)
        blocks: list = [None] * (2 * L - 1)
        for j in range(L - 1, -1, -1):
            Zj = Z[j] if Z[j].ndim == delta.ndim else xp.broadcast_to(
                Z[j], delta.shape[:-1] + (Z[j].shape[-1],))
            gW = delta[..., :, :, None] * Zj[..., :, None, :]       # (..., n, d_j, d_{j-1})
            blocks[2 * j] = xp.reshape(gW, batch + (n, -1))
            if j > 0:
                delta = (delta @ Ws[j]) * act.df(A[j - 1], xp)
                blocks[2 * j - 1] = delta
        parts = [b for b in blocks if b is not None] if self.bias else blocks[0::2]
        G = xp.concat(parts, axis=-1)                              # (..., n, P)
        return G.mT

    def ntk(self, theta, X):
        """:math:`K(\\theta) = G^T G \\in \\mathbb{R}^{n\\times n}` of eq. (6)."""
        G = self.jacobian(theta, X)
        return G.mT @ G

    # SymPy -------------------------------------------------------------------
    def sympy_loss(self, X, Y):
        """The loss as a SymPy expression in symbols ``t0..t{P-1}`` (tiny sizes only).

        Returns ``(expr, symbols)``; used by the tests as an independent
        oracle for the hand-written gradient.
        """
        import sympy

        t = sympy.symbols(f"t0:{self.n_params}", real=True)
        lay = self.layout()
        W, b = [], []
        for name, shape, off in lay:
            vals = t[off:off + math.prod(shape)]
            if name[0] == "W":
                W.append(sympy.Matrix(shape[0], shape[1], list(vals)))
            else:
                b.append(sympy.Matrix(list(vals)))
        total = 0
        for i in range(len(X)):
            z = sympy.Matrix([sympy.nsimplify(v) for v in X[i]])
            for j in range(self.n_layers - 1):
                z = W[j] * z
                if self.bias:
                    z = z + b[j]
                z = z.applyfunc(self.activation.sympy)
            out = W[-1] * z
            for k in range(self.dims[-1]):
                total += self.loss.sympy(sympy.nsimplify(Y[i][k]), out[k])
        if self.reduction == "mean":
            total = total / len(X)
        return total, t


def deep_linear(dims) -> MLP:
    """The deep linear net of seed 003 eq. (3): :math:`\\|Y - W_L\\cdots W_1 X\\|_F^2`."""
    return MLP(tuple(dims), "linear", bias=False, loss="squared", reduction="sum")


def one_hidden_layer(d_x: int, width: int, d_y: int = 1, activation="sigmoid",
                     bias: bool = False, loss="squared", reduction="sum") -> MLP:
    """:math:`\\sum_i (y_i - v\\,\\phi(W x_i))^2` of Claim IV.1 (seed 003 Sec. IV-C)."""
    return MLP((d_x, width, d_y), activation, bias=bias, loss=loss, reduction=reduction)

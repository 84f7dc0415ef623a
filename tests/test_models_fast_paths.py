"""The training loops' fast paths give the very same bits as the plain formulas.

The claims that train networks (Conj. VII.1, the augmented nets, the ReQU
net, deep linear nets, the linear ResNet, the inactive-neuron check) count
successes after thousands of descent steps, so a gradient that differs in its
last bit can change a count. The model code therefore removes only overhead
(dispatch wrappers, repeated transcendental calls whose result is already
known, double concatenation), never the order of the floating-point
operations. Each test here runs the current code against a frozen copy of the
plain formula (written out below, independent of the package's helpers) and
asks for byte-for-byte equal results, on ordinary inputs and on edge cases
(zeros, saturated activations, overflow, one network vs a batch).
"""

from __future__ import annotations

import numpy as np
import pytest

from critcheck.models import MLP, AugmentedNet, LinearResNet, ReQUNet
from critcheck.models.activations import get_activation
from critcheck.models.losses import get_loss
from critcheck.models.multiclass_losses import pseudo_huber, softmax_cross_entropy
from critcheck.models.train import adam, gradient_descent
from critcheck.numeric.backend import array_namespace, array_ops


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


# --- frozen plain formulas ----------------------------------------------------------------
def ref_mlp_value_and_grad(net, theta, X, Y):
    """The value and gradient as the MLP computed them before its fast path."""
    xp = np
    act, loss = net.activation, net.loss
    Ws, bs = [], []
    batch = tuple(theta.shape[:-1])
    for name, shape, off in net.layout():
        block = theta[..., off:off + int(np.prod(shape))]
        if name[0] == "W":
            Ws.append(np.reshape(block, batch + shape))
        else:
            bs.append(block)
    Z, A = [X], []
    for j in range(net.n_layers - 1):
        a = Z[-1] @ Ws[j].mT
        if net.bias:
            a = a + bs[j][..., None, :]
        A.append(a)
        Z.append(act.f(a, xp))
    out = Z[-1] @ Ws[-1].mT
    s = 1.0 / X.shape[0] if net.reduction == "mean" else 1.0
    val = np.sum(loss.value(out, Y, xp), axis=-1) * s
    delta = loss.dz(out, Y, xp) * s
    L = net.n_layers
    gWs, gbs = [None] * L, [None] * (L - 1)
    for j in range(L - 1, -1, -1):
        gWs[j] = delta.mT @ Z[j]
        if j > 0:
            dz = delta @ Ws[j]
            delta = dz * act.df(A[j - 1], xp)
            gbs[j - 1] = np.sum(delta, axis=-2)
    parts = []
    for j, W in enumerate(gWs):
        parts.append(np.reshape(W, batch + (-1,)))
        if net.bias and j < L - 1:
            parts.append(gbs[j])
    return val, np.concatenate(parts, axis=-1), out


def ref_augmented_value_and_grad(aug, theta, X, Y):
    P0, K, d = aug.base.n_params, aug.K, aug.d_x
    batch = tuple(theta.shape[:-1])
    tb = theta[..., :P0]
    a = theta[..., P0:P0 + K]
    w = np.reshape(theta[..., P0 + K:P0 + K + K * d], batch + (K, d))
    b = theta[..., P0 + K + K * d:]
    base = aug.base
    _, g0, out0 = ref_mlp_value_and_grad(base, tb, X, Y)   # out0: the base outputs
    E = np.exp(X @ w.mT + b[..., None, :])
    out = out0 + a[..., None, :] * E
    s = 1.0 / X.shape[0] if base.reduction == "mean" else 1.0
    val = np.sum(base.loss.value(out, Y, np), axis=-1) * s + 0.5 * aug.lam * np.sum(a * a, axis=-1)
    dout = base.loss.dz(out, Y, np) * s
    g_base = base.backward(tb, X, dout)      # checked against the reference MLP separately
    ga = np.sum(dout * E, axis=-2) + aug.lam * a
    q = dout * E * a[..., None, :]
    gw = q.mT @ X
    gb = np.sum(q, axis=-2)
    return val, np.concatenate([g_base, ga, np.reshape(gw, batch + (-1,)), gb], axis=-1)


def ref_backward(net, theta, X, dout):
    """The MLP's back-propagation with ``df(z)`` (never ``df_of_f``)."""
    Ws, bs = net.unpack(theta)
    act = net.activation
    Z, A = [X], []
    for j in range(net.n_layers - 1):
        a = Z[-1] @ Ws[j].mT
        if net.bias:
            a = a + bs[j][..., None, :]
        A.append(a)
        Z.append(act.f(a, np))
    L = net.n_layers
    gWs, gbs = [None] * L, [None] * (L - 1)
    delta = dout
    for j in range(L - 1, -1, -1):
        gWs[j] = delta.mT @ Z[j]
        if j > 0:
            delta = (delta @ Ws[j]) * act.df(A[j - 1], np)
            gbs[j - 1] = np.sum(delta, axis=-2)
    return net.pack(gWs, gbs)


# --- inputs -------------------------------------------------------------------------------
def _thetas(P, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((7, P)),            # a batch
            rng.standard_normal(P),                 # one network
            np.zeros((3, P)),                       # zeros: signed-zero sums
            30.0 * rng.standard_normal((4, P)),     # saturated tanh / sigmoid, exp overflow
            np.where(rng.random((5, P)) < 0.5, -0.0, 1e-300)]   # -0.0 and tiny numbers


def _data(n, dx, dy, seed, kind="regression"):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, dx))
    if kind == "labels":
        Y = np.where(rng.standard_normal((n, dy)) >= 0, 1.0, -1.0)
    elif kind == "probabilities":
        Y = rng.dirichlet(np.ones(dy), n)
    else:
        Y = rng.standard_normal((n, dy))
    return X, Y


NETS = [((2, 5, 1), "tanh", True, "squared", "mean", "regression"),
        ((2, 5, 1), "sigmoid", False, "logistic", "sum", "labels"),
        ((3, 4, 4, 2), "linear", False, "squared", "sum", "regression"),
        ((3, 4, 3, 2), "tanh", True, "squared", "sum", "regression"),
        ((2, 3, 1), "exp", True, "squared", "mean", "regression"),
        ((2, 3, 2), "relu", True, "squared", "mean", "regression"),
        ((2, 3, 2), "softplus", True, softmax_cross_entropy, "sum", "probabilities"),
        ((2, 3, 3), "requ", False, pseudo_huber, "sum", "regression"),
        ((3, 2), "tanh", True, "squared", "mean", "regression")]      # one layer, no hidden units


@pytest.mark.parametrize("dims,act,bias,loss,red,kind", NETS)
def test_mlp_value_and_grad_has_the_plain_formulas_bits(dims, act, bias, loss, red, kind):
    net = MLP(dims, act, bias=bias, loss=loss, reduction=red)
    X, Y = _data(6, dims[0], dims[-1], 1, kind)
    with np.errstate(all="ignore"):
        for th in _thetas(net.n_params, 2):
            v, g = net.value_and_grad(th, X, Y)
            rv, rg, _ = ref_mlp_value_and_grad(net, th, X, Y)
            assert same_bits(v, rv) and same_bits(g, rg), (act, th.shape)
            assert same_bits(net.backward(th, X, np.ones(th.shape[:-1] + (6, dims[-1]))),
                             ref_backward(net, th, X, np.ones(th.shape[:-1] + (6, dims[-1]))))


def test_a_slope_that_disagrees_with_df_would_be_caught():
    """The comparison above fails for a fast path that is only approximately right."""
    import dataclasses

    tanh = get_activation("tanh")
    sloppy = dataclasses.replace(tanh, df_of_f=lambda t, xp: (1.0 - t) * (1.0 + t))
    net, ref = MLP((2, 5, 1), sloppy), MLP((2, 5, 1), "tanh")
    X, Y = _data(6, 2, 1, 3)
    th = _thetas(net.n_params, 4)[0]
    g = net.value_and_grad(th, X, Y)[1]
    rg = ref_mlp_value_and_grad(ref, th, X, Y)[1]
    np.testing.assert_allclose(g, rg, rtol=1e-12)      # right to rounding ...
    assert not same_bits(g, rg)                         # ... but not the same bits


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "linear"])
def test_df_of_f_is_df_bit_for_bit(name):
    act = get_activation(name)
    z = np.concatenate([np.linspace(-40, 40, 2001), [0.0, -0.0, 1e-300, -1e-300, 710.0, -745.0]])
    with np.errstate(all="ignore"):
        slope = act.df_of_f(act.f(z, np), np)
        df = act.df(z, np)
    if slope is None:                                    # phi' = 1: nothing to multiply
        assert same_bits(df, np.ones_like(z))
    else:
        assert same_bits(slope, df)


@pytest.mark.parametrize("loss,kind", [("squared", "regression"), ("logistic", "labels"),
                                       (softmax_cross_entropy, "probabilities"),
                                       (pseudo_huber, "regression")])
def test_loss_value_and_dz_together_equal_them_apart(loss, kind):
    loss = get_loss(loss)
    X, Y = _data(9, 1, 3, 5, kind)
    rng = np.random.default_rng(6)
    for z in (rng.standard_normal((4, 9, 3)), 50.0 * rng.standard_normal((9, 3)), np.zeros((9, 3))):
        v, d = loss.both(z, Y, np)
        assert same_bits(v, loss.value(z, Y, np)) and same_bits(d, loss.dz(z, Y, np))


@pytest.mark.parametrize("dims,loss,lam,kind", [((2, 4, 1), "logistic", 1.0, "labels"),
                                                ((3, 5, 3), "squared", 0.1, "regression"),
                                                ((3, 4, 3), softmax_cross_entropy, 0.01, "probabilities")])
def test_augmented_value_and_grad_has_the_plain_formulas_bits(dims, loss, lam, kind):
    aug = AugmentedNet(MLP(dims, "tanh", loss=loss, reduction="sum"), lam=lam)
    X, Y = _data(7, dims[0], dims[-1], 8, kind)
    with np.errstate(all="ignore"):
        for th in _thetas(aug.n_params, 9):
            v, g = aug.value_and_grad(th, X, Y)
            rv, rg = ref_augmented_value_and_grad(aug, th, X, Y)
            assert same_bits(v, rv) and same_bits(g, rg)


def test_descent_trajectories_are_bit_identical():
    """500 steps of GD and of Adam on the fast objective and on the plain formulas."""
    net = MLP((2, 6, 1), "tanh", bias=True, loss="squared", reduction="mean")
    X, Y = _data(8, 2, 1, 10)
    th0 = net.init(11, batch=6)

    class Plain:
        def value_and_grad(self, th):
            v, g, _ = ref_mlp_value_and_grad(net, th, X, Y)
            return v, g

    F = net.objective(X, Y)
    for method in (lambda obj: gradient_descent(obj, th0, lr=0.3, steps=500, clip=1.0)[0],
                   lambda obj: adam(obj, th0, lr=0.01, steps=500)[0]):
        assert same_bits(method(F), method(Plain()))


def test_array_ops_are_numpys_reductions():
    ops = array_ops(np)
    rng = np.random.default_rng(12)
    a = rng.standard_normal((5, 17, 9))
    for axis in (-1, -2, 0):
        assert same_bits(ops.sum(a, axis=axis), np.sum(a, axis=axis))
    assert same_bits(ops.sum(a, axis=-1, keepdims=True), np.sum(a, axis=-1, keepdims=True))
    assert same_bits(ops.reshape(a, (5, -1)), np.reshape(a, (5, -1)))
    assert same_bits(ops.concat([a, a], axis=-1), np.concat([a, a], axis=-1))
    assert array_namespace(a) is np and array_namespace(1.0, [2]) is np


def test_array_ops_of_another_namespace_are_its_own():
    xps = pytest.importorskip("array_api_strict")
    ops = array_ops(xps)
    assert ops.sum is xps.sum and ops.reshape is xps.reshape and ops.concat is xps.concat
    assert array_namespace(xps.asarray([1.0])) is xps


def ref_resnet_value_and_grad(net, theta, R, S):
    """The linear ResNet's population loss and gradient with explicitly broadcast identities."""
    d, H = net.d, net.H
    batch = tuple(theta.shape[:-1])
    Ws = [np.reshape(theta[..., k * d * d:(k + 1) * d * d], batch + (d, d)) for k in range(H)]
    eye = np.eye(d)
    Ms = [eye + W for W in Ws]
    P = Ms[0]
    for M in Ms[1:]:
        P = M @ P
    D = R - P
    DS = D @ S
    val = np.sum(DS * D, axis=(-2, -1)) + float(d)
    G = -2.0 * DS
    below, acc = [None] * H, np.broadcast_to(eye, Ms[0].shape)
    for k in range(H):
        below[k] = acc
        acc = Ms[k] @ acc
    grads, above = [None] * H, np.broadcast_to(eye, Ms[0].shape)
    for k in range(H - 1, -1, -1):
        grads[k] = above.mT @ G @ below[k].mT
        above = above @ Ms[k]
    return val, np.concatenate([np.reshape(g, batch + (-1,)) for g in grads], axis=-1)


@pytest.mark.parametrize("d,H", [(2, 2), (3, 3), (2, 4), (3, 1)])
def test_resnet_value_and_grad_has_the_plain_formulas_bits(d, H):
    net = LinearResNet(d, H)
    rng = np.random.default_rng(14)
    R = np.eye(d) + 0.5 * rng.standard_normal((d, d))
    A = rng.standard_normal((d, d))
    S = A @ A.T / d + 0.5 * np.eye(d)
    F = net.population_objective(R, S)
    with np.errstate(all="ignore"):
        for th in _thetas(net.n_params, 15):
            v, g = F.value_and_grad(th)
            rv, rg = ref_resnet_value_and_grad(net, th, R, S)
            assert same_bits(v, rv) and same_bits(g, rg)


@pytest.mark.parametrize("k", range(1, 11))
def test_sum_last_is_numpys_sum_bit_for_bit(k):
    """Short rows (below 8 terms) are added one by one from 0.0, as NumPy's pairwise sum
    does; the values mix magnitudes 1e-20..1e20 (so the order shows), signed zeros, inf, NaN."""
    sum_last = array_ops(np).sum_last
    rng = np.random.default_rng(16 + k)
    x = rng.standard_normal((40, 6, k)) * 10.0 ** rng.integers(-20, 21, (40, 6, k))
    x[rng.random(x.shape) < 0.15] = -0.0
    x[rng.random(x.shape) < 0.05] = 0.0
    x[0, 0, 0], x[1, 0, -1], x[2, 1, 0] = np.inf, -np.inf, np.nan
    x[3, :, :] = -0.0
    with np.errstate(invalid="ignore"):
        for arr in (x, x[5], x.mT.copy(), x[..., ::-1], np.float32(1.0) * x[:2]):   # copies, views, float32
            assert same_bits(sum_last(arr), np.sum(arr, axis=-1))
            assert same_bits(sum_last(arr, keepdims=True), np.sum(arr, axis=-1, keepdims=True))
    if 2 <= k < 8:   # a left-to-right sum that skips the leading 0.0 differs on -0.0 rows
        y = np.full((3, k), -0.0)
        naive = y[:, 0]
        for i in range(1, k):
            naive = naive + y[:, i]
        assert same_bits(sum_last(y), np.sum(y, axis=-1)) and not same_bits(naive, np.sum(y, axis=-1))


def ref_requ_value_and_grad(net, theta, X, Y):
    loss = get_loss("logistic")
    m, d = net.m, net.d
    batch = tuple(theta.shape[:-1])
    a = theta[..., :m]
    W = np.reshape(theta[..., m:m + m * d], batch + (m, d))
    b = theta[..., m + m * d:]
    lam = np.asarray(net.lams, dtype=theta.dtype)
    Z = X @ W.mT + b[..., None, :]
    Rl = np.where(Z > 0, Z, np.zeros_like(Z))
    out = (Rl * Rl) @ a[..., :, None]
    u2 = np.sum(W * W, axis=-1) + b * b
    reg = np.sum(lam * (np.abs(a) ** 3 + 2.0 * u2 ** 1.5), axis=-1) / 3.0
    val = np.sum(loss.value(out, Y, np), axis=-1) + reg
    dout = loss.dz(out, Y, np)
    ga = np.sum(dout * Rl * Rl, axis=-2) + lam * a * np.abs(a)
    q = dout * (2.0 * Rl) * a[..., None, :]
    un = np.sqrt(u2)
    gW = q.mT @ X + 2.0 * (lam * un)[..., :, None] * W
    gb = np.sum(q, axis=-2) + 2.0 * lam * un * b
    return val, np.concatenate([ga, np.reshape(gW, batch + (-1,)), gb], axis=-1)


@pytest.mark.parametrize("d,m", [(2, 11), (2, 4), (3, 9), (1, 2)])
def test_requ_value_and_grad_has_the_plain_formulas_bits(d, m):
    rng = np.random.default_rng(17)
    net = ReQUNet(d, m, tuple(1e-3 * rng.uniform(0.5, 1.0, m)))
    X, Y = _data(10, d, 1, 18, "labels")
    with np.errstate(all="ignore"):
        for th in _thetas(net.n_params, 19):
            v, g = net.value_and_grad(th, X, Y)
            rv, rg = ref_requ_value_and_grad(net, th, X, Y)
            assert same_bits(v, rv) and same_bits(g, rg)


@pytest.mark.parametrize("dims,act,bias,loss", [((2, 4, 1), "tanh", True, "squared"),
                                                ((3, 5, 2), "sigmoid", False, "squared"),
                                                ((2, 3, 3, 1), "tanh", True, "logistic")])
def test_stacked_data_sets_give_each_data_sets_numbers(dims, act, bias, loss):
    """G data sets trained as one (G, B, P) stack == each one alone, bit for bit (values,
    gradients, and 300 GD steps with a step size per data set)."""
    net = MLP(dims, act, bias=bias, loss=loss, reduction="mean")
    kind = "labels" if loss == "logistic" else "regression"
    sets = [_data(9, dims[0], dims[-1], 20 + g, kind) for g in range(3)]
    Xs = np.stack([X for X, _ in sets])[:, None]
    Ys = np.stack([Y for _, Y in sets])[:, None]
    th = np.stack([net.init(21 + g, batch=5, scheme="normal") for g in range(3)])
    v, g = net.objective(Xs, Ys).value_and_grad(th)
    for k, (X, Y) in enumerate(sets):
        vk, gk = net.objective(X, Y).value_and_grad(th[k])
        assert same_bits(v[k], vk) and same_bits(g[k], gk)
    lrs = [0.3, 0.1, 0.05]
    stacked, _ = gradient_descent(net.objective(Xs, Ys), th, lr=np.array(lrs)[:, None, None], steps=300)
    for k, (X, Y) in enumerate(sets):
        alone, _ = gradient_descent(net.objective(X, Y), th[k], lr=lrs[k], steps=300)
        assert same_bits(stacked[k], alone)


def test_stacked_data_shapes_are_checked():
    from critcheck.errors import InvalidArgument

    net = MLP((2, 3, 1))
    with pytest.raises(InvalidArgument, match="Y has shape"):
        net.objective(np.zeros((2, 1, 4, 2)), np.zeros((4, 1)))
    with pytest.raises(InvalidArgument, match="one data set"):
        net.jacobian(np.zeros(net.n_params), np.zeros((2, 4, 2)))


def test_stacked_data_sets_in_the_augmented_net_give_each_data_sets_numbers():
    """As for the MLP, with the augmented net's exponential neuron and clipped GD steps."""
    aug = AugmentedNet(MLP((2, 4, 1), "tanh", loss="logistic", reduction="sum"), lam=10.0)
    sets = [_data(8, 2, 1, 30 + g, "labels") for g in range(2)]
    Xs = np.stack([X for X, _ in sets])[:, None]
    Ys = np.stack([Y for _, Y in sets])[:, None]
    th = np.stack([aug.init(31 + g, batch=6) for g in range(2)])
    stacked, _ = gradient_descent(aug.objective(Xs, Ys), th, lr=0.05, steps=300, clip=1.0)
    for k, (X, Y) in enumerate(sets):
        alone, _ = gradient_descent(aug.objective(X, Y), th[k], lr=0.05, steps=300, clip=1.0)
        assert same_bits(stacked[k], alone)


def test_exact_lowest_order_term_matches_sympy_expansion():
    """The deep-linear saddle certificate's p(t) = F(W + tD) - F(W), multiplied out over the
    rationals, has the lowest nonzero term SymPy's expansion gives (random rational
    directions at every Baldi-Hornik point, L = 2, 3, 4; zero directions give p = 0)."""
    import random

    import sympy

    from critcheck.models import linear_exact as le

    def lowest_by_expansion(Ws, Ds, X, Y):
        t = sympy.Symbol("t")
        F0 = le.loss(Ws, X, Y)
        p = sympy.Poly(sympy.expand(le.loss([W + t * D for W, D in zip(Ws, Ds)], X, Y) - F0), t)
        for (k,), c in sorted(p.terms(), key=lambda kc: kc[0][0]):
            if c != 0:
                return k, c
        return None, 0

    X, Y, _, _ = le.rational_instance()
    rnd = random.Random(22)
    for L in (2, 3, 4):
        for _, Ws in le.rational_critical_points(L):
            for _ in range(3):
                Ds = [sympy.Matrix(2, 2, [sympy.Rational(rnd.randint(-3, 3), rnd.randint(1, 4))
                                          for _ in range(4)]) for _ in range(L)]
                k, c = le._lowest(Ws, Ds, X, Y)
                k0, c0 = lowest_by_expansion(Ws, Ds, X, Y)
                assert (k, str(c)) == (k0, str(c0)) and c == c0
            assert le._lowest(Ws, [sympy.zeros(2, 2)] * L, X, Y) == (None, 0)
    # a coefficient off by a little would be caught: p(t) of a wrong target differs
    Ws = le.rational_critical_points(2)[0][1]
    Ds = [sympy.eye(2), sympy.eye(2)]
    assert le._lowest(Ws, Ds, X, Y) != le._lowest(Ws, Ds, X, Y + sympy.eye(2) / 7)


def test_homogeneous_polar_value_grad_has_the_plain_formulas_bits():
    from critcheck.models.homogeneous_polar import split, value_grad

    rng = np.random.default_rng(23)
    Xt = np.hstack([rng.standard_normal((10, 2)), np.ones((10, 1))])
    y = rng.standard_normal(10)
    for th in (rng.standard_normal((12, 32)), rng.standard_normal(32), np.zeros((2, 32))):
        W, v = split(th, 8)
        Z = Xt @ np.swapaxes(W, -1, -2)
        A = np.maximum(Z, 0.0)
        r = np.einsum("...nh,...h->...n", A, v) - y
        F = 0.5 * np.sum(r * r, -1) + 0.5 * 0.05 * (np.sum(W * W, (-1, -2)) + np.sum(v * v, -1))
        assert same_bits(value_grad(th, Xt, y, 8, 0.05)[0], F)


def ref_adam(obj, th, lr, steps, betas=(0.9, 0.999), eps=1e-8):
    """Adam as written before its in-place moments."""
    m = np.zeros_like(th)
    v = np.zeros_like(th)
    b1, b2 = betas
    for k in range(steps):
        _, g = obj.value_and_grad(th)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh = m / (1 - b1 ** (k + 1))
        vh = v / (1 - b2 ** (k + 1))
        th = th - lr * mh / (np.sqrt(vh) + eps)
    return th


def test_adam_with_in_place_moments_has_the_plain_formulas_bits():
    aug = AugmentedNet(MLP((3, 6, 3), "tanh", loss=softmax_cross_entropy, reduction="sum"), lam=0.01)
    X, Y = _data(8, 3, 3, 24, "probabilities")
    F = aug.objective(X, Y)
    th0 = aug.init(25, batch=4)
    before = th0.copy()
    for lr, betas in ((0.01, (0.9, 0.999)), (0.3, (0.5, 0.9))):
        assert same_bits(adam(F, th0, lr=lr, steps=400, betas=betas)[0],
                         ref_adam(F, th0, lr, 400, betas))
    assert same_bits(th0, before)                      # the caller's start is left alone
    # one step of the plain formula with lr slightly off is caught
    assert not same_bits(adam(F, th0, lr=0.01, steps=50)[0], ref_adam(F, th0, 0.01 * (1 + 1e-15), 50))


def test_one_lambda_per_stacked_data_set():
    """AugmentedNet(base, lam=(10.0, 1.0)) on two stacked data sets == each with its own lambda."""
    base = MLP((2, 4, 1), "tanh", loss="logistic", reduction="sum")
    sets = [(10.0, *_data(8, 2, 1, 40, "labels")), (1.0, *_data(8, 2, 1, 41, "labels"))]
    aug = AugmentedNet(base, lam=(10.0, 1.0))
    Xs = np.stack([X for _, X, _ in sets])[:, None]
    Ys = np.stack([Y for _, _, Y in sets])[:, None]
    th = np.stack([aug.init(42 + g, batch=6) for g in range(2)])
    v, g = aug.objective(Xs, Ys).value_and_grad(th)
    stacked, _ = gradient_descent(aug.objective(Xs, Ys), th, lr=0.05, steps=300, clip=1.0)
    for k, (lam, X, Y) in enumerate(sets):
        alone = AugmentedNet(base, lam=lam)
        vk, gk = alone.objective(X, Y).value_and_grad(th[k])
        assert same_bits(v[k], vk) and same_bits(g[k], gk)
        assert same_bits(stacked[k], gradient_descent(alone.objective(X, Y), th[k], lr=0.05, steps=300,
                                                      clip=1.0)[0])
    swapped = AugmentedNet(base, lam=(1.0, 10.0)).objective(Xs, Ys).value_and_grad(th)[1]
    assert not same_bits(swapped, g)                      # the lambdas do reach their data sets
    from critcheck.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="lam"):
        AugmentedNet(base, lam=(1.0, 0.0))
    with pytest.raises(InvalidArgument, match="one lambda per stacked data set"):
        aug.objective(sets[0][1], sets[0][2]).value_and_grad(th[0])   # (B, P): not stacked


def test_one_loss_per_stacked_data_set():
    """per_data_set((cross-entropy, pseudo-Huber)) on two stacked data sets == each alone, through
    the augmented net and 200 Adam steps; its value and dz agree with its value_and_dz."""
    from critcheck.errors import InvalidArgument
    from critcheck.models.losses import per_data_set

    rng = np.random.default_rng(50)
    X = rng.standard_normal((8, 3))
    Ys = [rng.dirichlet(np.ones(3), 8), rng.standard_normal((8, 3))]
    losses = (softmax_cross_entropy, pseudo_huber)
    stacked = AugmentedNet(MLP((3, 5, 3), "tanh", loss=per_data_set(losses), reduction="sum"), lam=10.0)
    F = stacked.objective(np.stack([X, X])[:, None], np.stack(Ys)[:, None])
    th = np.stack([stacked.init(51 + g, batch=4) for g in range(2)])
    v, g = F.value_and_grad(th)
    out = adam(F, th, lr=0.01, steps=200)[0]
    for k, (loss, Y) in enumerate(zip(losses, Ys)):
        alone = AugmentedNet(MLP((3, 5, 3), "tanh", loss=loss, reduction="sum"), lam=10.0).objective(X, Y)
        vk, gk = alone.value_and_grad(th[k])
        assert same_bits(v[k], vk) and same_bits(g[k], gk)
        assert same_bits(out[k], adam(alone, th[k], lr=0.01, steps=200)[0])
    z = rng.standard_normal((2, 4, 8, 3))
    y = np.stack(Ys)[:, None]
    both = stacked.base.loss.both(z, y, np)
    assert same_bits(both[0], stacked.base.loss.value(z, y, np))
    assert same_bits(both[1], stacked.base.loss.dz(z, y, np))
    swapped = per_data_set(losses[::-1]).both(z, y, np)[1]
    assert not same_bits(swapped, both[1])
    with pytest.raises(InvalidArgument):
        stacked.base.loss.sympy(1, 2)
    with pytest.raises(InvalidArgument, match="one per stacked data set"):   # data not stacked
        stacked.objective(X, Ys[0]).value_and_grad(th[0])

"""Exact gradients of the network families vs finite differences and SymPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from critcheck.errors import InvalidArgument
from critcheck.models import MLP, AugmentedNet, LinearResNet, ReQUNet, deep_linear


def fd_grad(F, th, eps=1e-6):
    P = th.shape[-1]
    E = np.eye(P)
    return np.array([(F.value(th + eps * E[k]) - F.value(th - eps * E[k])) / (2 * eps)
                     for k in range(P)])


def data(n=5, dx=2, dy=1, seed=0, labels=False):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, dx))
    Y = np.sign(rng.standard_normal((n, dy))) if labels else rng.standard_normal((n, dy))
    return X, Y


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "linear", "softplus", "exp", "quadratic"])
@pytest.mark.parametrize("bias", [True, False])
def test_mlp_gradient_matches_finite_differences(act, bias):
    X, Y = data(dy=2)
    net = MLP((2, 3, 4, 2), act, bias=bias)
    F = net.objective(X, Y)
    th = net.init(3, scheme="normal", scale=0.5)
    np.testing.assert_allclose(F.grad(th), fd_grad(F, th), rtol=1e-5, atol=1e-6)


def test_mlp_logistic_gradient_matches_finite_differences():
    X, Y = data(labels=True)
    net = MLP((2, 4, 1), "tanh", loss="logistic", reduction="sum")
    F = net.objective(X, Y)
    th = net.init(1, scheme="normal")
    np.testing.assert_allclose(F.grad(th), fd_grad(F, th), rtol=1e-5, atol=1e-7)


def test_wrong_gradient_would_be_caught():
    # the oracle can fail: a perturbed gradient does not pass the same check
    X, Y = data()
    net = MLP((2, 3, 1), "sigmoid")
    F = net.objective(X, Y)
    th = net.init(0, scheme="normal")
    g = F.grad(th).copy()
    g[0] += 1e-3
    assert not np.allclose(g, fd_grad(F, th), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("act,loss", [("sigmoid", "squared"), ("tanh", "logistic")])
def test_mlp_gradient_and_hessian_match_sympy(act, loss):
    X = np.array([[0.5, -1.0], [1.5, 0.25]])
    Y = np.array([[1.0], [-1.0]])
    net = MLP((2, 2, 1), act, bias=True, loss=loss)
    expr, t = net.sympy_loss(X, Y)
    th = np.array([0.3, -0.2, 0.7, 0.1, -0.4, 0.25, 0.9, -1.1])
    sub = dict(zip(t, [sympy.Rational(str(v)) for v in th]))
    g_exact = np.array([float(sympy.diff(expr, s).evalf(subs=sub)) for s in t])
    F = net.objective(X, Y)
    np.testing.assert_allclose(F.grad(th), g_exact, rtol=1e-10, atol=1e-12)
    H_exact = np.array([[float(sympy.diff(expr, a, b).evalf(subs=sub)) for b in t] for a in t])
    np.testing.assert_allclose(F.hessian(th), H_exact, atol=1e-6)
    v = np.linspace(-1, 1, len(t))
    np.testing.assert_allclose(F.hvp(th, v), H_exact @ v, atol=1e-6)


def test_ntk_jacobian_matches_finite_differences_and_sympy():
    X, _ = data(n=4)
    net = MLP((2, 3, 1), "sigmoid", bias=True)
    th = net.init(5, scheme="normal")
    G = net.jacobian(th, X)
    eps = 1e-6
    E = np.eye(net.n_params)
    fd = np.stack([(net.forward(th + eps * E[k], X) - net.forward(th - eps * E[k], X))[:, 0]
                   / (2 * eps) for k in range(net.n_params)])
    np.testing.assert_allclose(G, fd, atol=1e-8)
    K = net.ntk(th, X)
    np.testing.assert_allclose(K, G.T @ G)
    # Claim VI.3's identity: dF/dtheta = (2/n) G e for the mean squared loss
    Y = np.ones((4, 1))
    e = (net.forward(th, X) - Y)[:, 0]
    np.testing.assert_allclose(net.objective(X, Y).grad(th), 2 / 4 * G @ e, atol=1e-12)


def test_batched_parameters_agree_with_single():
    X, Y = data()
    net = MLP((2, 3, 1), "tanh")
    F = net.objective(X, Y)
    thb = net.init(0, batch=4)
    vb, gb = F.value_and_grad(thb)
    for i in range(4):
        v, g = F.value_and_grad(thb[i])
        assert np.isclose(vb[i], v) and np.allclose(gb[i], g)
    assert net.jacobian(thb, X).shape == (4, net.n_params, X.shape[0])


def test_resnet_gradient_and_infimum():
    rng = np.random.default_rng(0)
    net = LinearResNet(3, 2)
    R = rng.standard_normal((3, 3))
    A = rng.standard_normal((3, 3))
    F = net.population_objective(R, A @ A.T + np.eye(3))
    th = 0.3 * rng.standard_normal(net.n_params)
    np.testing.assert_allclose(F.grad(th), fd_grad(F, th), rtol=1e-6, atol=1e-7)
    # W_1 = R - I, W_2 = 0 gives P = R: the infimum d = 3
    th0 = np.concatenate([(R - np.eye(3)).ravel(), np.zeros(9)])
    assert np.isclose(F.value(th0), 3.0)


def test_deep_linear_is_eq_3():
    X, Y = data(n=6, dx=2, dy=2)
    net = deep_linear((2, 3, 2))
    th = net.init(0, scheme="normal")
    Ws, _ = net.unpack(th)
    direct = np.sum((Y.T - Ws[1] @ Ws[0] @ X.T) ** 2)
    assert np.isclose(net.objective(X, Y).value(th), direct)


def test_augmented_gradients():
    X, Y = data(n=6, dx=2, dy=2)
    aug = AugmentedNet(MLP((2, 3, 2), "tanh", reduction="sum"), lam=0.7)
    F = aug.objective(X, Y)
    th = aug.init(2)
    np.testing.assert_allclose(F.grad(th), fd_grad(F, th), rtol=1e-5, atol=1e-7)
    X1, Y1 = data(n=5, dx=2, dy=1, labels=True)
    aug1 = AugmentedNet(MLP((2, 3, 1), "tanh", loss="logistic", reduction="sum"), lam=1.0)
    F1 = aug1.objective(X1, Y1)
    th1 = aug1.init(4)
    np.testing.assert_allclose(F1.grad(th1), fd_grad(F1, th1), rtol=1e-5, atol=1e-7)


def test_requ_gradient():
    X, Y = data(n=5, dx=2, labels=True)
    net = ReQUNet(2, 4, (0.1, 0.2, 0.3, 0.05))
    F = net.objective(X, Y)
    th = net.init(1)
    np.testing.assert_allclose(F.grad(th), fd_grad(F, th), rtol=1e-5, atol=1e-7)
    # value is eq. (8) written out
    a, W, b = net.split(th)
    z = X @ W.T + b
    f = (np.maximum(z, 0) ** 2) @ a
    lam = np.array(net.lams)
    direct = np.sum(np.log1p(np.exp(-Y[:, 0] * f))) + np.sum(
        lam * (np.abs(a) ** 3 + 2 * (np.sum(W**2, 1) + b**2) ** 1.5)) / 3
    assert np.isclose(F.value(th), direct)


def test_bad_input_is_a_clear_error():
    net = MLP((2, 3, 1))
    with pytest.raises(InvalidArgument, match="X has shape"):
        net.objective(np.zeros((4, 3)), np.zeros((4, 1)))
    with pytest.raises(InvalidArgument, match="activation"):
        MLP((2, 1), "nope")
    with pytest.raises(InvalidArgument, match="lam"):
        AugmentedNet(net, lam=0.0)
    with pytest.raises(InvalidArgument, match="n_params"):
        net.objective(np.zeros((4, 2)), np.zeros((4, 1))).grad(np.zeros(3))


def test_array_api_strict_smoke():
    xps = pytest.importorskip("array_api_strict")
    X, Y = data(dy=1)
    net = MLP((2, 3, 1), "sigmoid", bias=True)
    th = net.init(0, scheme="normal")
    F_np = net.objective(X, Y)
    Xs, Ys, ths = xps.asarray(X), xps.asarray(Y), xps.asarray(th)
    F = net.objective(Xs, Ys)
    v, g = F.value_and_grad(ths)
    np.testing.assert_allclose(np.asarray(g._array), F_np.grad(th), rtol=1e-12)
    G = net.jacobian(ths, Xs)
    np.testing.assert_allclose(np.asarray(G._array), net.jacobian(th, X), rtol=1e-12)
    aug = AugmentedNet(MLP((2, 3, 1), "tanh", reduction="sum"), lam=1.0)
    tha = aug.init(1)
    ga = aug.objective(Xs, Ys).grad(xps.asarray(tha))
    np.testing.assert_allclose(np.asarray(ga._array), aug.objective(X, Y).grad(tha), rtol=1e-12)
    rn = LinearResNet(2, 2)
    R = np.array([[1.0, 0.5], [0.0, 2.0]])
    thr = np.linspace(-0.3, 0.3, rn.n_params)
    gr = rn.population_objective(xps.asarray(R)).grad(xps.asarray(thr))
    np.testing.assert_allclose(np.asarray(gr._array), rn.population_objective(R).grad(thr))
    rq = ReQUNet(2, 3, (0.1, 0.1, 0.1))
    thq = rq.init(0)
    gq = rq.objective(Xs, Ys).grad(xps.asarray(thq))
    np.testing.assert_allclose(np.asarray(gq._array), rq.objective(X, Y).grad(thq), rtol=1e-12)


def _sympy_grad_check(F, expr, syms, th):
    sub = dict(zip(syms, [sympy.Rational(str(v)) for v in th]))
    g_exact = np.array([float(sympy.diff(expr, s).evalf(subs=sub)) for s in syms])
    np.testing.assert_allclose(F.grad(th), g_exact, rtol=1e-10, atol=1e-12)


def test_requ_gradient_matches_sympy():
    X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.7, 0.9]])
    Y = np.array([[1.0], [-1.0], [1.0]])
    net = ReQUNet(2, 2, (0.25, 0.5))
    a = sympy.symbols("a1:3", real=True)
    W = sympy.symbols("w1:5", real=True)
    b = sympy.symbols("b1:3", real=True)
    expr = 0
    for i in range(3):
        f = 0
        for j in range(2):
            z = W[2 * j] * sympy.nsimplify(X[i, 0]) + W[2 * j + 1] * sympy.nsimplify(X[i, 1]) + b[j]
            f += a[j] * sympy.Max(z, 0) ** 2
        expr += sympy.log(1 + sympy.exp(-sympy.nsimplify(Y[i, 0]) * f))
    lam = [sympy.Rational(1, 4), sympy.Rational(1, 2)]
    for j in range(2):
        expr += lam[j] * (sympy.Abs(a[j]) ** 3
                          + 2 * (W[2 * j] ** 2 + W[2 * j + 1] ** 2 + b[j] ** 2) ** sympy.Rational(3, 2)) / 3
    th = np.array([0.7, -1.2, 0.4, 0.8, 1.1, -0.3, 0.2, 0.5])   # a, W (row-major), b
    _sympy_grad_check(net.objective(X, Y), expr, list(a) + list(W) + list(b), th)


def test_augmented_gradient_matches_sympy():
    X = np.array([[0.5], [1.5], [-1.0]])
    Y = np.array([[1.0], [-1.0], [1.0]])
    base = MLP((1, 2, 1), "tanh", bias=False, loss="logistic", reduction="sum")
    aug = AugmentedNet(base, lam=1.5)
    base_expr, t = base.sympy_loss(X, Y)          # base loss, only to reuse the symbols t0..t3
    a, w, b = sympy.symbols("a w b", real=True)
    expr = 0
    for i in range(3):
        x = sympy.nsimplify(X[i, 0])
        f = t[2] * sympy.tanh(t[0] * x) + t[3] * sympy.tanh(t[1] * x) + a * sympy.exp(w * x + b)
        expr += sympy.log(1 + sympy.exp(-sympy.nsimplify(Y[i, 0]) * f))
    expr += sympy.Rational(3, 2) * a**2 / 2
    th = np.array([0.3, -0.8, 1.2, 0.5, 0.25, -0.6, 0.1])
    _sympy_grad_check(aug.objective(X, Y), expr, list(t) + [a, w, b], th)

"""Network families, exact gradients, HVPs and the NTK (critcheck.models).

Run:  python examples/models_quickstart.py
"""

import numpy as np

from critcheck.models import MLP, AugmentedNet, LinearResNet, ReQUNet, deep_linear

rng = np.random.default_rng(0)
X = rng.standard_normal((6, 2))           # one sample per row
Y = rng.standard_normal((6, 1))

# seed 003 eq. (1): a tanh net with biases, mean squared loss (eq. (2))
net = MLP((2, 8, 1), "tanh")
F = net.objective(X, Y)
theta = net.init(seed=1)                  # Xavier normal
value, grad = F.value_and_grad(theta)
print(f"F = {value:.4f}, |grad| = {np.linalg.norm(grad):.4f}, P = {net.n_params}")

# Hessian-vector product (central difference of the exact gradient) and full Hessian
v = rng.standard_normal(net.n_params)
print("HVP matches H @ v:", np.allclose(F.hvp(theta, v), F.hessian(theta) @ v, atol=1e-5))

# NTK matrices of eqs. (5)-(6); Claim VI.3's identity dF/dtheta = (2/n) G e
G, K = net.jacobian(theta, X), net.ntk(theta, X)
e = (net.forward(theta, X) - Y)[:, 0]
print("G:", G.shape, "K:", K.shape, "dF = (2/n) G e:", np.allclose(grad, 2 / 6 * G @ e))

# a batch of 32 networks at once: parameters of shape (32, P)
thetas = net.init(seed=2, batch=32)
print("batched values:", F.value(thetas).shape)

# two data sets of one size trained as one batch: X (2, 1, n, d), parameters (2, 16, P),
# one step size per data set; each gets the very numbers it would get alone
from critcheck.models.train import gradient_descent

Xs, Ys = np.stack([X, 2 * X])[:, None], np.stack([Y, Y])[:, None]
th0 = np.stack([net.init(seed=3, batch=16), net.init(seed=4, batch=16)])
th, _ = gradient_descent(net.objective(Xs, Ys), th0, lr=np.array([0.1, 0.05])[:, None, None], steps=50)
alone, _ = gradient_descent(net.objective(2 * X, Y), th0[1], lr=0.05, steps=50)
print("stacked data sets, same numbers as alone:", np.array_equal(th[1], alone))

# the other families
dl = deep_linear((2, 3, 3, 1))                                  # eq. (3)
rn = LinearResNet(d=2, H=3)                                     # seed 002, Hardt & Ma
aug = AugmentedNet(MLP((2, 8, 1), "tanh", loss="logistic", reduction="sum"), lam=1.0)  # eq. (7)
rq = ReQUNet(d=2, m=7, lams=(1e-3,) * 7)                       # eq. (8)
Ylab = np.sign(Y)
for name, obj, th in [("deep linear", dl.objective(X, Y), dl.init(0, scheme="normal")),
                      ("linear ResNet", rn.population_objective(np.eye(2) * 2), np.zeros(rn.n_params)),
                      ("exp neuron", aug.objective(X, Ylab), aug.init(0)),
                      ("ReQU + eq. (8)", rq.objective(X, Ylab), rq.init(0))]:
    print(f"{name:15s} F = {float(obj.value(th)):.4f}")

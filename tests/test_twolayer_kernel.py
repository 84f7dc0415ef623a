"""Kernel enclosures of the two-layer loss and the interval-minimum certificate check."""

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from flint import arb, fmpq

from critcheck.kernel.twolayer import check_certificate, enclose
from critcheck.twolayer.certify import certify_point, make_certificate
from critcheck.twolayer.loss import gradient, hessian, population_loss
from critcheck.twolayer.polish import newton_polish
from critcheck.twolayer.vectors import PATTERN, pattern_point

KERNEL = Path(__file__).resolve().parents[1] / "critcheck" / "kernel"


def _balls(W, rad=None):
    r = None if rad is None else fmpq(rad.numerator, rad.denominator)
    out = []
    for row in W:
        q = [Fraction(float(x)) for x in row]
        out.append([arb(fmpq(x.numerator, x.denominator)) if r is None
                    else arb(fmpq(x.numerator, x.denominator), r) for x in q])
    return out


def _contains(ball, x):
    q = Fraction(float(x))
    return ball.contains(arb(fmpq(q.numerator, q.denominator)))


def test_enclosures_contain_numpy_values_at_points():
    rng = np.random.default_rng(7)
    W = rng.standard_normal((4, 5))
    V = rng.integers(-2, 3, (3, 5))
    Vq = [[Fraction(int(x)) for x in r] for r in V]
    F, g, H = enclose(3, 4, 5, Vq, _balls(W), prec=200)
    # the float values carry rounding error ~1e-15; compare through a small widening
    tol = arb(0, fmpq(1, 10 ** 12))
    assert (F + tol).contains(arb(fmpq(*Fraction(float(population_loss(W, V))).as_integer_ratio())))
    gn = gradient(W, V).ravel()
    Hn = hessian(W, V)
    assert all(_contains(g[i] + tol, gn[i]) for i in range(20))
    assert all(_contains(H[i, j] + tol, Hn[i, j]) for i in range(20) for j in range(20))
    assert F.rad() < fmpq(1, 10 ** 40)


def test_wider_box_gives_wider_enclosure():
    V = [[Fraction(int(i == j)) for j in range(6)] for i in range(6)]
    W = pattern_point(6, *PATTERN[6])
    F1, g1, H1 = enclose(6, 6, 6, V, _balls(W, Fraction(1, 2 ** 30)))
    F2, g2, H2 = enclose(6, 6, 6, V, _balls(W, Fraction(1, 2 ** 20)))
    assert F2.rad() > F1.rad() and F2.contains(F1)
    assert all(b.contains(a) for a, b in zip(g1, g2))
    assert H2[3, 17].rad() > H1[3, 17].rad()


def test_non_smooth_boxes_are_refused():
    V = [[Fraction(int(i == j)) for j in range(3)] for i in range(3)]
    W0 = _balls(np.array([[0.0, 0.0, 0.0], [1.0, 0.2, 0.1], [0.3, 1.0, 0.1]]), Fraction(1, 2 ** 10))
    with pytest.raises(ValueError, match="norm ball contains 0"):
        enclose(3, 3, 3, V, W0)
    Wpar = _balls(np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.2], [0.3, 1.0, 0.1]]), Fraction(1, 2 ** 10))
    with pytest.raises(ValueError, match="parallel"):
        enclose(3, 3, 3, V, Wpar)          # w_1 parallel to v_1
    Wss = _balls(np.array([[1.0, 0.3, 0.2], [2.0, 0.6, 0.4], [0.3, 1.0, 0.1]]), Fraction(1, 2 ** 10))
    with pytest.raises(ValueError, match="student rows 0, 1"):
        enclose(3, 3, 3, V, Wss)


def test_certificate_accepted_for_k6_test_vector_and_rejected_when_tampered():
    rep = certify_point(pattern_point(6, *PATTERN[6]))
    assert rep.accepted, rep.reason
    cert = rep.certificate
    assert check_certificate(cert)["accepted"]
    # centre moved by 1e-6: the box no longer holds the critical point
    moved = dict(cert, center=[str(Fraction(c) + Fraction(1, 10 ** 6)) for c in cert["center"]])
    out = check_certificate(moved)
    assert not out["accepted"] and "Krawczyk" in out["reason"]
    # lambda above the true smallest eigenvalue
    out = check_certificate(dict(cert, **{"lambda": "1/100"}))
    assert not out["accepted"] and "LDL" in out["reason"]
    # the global minimum W = V is not a smooth point
    W = np.eye(6)
    out = check_certificate(make_certificate(W, np.eye(6), Fraction(1, 2 ** 30), Fraction(1, 1000)))
    assert not out["accepted"] and "not smooth" in out["reason"]
    assert not check_certificate(dict(cert, kind="other"))["accepted"]
    assert not check_certificate(dict(cert, center=cert["center"][:-1]))["accepted"]


def test_definiteness_check_rejects_indefinite_and_accepts_definite():
    from flint import arb_mat

    from critcheck.kernel.interval_box import pd_lower_bound

    N = 20
    rng = np.random.default_rng(11)
    Q, _ = np.linalg.qr(rng.standard_normal((N, N)))
    eig = np.linspace(0.01, 2.0, N)
    for lam_min, expect in ((0.01, True), (-0.01, False)):
        eig[0] = lam_min
        A = (Q * eig) @ Q.T
        M = arb_mat([[arb(fmpq(*Fraction(float((A[i, j] + A[j, i]) / 2)).as_integer_ratio()), fmpq(1, 2 ** 60))
                      for j in range(N)] for i in range(N)])
        ok, _ = pd_lower_bound(M, Fraction(1, 200))
        assert ok is expect
    ok, why = pd_lower_bound(M, Fraction(-1, 2))
    assert not ok and "positive" in why


def test_kernel_modules_are_hygienic():
    for name in ("twolayer.py", "interval_box.py"):
        src = (KERNEL / name).read_text()
        tree = ast.parse(src)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [] if node.level else [(node.module or "").split(".")[0]]
            else:
                continue
            for m in mods:
                assert m in {"flint", "fractions", "__future__"}, (name, m)
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.module in {"interval_box", "twolayer"}, (name, node.module)
        for bad in ("float(", "evalf", "nsimplify", "numpy", "math."):
            assert bad not in src, (name, bad)

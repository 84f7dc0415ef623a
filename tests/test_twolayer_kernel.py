"""Kernel enclosures of the two-layer loss and the interval-minimum certificate check."""

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from flint import arb, fmpq

from critcheck.kernel import check
from critcheck.kernel.twolayer import enclose
from critcheck.twolayer.certify import box_certificate, certify_point, twolayer_statement
from critcheck.twolayer.loss import gradient, hessian, population_loss
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
    st, cert = rep.statement, rep.certificate
    j = check(st.to_data(), cert)           # from plain JSON data, as `critcheck check` does
    assert j.accepted and j.facts["value"].startswith("[0.02508")
    # centre moved by 1e-6: the box no longer holds the critical point
    moved = dict(cert, center={v: str(Fraction(c) + Fraction(1, 10 ** 6)) for v, c in cert["center"].items()})
    j = check(st, moved)
    assert not j.accepted and j.rule == "interval existence"
    # a box too large for definiteness / existence
    assert not check(st, dict(cert, radius="1/10")).accepted
    # value_above larger than the minimum's value
    from critcheck.kernel import Statement
    d = st.to_data()
    d["data"] = dict(d["data"], value_above="1/10")
    j = check(Statement.from_data(d), cert)
    assert not j.accepted and "not above" in j.reason
    # the global minimum W = V is not a smooth point
    j = check(twolayer_statement(np.eye(6), 6), box_certificate(np.eye(6), Fraction(1, 2 ** 30)))
    assert not j.accepted and "not smooth" in j.reason
    # wrong variable set
    bad = dict(cert, center=dict(list(cert["center"].items())[:-1]))
    assert not check(st, bad).accepted


def test_definiteness_check_rejects_indefinite_and_accepts_definite():
    from flint import arb_mat

    from critcheck.kernel.twolayer import definite_lower_bound

    N = 40
    rng = np.random.default_rng(11)
    Q, _ = np.linalg.qr(rng.standard_normal((N, N)))
    eig = np.linspace(0.01, 2.0, N)
    for lam_min, expect in ((0.01, True), (-0.01, False), (1e-12, False)):
        eig[0] = lam_min
        A = (Q * eig) @ Q.T
        M = arb_mat([[arb(fmpq(*Fraction(float((A[i, j] + A[j, i]) / 2)).as_integer_ratio()), fmpq(1, 2 ** 40))
                      for j in range(N)] for i in range(N)])
        low = definite_lower_bound(M)
        assert (low is not None) is expect
        if low is not None:
            assert 0 < low < fmpq(1, 100)
        # an untrusted guess of lambda_min never turns an indefinite enclosure into a definite one
        for guess in (Fraction(1, 200), Fraction(1, 10 ** 6), Fraction(3)):
            low = definite_lower_bound(M, guess=guess)
            assert (low is not None) is (expect and guess < Fraction(1, 100) * 8)
            if low is not None:
                assert 0 < low <= fmpq(guess.numerator, guess.denominator)


def test_strong_convexity_existence_is_used_and_a_bad_guess_falls_back():
    rep = certify_point(pattern_point(6, *PATTERN[6]))
    assert rep.accepted, rep.reason
    st, cert = rep.statement, rep.certificate
    assert "lambda_guess" in cert
    j = check(st, cert)
    assert j.accepted and j.facts["existence"] == "strong convexity"
    # no guess, or a useless one: the kernel searches its own shift and uses Krawczyk
    for bad in ({k: v for k, v in cert.items() if k != "lambda_guess"},
                dict(cert, lambda_guess="5"), dict(cert, lambda_guess="-1/3")):
        j2 = check(st, bad)
        assert j2.accepted and j2.facts["existence"] == "Krawczyk"
        assert j2.facts["value"] == j.facts["value"]
    assert not check(st, dict(cert, lambda_guess="one half")).accepted
    # a centre off the critical point by much more than lambda r / 2 fails both existence tests
    moved = dict(cert, center={v: str(Fraction(c) + Fraction(1, 10 ** 8)) for v, c in cert["center"].items()})
    j3 = check(st, moved)
    assert not j3.accepted and j3.rule == "interval existence" and "lambda r / 2" in j3.reason


def test_kernel_modules_are_hygienic():
    for name in ("twolayer.py", "twolayer_rule.py"):
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
                assert node.module in {"twolayer", "errors"}, (name, node.module)
        for bad in ("float(", "evalf", "nsimplify", "numpy", "math."):
            assert bad not in src, (name, bad)


def test_k6_minimum_stays_certified_when_embedded_in_d7():
    from critcheck.twolayer.vectors import embed

    W, V = embed(pattern_point(6, *PATTERN[6]), np.eye(6), 7)
    rep = certify_point(W, V)
    assert rep.accepted, rep.reason
    assert (rep.k, rep.n, rep.d) == (6, 6, 7)


def test_rendered_statement_names_the_teacher_it_was_given():
    # the printed statement comes from the statement's exact teacher rows: I_k only when V is I_k
    text = twolayer_statement(np.eye(7), 7).to_latex()
    assert "orthonormal teacher $V = I_{7}$" in text and "$n=7$ student" in text
    assert r"\mathcal N(0, I_{7})" in text and "$F > 0$" in text
    V = np.eye(7)
    V[0, 1] = 0.5                                   # not orthonormal: must not be rendered as I_7
    other = twolayer_statement(V, 7).to_latex()
    assert "I_{7}$ (" not in other and r"V\in\mathbb Q^{7\times 7}" in other
    wide = twolayer_statement(np.eye(8)[:6], 6).to_latex()   # k = 6 teacher rows in d = 8
    assert "orthonormal" not in wide and r"\mathbb Q^{6\times 8}" in wide and "I_{8}" in wide


def _reference_hessian(k, n, d, V, W):
    """The Hessian enclosure entry by entry (every (r, q) on its own, no shared products), the
    form the kernel had before the blocks shared u_i u_i^T and were mirrored."""
    from flint import ctx

    from critcheck.kernel.twolayer import _norm, _pair, to_arb

    old, ctx.prec = ctx.prec, 64
    try:
        pi, Wa, Va = arb.pi(), [[to_arb(x) for x in r] for r in W], [[to_arb(x) for x in r] for r in V]
        tpi = 2 * pi
        rw, rv = [_norm(r, "w") for r in Wa], [_norm(r, "v") for r in Va]
        uw = [[x / rw[i] for x in Wa[i]] for i in range(n)]
        uv = [[x / rv[j] for x in Va[j]] for j in range(k)]
        pw = {}
        for i in range(n):
            for ii in range(i + 1, n):
                pw[i, ii] = pw[ii, i] = _pair(Wa[i], Wa[ii], rw[i], rw[ii], "")
        pv = {(i, j): _pair(Wa[i], Va[j], rw[i], rv[j], "") for i in range(n) for j in range(k)}
        H = [[None] * (n * d) for _ in range(n * d)]
        for i in range(n):
            terms = [(rw[ii], uw[ii], pw[i, ii], 1) for ii in range(n) if ii != i]
            terms += [(rv[j], uv[j], pv[i, j], -1) for j in range(k)]
            for r in range(d):
                for q in range(d):
                    h = arb(1) / 2 if r == q else arb(0)
                    for ru, uu, (t, s, c), sg in terms:
                        sc = sg * ru / (tpi * rw[i] * s)
                        a = [c * uw[i][x] - uu[x] for x in range(d)]
                        h += sc * (a[r] * a[q] - s * s * (uw[i][r] * uw[i][q] - (1 if r == q else 0)))
                    H[i * d + r][i * d + q] = h
            for ii in range(i + 1, n):
                t, s, c = pw[i, ii]
                for r in range(d):
                    for q in range(d):
                        e = ((uw[i][r] + uw[ii][r]) * (uw[i][q] + uw[ii][q]) - (1 + c) * (
                            uw[i][r] * uw[i][q] + uw[ii][r] * uw[ii][q])) * (1 / (tpi * s))
                        H[i * d + r][ii * d + q] = H[ii * d + q][i * d + r] = e + (
                            (pi - t) / tpi if r == q else 0)
        return H
    finally:
        ctx.prec = old


@pytest.mark.parametrize("k,n,d,seed,rad", [(3, 4, 5, 1, None), (2, 3, 2, 2, Fraction(1, 2 ** 20)),
                                            (6, 6, 6, 3, Fraction(1, 2 ** 30)), (1, 2, 3, 4, Fraction(1, 2 ** 8))])
def test_hessian_blocks_computed_once_per_pair_match_the_entrywise_formula(k, n, d, seed, rad):
    """The enclosure shares u_i u_i^T and mirrors each symmetric block: every entry must be
    the entry-by-entry ball up to the last rounding bits (same midpoint to 1e-15 relative, same
    radius to 1e-6 relative, or rounding) and the matrix exactly symmetric."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n, d))
    V = [[Fraction(float(x)) for x in row] for row in rng.standard_normal((k, d))]
    Wb = _balls(W, rad)
    _, _, H = enclose(k, n, d, V, Wb)
    R = _reference_hessian(k, n, d, V, Wb)
    N = n * d
    tol = fmpq(1, 10 ** 15)
    for i in range(N):
        for j in range(N):
            h, ref = H[i, j], R[i][j]
            assert h.mid() == H[j, i].mid() and h.rad() == H[j, i].rad()
            assert h.overlaps(ref) and abs(h.mid() - ref.mid()) <= tol * (abs(ref.mid()) + 1)
            slack = ref.rad() / 10 ** 6 + fmpq(1, 2 ** 55) * (abs(ref.mid()) + 1)   # rounding only
            assert abs(h.rad() - ref.rad()) <= slack, (i, j, h, ref)


def _ldl_reference(a):
    """Exact positive definiteness of a list of rational rows by Sylvester's criterion: every
    leading principal minor > 0 (FLINT's exact rational determinants)."""
    from flint import fmpq_mat

    M = fmpq_mat([[fmpq(x.numerator, x.denominator) for x in row] for row in a])
    return all(fmpq_mat([[M[i, j] for j in range(m)] for i in range(m)]).det() > 0
               for m in range(1, len(a) + 1))


@pytest.mark.parametrize("N", [1, 5, 16, 17, 33, 48])
def test_blocked_ldl_matches_exact_rational_ldl(N):
    """ldl_positive (entries sliced per block, Schur complements in arb) against exact minors,
    on definite, indefinite, nearly singular and barely definite matrices, at and across the
    16 x 16 leaf."""
    from flint import arb_mat

    from critcheck.kernel.twolayer import _shift_positive, ldl_positive

    rng = np.random.default_rng(N)
    Q, _ = np.linalg.qr(rng.standard_normal((N, N)))
    for low in (0.5, 1e-3, -1e-3, 0.0, -2.0):
        eig = np.linspace(0.2, 3.0, N)
        eig[N // 2] = low
        A = (Q * eig) @ Q.T
        Aq = [[Fraction(round((A[i, j] + A[j, i]) * 2 ** 19), 2 ** 20) for j in range(N)] for i in range(N)]
        M = arb_mat([[fmpq(x.numerator, x.denominator) for x in row] for row in Aq])
        exact = _ldl_reference(Aq)
        if abs(low) > 1e-4:     # the grid of 2^-20 moves eigenvalues by < 1e-4 here
            assert exact is (low > 0)
        assert ldl_positive(M) is exact or (exact and abs(low) < 1e-4)
        # the diagonal shift M - sI written into a copy equals the matrix subtraction
        for s in (Fraction(1, 10), Fraction(0), Fraction(-1, 3)):
            I = arb_mat([[fmpq(s.numerator, s.denominator) if i == j else 0 for j in range(N)] for i in range(N)])
            shifted = [[x - (s if i == j else 0) for j, x in enumerate(row)] for i, row in enumerate(Aq)]
            assert _shift_positive(M, arb(fmpq(s.numerator, s.denominator))) is ldl_positive(M - I)
            assert ldl_positive(M - I) is _ldl_reference(shifted) or abs(low - float(s)) < 1e-4

"""Claim ``ntk.claim_VI_3``: a critical point with full-rank NTK has zero loss.

Seed 003, Sec. VI-A, eqs. (5)-(6), Claim VI.3: with ``F(θ) = (1/n) Σ (y_i −
f_θ(x_i))²``, ``G(θ) = (∂f_θ(x_1)/∂θ, …, ∂f_θ(x_n)/∂θ) ∈ R^{P×n}`` and
``K = GᵀG``: ``∇F(θ*) = (2/n) G(θ*) e*`` with ``e*_i = f_θ*(x_i) − y_i``; if
``∇F(θ*) = 0`` and ``K(θ*)`` is invertible then ``e* = 0`` and ``F(θ*) = 0``.

Checked for symbolic ``G`` of sizes ``(P, n) ∈ {(1,1), (2,2), (3,2)}``: the
gradient formula with abstract network outputs, then the polynomial identity
``adj(K) Gᵀ (G e) = det(K) e``, which turns ``G e = 0`` and ``det K ≠ 0``
into ``e = 0``. Random integer instances (exact rank and null space) are
recorded as evidence.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

STATEMENT = (r"If $\ell(a,b)=(a-b)^2$, $\nabla F(\theta^*)=0$ and $K(\theta^*)=G^\top G$ is "
             r"full rank, then $F(\theta^*)=0$ (a global minimum).")


def _case(d, P, n):
    th = sympy.symbols(f"theta1:{P + 1}", real=True)
    ys = sympy.symbols(f"y1:{n + 1}", real=True)
    fs = [sympy.Function(f"f{i + 1}")(*th) for i in range(n)]
    F = sum((y - f) ** 2 for y, f in zip(ys, fs)) / n
    G = sympy.Matrix(P, n, lambda p, i: sympy.diff(fs[i], th[p]))
    e = sympy.Matrix([f - y for f, y in zip(fs, ys)])
    grad = sympy.Matrix([sympy.diff(F, t) for t in th])
    sub = d.case(f"P = {P},\\ n = {n}")
    sub.step("gradient of F equals (2/n) G e (eq. (5))", grad, 2 * G * e / n,
             check=lambda: (sympy.simplify(grad - 2 * G * e / n)).is_zero_matrix)
    g = sympy.Matrix(P, n, lambda p, i: sympy.Symbol(f"g_{{{p + 1}{i + 1}}}", real=True))
    es = sympy.Matrix(n, 1, lambda i, _: sympy.Symbol(f"e_{i + 1}", real=True))
    K = g.T * g
    lhs = K.adjugate() * g.T * (g * es)
    sub.step("adj(K) G^T (G e) = det(K) e, K = G^T G (eq. (6))", lhs, K.det() * es,
             check=lambda: (sympy.expand(lhs - K.det() * es)).is_zero_matrix)
    sub.text(r"At a critical point $Ge=0$, so $\det(K)\,e=0$; $K$ full rank means "
             r"$\det K\ne 0$, hence $e=0$ and $F=\frac1n\sum e_i^2=0$, the least possible "
             r"value of a sum of squares.")
    D = sympy.Symbol("D", nonzero=True)
    sub.step("det K != 0 and det(K) e = 0 give e = 0", sympy.Eq(D * es, sympy.zeros(n, 1)),
             sympy.Eq(es, sympy.zeros(n, 1)), relation="⇒",
             check=lambda: sympy.solve(list(D * es), list(es)) == {x: 0 for x in es})
    return True


def _random_instances(seed, count=20):
    import random

    rng = random.Random(seed)
    out = {"instances": 0, "full_rank": 0, "critical_implies_zero_error": 0}
    for _ in range(count):
        P, n = rng.randint(2, 5), rng.randint(1, 3)
        if P < n:
            P, n = n, P
        G = sympy.Matrix(P, n, lambda *_: rng.randint(-3, 3))
        out["instances"] += 1
        if G.rank() == n:
            out["full_rank"] += 1
            # critical point: G e = 0; the null space of a full-column-rank G is {0}
            if G.nullspace() == [] and (G.T * G).det() != 0:
                out["critical_implies_zero_error"] += 1
    out["seed"] = seed
    return out


@claim("ntk.claim_VI_3", title="critical point with full-rank NTK has zero loss",
       source="seed 003, Claim VI.3, eqs. (5)-(6)", method="symbolic + numeric",
       expected="PROVED", statement=STATEMENT)
def check(ctx):
    from critcheck.claims.derivation import Derivation

    d = Derivation()
    d.text(r"Abstract network outputs $f_i(\theta)$; $G_{pi}=\partial f_i/\partial\theta_p$.")
    done = {f"P={P},n={n}": _case(d, P, n) for P, n in ((1, 1), (2, 2), (3, 2))}
    rnd = _random_instances(ctx.seed)
    ok = all(done.values()) and rnd["full_rank"] == rnd["critical_implies_zero_error"]
    ev = {"sizes": done, "random_integer_instances": rnd}
    if ok:
        return Outcome("PROVED", summary="grad F = (2/n) G e and adj(K) G^T G e = det(K) e force "
                       "e = 0 at full-rank critical points", evidence=ev, derivation=d)
    return Outcome("INCONCLUSIVE", summary="a size or instance failed", evidence=ev,
                   derivation=d, open_branches=["see evidence"])

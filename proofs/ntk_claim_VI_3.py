"""Claim ``ntk.claim_VI_3``: a critical point with full-rank NTK has zero loss.

Seed 003, Sec. VI-A, eqs. (5)-(6), Claim VI.3: with ``F(θ) = (1/n) Σ (y_i −
f_θ(x_i))²``, ``G(θ) = (∂f_θ(x_1)/∂θ, …, ∂f_θ(x_n)/∂θ) ∈ R^{P×n}`` and
``K = GᵀG``: ``∇F(θ*) = (2/n) G(θ*) e*`` with ``e*_i = f_θ*(x_i) − y_i``; if
``∇F(θ*) = 0`` and ``K(θ*)`` is invertible then ``e* = 0`` and ``F(θ*) = 0``.

What the kernel certifies (``formal=``), for ``(P, n) ∈ {(1,1), (2,2), (3,2)}``:
with outputs *affine* in ``θ``, ``f_i(θ) = u_i + Σ_p g_{pi} θ_p`` (``G = (g_{pi})``
constant, ``u``, ``y``, ``G`` parameters) and ``det(GᵀG) ≠ 0`` (for ``P = n = 1``:
``g_11 ≠ 0``), every critical point of ``F = (1/n) Σ_i (f_i − y_i)²`` has
``f_i − y_i = 0`` for every ``i``, i.e. ``F = 0``. The certificate is the
combination ``e = (n/2) adj(K) Gᵀ ∇F / det K`` (a one-leaf case tree).

What the kernel does *not* check: that the general claim reduces to the affine
case. By the chain rule (eq. (5)) ``∇F(θ*)`` depends on the network only
through ``e* = f_θ*(x) − y`` and ``G(θ*)``, which are exactly the affine model's
residual and Jacobian at ``θ = θ*``; the derivation shows this with abstract
outputs ``f_i(θ)``, re-checked by SymPy, but the kernel's expression language has
no derivatives of abstract functions, so the general statement (with
``G(θ) = ∂f/∂θ`` in the assumption ``det(GᵀG) ≠ 0``) cannot be stated to it.
Random integer instances (exact rank and null space) are recorded as evidence.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

SIZES = ((1, 1), (2, 2), (3, 2))


def affine_statement(P: int, n: int):
    """Claim VI.3 for outputs affine in theta, one size (see the module docstring)."""
    from critcheck.kernel import Statement
    from critcheck.symbolic.certificates import W

    th = [f"theta{p + 1}" for p in range(P)]
    us, ys = [f"u{i + 1}" for i in range(n)], [f"y{i + 1}" for i in range(n)]
    gs = [f"g{p + 1}{i + 1}" for p in range(P) for i in range(n)]
    res = [f"(u{i + 1} + " + " + ".join(f"g{p + 1}{i + 1}*theta{p + 1}" for p in range(P))
           + f" - y{i + 1})" for i in range(n)]
    loss = "(" + " + ".join(f"{r}^2" for r in res) + f")/{n}"
    det = "g11" if (P, n) == (1, 1) else W(_gram_det(P, n))
    return Statement("every_critical_point_satisfies", loss, tuple(th), tuple(us + ys + gs),
                     (f"{det} != 0",), {"goal": res},
                     title=f"Claim VI.3, affine outputs, P = {P}, n = {n}: det(G^T G) != 0 and "
                           "grad F = 0 give zero residuals")


def _g(P, n):
    return sympy.Matrix(P, n, lambda p, i: sympy.Symbol(f"g{p + 1}{i + 1}", real=True))


def _gram_det(P, n):
    G = _g(P, n)
    return sympy.expand((G.T * G).det())


def affine_certificate(P: int, n: int) -> dict:
    """e = (n/2) adj(K) G^T grad F / det K, K = G^T G: one goal leaf (untrusted builder)."""
    from critcheck.symbolic.certificates import W, goal

    G = _g(P, n)
    C = (G.T * G).adjugate() * G.T
    det = "g11" if (P, n) == (1, 1) else W(_gram_det(P, n))
    if (P, n) == (1, 1):
        C = sympy.Matrix([[1]])       # e = (1/2) dF/dtheta / g11
    coeffs = [{str(p): f"({W(sympy.expand(C[i, p] * sympy.Rational(n, 2)))})/({det})"
               for p in range(P) if C[i, p] != 0} for i in range(n)]
    return {"tree": goal(*coeffs)}


def formal_statements() -> list:
    return [affine_statement(P, n) for P, n in SIZES]


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
       expected="PROVED", formal=formal_statements())
def check(ctx):
    from critcheck.claims.derivation import Derivation

    d = Derivation()
    d.text(r"Abstract network outputs $f_i(\theta)$; $G_{pi}=\partial f_i/\partial\theta_p$.")
    done = {f"P={P},n={n}": _case(d, P, n) for P, n in SIZES}
    rnd = _random_instances(ctx.seed)
    ok = all(done.values()) and rnd["full_rank"] == rnd["critical_implies_zero_error"]
    ev = {"sizes": done, "random_integer_instances": rnd}
    if ok:
        d.text(r"\textbf{Certified by the kernel} (outputs affine in $\theta$): "
               + " ".join(s.to_latex() for s in formal_statements()))
        return Outcome("PROVED", summary="for affine outputs with det(G^T G) != 0, (P, n) in "
                       "{(1,1), (2,2), (3,2)}: every critical point has zero residuals (kernel); "
                       "the reduction of Claim VI.3 to this case by eq. (5) is shown, not certified",
                       evidence=ev, derivation=d, statement=formal_statements(),
                       certificate=[affine_certificate(P, n) for P, n in SIZES])
    return Outcome("INCONCLUSIVE", summary="a size or instance failed", evidence=ev,
                   derivation=d, open_branches=["see evidence"])

"""Seed 000 (Sohl-Dickstein & Kawaguchi), eq. (1) and Appendix A.

With ``λ > 0`` and an abstract loss value ``L ≥ 0``, the augmented loss
``L̃ = L (1 + (a e^b − 1)²) + λ a²`` has partial derivatives

    ∂_a L̃ = 2 L (a e^b − 1) e^b + 2 λ a,     ∂_b L̃ = 2 L (a e^b − 1) a e^b,

exactly as printed in Appendix A, and every critical point in ``(a, b)``
has ``a = 0`` and ``L = 0`` (so every critical point of L̃ is a global
minimum of L). For fixed ``L > 0`` there is no critical point at all
(Sec. I: the minima have moved to ``b → ∞``).
"""

from __future__ import annotations

from critcheck import Outcome, Verdict, claim

SOURCE_A = "seed 000, eq. (1), Appendix A"


def _paper_gradient(L, a, b, lam):
    import sympy

    e = sympy.exp(b)
    return 2 * L * (a * e - 1) * e + 2 * lam * a, 2 * L * (a * e - 1) * a * e


def appendix_a(lam_positive: bool = True, budget: float | None = 60.0) -> Outcome:
    """The Appendix A check, also used by tests with false variants (``λ`` real)."""
    import sympy

    from critcheck.symbolic.augment import abstract_loss, sd_symbols, sohl_dickstein_kawaguchi
    from critcheck.symbolic.critical import critical_points
    from critcheck.symbolic.universal import holds_at_every_critical_point

    a, b, lam = sd_symbols(lam_positive)
    L = abstract_loss("L")
    Lt = sohl_dickstein_kawaguchi(L, a, b, lam)
    cs = critical_points(Lt, [a, b], [L, lam], budget=budget)
    pa, pb = _paper_gradient(L, a, b, lam)
    checks = cs.derivation.case("the printed gradient (Appendix A)")
    checks.step(r"$\partial_a \tilde L$ as printed", cs.gradient[0], pa)
    checks.step(r"$\partial_b \tilde L$ as printed", cs.gradient[1], pb)
    outcome = holds_at_every_critical_point(cs, [a, L])
    outcome.evidence["gradient_a"] = str(cs.gradient[0])
    outcome.evidence["gradient_b"] = str(cs.gradient[1])
    outcome.evidence["assumptions"] = ("lambda > 0" if lam_positive else "lambda real") + ", L >= 0"
    return outcome


@claim("sd.appendix_a",
       title="Every critical point of the augmented loss has a = 0 and L = 0",
       source=SOURCE_A, method="symbolic", expected="PROVED",
       statement=r"For $\lambda>0$ and an abstract loss value $L\ge 0$, the loss "
                 r"$\tilde L = L\,(1+(a e^{b}-1)^2)+\lambda a^2$ has "
                 r"$\partial_a\tilde L = 2L(ae^b-1)e^b+2\lambda a$ and "
                 r"$\partial_b\tilde L = 2L(ae^b-1)ae^b$, and every critical point in "
                 r"$(a,b)$ has $a=0$ and $L=0$.")
def check_appendix_a(ctx):
    return appendix_a(True, budget=ctx.budget)


@claim("sd.no_critical_point_if_L_positive",
       title="For fixed L > 0 the augmented loss has no critical point in (a, b)",
       source="seed 000, Sec. I", method="symbolic", expected="PROVED",
       statement=r"For any fixed $L>0$ and $\lambda>0$, $\tilde L(a,b)$ has no critical point: "
                 r"the minima have moved to $b\to\infty$.")
def check_no_critical_point(ctx):
    from critcheck.symbolic.augment import abstract_loss, sd_symbols, sohl_dickstein_kawaguchi
    from critcheck.symbolic.critical import critical_points

    a, b, lam = sd_symbols(True)
    L = abstract_loss("L", positive=True)
    cs = critical_points(sohl_dickstein_kawaguchi(L, a, b, lam), [a, b], [L, lam],
                         budget=ctx.budget)
    ev = {"closed_branches": [f"{' / '.join(p) or 'top'}: {why}" for p, why in cs.solve.closed],
          "solver_seconds": round(cs.solve.seconds, 3)}
    if not cs.solve.complete:
        return Outcome(Verdict.INCONCLUSIVE, summary="open branches remain", evidence=ev,
                       derivation=cs.derivation,
                       open_branches=[str(o) for o in cs.solve.open_branches])
    if cs.solve.components:
        ev["components"] = [str(c) for c in cs.solve.components]
        return Outcome(Verdict.INCONCLUSIVE,
                       summary=f"{len(cs.solve.components)} critical component(s) found",
                       evidence=ev, derivation=cs.derivation)
    cs.derivation.text(r"Every branch is closed: there is no critical point. $\blacksquare$")
    return Outcome(Verdict.PROVED,
                   summary=f"no critical point: all {len(cs.solve.closed)} branches closed",
                   evidence=ev, derivation=cs.derivation)

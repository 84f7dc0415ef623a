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


LOSS = "L*(1 + (a*exp(b) - 1)^2) + lambda*a^2"
PRINTED = ["2*L*(a*exp(b) - 1)*exp(b) + 2*lambda*a", "2*L*(a*exp(b) - 1)*a*exp(b)"]


def formal_statements(lam_positive: bool = True):
    """The kernel statements of Appendix A: the printed gradient, and a = L = 0 at
    every critical point (``λ > 0``, ``L >= 0`` as parameters)."""
    from critcheck.kernel import Statement

    assume = ("lambda > 0", "L >= 0") if lam_positive else ("L >= 0",)
    grad = Statement("gradient_equals", LOSS, ("a", "b"), ("L", "lambda"), assume,
                     {"gradient": PRINTED})
    every = Statement("every_critical_point_satisfies", LOSS, ("a", "b"), ("L", "lambda"), assume,
                      {"goal": ["a", "L"]})
    return [grad, every]


def appendix_a_certificate() -> dict:
    """The case tree behind Appendix A (hypotheses 0, 1: the two partials).

    Split d_b = 2 * L * (a e^b - 1) * a * e^b; on L = 0, d_a gives a = 0;
    on a e^b = 1, d_a gives a = 0 and then a e^b = 1 is -1 = 0; on a = 0,
    d_a gives L e^b = 0, split again; e^b = 0 is impossible.
    """
    import sympy

    from critcheck.symbolic.certificates import contradiction, derive, goal, split

    a, b, L, lam = sympy.symbols("a b L lambda", real=True)
    u = sympy.exp(b)
    a_from_da_L = {"0": "1/(2*lambda)", "2": "-(a*exp(b) - 1)*exp(b)/lambda"}
    branch_L = goal(a_from_da_L, {"2": "1"})
    branch_aU = derive(a, {"0": "1/(2*lambda)", "2": "-L*exp(b)/lambda"},
                       derive(-1, {"2": "1", "3": "-exp(b)"}, contradiction(4)))
    branch_a = derive(L * u, {"0": "-1/2", "2": "L*exp(2*b) + lambda"},
                      split(3, [L, u], [goal({"2": "1"}, {"4": "1"}), contradiction(4, ">0")]))
    branch_u = contradiction(2, ">0")
    return {"tree": split(1, [L, a * u - 1, a, u], [branch_L, branch_aU, branch_a, branch_u], 2)}


def no_critical_point_statement():
    from critcheck.kernel import Statement

    return Statement("no_critical_point", LOSS, ("a", "b"), ("L", "lambda"),
                     ("lambda > 0", "L > 0"))


def no_critical_point_certificate() -> dict:
    """As Appendix A, but each branch ends in a contradiction because L > 0."""
    import sympy

    from critcheck.symbolic.certificates import contradiction, derive, split

    a, b, L = sympy.symbols("a b L", real=True)
    u = sympy.exp(b)
    branch_aU = derive(a, {"0": "1/(2*lambda)", "2": "-L*exp(b)/lambda"},
                       derive(-1, {"2": "1", "3": "-exp(b)"}, contradiction(4)))
    branch_a = derive(L * u, {"0": "-1/2", "2": "L*exp(2*b) + lambda"}, contradiction(3, ">0"))
    return {"tree": split(1, [L, a * u - 1, a, u],
                          [contradiction(2, ">0"), branch_aU, branch_a, contradiction(2, ">0")], 2)}


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
    if outcome.verdict is Verdict.PROVED:
        # the solver's case analysis is shown to readers; the verdict rests on
        # the kernel's check of this case tree
        outcome.statement = formal_statements(lam_positive)
        outcome.certificate = [{}, appendix_a_certificate()]
    outcome.evidence["gradient_a"] = str(cs.gradient[0])
    outcome.evidence["gradient_b"] = str(cs.gradient[1])
    outcome.evidence["assumptions"] = ("lambda > 0" if lam_positive else "lambda real") + ", L >= 0"
    return outcome


@claim("sd.appendix_a",
       title="Every critical point of the augmented loss has a = 0 and L = 0",
       source=SOURCE_A, method="symbolic", expected="PROVED",
       formal=formal_statements(True))
def check_appendix_a(ctx):
    return appendix_a(True, budget=ctx.budget)


@claim("sd.no_critical_point_if_L_positive",
       title="For fixed L > 0 the augmented loss has no critical point in (a, b)",
       source="seed 000, Sec. I", method="symbolic", expected="PROVED",
       formal=no_critical_point_statement())
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
                   evidence=ev, derivation=cs.derivation,
                   statement=no_critical_point_statement(),
                   certificate=no_critical_point_certificate())

"""Seed 003 Claim IV.1 / Prop. IV.2 (wide) and Prop. IV.3 (narrow): sub-optimal
local minima of one-hidden-layer sigmoid nets, verified exactly.

The constructions and the reduction lemma are in
:mod:`critcheck.models.sigmoid_minima`.
"""

from __future__ import annotations

from critcheck import Counterexample, Derivation, Outcome, Verdict, claim


def _perturbation_evidence(ce, ctx, radii=(1e-2, 1e-3)):
    """Numeric sanity (evidence only, not the verdict): random perturbations."""
    import numpy as np

    x = np.array([float(v) for v in ce.x])
    y = np.array([float(v) for v in ce.y])
    th = np.array([float(v) for v in ce.v] + [float(w.evalf()) for w in ce.w])
    p = ce.p
    rng = np.random.default_rng(ctx.seed)
    samples = 500 if ctx.quick else 4000

    def E(T):
        v, w = T[:, :p], T[:, p:]
        f = np.sum(v[:, None, :] / (1 + np.exp(-w[:, None, :] * x[None, :, None])), axis=2)
        return np.sum((f - y) ** 2, axis=1)

    E0 = E(th[None, :])[0]
    out = {}
    for rad in radii:
        d = rng.standard_normal((samples, 2 * p))
        d *= rad / np.linalg.norm(d, axis=1, keepdims=True)
        out[f"min E(theta*+d) - E* over |d|={rad:g}"] = float(np.min(E(th + d) - E0))
    return samples, out


def _derivation(ce, lemma: bool) -> Derivation:
    import sympy

    d = Derivation("Exact verification")
    d.text("Data (scalar inputs, exact rational labels): $x = (%s)$, $y = (%s)$."
           % (", ".join(sympy.latex(v) for v in ce.x), ", ".join(sympy.latex(v) for v in ce.y)))
    d.text("Point: $v = (%s)$, $w = (%s)$; with $w_j = \\log u_j$ all sigmoid values are rational."
           % (", ".join(sympy.latex(v) for v in ce.v), ", ".join(sympy.latex(v) for v in ce.w)))
    if lemma:
        d.text("Reduction lemma (Ding, Li & Sun, arXiv:1911.01413): with $V=\\sum_j v_j$, "
               "$\\bar w = \\sum_j v_j w_j / V$, $s = \\sum_j (v_j/V)(w_j-\\bar w)^2 \\ge 0$ and all "
               "$v_j$ of one sign, Taylor's theorem gives $f = V\\sigma(\\bar w x) + "
               "\\frac{Vs}{2}x^2\\sigma''(\\bar w x) + R$ with $|R| \\le C|V|s\\max_j|w_j-\\bar w|$; "
               "hence $E \\ge g(V,\\bar w) + s\\,[V r\\cdot(x^2\\sigma''(w^*x)) - o(1)]$ near the split "
               "point. If $(V^*,w^*)$ is a strict local minimum of the one-neuron loss $g$ and "
               "$V^* r\\cdot(x^2\\sigma''(w^*x))>0$, the split point is a local minimum of $E$. "
               "The lemma is a written argument; the machine checks its hypotheses below, exactly.")
    S = sympy.Symbol
    shown = {
        "inputs distinct": (S("x_i"), S("x_j \\ (i \\ne j)"), "≠"),
        "labels rational": (S("y"), S("\\mathbb{Q}^n"), "∈"),
        "gradient exactly zero": (S("\\nabla E(v, w)"), 0, "="),
        "lower loss exists": (S("E(\\theta_{low})"), S("E(\\theta^*)"), "<"),
        "Hessian positive definite (Sylvester)": (S("\\nabla^2 E(v, w)"), 0, ">"),
        "width n-1": (S("p"), S("n - 1"), "="),
        "width >= n": (S("p"), S("n"), "≥"),
        "equal split, one sign": (S("(v_j, w_j)"), S("(V^*/p,\\ w^*)"), "="),
        "reduced gradient zero": (S("\\nabla g(V^*, w^*)"), 0, "="),
        "reduced Hessian positive definite": (S("\\nabla^2 g(V^*, w^*)"), 0, ">"),
        "curvature sign V r.(x^2 sigma'') > 0": (S("V^* r \\cdot (x^2 \\sigma''(w^* x))"), 0, ">"),
    }
    for name, (ok, detail) in ce.checks().items():
        before, after, rel = shown.get(name, (S("\\text{check}"), S("\\text{holds}"), "⇒"))
        d.step(name + " (exact rationals)", before, after, relation=rel,
               check=(lambda n=name: ce.checks()[n][0]), note=detail[:400])
    return d


def _refute(ce, ctx, note: str, what: str, summary: str, lemma: bool) -> Outcome:
    """Shared body of both refutations: exact checks, evidence, counterexample."""
    checks = ce.checks()
    samples, pert = _perturbation_evidence(ce, ctx)
    ev = {"n": ce.n, "width_p": ce.p, "x": [str(v) for v in ce.x], "y": [str(v) for v in ce.y],
          "loss_at_point": str(ce.loss_at(ce.v, ce.w)),
          "lower_point": {k: [str(c) for c in v] for k, v in ce.lower.items()},
          "loss_at_lower_point": str(ce.loss_at(ce.lower["v"], ce.lower["w"])),
          "checks": {k: [ok, det[:300]] for k, (ok, det) in checks.items()},
          "numeric_sanity_samples": samples, "numeric_sanity": pert, "seed": ctx.seed,
          "quick": ctx.quick, "note": note}
    if not all(ok for ok, _ in checks.values()):
        bad = [k for k, (ok, _) in checks.items() if not ok]
        return Outcome(Verdict.INCONCLUSIVE, summary=f"exact checks failed: {bad}", evidence=ev,
                       open_branches=bad)
    cx = Counterexample(ce.point(), what, verify=ce.verify, verified_by="exact")
    return Outcome(Verdict.REFUTED, summary=summary, evidence=ev,
                   derivation=_derivation(ce, lemma=lemma), counterexample=cx)


def sigmoid_loss_text(x, y, p: int) -> str:
    """E(v, w) = sum_i (sum_j v_j sigma(w_j x_i) - y_i)^2 as kernel text (seed 003, Claim IV.1)."""
    from critcheck.kernel.exprs import write

    terms = []
    for xi, yi in zip(x, y):
        f = " + ".join(f"v{j}/(1 + exp(-({write(xi)})*w{j}))" for j in range(1, p + 1))
        terms.append(f"({f} - ({write(yi)}))^2")
    return " + ".join(terms)


def narrow_formal(ce):
    """The existence statement of Prop. IV.3 on the instance n = 2, p = 1: the exact
    point is a local minimum (critical, exactly positive definite Hessian) and a
    second exact point has lower loss."""
    from critcheck.kernel import Statement
    from critcheck.kernel.exprs import write

    p = ce.p
    names = tuple(f"v{j}" for j in range(1, p + 1)) + tuple(f"w{j}" for j in range(1, p + 1))
    pt = {f"v{j + 1}": write(ce.v[j]) for j in range(p)}
    pt.update({f"w{j + 1}": write(ce.w[j]) for j in range(p)})
    low = {f"v{j + 1}": write(ce.lower["v"][j]) for j in range(p)}
    low.update({f"w{j + 1}": write(ce.lower["w"][j]) for j in range(p)})
    st = Statement("suboptimal_local_min", sigmoid_loss_text(ce.x, ce.y, p), names,
                   data={"point": pt, "better": low},
                   title=f"sigmoid net, n = {ce.n} inputs x = {list(map(str, ce.x))}, p = {p}")
    return st, {"local_min": {"method": "hessian"}}


@claim("wide.claim_IV_1",
       title="A sigmoid net of width p >= n has no bad local minimum (Claim IV.1) -- refuted",
       source="seed 003, Sec. IV-C, Claim IV.1, Prop. IV.2; seed 002 (Yu & Chen 1995 as a theorem)",
       method="symbolic + numeric", expected="INCONCLUSIVE",
       statement="For $\\min_{v,W}\\sum_{i=1}^n (y_i - v\\phi(Wx_i))^2$ with sigmoid $\\phi$, "
                 "width $p \\ge n$ and distinct inputs, every local minimum is a global minimum.")
def wide(ctx):
    from critcheck.models.sigmoid_minima import wide_counterexample

    ce = wide_counterexample()
    out = _refute(
        ce, ctx,
        note="non-strict local minimum (flat along splits of V among equal neurons); "
             "local minimality from the reduction lemma whose hypotheses are checked exactly",
        what="a local minimum of the width-3 sigmoid net on n = 3 distinct "
             "inputs whose loss exceeds that of an exhibited rational point",
        summary=f"n=3, p=3: local minimum with loss {ce.loss_at(ce.v, ce.w)} > "
                f"{float(ce.loss_at(ce.lower['v'], ce.lower['w'])):.3g} (exact rationals)",
        lemma=True)
    if out.verdict is not Verdict.REFUTED:
        return out
    # The split point is a non-strict minimum: local minimality rests on the
    # reduction lemma, which the kernel cannot check (no rule for it; interval
    # rules need a strict minimum). Its hypotheses are checked exactly above.
    return Outcome(Verdict.INCONCLUSIVE,
                   summary="candidate counterexample; local minimality rests on the unchecked "
                           "reduction lemma (Ding, Li & Sun)", evidence=out.evidence,
                   derivation=out.derivation,
                   open_branches=["not kernel-checked: the reduction lemma of Ding, Li & Sun "
                                  "(arXiv:1911.01413) that makes the split point a local minimum"])


@claim("narrow.prop_IV_3",
       title="With n-1 hidden neurons, data with a bad strict local minimum exist (Prop. IV.3; n = 2, 3)",
       source="seed 003, Sec. IV-E, Prop. IV.3",
       method="symbolic + numeric", expected="PROVED")
def narrow(ctx):
    from critcheck.models.sigmoid_minima import narrow_counterexample

    ce = narrow_counterexample()
    out = _refute(
        ce, ctx,
        note="strict local minimum: exact critical point with exactly positive definite "
             "Hessian (second-order sufficient condition); smallest case n = 2",
        what="a strict local minimum of a 1-neuron sigmoid net on n = 2 "
             "distinct inputs, with a rational point of lower loss",
        summary=f"n=2, p=1: strict local minimum with loss {ce.loss_at(ce.v, ce.w)} > "
                f"{float(ce.loss_at(ce.lower['v'], ce.lower['w'])):.4g}",
        lemma=False)
    if out.verdict is not Verdict.REFUTED:
        return out
    st, cert = narrow_formal(ce)
    # n = 3 inputs, p = 2 neurons: a strict local minimum in a Krawczyk box whose loss
    # exceeds that of an exact point (critcheck.models.narrow_n3)
    from critcheck.models.narrow_n3 import statement_and_certificate

    st3, cert3, info3 = statement_and_certificate()
    ev = dict(out.evidence, n3=info3)
    # Prop. IV.3 is an existence statement: proved on these instances by the kernel
    return Outcome(Verdict.PROVED, summary=out.summary + "; n=3, p=2: strict bad minimum in a box",
                   evidence=ev, derivation=out.derivation, statement=[st, st3],
                   certificate=[cert, cert3])

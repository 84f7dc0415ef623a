"""Seed 003, Sec. IV-C, Prop. IV.2 beyond one instance: n >= 3 and several inputs.

Prop. IV.2: for n >= 3 distinct scalar inputs, some labels make the sigmoid
net (seed 003's E, width p >= n here p = n) have a sub-optimal local minimum.
For each instance the construction of :mod:`critcheck.models.sigmoid_split`
gives the labels and a split point. Exact parts, each accepted by the trusted
kernel: the split point is a critical point of E; the single neuron's
(V*, u*) is a strict local minimum of g (interval rule); the lemma's
curvature number V* r.c is positive; a rational point has smaller loss.
The step from these hypotheses to "local minimum of E" is the reduction lemma
of Ding, Li & Sun (a written argument the kernel does not check), so the
verdict is SUPPORTED, with a perturbation test around each split point as the
numeric criterion (a saddle -- the lemma's sign reversed -- fails it).
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'wide.prop_IV_2': 'the kernel accepts every exact part of every instance and no perturbation lowers the loss by more than 1e-10 max(1, E*); the reversed curvature sign must fail',
}

QUICK = ((1, 2, 3), (-1, 1, 2))
FULL = ((1, 2, 3), (-1, 1, 2), (1, 2, 3, 4))
RADII = (1e-2, 1e-3)


def _lower_point(ins):
    """A rational point of zero loss, in (v, u) coordinates: distinct u_j = 1/2, 2, 3, ...
    make S_ij = sigma(w_j x_i) invertible (checked), and v = S^-1 y fits the data."""
    import sympy

    us = [sympy.Rational(1, 2)] + [sympy.Integer(j + 1) for j in range(1, ins.p)]
    S = sympy.Matrix([[u**xi / (1 + u**xi) for u in us] for xi in ins.x])
    if S.shape[0] != S.shape[1] or S.det() == 0:
        raise ValueError(f"no exact interpolating point found for x={ins.x}")
    v = S.LUsolve(sympy.Matrix(ins.y))
    pt = {f"v{j + 1}": v[j] for j in range(ins.p)}
    pt.update({f"u{j + 1}": us[j] for j in range(ins.p)})
    return pt


def kernel_parts(ins):
    """The exact statements for one instance and their (empty) certificates."""
    import sympy

    from critcheck.kernel import Statement
    from critcheck.models.sigmoid_split import loss_text

    p = ins.p
    names = tuple([f"v{j + 1}" for j in range(p)] + [f"u{j + 1}" for j in range(p)])
    pos = tuple(f"u{j + 1} > 0" for j in range(p))
    E = loss_text(ins.x, ins.y, p)
    pt = {k: sympy.sstr(v) for k, v in ins.point().items()}
    low = {k: sympy.sstr(v) for k, v in _lower_point(ins).items()}
    g = loss_text(ins.x, ins.y, 1, ["V"], ["u"])
    out = [
        (Statement("critical_point", E, names, assumptions=pos, data={"point": pt},
                   title=f"split point is critical, x = {ins.x}"), {}),
        (Statement("interval_minimum", g, ("V", "u"), data={"family": "expr", "args": {}},
                   title="one neuron: strict local minimum at (V*, u*)"),
         {"center": {"V": sympy.sstr(ins.V), "u": sympy.sstr(ins.u)}, "radius": "1/1000000"}),
        (Statement("relation", "0", (), data={"lhs": sympy.sstr(ins.curvature), "rel": ">", "rhs": "0"},
                   title="lemma curvature V* r.(x^2 sigma''(w* x)) > 0"), {}),
        (Statement("less_than", E, names, assumptions=pos, data={"q": low, "p": pt},
                   title="a point of smaller loss (zero loss)"), {}),
    ]
    return out


def perturbation_min(ins, seed, samples):
    """Least ``E(theta* + d) - E*`` over random ``d`` on spheres of the given radii (w = log u)."""
    import numpy as np

    from critcheck.models.sigmoid_split import loss_numeric

    th = np.array([float(ins.V / ins.p)] * ins.p + [float(np.log(float(ins.u)))] * ins.p)
    x, y = ins.x, [float(v) for v in ins.y]
    E0 = float(loss_numeric(th, x, y))
    rng = np.random.default_rng(seed)
    out = {}
    for rad in RADII:
        d = rng.standard_normal((samples, th.size))
        d *= rad / np.linalg.norm(d, axis=1, keepdims=True)
        out[rad] = float(np.min(loss_numeric(th + d, x, y) - E0))
    return E0, out


def prop_IV_2_check(ctx, inputs=None, t=1):
    from critcheck.kernel import check
    from critcheck.models.sigmoid_split import split_instance

    inputs = (QUICK if ctx.quick else FULL) if inputs is None else inputs
    M = 2000 if ctx.quick else 8000
    rows, per, ok = [], [], True
    for k, x in enumerate(inputs):
        ctx.progress(k, len(inputs), f"x = {tuple(x)}: kernel checks, perturbations")
        ins = split_instance(x, t=t)
        parts = kernel_parts(ins)
        judged = [(st.title, check(st, cert)) for st, cert in parts]
        E0, pert = perturbation_min(ins, ctx.seed + k, M)
        tol = 1e-10 * max(1.0, E0)
        good_k = all(j.accepted for _, j in judged)
        good_p = all(v >= -tol for v in pert.values())
        ok &= good_k and good_p
        per.append({"x": list(ins.x), "y": [str(v) for v in ins.y], "u_star": str(ins.u),
                    "V_star": str(ins.V), "width": ins.p, "loss_at_split": E0,
                    "curvature": str(ins.curvature),
                    "kernel": {t_: {"accepted": j.accepted, "reason": j.reason} for t_, j in judged},
                    "perturbation_min_change": {str(r): v for r, v in pert.items()}})
        rows.append(CriterionRow(f"n={ins.n}, x={ins.x}: kernel parts accepted",
                                 sum(j.accepted for _, j in judged), len(judged),
                                 decision="ok" if good_k else "rejected"))
        rows.append(CriterionRow(f"n={ins.n}, x={ins.x}: min E(theta*+d) - E*", min(pert.values()),
                                 f">= -{tol:.1e}", decision="ok" if good_p else "descent found"))
    crit = Criterion(
        hypothesis="Prop. IV.2 on the instances listed: the labels built for each input set make "
                   "the width-n sigmoid net have a sub-optimal local minimum at the split point",
        statistic=f"kernel judgements of the exact parts; least loss change over {M} random "
                  f"perturbations on each sphere of radius {RADII}",
        sample_size=M * len(RADII) * len(inputs),
        decision_rule="SUPPORTED iff the kernel accepts every exact part of every instance and no "
                      "perturbation lowers the loss by more than 1e-10 max(1, E*); with the lemma's "
                      "curvature sign reversed the split point is a saddle and both fail",
        passed=bool(ok), rows=tuple(rows))
    ev = {"samples": crit.sample_size, "seed": ctx.seed, "quick": ctx.quick, "instances": per,
          "not_kernel_checked": "the reduction lemma (hypotheses -> local minimum of the wide net)"}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary=f"{len(inputs)} instances (n = {sorted({len(x) for x in inputs})}): exact "
                           f"parts {'all accepted' if ok else 'not all accepted'} by the kernel; "
                           "no descent around any split point" if ok else "criterion failed",
                   open_branches=[] if ok else ["criterion failed"])


@claim("wide.prop_IV_2",
       title="Prop. IV.2 for several n >= 3 and several input sets: a bad local minimum exists",
       source="seed 003, Sec. IV-C, Prop. IV.2 (construction after Ding, Li & Sun [14])",
       method="symbolic + numeric", expected="SUPPORTED",
       statement="For inputs x = (1,2,3), (-1,1,2), (1,2,3,4) (quick: the first two) there are rational labels for which the sigmoid net of width n has a "
                 "sub-optimal local minimum; exact hypotheses kernel-checked, the reduction lemma "
                 "cited, local minimality tested by perturbations.")
def prop_IV_2(ctx):
    return prop_IV_2_check(ctx)

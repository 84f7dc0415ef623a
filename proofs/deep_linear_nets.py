"""Seed 003 Thm III.1 and Thm III.2: critical points of deep linear networks.

For the smallest sizes (widths 2, depth 2 and 3) the classification is exact
(:mod:`critcheck.models.linear_exact`); the larger instances are numeric.

Numeric evidence (SUPPORTED at most): on random instances meeting the
hypotheses, every critical point found -- constructed ones (Baldi-Hornik
index sets), Newton's method on the gradient from random starts, L-BFGS
minima -- is a global minimum when the product is full rank and a saddle,
with a negative-curvature (or descent) direction exhibited, when it is
singular.
"""

from __future__ import annotations

import itertools

from critcheck import Outcome, Verdict, claim

# the decision rule of each SUPPORTED claim, shown by `critcheck list --criteria`
CRITERIA = {
    'deep_linear.thm_III_1': ('0 critical points of a non-global, non-saddle kind; <= 10 % undecided; power >= 0.99 against a 5 % failure rate'),
    'deep_linear.thm_III_2': ('0 critical points of the wrong kind for their rank; both ranks present; <= 10 % undecided'),
}

# the statements as data (the falsified twins of the tests change them):
# Thm III.1: the kinds a critical point may have; Thm III.2: the kind by rank of the product
III_1_KINDS = ("global", "saddle")
III_2_FULL_RANK, III_2_SINGULAR = "global", "saddle"
DRAWS_PER_ARCHITECTURE = 2


def _instance(rng, dims, n):
    X = rng.standard_normal((n, dims[0]))
    Y = rng.standard_normal((n, dims[-1]))
    return X, Y


def _survey(ctx, dims_list, hypothesis: str):
    """Find and classify critical points on random instances."""
    import numpy as np

    from critcheck.models import deep_linear
    from critcheck.models.critical import classify_critical_point, newton_critical_point
    from critcheck.models.linear_critical import (constructed_critical_point, global_value,
                                                  least_squares_parts, product)
    from critcheck.models.train import lbfgs

    rng = np.random.default_rng(ctx.seed)
    n_inst = len(dims_list) if ctx.quick else DRAWS_PER_ARCHITECTURE * len(dims_list)
    n_newton = 3 if ctx.quick else 8
    n_lbfgs = 2 if ctx.quick else 4
    rows, violations, undecided = [], [], 0
    for inst in range(n_inst):
        dims = dims_list[inst % len(dims_list)]
        ctx.progress(inst, n_inst, f"instance {inst + 1}: dims={dims}, searching critical points")
        n = 3 * max(dims[0], dims[-1])
        X, Y = _instance(rng, dims, n)
        B, lam, U = least_squares_parts(X, Y)
        net = deep_linear(dims)
        F = net.objective(X, Y)
        fg = global_value(X, Y, dims)
        k_max = min(dims)
        starts = []
        for k in range(0, min(k_max, dims[-1]) + 1):
            for S in itertools.combinations(range(dims[-1]), k):
                starts.append(("constructed S=%s" % (list(S),),
                               constructed_critical_point(X, Y, dims, S, rng=rng)))
        pts = list(starts)
        for s in range(n_newton):
            th0 = net.init(int(rng.integers(1 << 30)), scheme="normal")
            th, gn = newton_critical_point(F, th0)
            pts.append(("newton", th))
        for s in range(n_lbfgs):
            th0 = net.init(int(rng.integers(1 << 30)), scheme="xavier")
            th, _ = lbfgs(F, th0)
            pts.append(("lbfgs", th))
        ctx.progress(inst, n_inst, f"instance {inst + 1}: dims={dims}, classifying {len(pts)} points")
        for origin, th in pts:
            g = float(np.linalg.norm(F.grad(th)))
            scale = 1.0 + float(np.sum(Y**2))
            if g > 1e-6 * scale:
                continue  # not converged to a critical point: not counted
            info = classify_critical_point(F, th, fg, rng)
            sv = np.linalg.svd(product(th, dims), compute_uv=False)
            full = bool(sv[-1] > 1e-6 * max(1.0, sv[0])) and len(sv) == min(dims[0], dims[-1])
            info.update(instance=inst, dims=list(dims), origin=origin, product_full_rank=full,
                        product_min_sv=float(sv[-1]))
            rows.append(info)
            if info["kind"] == "undecided":
                # neither a witness nor a certificate: reported, not counted as a violation
                undecided += 1
                continue
            if hypothesis == "III.2":
                bad = (full and info["kind"] != III_2_FULL_RANK) or (not full and info["kind"] != III_2_SINGULAR)
            else:  # III.1: no critical point is a non-global local minimum
                bad = info["kind"] not in III_1_KINDS
            if bad:
                violations.append(info)
    return rows, violations, undecided


def _exact_smallest():
    """Exact classification on the rational 2x2 instance (L = 2 and 3)."""
    from critcheck.models.linear_exact import classify_exact, rational_critical_points

    rows, bad = [], []
    for L in (2, 3):
        for S, Ws in rational_critical_points(L):
            info = classify_exact(S, Ws)
            info["L"] = L
            rows.append(info)
            want = "global" if info["product_rank"] == 2 else "saddle"
            if not info["critical"] or info["kind"] != want:
                bad.append(info)
    return rows, bad


def _summarise(rows):
    import collections

    c = collections.Counter((r["kind"], r["product_full_rank"], r.get("witness", "")) for r in rows)
    return {f"{k[0]}|full_rank={k[1]}|{k[2] or '-'}": v for k, v in sorted(c.items())}


@claim("deep_linear.thm_III_1",
       title="Deep linear nets: every local minimum is global (Thm III.1)",
       source="seed 003, Sec. III, Thm III.1, eq. (3)", method="numeric", expected="SUPPORTED",
       statement="If $X$ and $Y$ have full row rank, every local minimum of "
                 "$\\|Y - W_L\\cdots W_1 X\\|_F^2$ is a global minimum. Checked on layer widths "
                 "(3,1,3), (4,2,1,3), (3,2,2,2), (2,3,1,2,2), two Gaussian data draws each with "
                 "$n = 3\\max(d_x, d_y)$ samples, and exactly on a 2x2 instance with L = 2, 3.")
def thm_III_1(ctx):
    dims_list = [(3, 1, 3), (4, 2, 1, 3), (3, 2, 2, 2), (2, 3, 1, 2, 2)]
    rows, viol, und = _survey(ctx, dims_list, "III.1")
    exact, exact_bad = _exact_smallest()
    viol = viol + exact_bad
    ev = {"exact_smallest": {"instance": "X = I_2, Y = Q diag(2,1), Q = [[3/5,-4/5],[4/5,3/5]]; "
                                          "widths 2, L = 2 and 3; Baldi-Hornik points rebalanced "
                                          "by C = [[2,1],[1,1]]", "points": exact},"samples": len(rows), "undecided_points": und, "seed": ctx.seed, "quick": ctx.quick,
          "instances": sorted({str(r["dims"]) for r in rows}),
          "counts": _summarise(rows),
          "tolerances": {"critical": "|grad| <= 1e-6 (1 + |Y|^2)",
                         "global": "|F - F*| <= 1e-6 max(1, F*)",
                         "negative curvature": "lambda_min < -1e-6 max(1, |lambda|_max)",
                         "descent": "F drops at t = 0.01, 0.03, 0.1"},
          "global_value": "rank-p reduced-rank regression optimum (problem P2)",
          "max_gap_of_global": max([abs(r["gap"]) for r in rows if r["kind"] == "global"] or [0]),
          "violations": viol[:5]}
    from critcheck.claims.criterion import no_failure_criterion

    crit = no_failure_criterion(
        f"Thm III.1 on {', '.join(str(d) for d in dims_list)} (layer widths d_x, ..., d_y; n = 3 max(d_x, d_y) "
        f"samples, {1 if ctx.quick else DRAWS_PER_ARCHITECTURE} Gaussian data draw(s) each): every critical "
        f"point found is {' or '.join(III_1_KINDS)}, plus the exact 2x2 instance (L = 2, 3)",
        "critical points of another kind", len(rows) + len(exact), len(viol), undecided=und,
        max_undecided_share=0.1, detect_rate=0.05)
    ev["criterion_note"] = "power is per critical point found; points from one instance are not independent"
    if not crit.passed:
        return Outcome(Verdict.INCONCLUSIVE, criterion=crit, summary=f"{len(viol)} critical point(s) not classified "
                       "as global or saddle (numeric: cannot refute)", evidence=ev,
                       open_branches=[f"point {v['origin']} on dims {v['dims']}: {v['kind']}" for v in viol[:5]])
    return Outcome(Verdict.SUPPORTED, evidence=ev, criterion=crit,
                   summary=f"{len(rows)} critical points on {len(ev['instances'])} architectures: "
                           f"each is global or a saddle with a witness; {len(exact)} exact points on "
                           "the smallest instance classified exactly")


@claim("deep_linear.thm_III_2",
       title="Deep linear nets: full-rank product => global, singular => saddle (Thm III.2)",
       source="seed 003, Sec. III, Thm III.2, eqs. (3)-(4)", method="numeric", expected="SUPPORTED",
       statement="Under the hypotheses of Thm III.2 (incl. eq. (4)), every critical point with "
                 "full-rank product is a global minimum; every one with singular product is a saddle. "
                 "Checked on layer widths (3,3,4,2), (2,3,2), (3,4,3,3), (2,2,2,2), two Gaussian data "
                 "draws each with $n = 3\\max(d_x, d_y)$ samples, and exactly on a 2x2 instance.")
def thm_III_2(ctx):
    dims_list = [(3, 3, 4, 2), (2, 3, 2), (3, 4, 3, 3), (2, 2, 2, 2)]
    rows, viol, und = _survey(ctx, dims_list, "III.2")
    exact, exact_bad = _exact_smallest()
    viol = viol + exact_bad
    full = sum(r["product_full_rank"] for r in rows if r["kind"] != "undecided")
    decided = [r for r in rows if r["kind"] != "undecided"]
    ev = {"exact_smallest": {"instance": "X = I_2, Y = Q diag(2,1), Q = [[3/5,-4/5],[4/5,3/5]]; "
                                          "widths 2, L = 2 and 3; Baldi-Hornik points rebalanced "
                                          "by C = [[2,1],[1,1]]; saddles certified by exact "
                                          "polynomials F(theta + t d) - F(theta)", "points": exact},"samples": len(rows), "undecided_points": und, "seed": ctx.seed, "quick": ctx.quick,
          "instances": sorted({str(r["dims"]) for r in rows}),
          "counts": _summarise(rows), "full_rank_points": full, "singular_points": len(decided) - full,
          "tolerances": {"critical": "|grad| <= 1e-6 (1 + |Y|^2)",
                         "full rank": "sigma_min(product) > 1e-6 sigma_max",
                         "global": "|F - F*| <= 1e-6 max(1, F*)",
                         "negative curvature": "lambda_min < -1e-6 max(1, |lambda|_max)"},
          "hypotheses": "random Gaussian X, Y (n = 3 max(d_x, d_y)): XX^T, XY^T full rank and "
                        "distinct singular values almost surely; thinnest layer = min(d_x, d_y)",
          "violations": viol[:5]}
    from critcheck.claims.criterion import CriterionRow, no_failure_criterion

    crit = no_failure_criterion(
        f"Thm III.2 on {', '.join(str(d) for d in dims_list)} (n = 3 max(d_x, d_y) samples, "
        f"{1 if ctx.quick else DRAWS_PER_ARCHITECTURE} Gaussian data draw(s) each): full-rank product => "
        f"{III_2_FULL_RANK}, singular => {III_2_SINGULAR}; plus the exact 2x2 instance (L = 2, 3)",
        "critical points of the wrong kind for their rank", len(rows) + len(exact), len(viol), undecided=und,
        max_undecided_share=0.1, detect_rate=0.05,
        rows=(CriterionRow("full-rank points", full, ">= 1", None, "holds" if full else "fails"),
              CriterionRow("singular points", len(decided) - full, ">= 1", None,
                           "holds" if len(decided) > full else "fails")))
    if not crit.passed or full == 0 or full == len(decided):
        return Outcome(Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                       summary=f"{len(viol)} violation(s) or a category with no points",
                       open_branches=[f"{v['origin']} on {v['dims']}: {v['kind']}" for v in viol[:5]])
    return Outcome(Verdict.SUPPORTED, evidence=ev, criterion=crit,
                   summary=f"{full} full-rank critical points all global; {len(decided) - full} singular "
                           f"ones all saddles with a witness; {und} undecided; {len(exact)} points "
                           "classified exactly on the smallest instance")

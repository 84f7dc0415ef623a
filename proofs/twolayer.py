"""Two-layer ReLU teacher-student networks (seed 002; Safran & Shamir, ICML 2018).

* ``twolayer.spurious_minima`` -- for each k in 6..20, the population loss with
  n = k students, teacher V = I_k, d = k has a spurious (non-global) strict
  local minimum: one kernel-checked interval certificate per k
  (rule ``interval_minimum``, family ``twolayer``).
* ``twolayer.rates`` -- the share of protocol runs ending at spurious minima
  agrees with the table derived from the authors' result files
  (Clopper-Pearson), and n = k+1 is far below n = k.
* ``twolayer.tian_gradient`` -- the gradient of the closed-form loss is
  Tian's formula (ICML 2017, Eq. (5)), as kernel identities on small instances.
* ``twolayer.two_units`` -- Wu, Luo & Lee (ICLR 2018 workshop, Thm 4.1): the
  four in-plane critical points of the two-unit loss on the torus
  ||w_1|| = ||w_2|| = 1 and their types.
"""

from __future__ import annotations

from critcheck import Outcome, claim

K_ALL = tuple(range(6, 21))
K_QUICK = (6, 7, 8, 9)

# statement constants (a falsified twin changes one and must not come back SUPPORTED)
RATE_REFERENCE_SHIFT = 0.0      # added to the derived table's shares
K1_BELOW_K = True               # "n = k+1 is far below n = k"
GRID_MINIMA_COUNT = 2           # local minima of F on the torus: the two global ones

CRITERIA = {
    "twolayer.rates": "Bonferroni-corrected 95 % Clopper-Pearson interval of each (k, n) share contains the "
                      "derived table's share; every run decided; n = k+1 upper bound below n = k lower bound",
    "twolayer.two_units": "exact gradient 0 and Hessian signs give the stated type at each of the four "
                          "points, values within 1e-5; exactly two grid minima, one step from the global ones",
}


def _spurious_statements(ks):
    import numpy as np

    from critcheck.twolayer.certify import twolayer_statement

    return [twolayer_statement(np.eye(k), k) for k in ks]


@claim("twolayer.spurious_minima",
       title="Spurious local minima of the two-layer ReLU loss for k = n = 6..20 (V = I_k)",
       source="seed 002; Safran & Shamir, ICML 2018, Thm 1 and Sec. 4", method="symbolic + numeric",
       expected="PROVED",
       statement="For each k in 6..20 (k = 6..9 in a quick run), the population loss F(W; V) with the "
                 "orthonormal teacher V = I_k (k teacher neurons v_j = e_j), n = k students and inputs "
                 "x ~ N(0, I_d), d = k, has a strict local minimum with F > 0 (global value 0).")
def spurious_minima(ctx):
    import numpy as np

    from critcheck.twolayer.certify import certify_point
    from critcheck.twolayer.points import DATA_FILE, load_points

    ks = K_QUICK if ctx.quick else K_ALL
    pts = load_points()
    missing = [k for k in ks if k not in pts]
    if missing:
        return Outcome("INCONCLUSIVE", summary=f"no shipped candidate point for k = {missing}",
                       open_branches=[f"k={k}: run `critcheck twolayer certify --search` to find one"
                                      for k in missing])
    rows, statements, certs = [], [], []
    for i, k in enumerate(ks):
        ctx.progress(i, len(ks), f"k={k}: polishing, building the certificate")
        # built here, checked once by the kernel in the verdict guard (evidence["kernel"])
        rep = certify_point(np.array(pts[k]["W"], dtype=float), np.eye(k), check_now=False)
        rows.append({"k": k, "n": k, "d": k, "families_shipped": 1, "radius": rep.radius,
                     "lambda_float": rep.lambda_float, "grad_max_float": rep.gradnorm,
                     "F_float": rep.F_float, "seed": pts[k]["seed"]})
        statements.append(rep.statement)
        certs.append(rep.certificate)
    ctx.progress(len(ks), len(ks), "certificates built")
    evidence = {"k_covered": list(ks), "quick": ctx.quick, "per_k": rows,
                "points_file": DATA_FILE.name,
                "note": "centres are Newton-polished descent end points (floats taken as exact "
                        "dyadic rationals); the kernel re-does every rigorous step; its proved "
                        "lambda lower bound and F enclosure per k are in evidence['kernel']"}
    return Outcome("PROVED",
                   summary=f"one interval certificate per k = {ks[0]}..{ks[-1]} (unique critical point, "
                           "Hessian PD on the box, F > 0), each checked by the kernel",
                   evidence=evidence, statement=statements, certificate=certs)


RATE_K = 10
RATE_RUNS, RATE_RUNS_QUICK = 100, 50


@claim("twolayer.rates", title="Share of descent runs at spurious minima vs the derived table",
       source="Safran & Shamir, ICML 2018, Sec. 4 (table derived from the released result files)",
       method="numeric", expected="SUPPORTED",
       statement="For k = 10 (n = k and n = k+1; V = I_k, d = k) the share of protocol runs ending "
                 "with F >= 1e-3 agrees with the derived table, and n = k+1 is far below n = k. "
                 "The full sweep k = 6..20 is `critcheck twolayer sweep` (benchmarks/RESULTS.md).")
def rates(ctx):
    from critcheck.distributed import map_tasks
    from critcheck.twolayer.descent import PROTOCOL
    from critcheck.twolayer.rates import rate_criterion
    from critcheck.twolayer.sweep import aggregate, make_tasks, run_task

    runs = RATE_RUNS_QUICK if ctx.quick else RATE_RUNS
    tasks = make_tasks([RATE_K], runs=runs, chunk=100, base=10954 + ctx.seed, engine="numba")
    ctx.progress(0, len(tasks), "descent tasks")
    agg = aggregate(map_tasks(run_task, tasks, scheduler="serial",
                              progress=lambda done, total: ctx.progress(done, total, "descent tasks")))
    crit = rate_criterion(agg, shift=RATE_REFERENCE_SHIFT, k1_below=K1_BELOW_K)
    evidence = {
        "samples": sum(a["runs"] for a in agg.values()), "seed": 10954 + ctx.seed,
        "seeds": "per task: (base, k, n, chunk)", "protocol": PROTOCOL, "quick": ctx.quick,
        "early_labelling": "runs with F < 1e-4 (checked every 200 steps) labelled global",
        "cells": [{"k": a["k"], "n": a["n"], "runs": a["runs"], "spurious": a["spurious"],
                   "decided": a["decided"], "families": a["families"], "min_F": a["min_F"],
                   "mean_F": a["mean_F"], "seconds": round(a["seconds"], 2)}
                  for a in agg.values()],
    }
    verdict = "SUPPORTED" if crit.passed else "INCONCLUSIVE"
    return Outcome(verdict, summary="; ".join(f"{r.quantity}: {r.ours} [{r.decision}]" for r in crit.rows[:2]),
                   evidence=evidence, criterion=crit)


def _tian_statement(n: int, k: int, d: int):
    """F(W; V) for symbolic W (n x d) and V (k x d) and Tian's gradient, as a kernel statement."""
    from critcheck.kernel import Statement

    ws = [[f"w{i + 1}{c + 1}" for c in range(d)] for i in range(n)]
    vs = [[f"v{j + 1}{c + 1}" for c in range(d)] for j in range(k)]

    def nrm(x):
        return "sqrt(" + "+".join(f"{a}**2" for a in x) + ")"

    def cos(x, y):
        return "(" + "+".join(f"{a}*{b}" for a, b in zip(x, y)) + f")/({nrm(x)}*{nrm(y)})"

    def kap(x, y):
        c = cos(x, y)
        return f"{nrm(x)}*{nrm(y)}/(2*pi)*(sqrt(1-({c})**2) + (pi-acos({c}))*({c}))"

    def gam(x, y, m):
        c = cos(x, y)
        return f"({nrm(y)}*sqrt(1-({c})**2)*{x[m]}/{nrm(x)} + (pi-acos({c}))*{y[m]})/(2*pi)"

    terms = [f"({nrm(w)})**2/4" for w in ws] + [f"({nrm(v)})**2/4" for v in vs]
    terms += [f"({kap(ws[i], ws[j])})" for i in range(n) for j in range(i + 1, n)]
    terms += [f"({kap(vs[i], vs[j])})" for i in range(k) for j in range(i + 1, k)]
    terms += [f"-({kap(w, v)})" for w in ws for v in vs]
    grad = []
    for i in range(n):
        for m in range(d):
            g = [f"{ws[i][m]}/2"] + [f"({gam(ws[i], ws[j], m)})" for j in range(n) if j != i]
            g += [f"-({gam(ws[i], v, m)})" for v in vs]
            grad.append(" + ".join(g))
    return Statement("gradient_equals", " + ".join(terms), tuple(sum(ws, [])), tuple(sum(vs, [])),
                     data={"gradient": grad},
                     title=f"Tian's gradient formula, n={n}, k={k}, d={d}")


def _tian_symmetries(n: int, k: int, d: int) -> list:
    """Generators of F's symmetries: swapping two coordinates in every vector, and two students.

    Untrusted hints for the kernel (rule ``gradient_equals``), which checks that F is unchanged
    under each and then obtains a partial derivative from the image of one it checked.
    """
    out = []
    for c in range(d - 1):
        m = {}
        for pre, count in (("w", n), ("v", k)):
            for i in range(count):
                m[f"{pre}{i + 1}{c + 1}"], m[f"{pre}{i + 1}{c + 2}"] = f"{pre}{i + 1}{c + 2}", f"{pre}{i + 1}{c + 1}"
        out.append(m)
    for i in range(n - 1):
        m = {}
        for c in range(d):
            m[f"w{i + 1}{c + 1}"], m[f"w{i + 2}{c + 1}"] = f"w{i + 2}{c + 1}", f"w{i + 1}{c + 1}"
        out.append(m)
    return out


TIAN_INSTANCES = ((1, 1, 2), (2, 1, 2))
TIAN_QUICK = ((1, 1, 2),)


@claim("twolayer.tian_gradient", title="The closed-form gradient is Tian's formula",
       source="Tian, ICML 2017, Sec. 3, Eq. (5); Safran & Shamir, ICML 2018, Sec. 2",
       method="symbolic", expected="PROVED",
       statement="For F = 1/2 sum kappa(w_i,w_i') - sum kappa(w_i,v_j) + 1/2 sum kappa(v_j,v_j') with "
                 "symbolic W and V: grad_{w_i} F = w_i/2 + sum_{i'!=i} gamma(w_i,w_i') - "
                 "sum_j gamma(w_i,v_j), gamma(w,u) = (|u| sin t wbar + (pi - t) u)/(2 pi); "
                 "instances (n,k,d) = (1,1,2), (2,1,2) ((1,1,2) in a quick run).")
def tian_gradient(ctx):
    inst = TIAN_QUICK if ctx.quick else TIAN_INSTANCES
    sts = [_tian_statement(*x) for x in inst]   # the kernel's checks (the long part) report progress
    return Outcome("PROVED", summary=f"kernel identity (gradient_equals) for (n,k,d) in {list(inst)}",
                   evidence={"instances": [list(x) for x in inst],
                             "scope": "instances with symbolic weights; every student-student and "
                                      "student-teacher pair is the same function kappa"},
                   statement=sts, certificate=[{"symmetries": _tian_symmetries(*x)} for x in inst])


TWO_UNIT_POINTS = {  # (theta1, theta2) in units of pi/4 -> (Wu, Luo & Lee value, type)
    (0, 2): (0.0, "global minimum"),
    (1, 1): (0.14834, "saddle"),
    (1, 5): (0.35544, "saddle"),
    (5, 5): (1.56255, "local maximum"),
}


def _torus_analysis(progress=None):
    """Exact (SymPy, untrusted) gradient, Hessian and value of f(theta1, theta2) at the four points.

    f = 1 + 1/(2 pi) + g(a_12) - sum_{i,j} g(a_ij), g(a) = (sin a + (pi - a) cos a)/(2 pi),
    a the angle between the unit vectors; near each point a is a linear branch of
    |theta_i - theta_j| folded into [0, pi] (g'(0) = g'(pi) = 0, g is C^2 there).
    """
    import sympy as sp

    t1, t2 = sp.symbols("theta1 theta2", real=True)
    pi = sp.pi

    def g(a):
        return (sp.sin(a) + (pi - a) * sp.cos(a)) / (2 * pi)

    def branch(x, val):
        for s in (1, -1):
            for m in range(-2, 3):
                if 0 <= s * val + 2 * pi * m <= pi:
                    return s * x + 2 * pi * m
        raise AssertionError(val)  # pragma: no cover

    out = []
    for i, ((a, b), (ref, kind)) in enumerate(TWO_UNIT_POINTS.items()):
        if progress is not None:
            progress(i, f"point ({a}, {b}) pi/4")
        p = (a * pi / 4, b * pi / 4)
        sub = {t1: p[0], t2: p[1]}
        th, E = (t1, t2), (0, pi / 2)
        f = 1 + 1 / (2 * pi) + g(branch(t1 - t2, p[0] - p[1]))
        for i in range(2):
            for j in range(2):
                f -= g(branch(th[i] - E[j], p[i] - E[j]))
        F = sp.nsimplify(sp.simplify(f.subs(sub)))
        grad = [sp.simplify(sp.diff(f, v).subs(sub)) for v in (t1, t2)]
        H = sp.Matrix(2, 2, lambda r, c: sp.simplify(sp.diff(f, (t1, t2)[r], (t1, t2)[c]).subs(sub)))
        det, tr = H.det(), H.trace()    # exact constants: SymPy signs them as they are (no simplify)
        if det.is_positive and tr.is_positive:
            typ = "global minimum" if F == 0 else "local minimum"
        elif det.is_negative:
            typ = "saddle"
        elif det.is_positive and tr.is_negative:
            typ = "local maximum"
        else:
            typ = "undecided"
        out.append({"point_pi_over_4": [a, b], "F": str(F), "F_float": float(F), "reference": ref,
                    "grad": [str(x) for x in grad], "grad_zero": all(x == 0 for x in grad),
                    "hessian": str(H.tolist()), "type": typ, "expected_type": kind})
    return out


def _grid_minima(m: int, seed: int):
    """Discrete local minima of f on an m x m periodic grid of the torus (8 neighbours).

    The grid is shifted by a random offset (from ``seed``) in each angle, so no
    grid point sits exactly on a critical point.
    """
    import numpy as np

    from critcheck.twolayer.loss import population_loss

    h = 2 * np.pi / m
    off = np.random.default_rng(seed).uniform(0, h, size=2)
    t1, t2 = np.arange(m) * h + off[0], np.arange(m) * h + off[1]
    T1, T2 = np.meshgrid(t1, t2, indexing="ij")
    W = np.stack([np.stack([np.cos(T1), np.sin(T1)], -1), np.stack([np.cos(T2), np.sin(T2)], -1)], -2)
    F = population_loss(W, np.eye(2))
    is_min = np.ones_like(F, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                is_min &= F < np.roll(np.roll(F, di, 0), dj, 1)
    idx = np.argwhere(is_min)
    return m, [(float(t1[i] / np.pi), float(t2[j] / np.pi), float(F[i, j])) for i, j in idx]


@claim("twolayer.two_units", title="Two ReLU units on the unit-norm torus: four in-plane critical points",
       source="Wu, Luo & Lee, ICLR 2018 workshop, Thm 4.1; Safran & Shamir 2018, Sec. 2 (loss)",
       method="symbolic + numeric", expected="SUPPORTED",
       statement="With w_1* = e_1, w_2* = e_2 and ||w_1|| = ||w_2|| = 1 in the plane, the points "
                 "(0, pi/2), (pi/4, pi/4), (pi/4, 5pi/4), (5pi/4, 5pi/4) have zero tangential gradient, "
                 "F = 0, 0.14834, 0.35544, 1.56255, and are a global minimum, a saddle, a saddle and "
                 "a local maximum; a grid scan finds only the two global minima.")
def two_units(ctx):
    from critcheck.claims.criterion import Criterion, CriterionRow

    units = len(TWO_UNIT_POINTS) + 1
    pts = _torus_analysis(lambda i, label: ctx.progress(i, units, label))
    ctx.progress(units - 1, units, "grid scan")
    m, minima = _grid_minima(360 if ctx.quick else 720, ctx.seed)
    ctx.progress(units, units, "grid scan")
    rows, ok = [], True
    for p in pts:
        good = p["grad_zero"] and p["type"] == p["expected_type"] and abs(p["F_float"] - p["reference"]) < 1e-5
        ok &= good
        rows.append(CriterionRow(quantity=f"(theta1, theta2) = {p['point_pi_over_4']} pi/4",
                                 ours=f"grad {p['grad']}, F = {p['F_float']:.5f}, {p['type']}",
                                 reference=f"F = {p['reference']}, {p['expected_type']}",
                                 decision="agrees" if good else "DIFFERS"))
    want = [(0.0, 0.5), (0.5, 0.0)]          # in units of pi
    cell = 2.0 / m                             # one grid step, in units of pi

    def near(a, b):
        return min(abs(a - b), 2 - abs(a - b)) <= cell

    got = sorted((round(a, 4), round(b, 4)) for a, b, _ in minima)
    grid_ok = len(minima) == GRID_MINIMA_COUNT and all(
        any(near(a, x) and near(b, y) for a, b, _ in minima) for x, y in want)
    ok &= grid_ok
    rows.append(CriterionRow(quantity=f"grid local minima ({m} x {m})", ours=str(got),
                             reference=f"{GRID_MINIMA_COUNT} minima, near {want}",
                             decision="agrees" if grid_ok else "DIFFERS"))
    crit = Criterion(
        hypothesis="the four in-plane points are critical on the torus with the stated values and "
                   "types, and the only local minima are the two global ones",
        statistic="exact gradient and Hessian (SymPy, outside the kernel) at the four points; "
                  "discrete local minima of F on a periodic grid",
        sample_size=m * m,
        decision_rule="gradient exactly 0, Hessian determinant/trace signs give the stated type, value "
                      "within 1e-5 of the printed one, and the grid has exactly two discrete local minima, "
                      "each within one grid step of (0, pi/2) or (pi/2, 0)",
        passed=bool(ok), rows=tuple(rows))
    return Outcome("SUPPORTED" if ok else "INCONCLUSIVE",
                   summary="four critical points with the stated types; grid finds only the global minima"
                   if ok else "a point or the grid scan disagrees",
                   evidence={"points": pts, "grid_minima": minima, "samples": m * m, "seed": ctx.seed,
                             "grid": f"{m} x {m}, offset drawn from the seed",
                             "why_not_proved": "derivatives on the torus are computed with SymPy "
                                               "outside the kernel (the angle parametrisation has "
                                               "no kernel statement kind yet)"},
                   criterion=crit)

"""Critical points: critcheck against the msolve engine alone, and against SymPy.

Default (issue 10): four families of gradient systems, side by side in one
run, one row per size -- msolve alone (``msolve -P 1`` on the same
integer-coefficient gradient the engine route writes, wall time of the
process) against critcheck's whole ``critical`` command work in-process
(:func:`critical_points` with msolve, the kernel's certificate check, and the
classification the command prints; interpreter start-up not counted), the
ratio, and what was certified:

* chain ``(w1...wH - 1)^2 + (sum wi^2)/10``, H = 2..6;
* Rosenbrock ``sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2``, N = 2..6;
* random dense quartic: every monomial of degree <= 4 with an integer
  coefficient drawn from -3..3 (``random.Random(n)``) plus ``sum x_i^4``, n = 2..4;
* double well ``sum (x_i^2 - 1)^2 + (sum_{i<j} x_i x_j)/5``, n = 2..5.

Then two-variable losses of degree <= 6 with up to 25 real critical points
(Himmelblau, three- and six-hump camel, Styblinski-Tang, wells; ``--two-variable``
runs only these): per loss the seconds of the whole command work, points,
completeness, types (strict minima / saddles / strict maxima / other), whether
the global minimum is decided at every point, and how
(:mod:`critcheck.symbolic.global_min`). ``--pitfalls`` runs the older comparison with ``sympy.solve`` /
``sympy.nonlinsolve`` on the systems of SYMPY_PITFALLS.md. Run:

    python benchmarks/bench_solver.py [--budget 60] [--only chain] [--two-variable] [--pitfalls]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import time

import sympy

from critcheck.budget import time_budget
from critcheck.errors import BudgetExceeded
from critcheck.symbolic.solve import solve_system


def systems():
    v, w, x, y = sympy.symbols("v w x y", real=True)
    a, b = sympy.symbols("a b", real=True)
    L = sympy.Symbol("L", nonnegative=True)
    lam = sympy.Symbol("lambda", positive=True)
    F = (1 + v * (w - 1) ** 2 / 8) ** 2
    Lt = L * (1 + (a * sympy.exp(b) - 1) ** 2) + lam * a ** 2
    G = (v * w - 1) ** 2
    return [
        ("Property PT gradient (seed 003 Fig. 2)", [F.diff(v), F.diff(w)], [v, w]),
        ("point beside a curve (sympy #22723)", [w * (v * w + 1), v * (v * w + 1)], [v, w]),
        ("Appendix A with L, lambda (seed 000)", [Lt.diff(a), Lt.diff(b)], [a, b, L, lam]),
        ("(vw-1)^2 gradient", [G.diff(v), G.diff(w)], [v, w]),
        ("no radicals (sympy #11179)", [3 * x**3 * y + 5 * x * y**6 + 2, x**5 + y**5 - 1], [x, y]),
    ]


def timed(fn, budget=20.0):
    t0 = time.perf_counter()
    try:
        with time_budget(budget, "sympy"):
            out = fn()
        return out, time.perf_counter() - t0
    except BudgetExceeded:
        return "timeout", time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}", time.perf_counter() - t0


def pitfalls():
    print(f"{'system':<42} {'critcheck':<28} {'sympy.solve':<24} {'sympy.nonlinsolve':<24}")
    for name, eqs, unk in systems():
        r, t = timed(lambda: solve_system(eqs, unk, budget=20), 40)
        ours = (f"{len(r.components)} comp, {len(r.open_branches)} open, {t:.2f}s"
                if not isinstance(r, str) else f"{r} {t:.1f}s")
        s, ts = timed(lambda: sympy.solve(eqs, unk, dict=True))
        n, tn = timed(lambda: sympy.nonlinsolve(eqs, unk))
        s_txt = f"{len(s)} sol, {ts:.2f}s" if isinstance(s, list) else f"{s} {ts:.1f}s"
        n_txt = (f"{len(n) if hasattr(n, '__len__') else n} sol, {tn:.2f}s"
                 if not isinstance(n, str) else f"{n} {tn:.1f}s")
        print(f"{name:<42} {ours:<28} {s_txt:<24} {n_txt:<24}", flush=True)


# ---------------------------------------------------------------------------
# issue 10: the four families against msolve alone

def chain(H):
    w = sympy.symbols(f"w1:{H + 1}")
    return (sympy.Mul(*w) - 1) ** 2 + sum(wi**2 for wi in w) / 10, w


def rosenbrock(N):
    x = sympy.symbols(f"x1:{N + 1}")
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(N - 1)), x


def quartic(n):
    rng = random.Random(n)
    x = sympy.symbols(f"x1:{n + 1}")
    mons = sorted(sympy.itermonomials(x, 4), key=sympy.default_sort_key)
    return sum(rng.randint(-3, 3) * m for m in mons) + sum(xi**4 for xi in x), x


def double_well(n):
    x = sympy.symbols(f"x1:{n + 1}")
    pairs = sum(x[i] * x[j] for i in range(n) for j in range(i + 1, n))
    return sum((xi**2 - 1) ** 2 for xi in x) + pairs / 5, x


FAMILIES = [("chain", chain, range(2, 7)), ("rosenbrock", rosenbrock, range(2, 7)),
            ("quartic", quartic, range(2, 5)), ("double_well", double_well, range(2, 6))]


def msolve_alone(f, xs):
    from critcheck.symbolic.engine_msolve import _input, integer_polys, msolve_binary

    text = _input(integer_polys([f.diff(v) for v in xs], xs), xs, 0)
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, "in.ms"), os.path.join(tmp, "out.ms")
        with open(inp, "w") as fh:
            fh.write(text)
        t0 = time.perf_counter()
        subprocess.run([msolve_binary(), "-f", inp, "-o", out, "-P", "1"], check=True)
        return time.perf_counter() - t0


def critcheck_command(f, xs, budget):
    """What ``critcheck critical`` computes (solve + kernel check + classification)."""
    from critcheck.commands.critical import _classify
    from critcheck.symbolic.critical import critical_points

    t0 = time.perf_counter()
    described = {}
    with time_budget(budget, "critical"):
        cs = critical_points(f, xs, budget=0.8 * budget)
        described.update(_classify(cs))
    seconds = time.perf_counter() - t0
    certified = hasattr(cs.solve, "checked")
    n_real = len(cs.solve.checked["points"]) if certified else len(cs.solve.components)
    cplx = cs.solve.checked["complex_count"] if certified else None
    return seconds, cs.solve.complete, certified, n_real, cplx


def families(budget, only=None):
    # one untimed call first: it pays the one-time imports (SymPy's polys, python-flint,
    # Singular, Clarabel) that every later row of this process reuses, as msolve's rows pay
    # only their own process start
    f0, xs0 = chain(2)
    critcheck_command(f0, list(xs0), budget)
    print(f"{'family':<12} {'size':>4} {'msolve s':>9} {'critcheck s':>12} {'ratio':>7} "
          f"{'complex':>8} {'real':>5}  answer")
    for name, fam, sizes in FAMILIES:
        if only and name not in only:
            continue
        for k in sizes:
            f, xs = fam(k)
            xs = list(xs)
            tm = msolve_alone(f, xs)
            try:
                tc, complete, certified, n_real, cplx = critcheck_command(f, xs, budget)
                ans = ("complete, kernel-certified" if complete and certified else
                       "complete (case analysis)" if complete else
                       "points certified, completeness OPEN" if certified else "OPEN")
            except BudgetExceeded:
                tc, n_real, cplx, ans = float(budget), "-", None, f"no answer in {budget:g} s"
            print(f"{name:<12} {k:>4} {tm:>9.3f} {tc:>12.3f} {tc / tm:>7.1f} "
                  f"{cplx if cplx is not None else '-':>8} {n_real:>5}  {ans}", flush=True)


TWO_VARIABLE = [
    # classic test functions and wells, degree <= 6, up to 25 real critical points
    ("Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
    ("three-hump camel", "2*x^2 - 21*x^4/20 + x^6/6 + x*y + y^2"),
    ("six-hump camel", "4*x^2 - 21*x^4/10 + x^6/3 + x*y - 4*y^2 + 4*y^4"),
    ("Styblinski-Tang 2-D", "(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2"),
    ("double well n=2", "(x^2 - 1)^2 + (y^2 - 1)^2 + x*y/5"),
    ("coupled wells", "(x^2 - 1)^2 + (y^2 - 1)^2 + (x^2 - 1)*(y^2 - 1)/2"),
    ("sextic wells, 25 pts", "x^6/6 - 5*x^4/4 + 2*x^2 + y^6/6 - 5*y^4/4 + 2*y^2"),
    ("sextic tilted, 25", "x^6/6 - 5*x^4/4 + 2*x^2 + y^6/6 - 5*y^4/4 + 2*y^2 + x*y/10"),
    ("Beale-like quartic", "(x*y - x + 3/2)^2 + (x^2 + y^2 - 4)^2"),
    ("(x-y)^4+(x+y)^2+x", "(x - y)^4 + (x + y)^2 + x"),
    ("(x-y)^4+(x+y)^2+x/3", "(x - y)^4 + (x + y)^2 + x/3"),  # irrational minimum
    # not coercive: decided by an attained sum of squares, or left unknown
    ("attained, not coercive", "(x*y - 1)^2 + (x - 1)^2"),
    ("infimum not attained", "(x*y - 1)^2 + x^2"),
]


def two_variable(budget):
    """Per loss: points, complete?, types, global decided?, how, seconds (command work)."""
    from critcheck.commands.critical import _classify
    from critcheck.symbolic.critical import critical_points

    print(f"{'loss':<24} {'seconds':>7} {'points':>6} {'complete':>8}  {'min/sad/max/?':<13} "
          f"{'global decided':<14} how")
    for name, text in TWO_VARIABLE:
        t0 = time.perf_counter()
        described = {}
        with time_budget(budget, "critical"):
            cs = critical_points(text, "x,y", budget=0.8 * budget)
            described.update(_classify(cs))
        sec = time.perf_counter() - t0
        types = [next(ln for ln in v if ln.startswith("type: ")) for v in described.values()]
        glob = [next((ln for ln in v if ln.startswith("global: ")), "global: unknown")
                for v in described.values()]
        count = [sum(1 for t in types if t.startswith(k)) for k in
                 ("type: strict local min", "type: saddle", "type: strict local max")]
        count.append(len(types) - sum(count))
        decided = all("unknown" not in g and "not certified" not in g for g in glob)
        n_glob = sum(1 for g in glob if g.startswith("global: global minimum ("))
        how = getattr(cs.solve, "global_evidence", {}).get("how", "-")
        print(f"{name:<24} {sec:>7.3f} {len(described):>6} {str(cs.solve.complete):>8}  "
              f"{'/'.join(map(str, count)):<13} {('yes, ' + str(n_glob) + ' min') if decided else 'no':<14} "
              f"{how}", flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pitfalls", action="store_true", help="the SymPy pitfall comparison")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per critcheck run")
    ap.add_argument("--only", action="append", help="family name (repeatable)")
    ap.add_argument("--two-variable", action="store_true",
                    help="only the two-variable losses (issue 10, done when: complete, "
                         "classified, global minimum decided, under 2 s each)")
    args = ap.parse_args(argv)
    if args.pitfalls:
        pitfalls()
    elif args.two_variable:
        two_variable(args.budget)
    else:
        families(args.budget, args.only)
        print()
        two_variable(args.budget)


if __name__ == "__main__":
    main()

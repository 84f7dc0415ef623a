"""Exact solver vs SymPy's own solvers on the systems of SYMPY_PITFALLS.md.

Side by side in one run: for each system, our case analysis (components,
open branches, seconds) against ``sympy.solve`` and ``sympy.nonlinsolve``
(answer size, seconds; a 20 s budget each). Run:

    python benchmarks/bench_solver.py
"""

from __future__ import annotations

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


def main():
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


if __name__ == "__main__":
    main()

"""Case-tree search (untrusted) + kernel check (trusted) on the test targets.

For each statement: seconds to find a case tree, whether the kernel accepts it,
seconds for the kernel's check, and the tree's size (nodes). False statements
must come back with no tree (or a rejected one). Run:

    python benchmarks/bench_case_search.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import sympy

from critcheck.kernel import check
from critcheck.symbolic.case_search import prove_every_critical_point, prove_every_local_min_global


def _nodes(node) -> int:
    if not isinstance(node, dict):
        return 0
    n = 1
    for k in ("then", "zero", "nonzero", "pos", "neg"):
        n += _nodes(node.get(k))
    return n + sum(_nodes(b) for b in node.get("branches", []))


def cases():
    a, b, v, w, x, y, z = sympy.symbols("a b v w x y z", real=True)
    lam = sympy.Symbol("lambda", positive=True)
    lam_r = sympy.Symbol("lambda", real=True)
    L0, Lp = sympy.Symbol("L", nonnegative=True), sympy.Symbol("L", positive=True)

    def sd(L, lm):
        return L * (1 + (a * sympy.exp(b) - 1) ** 2) + lm * a ** 2

    ell = sympy.Function("ell")
    y1, f1, z1 = sympy.symbols("y1 f1 z1", real=True)
    eq7 = ell(y1, f1 + a * sympy.exp(z1 + b)) + lam * a ** 2 / 2
    ev = prove_every_critical_point
    gl = prove_every_local_min_global
    return [
        ("Appendix A: a = L = 0 (seed 000)", True, lambda: ev(sd(L0, lam), [a, b], [L0, lam], None, [a, L0])),
        ("Appendix A twin: no critical point, L > 0", True,
         lambda: ev(sd(Lp, lam), [a, b], [Lp, lam], None, [])),
        ("eq. (7), n = 1, abstract ell: a = 0 (seed 003)", True,
         lambda: ev(eq7, [a, b], [lam, y1, f1, z1], None, [a])),
        ("(vw-1)^2: every local min global", True, lambda: gl((v * w - 1) ** 2, [v, w])),
        ("(xyz-1)^2: every local min global", True, lambda: gl((x * y * z - 1) ** 2, [x, y, z])),
        ("(vw-1)^2 + (vx-1)^2: every local min global", True,
         lambda: gl((v * w - 1) ** 2 + (v * x - 1) ** 2, [v, w, x])),
        ("FALSE lambda real: a = L = 0", False,
         lambda: ev(sd(L0, lam_r), [a, b], [L0, lam_r], None, [a, L0], seconds=10)),
        ("FALSE Appendix A: b = 0", False, lambda: ev(sd(L0, lam), [a, b], [L0, lam], None, [b], seconds=10)),
        ("FALSE (1 - v w^2)^2: every local min global", False,
         lambda: gl((1 - v * w ** 2) ** 2, [v, w], seconds=10)),
    ]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    print(f"{'statement':48s} {'search s':>9s} {'kernel':>9s} {'check s':>8s} {'nodes':>6s}")
    for name, true, fn in cases():
        best, got = None, None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            got = fn()
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
        if got is None:
            print(f"{name:48s} {best:9.2f} {'no tree':>9s} {'-':>8s} {'-':>6s}")
            continue
        t0 = time.perf_counter()
        j = check(*got)
        ck = time.perf_counter() - t0
        verdict = "accepted" if j.accepted else "rejected"
        print(f"{name:48s} {best:9.2f} {verdict:>9s} {ck:8.2f} {_nodes(got[1]['tree']):6d}")


if __name__ == "__main__":
    main()

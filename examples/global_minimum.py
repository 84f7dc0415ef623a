"""The global minimum of polynomial losses, decided over a kernel-certified critical set.

Each loss: its certified critical points (msolve proposes, the kernel checks),
their types, and the global minimum with the kernel certificate behind it
(an attained sum of squares, a coercivity bound, or only a lower bound).
The certificate is re-checked here by the kernel alone.

Run: ``PYTHONPATH=. python examples/global_minimum.py``
"""

from critcheck.commands.critical import _classify
from critcheck.kernel import check
from critcheck.symbolic.critical import critical_points

LOSSES = [
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",               # Himmelblau: four global minima, f = 0
    "4*x^2 - 21*x^4/10 + x^6/3 + x*y - 4*y^2 + 4*y^4",  # six-hump camel: irrational minimum
    "(x*y - 1)^2 + (x - 1)^2",                          # not coercive, minimum attained
    "(x*y - 1)^2 + x^2",                                # infimum 0 never attained: stays unknown
]

for text in LOSSES:
    cs = critical_points(text, "x,y")
    lines: dict = {}
    _classify(cs, lines)
    print(f"f = {text}: {len(lines)} critical points, complete = {cs.solve.complete}")
    for i in sorted(lines):
        typ = next(ln for ln in lines[i] if ln.startswith("type: "))
        glob = next(ln for ln in lines[i] if ln.startswith("global: "))
        print(f"  [{i + 1}] {typ}; {glob}")
    ev = getattr(cs.solve, "global_evidence", {})
    if "statement" in ev:
        ok = check(ev["statement"], ev["certificate"]).accepted
        print(f"  evidence: {ev['how']}; kernel re-check: {'accepted' if ok else 'REJECTED'}")
    else:
        print(f"  evidence: {ev.get('how', 'none')}")

"""Classify the critical points of a few losses, degenerate ones included.

Run: ``PYTHONPATH=. python examples/classify_degenerate.py``
"""

from critcheck.symbolic.classify import classify_all
from critcheck.symbolic.critical import critical_points

LOSSES = [
    ("(v*w-1)**2", "v,w"),                  # seed 003, Fig. 1: saddle of index 1 + hyperbola of minima
    ("(1 + v*(w-1)**2/8)**2", "v,w"),       # seed 003, Fig. 2: line w=1 changes type at v=0
    ("(y - x**2)*(y - 2*x**2)", "x,y"),     # Peano: saddle, found by a parabola
    ("(x*y*z-1)**2", "x,y,z"),              # seed 003, Sec. VI-B
]

for expr, names in LOSSES:
    cs = critical_points(expr, names)
    print(f"f = {expr}")
    for c in classify_all(cs):
        print(f"  {c.component}: {c.kind}, index {c.index}, loss {c.value}, global {c.is_global}")
        for p in c.pieces:
            if p.condition:
                print(f"      {p.condition}: {p.kind} ({p.reason})")

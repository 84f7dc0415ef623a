"""Seed 000, Appendix A, from a script: exact critical points of the augmented loss.

Run:  python examples/appendix_a.py
"""

import sympy

from critcheck.symbolic.augment import abstract_loss, sd_symbols, sohl_dickstein_kawaguchi
from critcheck.symbolic.critical import critical_points
from critcheck.symbolic.universal import holds_at_every_critical_point

a, b, lam = sd_symbols(lam_positive=True)      # a, b real; lambda > 0
L = abstract_loss("L")                          # an abstract loss value L >= 0
Lt = sohl_dickstein_kawaguchi(L, a, b, lam)     # eq. (1)

cs = critical_points(Lt, [a, b], [L, lam])
print("gradient:", *cs.gradient, sep="\n  ")
print(cs.solve)                                 # every component, every open branch

outcome = holds_at_every_critical_point(cs, [a, L])
print("verdict:", outcome.verdict.value, "-", outcome.summary)

# the same question with lambda merely real: a counterexample at lambda = 0
a, b, lam0 = sd_symbols(lam_positive=False)
cs0 = critical_points(sohl_dickstein_kawaguchi(L, a, b, lam0), [a, b], [L, lam0])
out0 = holds_at_every_critical_point(cs0, [a, L])
print("lambda real:", out0.verdict.value, {str(k): v for k, v in out0.counterexample.point.items()})

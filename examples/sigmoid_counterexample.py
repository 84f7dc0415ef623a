"""The exact counterexample to "a sigmoid net of width >= n has no bad local
minimum" (seed 003 Claim IV.1 / Prop. IV.2), checked in rational arithmetic.

Run:  python examples/sigmoid_counterexample.py
"""

from critcheck.models.sigmoid_minima import narrow_counterexample, wide_counterexample

ce = wide_counterexample()                 # n = 3 inputs (1, 2, 3), width p = 3
print("data y =", ce.y)
print("point  v =", ce.v, " w =", ce.w)
for name, (ok, detail) in ce.checks().items():
    print(f"  [{'ok' if ok else 'FAIL'}] {name}: {detail[:90]}")
print("verified:", ce.verify())

bad = wide_counterexample(t=1)             # the other sign: not a local minimum
print("flipped residual verified:", bad.verify())

strict = narrow_counterexample()           # n = 2, one neuron: a strict bad minimum
print("narrow (n-1 neurons) verified:", strict.verify())

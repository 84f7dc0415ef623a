"""Real dimension of critical components, and a budget that bounds the command.

The critical set of (x^2 + y^2)^2 is, over C, the two lines x = +-i y; over the
reals it is the single point (0, 0), a strict global minimum. The cone
x^2 + y^2 = z^2 keeps its two dimensions; (x^2 + y^2)^2 (z - 1)^2 has the real
plane z = 1 and the real line x = y = 0 (inside a complex quadric).

Run:  python examples/real_dimension.py
"""

import subprocess
import sys

from critcheck.symbolic.critical import critical_points

for loss, names in [("(x^2+y^2)^2", "x,y"), ("(x^2+y^2-z^2)^2", "x,y,z"),
                    ("(x^2+y^2)^2*(z-1)^2", "x,y,z")]:
    cs = critical_points(loss, names)
    print(loss)
    for comp in cs.solve.components:
        loc = cs.real_locus(comp)
        print(f"  {loc.label()}: {comp}")
        print(f"    because: {loc.reason[:100]}")

# the same through the command, with a budget far below what the double well
# in 5 variables needs (about 17 s): it stops at the budget and says what is open
dw5 = ("+".join(f"(x{i}**2-1)**2" for i in range(1, 6)) + "+("
       + "+".join(f"x{i}*x{j}" for i in range(1, 6) for j in range(i + 1, 6)) + ")/5")
p = subprocess.run([sys.executable, "-m", "critcheck.cli", "critical", dw5,
                    "--vars", "x1,x2,x3,x4,x5", "--budget", "2", "-q"],
                   capture_output=True, text=True)
print(f"critical --budget 2 on the double well n=5: exit {p.returncode}")
print("  " + p.stdout.strip().splitlines()[-1])

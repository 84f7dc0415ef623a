"""Singular as an untrusted producer of ideal-membership cofactors.

When the refined Bézout count is not tight (solutions at infinity: the chain
``(w1⋯wH − 1)² + Σwᵢ²/10``, most non-generic losses), completeness of the
critical set is certified by a standard-monomial count instead
(:func:`critcheck.kernel.zerodim.check_zerodim`, rule
``"standard_monomials"``). That needs polynomials ``G_k`` of the gradient
ideal *with* their cofactors ``G_k = Σ_j T_kj ∂_j f``. Singular's ``std``
(a Gröbner basis, degree reverse lexicographic order) and ``lift`` (the
cofactor matrix) compute them; the Singular program ships in the
``passagemath-singular`` wheel. Nothing here is trusted: the kernel checks
every identity.

References
----------
W. Decker, G.-M. Greuel, G. Pfister, H. Schönemann, *Singular* manual,
``std``, ``lift``. D. Cox, J. Little, D. O'Shea, *Ideals, Varieties, and
Algorithms*, Ch. 5 §3 (standard monomials and the number of solutions).
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from ..budget import remaining
from ..errors import BudgetExceeded
from .engine_msolve import EngineError, integer_polys, wheel_binary

__all__ = ["singular_binary", "basis_with_cofactors"]

_SCRIPT = r"""
option(redSB);
ring r = 0, ({vars}), dp;
ideal i = {polys};
ideal g = std(i);
matrix T = lift(i, g);
proc ccterms(poly p)
{{
  int k; string s = "";
  for (k = 1; k <= size(p); k++) {{ s = s + string(leadexp(p[k])) + ":" + string(leadcoef(p[k])) + ";"; }}
  return(s);
}}
int k; int j;
for (k = 1; k <= ncols(g); k++)
{{
  print("G " + ccterms(g[k]));
  for (j = 1; j <= nrows(T); j++) {{ print("T " + ccterms(T[j, k])); }}
}}
print("END");
quit;
"""


def singular_binary() -> str | None:
    """Path of the Singular program: the ``passagemath-singular`` wheel's, else ``PATH``'s."""
    return wheel_binary("Singular")


def run_script(binary: str, script: str, timeout, prefix: str) -> subprocess.CompletedProcess:
    """Run a Singular script from a temporary file (``-q --no-rc``); raises
    ``subprocess.TimeoutExpired`` past ``timeout`` seconds (None: no limit)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        path = os.path.join(tmp, "in.sing")
        with open(path, "w", encoding="ascii") as fh:
            fh.write(script)
        return subprocess.run([binary, "-q", "--no-rc", path], capture_output=True,
                              text=True, timeout=timeout)


def _terms(text: str, n: int) -> list:
    out = []
    for item in text.strip().split(";"):
        if not item:
            continue
        exps, _, coef = item.partition(":")
        es = [int(e) for e in exps.split(",")]
        if len(es) != n:
            raise EngineError(f"Singular printed {len(es)} exponents for {n} variables")
        if coef.strip() == "0":
            continue
        out.append([es, coef.strip()])
    return out


def _denominator_lcm(g, variables) -> int:
    from fractions import Fraction
    from math import lcm

    import sympy

    if hasattr(g, "terms") and hasattr(g, "context"):
        dens = [int(c.q) for _, c in g.terms()]
    else:
        dens = [int(Fraction(str(c)).denominator)
                for c in sympy.Poly(g, *variables, domain=sympy.QQ).coeffs()]
    return lcm(*dens) if dens else 1


def _times(coef: str, m: int) -> str:
    from fractions import Fraction

    return str(Fraction(coef) * m)


def basis_with_cofactors(grads, variables) -> dict:
    """``{"order", "basis", "cofactors"}`` for the kernel's ``standard_monomials`` rule."""
    binary = singular_binary()
    if binary is None:
        raise EngineError("Singular not found: pip install passagemath-singular")
    left = remaining()
    if left is not None and left <= 0:
        raise BudgetExceeded("Singular: no time left in the budget")
    n = len(variables)
    script = _SCRIPT.format(vars=",".join(str(v) for v in variables),
                            polys=", ".join(integer_polys(grads, variables)))
    try:
        proc = run_script(binary, script, left, "critcheck-singular-")
    except subprocess.TimeoutExpired:
        raise BudgetExceeded("Singular ran past the budget") from None
    lines = proc.stdout.splitlines()
    if proc.returncode != 0 or "END" not in lines or any(ln.lstrip().startswith("?")
                                                         for ln in lines):
        raise EngineError(f"Singular failed ({proc.returncode}): {proc.stderr[-300:]}")
    scales = [_denominator_lcm(g, variables) for g in grads]  # integer_polys scaled ∂_j by these
    basis, cofactors = [], []
    for line in lines:
        if line.startswith("G "):
            basis.append(_terms(line[2:], n))
            cofactors.append([])
        elif line.startswith("T "):
            j = len(cofactors[-1])
            cofactors[-1].append([[e, _times(c, scales[j])] for e, c in _terms(line[2:], n)])
    return {"order": "degrevlex", "basis": basis, "cofactors": cofactors}

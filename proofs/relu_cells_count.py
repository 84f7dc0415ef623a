"""Seed 004, Sec. VI: the number of cells printed for N = 1000 samples in d = 10.

The text (Sec. VI, first paragraph) cites the count of regions of an
arrangement of N hyperplanes in general position in d dimensions,

.. math:: C(N, l) = \\sum_{i=0}^{l} \\binom{N}{i},

and prints "as high as 1.9 x 10^13" for N = 1000, d = 10. The formula with
the l the text implies (l = d = 10) gives about 2.6 x 10^23; no l from 5 to
12 gives 1.9 x 10^13 (l = 5 gives 8.3 x 10^12, l = 6 gives 1.4 x 10^15).
Neither does the count for N hyperplanes through the origin (no bias),
``2 * sum_{i<d} C(N-1, i)`` (Cover 1965, Thm 1).

The numbers are exact integers (Python big integers, no floating point).
The statement is an arithmetic identity that the trusted kernel's
*identity* rule can check; until that kernel is merged the claim answers
INCONCLUSIVE and names that step (DESIGN.md, "Verdicts").
"""

from __future__ import annotations

from math import comb

from critcheck import Outcome, Verdict, claim

N_SAMPLES = 1000
DIM = 10
PRINTED = 19 * 10**12  # "1.9 x 10^13", seed 004, Sec. VI
L_RANGE = range(5, 13)


def arrangement_cells(n: int, l: int) -> int:
    """``sum_{i=0}^{l} C(n, i)``: regions of n affine hyperplanes in general
    position in R^l (seed 004, Sec. VI, citing [11]); exact."""
    return sum(comb(n, i) for i in range(l + 1))


def central_arrangement_cells(n: int, d: int) -> int:
    """``2 sum_{i=0}^{d-1} C(n-1, i)``: regions of n hyperplanes through the
    origin in general position in R^d (Cover 1965, Thm 1); exact."""
    return 2 * sum(comb(n - 1, i) for i in range(d))


def _sci(k: int) -> str:
    s = str(k)
    return f"{s[0]}.{s[1:3]}e{len(s) - 1}"


def cell_table(n: int = N_SAMPLES, ls=L_RANGE) -> dict:
    """The formula's value for each l, exact, with the printed number beside it."""
    return {l: arrangement_cells(n, l) for l in ls}


@claim("relu.cell_count",
       title="Sec. VI's 1.9e13 cells for N = 1000, d = 10 against sum_{i<=l} C(N, i)",
       source="seed 004, Sec. VI, first paragraph (count of cells of an arrangement, citing [11])",
       method="symbolic", expected="INCONCLUSIVE",
       statement="For N = 1000: $\\sum_{i\\le 10}\\binom{1000}{i}$ equals the integer reported in the "
                 "evidence, and for every $l \\in \\{5,\\dots,12\\}$, "
                 "$\\sum_{i\\le l}\\binom{1000}{i} \\ne 1.9\\cdot 10^{13}$; the printed number does not "
                 "follow from the printed formula. Exact integers; the kernel's identity check is the "
                 "step still missing (expected INCONCLUSIVE until the kernel is merged).")
def check(ctx):
    table = cell_table()
    implied = table[DIM]
    central = central_arrangement_cells(N_SAMPLES, DIM)
    central_bias = central_arrangement_cells(N_SAMPLES, DIM + 1)
    matches = [l for l, v in table.items() if v == PRINTED]
    # the printed 1.9e13 rounds to 2 significant digits: also test the rounding interval
    near = [l for l, v in table.items() if 185 * 10**11 <= v < 195 * 10**11]
    between = [l for l in L_RANGE if table[l] < PRINTED < table.get(l + 1, 0)]
    ev = {"N": N_SAMPLES, "d": DIM, "printed": "1.9e13",
          "formula": "sum_{i=0}^{l} C(N, i)",
          "value_at_l_equal_d": str(implied), "value_at_l_equal_d_approx": _sci(implied),
          "values": {str(l): str(v) for l, v in table.items()},
          "values_approx": {str(l): _sci(v) for l, v in table.items()},
          "l_giving_exactly_printed": matches,
          "l_within_rounding_of_printed": near,
          "printed_lies_strictly_between_l_and_l_plus_1": between,
          "central_arrangement_2_sum_C(N-1,i)_i<d": _sci(central),
          "central_arrangement_with_bias_d+1": _sci(central_bias),
          "arithmetic": "exact Python integers (math.comb)",
          "missing_step": "kernel identity rule: certify sum_{i<=l} C(1000,i) = value and "
                          "value != 19*10^12 for l = 5..12 (critcheck/kernel not merged yet)"}
    stmt = {"kind": "identity",
            "facts": [{"lhs": f"Sum(binomial(1000, i), (i, 0, {l}))", "rhs": str(v),
                       "differs_from": str(PRINTED)} for l, v in table.items()]}
    return Outcome(
        Verdict.INCONCLUSIVE,
        summary=(f"sum_(i<=10) C(1000,i) = {_sci(implied)}, not 1.9e13; no l in 5..12 gives 1.9e13 "
                 f"(l=5: {_sci(table[5])}, l=6: {_sci(table[6])}); exact integers, awaiting the "
                 "kernel's identity check"),
        evidence=ev, statement=stmt,
        open_branches=["kernel identity check of the exact sums (critcheck/kernel not on this branch)"])

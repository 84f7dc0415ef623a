"""Certificates that a two-layer ReLU point is near a genuine spurious local minimum.

The untrusted producer: from a float point (a descent end point), polish with
Newton steps, take the centre exactly (floats are dyadic rationals), pick a
radius, and state "F(.; V) has a strict local minimum with F > 0 in this box"
as a kernel :class:`~critcheck.kernel.Statement` of kind ``interval_minimum``
(family ``twolayer``, ``value_above = 0``). The trusted kernel
(:func:`critcheck.kernel.check`, rule :mod:`critcheck.kernel.twolayer_rule`)
re-does every rigorous step in arb ball arithmetic: Krawczyk existence and
uniqueness of the critical point, positive definiteness of the Hessian over
the whole box, and a positive enclosure of F. Since F >= 0 with F(V) = 0, the
certified minimum is spurious. This replaces the Taylor-bound argument of
Safran & Shamir (ICML 2018, Sec. 4; their ``Verify_minima_code``).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np

from ..errors import InvalidArgument
from .loss import gradient, hessian, population_loss
from .polish import newton_polish

__all__ = ["CertifyReport", "twolayer_statement", "box_certificate", "certify_point", "lambda_guess", "RADII"]

RADII = tuple(Fraction(1, 2 ** e) for e in (30, 26, 36, 22, 42))


@dataclasses.dataclass(frozen=True)
class CertifyReport:
    """Outcome of one certification attempt (JSON-friendly except the statement)."""

    k: int
    n: int
    d: int
    accepted: bool
    reason: str
    radius: str = ""
    lambda_float: float = float("nan")
    lambda_lower: str = ""
    F_float: float = float("nan")
    F_enclosure: str = ""
    gradnorm: float = float("nan")
    statement: object = None
    certificate: dict | None = None

    def to_record(self) -> dict:
        out = dataclasses.asdict(self)
        out["statement"] = None if self.statement is None else self.statement.to_data()
        return out


def _rational_text(x) -> str:
    q = Fraction(x).limit_denominator(10 ** 12) if not float(x).is_integer() else Fraction(int(x))
    if float(q) != float(x):
        raise InvalidArgument(f"teacher entry {x!r} is not a short rational; give V exactly")
    return str(q)


def twolayer_statement(V, n: int):
    """The kernel statement: F(.; V) with n students has a strict local minimum with F > 0."""
    from ..kernel import Statement

    V = np.asarray(V, dtype=float)
    k, d = V.shape
    args = {"k": int(k), "n": int(n), "d": int(d), "V": [[_rational_text(x) for x in row] for row in V]}
    return Statement("interval_minimum", "0", (), data={"family": "twolayer", "args": args,
                                                        "value_above": "0"},
                     title=f"two-layer ReLU, k={k}, n={n}, d={d}: a spurious strict local minimum")


def lambda_guess(lam_float: float):
    """An untrusted rational a little below the float estimate of lambda_min (None if <= 0).

    Saves the kernel its own search for a shift s with mid H - sI positive definite
    (:func:`critcheck.kernel.twolayer.definite_lower_bound`); a wrong guess only makes the
    kernel fall back to that search.
    """
    if not np.isfinite(lam_float) or lam_float <= 0:
        return None
    return Fraction(0.9 * lam_float).limit_denominator(2 ** 24)


def box_certificate(W, radius: Fraction, lambda_guess=None) -> dict:
    """``{"center": {w{i}_{c}: exact rational of the float}, "radius": r}`` (and
    ``"lambda_guess": q`` when given)."""
    from ..kernel.twolayer_rule import variable_names

    W = np.asarray(W, dtype=float)
    if not np.all(np.isfinite(W)):
        raise InvalidArgument("W has non-finite entries; polish a descent end point first")
    n, d = W.shape
    names = variable_names(n, d)
    cert = {"center": {v: str(Fraction(float(x))) for v, x in zip(names, W.ravel())},
            "radius": str(radius)}
    if lambda_guess is not None:
        cert["lambda_guess"] = str(Fraction(lambda_guess))
    return cert


def certify_point(W, V=None, *, polish: bool = True, radii=RADII, check_now: bool = True) -> CertifyReport:
    """Polish W, build statement and certificate, and have the kernel check them (several radii).

    ``check_now=False`` only builds the pair for the first radius (``accepted`` is then
    False and ``reason`` says "not checked"): for callers whose verdict guard runs the
    kernel anyway, so each certificate is checked once.
    """
    from ..kernel import check

    W = np.asarray(W, dtype=float)
    n, d = W.shape
    V = np.eye(d) if V is None else np.asarray(V, dtype=float)
    k = V.shape[0]
    if polish:
        W = newton_polish(W, V)
    lam_f = float(np.linalg.eigvalsh(hessian(W, V))[0])
    F_f = float(population_loss(W, V))
    g_f = float(np.max(np.abs(gradient(W, V))))
    st = twolayer_statement(V, n)
    if not check_now:
        return CertifyReport(k, n, d, False, "not checked", radius=str(radii[0]), lambda_float=lam_f,
                             F_float=F_f, gradnorm=g_f, statement=st,
                             certificate=box_certificate(W, radii[0], lambda_guess(lam_f)))
    last = ""
    for r in radii:
        cert = box_certificate(W, r, lambda_guess(lam_f))
        j = check(st, cert)
        if j.accepted:
            return CertifyReport(k, n, d, True, "accepted", radius=str(r), lambda_float=lam_f,
                                 lambda_lower=str(j.facts.get("lambda_min_lower")), F_float=F_f,
                                 F_enclosure=str(j.facts.get("value")), gradnorm=g_f,
                                 statement=st, certificate=cert)
        last = f"[{j.rule}] {j.reason}"
    return CertifyReport(k, n, d, False, last, lambda_float=lam_f, F_float=F_f, gradnorm=g_f,
                         statement=st)

"""Certificates that a two-layer ReLU point is near a genuine spurious local minimum.

The untrusted producer: from a float point (a descent end point), polish with
Newton steps, round the centre to exact (dyadic) rationals, pick a radius and
a trial lower bound lambda on the Hessian's smallest eigenvalue, and hand the
certificate to the trusted kernel
(:func:`critcheck.kernel.twolayer.check_certificate`), which re-does every
rigorous step in arb ball arithmetic. This replaces the Taylor-bound argument
of Safran & Shamir (ICML 2018, Sec. 4 and their ``Verify_minima_code``) by a
Krawczyk-operator box (existence and uniqueness) plus a positive-definite
interval Hessian (strict local minimality) and a positive loss enclosure
(non-global, since the global value is 0).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np

from ..errors import InvalidArgument
from .loss import gradient, hessian, population_loss
from .polish import newton_polish

__all__ = ["CertifyReport", "make_certificate", "certify_point", "RADII"]

RADII = tuple(Fraction(1, 2 ** e) for e in (30, 26, 36, 22, 42))


@dataclasses.dataclass(frozen=True)
class CertifyReport:
    """Outcome of one certification attempt (all fields JSON-friendly)."""

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
    certificate: dict | None = None

    def to_record(self) -> dict:
        return dataclasses.asdict(self)


def make_certificate(W, V, radius: Fraction, lam: Fraction) -> dict:
    """The certificate record for centre W (floats, taken exactly as dyadic rationals)."""
    W = np.asarray(W, dtype=float)
    V = np.asarray(V)
    n, d = W.shape
    if not np.all(np.isfinite(W)):
        raise InvalidArgument("W has non-finite entries; polish a descent end point first")
    Vq = [[str(Fraction(x).limit_denominator(10 ** 12)) if not float(x).is_integer() else str(int(x))
           for x in row] for row in V]
    return {
        "kind": "twolayer interval minimum",
        "k": int(V.shape[0]), "n": int(n), "d": int(d),
        "V": Vq,
        "center": [str(Fraction(float(x))) for x in W.ravel()],
        "radius": str(radius),
        "lambda": str(lam),
    }


def certify_point(W, V=None, *, polish: bool = True, radii=RADII, prec: int = 128) -> CertifyReport:
    """Polish W, build a certificate and have the kernel check it (tries several radii).

    ``V`` defaults to the identity of size ``d``. The teacher must be exact:
    integer entries (or rationals given as floats with short expansions).
    """
    from ..kernel.twolayer import check_certificate

    W = np.asarray(W, dtype=float)
    n, d = W.shape
    V = np.eye(d) if V is None else np.asarray(V, dtype=float)
    k = V.shape[0]
    if polish:
        W = newton_polish(W, V)
    lam_f = float(np.linalg.eigvalsh(hessian(W, V))[0])
    F_f = float(population_loss(W, V))
    g_f = float(np.max(np.abs(gradient(W, V))))
    if not lam_f > 0:
        return CertifyReport(k, n, d, False, f"float Hessian not positive definite (lambda_min={lam_f:.3g})",
                             lambda_float=lam_f, F_float=F_f, gradnorm=g_f)
    lam = Fraction(lam_f * 0.5).limit_denominator(2 ** 40)
    last = ""
    for r in radii:
        cert = make_certificate(W, V, r, lam)
        out = check_certificate(cert, prec=prec)
        if out["accepted"]:
            return CertifyReport(k, n, d, True, out["reason"], radius=str(r), lambda_float=lam_f,
                                 lambda_lower=out["lambda_lower"], F_float=F_f,
                                 F_enclosure=out["F"], gradnorm=g_f, certificate=cert)
        last = out["reason"]
    return CertifyReport(k, n, d, False, last, lambda_float=lam_f, F_float=F_f, gradnorm=g_f)

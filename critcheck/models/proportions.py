"""Confidence intervals for success probabilities (Conj. VII.1 of seed 003).

Seed 003, Sec. VII-A, Conjecture VII.1 is about
:math:`\\Pr(\\phi_{\\mathcal A}(\\theta) < \\epsilon)`; we estimate it by the
fraction of random starts that succeed and report the Wilson score interval
(Wilson 1927), which stays inside [0, 1] and behaves at 0 and ``n``
successes.
"""

from __future__ import annotations

import math

from ..errors import InvalidArgument

__all__ = ["wilson_interval"]


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    .. math:: \\frac{\\hat p + \\frac{z^2}{2n} \\pm z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n} +
              \\frac{z^2}{4n^2}}}{1 + z^2/n}

    Examples
    --------
    >>> lo, hi = wilson_interval(32, 32)
    >>> round(lo, 3), hi
    (0.893, 1.0)
    """
    if trials <= 0 or not 0 <= successes <= trials:
        raise InvalidArgument(f"need 0 <= successes={successes!r} <= trials={trials!r}, trials > 0")
    if not 0 < confidence < 1:
        raise InvalidArgument(f"confidence={confidence!r} must lie in (0, 1)")
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    den = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / den
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / den
    return max(0.0, centre - half), min(1.0, centre + half)

"""Activation functions with their first two derivatives, for any array backend.

Seed 003 (Sun et al., "The Global Landscape of Neural Networks"), Sec. II,
eq. (1) leaves the activation :math:`\\phi` free; the claims use the logistic
sigmoid (Claim IV.1, Prop. IV.2), ReQU :math:`[\\max(z,0)]^2` (Thm VI.2, eq.
(8)), the exponential neuron (eq. (7)) and the identity (deep linear nets,
eq. (3)). Every function takes ``(z, xp)`` and uses only array-API calls.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..errors import InvalidArgument

__all__ = ["Activation", "get_activation", "ACTIVATIONS"]


@dataclasses.dataclass(frozen=True)
class Activation:
    """An activation :math:`\\phi` with :math:`\\phi'` and :math:`\\phi''`.

    Attributes
    ----------
    name : str
    f, df, d2f : callable
        ``f(z, xp) -> array``; elementwise.
    sympy : callable
        ``sympy(z) -> sympy expression`` (used by the exact gradient tests).
    df_of_f : callable or None
        ``df_of_f(fz, xp)``: :math:`\\phi'(z)` from :math:`\\phi(z)` alone, for an
        activation whose ``df(z)`` first computes ``f(z)`` and then a function
        of it (tanh: :math:`1 - t^2`; sigmoid: :math:`s(1 - s)`; exp). Back-
        propagation then reuses the forward pass's values: the same operations
        on the same numbers, so the same bits, one transcendental call fewer.
        It returns ``None`` when :math:`\\phi' \\equiv 1` (identity: nothing to
        multiply). ``None`` (the default): back-propagation calls ``df(z)``.
    """

    name: str
    f: Callable
    df: Callable
    d2f: Callable
    sympy: Callable
    df_of_f: "Callable | None" = None


def _sig(z, xp):
    # 1/(1+exp(-z)) without overflow: exp of a non-positive number only
    e = xp.exp(-xp.abs(z))
    return xp.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sig_d(z, xp):
    return _sig_d_of_s(_sig(z, xp), xp)


def _sig_d_of_s(s, xp):
    return s * (1.0 - s)


def _sig_d2(z, xp):
    s = _sig(z, xp)
    return s * (1.0 - s) * (1.0 - 2.0 * s)


def _zeros(z, xp):
    return xp.zeros_like(z)


def _ones(z, xp):
    return xp.ones_like(z)


def _relu(z, xp):
    return xp.where(z > 0, z, xp.zeros_like(z))


def _step(z, xp):
    return xp.where(z > 0, xp.ones_like(z), xp.zeros_like(z))


def _requ(z, xp):
    r = _relu(z, xp)
    return r * r


def _tanh_d(z, xp):
    return _tanh_d_of_t(xp.tanh(z), xp)


def _tanh_d_of_t(t, xp):
    return 1.0 - t * t


def _unit_slope(fz, xp):
    return None


def _tanh_d2(z, xp):
    t = xp.tanh(z)
    return -2.0 * t * (1.0 - t * t)


def _softplus(z, xp):
    return xp.logaddexp(xp.zeros_like(z), z)


def _sympy_sigmoid(z):
    import sympy

    return 1 / (1 + sympy.exp(-z))


def _sympy_relu(z):
    import sympy

    return sympy.Max(z, 0)


def _sympy_requ(z):
    import sympy

    return sympy.Max(z, 0) ** 2


def _sympy_tanh(z):
    import sympy

    return sympy.tanh(z)


def _sympy_exp(z):
    import sympy

    return sympy.exp(z)


def _sympy_softplus(z):
    import sympy

    return sympy.log(1 + sympy.exp(z))


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation("linear", lambda z, xp: z, _ones, _zeros, lambda z: z, _unit_slope),
    "sigmoid": Activation("sigmoid", _sig, _sig_d, _sig_d2, _sympy_sigmoid, _sig_d_of_s),
    "tanh": Activation("tanh", lambda z, xp: xp.tanh(z), _tanh_d, _tanh_d2, _sympy_tanh,
                       _tanh_d_of_t),
    "relu": Activation("relu", _relu, _step, _zeros, _sympy_relu),
    "requ": Activation("requ", _requ, lambda z, xp: 2.0 * _relu(z, xp),
                       lambda z, xp: 2.0 * _step(z, xp), _sympy_requ),
    "exp": Activation("exp", lambda z, xp: xp.exp(z), lambda z, xp: xp.exp(z),
                      lambda z, xp: xp.exp(z), _sympy_exp, lambda ez, xp: ez),
    "quadratic": Activation("quadratic", lambda z, xp: z * z, lambda z, xp: 2.0 * z,
                            lambda z, xp: 2.0 * xp.ones_like(z), lambda z: z**2),
    "softplus": Activation("softplus", _softplus, _sig, _sig_d, _sympy_softplus),
}


def get_activation(name: "str | Activation") -> Activation:
    """The activation called ``name`` (or ``name`` itself if already one).

    Raises
    ------
    InvalidArgument
        for an unknown name; the message lists the known ones.
    """
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[str(name).strip().lower()]
    except KeyError:
        raise InvalidArgument(
            f"activation={name!r} is not one of {', '.join(sorted(ACTIVATIONS))}; "
            "pass an Activation(name, f, df, d2f, sympy) for another one") from None

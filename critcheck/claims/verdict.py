"""Verdicts and the evidence each one may rest on (DESIGN.md, "Verdicts")."""

from __future__ import annotations

import enum

__all__ = ["Verdict", "Method"]


class Verdict(str, enum.Enum):
    """The four verdicts.

    ``PROVED``
        exact symbolic reasoning only; every step re-checkable.
    ``REFUTED``
        a counterexample verified exactly or with interval arithmetic.
    ``SUPPORTED``
        numeric evidence agrees; resolution, samples, seed recorded.
    ``INCONCLUSIVE``
        could not decide within the budget; the open step is shown.
    """

    PROVED = "PROVED"
    REFUTED = "REFUTED"
    SUPPORTED = "SUPPORTED"
    INCONCLUSIVE = "INCONCLUSIVE"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def parse(cls, text: "str | Verdict") -> "Verdict":
        if isinstance(text, Verdict):
            return text
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            from ..errors import InvalidArgument

            raise InvalidArgument(
                f"verdict={text!r} is not one of "
                f"{', '.join(v.value for v in cls)}"
            ) from None


class Method(str, enum.Enum):
    """How a claim is checked; it bounds which verdicts are admissible."""

    SYMBOLIC = "symbolic"
    NUMERIC = "numeric"
    MIXED = "symbolic + numeric"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def parse(cls, text: "str | Method") -> "Method":
        if isinstance(text, Method):
            return text
        t = str(text).strip().lower().replace(" ", "")
        for m in cls:
            if m.value.replace(" ", "") == t:
                return m
        if t in {"symbolic+numeric", "mixed", "numeric+symbolic", "numeric+verification"}:
            return cls.MIXED
        from ..errors import InvalidArgument

        raise InvalidArgument(
            f"method={text!r} is not one of 'symbolic', 'numeric', 'symbolic + numeric'"
        )

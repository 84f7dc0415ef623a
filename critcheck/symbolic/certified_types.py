"""The types ``critcheck critical`` prints, each backed by the kernel as ``local_min_at`` is.

The classifier (:mod:`.classify`) may decide a type by a test the kernel has
no rule for (Morse–Bott along a family, a global minimum of a coercive
polynomial with a degenerate Hessian). ``critcheck critical`` and the Python
API must not disagree (issue 10, item 4): at a critical point (or a rational
sample point of a family) the printed type is checked against
:func:`.statements.local_min_at`, whose PROVED/REFUTED rest on a certificate
the kernel accepted:

* a local-minimum type stands when ``local_min_at`` is PROVED there, else it
  is printed ``local min? (unproven: ...)``;
* ``saddle`` / ``local max`` stand when ``local_min_at`` is REFUTED there,
  else they are printed with ``?`` and the reason;
* ``undecided`` becomes ``local min`` / ``not a local min`` when the kernel
  decides it.

A family is covered by one sample point only when the loss is constant on
it: then a sum-of-squares certificate of ``f ≥ f(p)`` makes every point of
the family a global minimum. Sub-ranges of a family whose type changes
(Morse–Bott pieces) have no kernel rule: their local-minimum pieces are
printed unproven.
"""

from __future__ import annotations

import sympy

__all__ = ["sample_point", "kernel_verdict", "certified_kind", "piece_kind"]

_MIN_KINDS = ("strict local min", "non-strict local min", "local min")


def sample_point(comp, variables) -> dict | None:
    """A rational point of the component (its own point, or a small rational value of
    its free parameter satisfying its conditions), or None."""
    vs = tuple(variables)
    if comp.is_point:
        return {v: sympy.sympify(comp.solution.get(v, v)) for v in vs}
    if comp.equations or len(comp.free) != 1:
        return None
    (s,) = comp.free
    for q in (1, 2, -1, 3, -2, sympy.Rational(1, 2)):
        try:
            if not all(bool(c.subs(s, q)) for c in comp.conditions):
                continue
            pt = {v: sympy.sympify(comp.solution.get(v, v)).subs(s, q) for v in vs}
        except (TypeError, ZeroDivisionError):
            continue
        if all(x.is_Rational for x in pt.values()):
            return pt
    return None


def kernel_verdict(loss, variables, point) -> tuple[str, str]:
    """``(verdict, summary)`` of :func:`.statements.local_min_at` after the kernel's check."""
    from ..kernel import check
    from .statements import local_min_at

    vs = tuple(variables)
    out = local_min_at(loss, vs, {str(v): point[v] for v in vs})
    verdict = str(getattr(out.verdict, "value", out.verdict))
    if verdict in ("PROVED", "REFUTED"):
        sts = out.statement if isinstance(out.statement, (list, tuple)) else [out.statement]
        certs = out.certificate if isinstance(out.certificate, (list, tuple)) else [out.certificate]
        if not all(check(st, c).accepted for st, c in zip(sts, certs)):
            return "INCONCLUSIVE", "certificate rejected by the kernel"
    return verdict, out.summary


def certified_kind(cs, comp, kind: str) -> str:
    """``kind`` as ``critcheck critical`` may print it for ``comp`` (see the module docstring)."""
    if kind not in _MIN_KINDS + ("saddle", "local max", "undecided"):
        return kind
    if not comp.is_point:
        from .classify import value_on

        value = value_on(comp.value(cs.loss), comp)
        if value.free_symbols:
            if kind in _MIN_KINDS:
                return (f"local min? (unproven: {kind} by the classifier; the loss is not "
                        "constant on the component and no kernel certificate covers it)")
            return kind
        if kind in _MIN_KINDS and _global_bound(cs, value):
            return kind  # f >= value everywhere (kernel): every point here is a global minimum
    p = sample_point(comp, cs.variables)
    if p is None:
        if kind in _MIN_KINDS:
            return f"local min? (unproven: {kind} by the classifier; no rational point to certify)"
        return kind
    try:
        verdict, why = kernel_verdict(cs.loss, cs.variables, p)
    except Exception as exc:  # noqa: BLE001 - no certificate is "unproven", never a crash
        verdict, why = "INCONCLUSIVE", f"{type(exc).__name__}"
    if kind in _MIN_KINDS:
        return kind if verdict == "PROVED" else \
            f"local min? (unproven: {kind} by the classifier; no kernel certificate: {why})"
    if kind in ("saddle", "local max"):
        return kind if verdict == "REFUTED" else \
            f"{kind}? (no kernel certificate that it is not a local min: {why})"
    if verdict == "PROVED":
        return f"local min (kernel: {why})"
    if verdict == "REFUTED":
        return f"not a local min (kernel: {why})"
    return kind


def piece_kind(kind: str, whole: str) -> str:
    """A piece's kind on a sub-range of a family, as printed: a local-minimum piece
    stands only when the whole component's type stood (a global certificate)."""
    if kind in _MIN_KINDS and whole not in _MIN_KINDS:
        return f"local min? (unproven: {kind} by the classifier; no kernel rule for a sub-range)"
    return kind


def _global_bound(cs, c) -> bool:
    """The kernel accepts ``f ≥ c`` from the loss's structure (a sum of weighted even
    powers plus the constant ``c``)."""
    from ..kernel import check
    from .certificates import kernel_statement
    from .statements import _structural_terms

    if not sympy.sympify(c).is_Rational or cs.parameters:
        return False
    terms = _structural_terms(cs.loss, c)
    if terms is None:
        return False
    st = kernel_statement("lower_bound", cs.loss, cs.variables, (), {"c": c})
    return check(st, {"terms": terms}).accepted

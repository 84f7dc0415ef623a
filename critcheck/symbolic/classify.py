"""Classification of every critical component of a loss, degenerate ones included.

For each :class:`~critcheck.symbolic.solve.Component` of a
:class:`~critcheck.symbolic.critical.CriticalSet`:

* **isolated point** — exact Hessian inertia (:mod:`.inertia`) and the index
  of seed 003, Def. III.1 (the number of negative eigenvalues). Non-degenerate:
  index 0 ⇒ strict local minimum, index n ⇒ strict local maximum, otherwise a
  saddle. Degenerate: a positive monomial bound or curve witnesses
  (:mod:`.taylor`); otherwise ``undecided``.
* **explicit family with one free parameter** ``s`` — Morse–Bott test: the
  characteristic polynomial of the Hessian along the family must have its
  last ``dim`` coefficients identically zero (tangent directions in the
  kernel); the remaining coefficients are the normal-space part, whose signs
  are decided exactly on the intervals between their real roots. Normal index
  0 ⇒ non-strict local minima, all negative ⇒ non-strict local maxima, mixed
  ⇒ saddles. Where the normal Hessian degenerates (finitely many ``s``), the
  point is treated like a degenerate point (witnesses), else ``undecided``.
* **other families** (several parameters, implicit equations) — global minima
  when the loss there equals an attained exact lower bound; a Hessian with a
  negative and a positive eigenvalue anywhere decided; otherwise ``undecided``.

Global vs sub-optimal: :mod:`.optimality` gives an exact lower bound; a
component whose value equals an *attained* bound is global; a constant value
above an attained bound is sub-optimal; with no attained bound, ``None``.

Every classification carries a :class:`~critcheck.claims.derivation.Derivation`
of re-checkable steps.

References
----------
Seed 003 (Sun et al., "The global landscape of neural networks"), Def. III.1
(index), Sec. II (local/global minimum, saddle), Fig. 2 (a line of non-strict
local minima).
"""

from __future__ import annotations

import dataclasses

import sympy

from ..claims.derivation import Derivation
from ..errors import BudgetExceeded
from .inertia import (Inertia, charpoly_coeffs, descartes_inertia, exact_sign,
                      interval_samples, matrix_inertia, rational_parts)
from .optimality import coercive_polynomial, structural_lower_bound
from .taylor import find_witnesses, positive_monomial_bound

__all__ = ["Piece", "Classification", "classify_point", "classify_component",
           "classify_all", "describe_component", "KINDS"]

KINDS = ("strict local min", "non-strict local min", "local min", "local max", "saddle",
         "undecided")
"""``local min``: a (global) minimum whose strictness is not decided."""


@dataclasses.dataclass(frozen=True)
class Piece:
    """The type of a critical component (or of the part of it where ``condition`` holds).

    Attributes
    ----------
    condition : str
        ``""`` for the whole component, else e.g. ``"v > 0"``.
    kind : str
        one of :data:`KINDS`.
    index : int or None
        number of negative Hessian eigenvalues (seed 003, Def. III.1).
    reason : str
        the test that decided it.
    not_min, not_max : bool
        witnessed facts that hold even when ``kind`` is ``undecided``.
    """

    condition: str
    kind: str
    index: int | None
    reason: str
    not_min: bool = False
    not_max: bool = False

    @property
    def is_local_min(self) -> bool | None:
        if self.kind in ("strict local min", "non-strict local min", "local min"):
            return True
        if self.kind == "saddle" or self.not_min:
            return False
        return None


@dataclasses.dataclass(frozen=True)
class Classification:
    """The classification of one critical component.

    ``kind`` is the common kind of all pieces, or ``"mixed"`` when the type
    changes along the component (see ``pieces``).
    """

    component: object
    kind: str
    index: int | None
    value: sympy.Expr
    is_global: bool | None
    pieces: tuple
    derivation: Derivation

    @property
    def decided(self) -> bool:
        return all(p.kind != "undecided" for p in self.pieces)

    def has_local_min(self) -> bool | None:
        """True if some piece is a local minimum; None if a piece is undecided and not ruled out."""
        vals = [p.is_local_min for p in self.pieces]
        if any(v is True for v in vals):
            return True
        if all(v is False for v in vals):
            return False
        return None


def _point_kind(inert: Inertia, n: int):
    if inert.zero == 0:
        if inert.negative == 0:
            return "strict local min"
        if inert.positive == 0:
            return "local max"
        return "saddle"
    if inert.negative and inert.positive:
        return "saddle"
    return None


def classify_point(f, variables, point: dict, d: Derivation, *, isolated: bool = True,
                   condition: str = "") -> Piece:
    """Classify the critical point ``point`` of ``f`` (exact; may be ``undecided``)."""
    variables = tuple(variables)
    n = len(variables)
    Hs = sympy.hessian(f, variables)
    Hp = sympy.simplify(Hs.subs(point, simultaneous=True))
    d.step("Hessian at the point", sympy.UnevaluatedExpr(sympy.Symbol(r"\nabla^2 f")), Hp,
           check=lambda: (sympy.simplify(sympy.hessian(f, variables).subs(point, simultaneous=True)
                                         - Hp)).is_zero_matrix)
    inert, coeffs = matrix_inertia(Hp)
    if inert is None:
        d.text("The signs of the characteristic-polynomial coefficients could not be decided "
               "exactly.")
        return Piece(condition, "undecided", None, "Hessian eigenvalue signs undecided")
    d.step("inertia (Descartes' rule, exact for a symmetric matrix)", Hp,
           f"(+{inert.positive}, -{inert.negative}, 0:{inert.zero})", relation="⇒",
           check=lambda: matrix_inertia(Hp)[0] == inert)
    kind = _point_kind(inert, n)
    if kind is not None:
        if kind == "strict local min" and not isolated:
            kind = "non-strict local min"
        reason = ("non-degenerate Hessian" if inert.zero == 0 else
                  "Hessian has a negative and a positive eigenvalue")
        return Piece(condition, kind, inert.index, reason,
                     not_min=inert.negative > 0, not_max=inert.positive > 0)
    # degenerate and semidefinite: higher order
    if inert.negative == 0 and isolated:
        cert = positive_monomial_bound(f, variables, point)
        if cert is not None:
            g, hs = cert
            d.step("positive monomial bound", sympy.Symbol("f(p+h)-f(p)"), g,
                   check=lambda: positive_monomial_bound(f, variables, point) is not None)
            d.text("Every monomial has even exponents and a positive coefficient and each "
                   "coordinate has a pure power, so $f(p+h)-f(p)>0$ for $h\\ne 0$.")
            return Piece(condition, "strict local min", inert.index,
                         "degenerate; positive even-monomial bound")
    if inert.positive == 0 and isolated:
        cert = positive_monomial_bound(-f, variables, point)
        if cert is not None:
            d.step("positive monomial bound of -f", sympy.Symbol("f(p)-f(p+h)"), cert[0],
                   check=lambda: positive_monomial_bound(-f, variables, point) is not None)
            return Piece(condition, "local max", inert.index,
                         "degenerate; negative even-monomial bound")
    down, up = find_witnesses(f, variables, point)
    if inert.negative:
        down_ok = True
    else:
        down_ok = down is not None
    up_ok = inert.positive > 0 or up is not None
    for w, what in ((down, "descent"), (up, "ascent")):
        if w is not None:
            d.step(f"{what} curve (series expansion)", sympy.Symbol("f(c(t))-f(p)"),
                   sympy.Symbol("c") * sympy.Symbol("t") ** w.order, relation="⇒",
                   check=w.check, note="$" + w.latex() + "$")
    if down_ok and up_ok:
        return Piece(condition, "saddle", inert.index,
                     "degenerate; descent and ascent curves", True, True)
    why = "degenerate; " + ("not a local min (descent curve); " if down_ok else "") + \
        ("not a local max (ascent curve); " if up_ok else "") + "no higher-order test decided"
    d.text("Undecided: " + why + ".")
    return Piece(condition, "undecided", inert.index, why, down_ok, up_ok)


def _family_pieces(f, variables, comp, d: Derivation):
    """Morse–Bott analysis along an explicit one-parameter family."""
    (s,) = comp.free
    vs = tuple(variables)
    n = len(vs)
    dim = 1 if s in vs else 0
    sol = {v: comp.solution.get(v, v) for v in vs}
    H = sympy.simplify(sympy.hessian(f, vs).subs(sol, simultaneous=True))
    coeffs = charpoly_coeffs(H)
    d.step("Hessian along the family", sympy.Symbol(r"\nabla^2 f"), H,
           check=lambda: (sympy.simplify(sympy.hessian(f, vs).subs(sol, simultaneous=True)
                                         - H)).is_zero_matrix)
    tail = coeffs[n + 1 - dim:]
    if any(sympy.simplify(c) != 0 for c in tail):
        d.text("The tangent direction is not in the Hessian kernel; not a family of critical "
               "points as expected.")
        return None
    if dim:
        d.step("tangent direction in the kernel: last characteristic coefficient vanishes",
               coeffs[-1], 0, check=lambda: sympy.simplify(charpoly_coeffs(H)[-1]) == 0)
    normal = coeffs[: n + 1 - dim]
    excluded, bounds_of = [], []
    for c in comp.conditions:
        if isinstance(c, sympy.Ne):
            excluded.append(c.lhs - c.rhs)
        elif isinstance(c, sympy.core.relational.Relational):
            bounds_of.append(c.lhs - c.rhs)   # split there too; pieces outside are dropped
        else:
            return None

    def inside(q) -> bool | None:
        """Does the family's parameter value ``q`` satisfy every side condition?"""
        try:
            return all(bool(c.subs(s, q)) for c in comp.conditions)
        except TypeError:
            return None

    split = interval_samples(list(normal[1:]) + excluded + bounds_of, s)
    if split is None:
        return None
    roots, samples = split
    pieces = []
    bounds = [None] + list(roots) + [None]
    for i, q in enumerate(samples):
        lo, hi = bounds[i], bounds[i + 1]
        if lo is not None and hi is not None:
            cond = f"{sympy.sstr(lo)} < {s} < {sympy.sstr(hi)}"
        elif lo is not None:
            cond = f"{s} > {sympy.sstr(lo)}"
        elif hi is not None:
            cond = f"{s} < {sympy.sstr(hi)}"
        else:
            cond = ""
        ok = inside(q)
        if ok is None:
            return None
        if not ok:
            cond = None
        signs = [exact_sign(c.subs(s, q)) for c in normal]
        if any(x is None for x in signs):
            return None
        inert = descartes_inertia(signs)
        if inert.zero:
            kind = "saddle" if inert.negative and inert.positive else "undecided"
        elif inert.negative == 0:
            kind = "non-strict local min" if dim else "strict local min"
        elif inert.positive == 0:
            kind = "local max"
        else:
            kind = "saddle"
        d.step(f"normal Hessian where {cond or 'always'} (sample {s} = {sympy.sstr(q)}); "
               "signs of the normal characteristic coefficients",
               sympy.Matrix(normal[1:]).T, f"normal inertia (+{inert.positive}, -{inert.negative},"
               f" 0:{inert.zero})", relation="⇒",
               check=lambda q=q, inert=inert, lo=lo, hi=hi: (
                   (lo is None or bool(lo < q)) and (hi is None or bool(q < hi))
                   and _open_interval_ok(charpoly_coeffs(H)[1: n + 1 - dim] + excluded, s, lo, hi)
                   and descartes_inertia([exact_sign(c.subs(s, q))
                                          for c in charpoly_coeffs(H)[: n + 1 - dim]]) == inert))
        if cond is None:  # this interval is not part of the component
            d.blocks.pop()
        else:
            pieces.append(Piece(cond, kind, inert.index, "Morse–Bott: normal Hessian "
                                + ("non-degenerate" if not inert.zero else "degenerate"),
                                not_min=inert.negative > 0, not_max=inert.positive > 0))
        if hi is not None:
            # the point s = hi itself
            if any(sympy.simplify(e.subs(s, hi)) == 0 for e in excluded) or not inside(hi):
                continue
            pt = {v: sympy.simplify(sol[v].subs(s, hi)) for v in vs}
            sub = d.case(f"{sympy.latex(s)} = {sympy.latex(hi)}")
            sub.text(f"At ${sympy.latex(s)} = {sympy.latex(hi)}$ the point is $"
                     + sympy.latex(sympy.Matrix([pt[v] for v in vs]).T) + "$.")
            pc = classify_point(f, vs, pt, sub, isolated=not dim, condition=f"{s} = {sympy.sstr(hi)}")
            pieces.append(pc)
    return pieces


def _family_unsplittable(comp) -> bool:
    """Whether a side condition of the one-parameter family ``comp`` alone makes
    :func:`_family_pieces` return None, whatever the Hessian along the family.

    That happens when a condition is not a relation, or when a numerator or
    denominator of one (``together(lhs - rhs)``) is not a polynomial in the
    parameter with exact coefficients and no other symbol: the split of the
    parameter line (:func:`~critcheck.symbolic.inertia.interval_samples`, which
    receives every condition) then fails. For a family that attains the global
    bound, whose derivation is not shown, the caller skips the Hessian, its
    characteristic polynomial and their simplification (exact but slow on
    ``exp`` terms: the tanh loss of seed 003, Prop. IV.1) and leaves the index
    unknown, as the full computation would. Any error: False (compute).
    """
    (s,) = comp.free
    try:
        for c in comp.conditions:
            if not isinstance(c, sympy.core.relational.Relational):
                return True
            if rational_parts([c.lhs - c.rhs], s) is None:
                return True
    except Exception:  # noqa: BLE001 - undecided here: the full computation decides
        return False
    return False


def _trace_not_rational(f, variables, comp) -> bool:
    """Whether the Hessian's trace along the one-parameter family ``comp`` is a
    non-constant rational function of ``e^{s/q}`` (``s`` its parameter), decided exactly.

    The coefficient of :math:`\\lambda^{n-1}` in :math:`\\det(\\lambda I - H(s))` is
    :math:`-\\operatorname{tr} H(s)`, one of the normal coefficients
    :func:`_family_pieces` splits the parameter line at (when the family's normal
    space is not empty). A non-constant :math:`R(e^{s/q})`, :math:`R \\in \\mathbb{Q}(u)`,
    is not a rational function of ``s`` (``e^t`` is transcendental over
    :math:`\\mathbb{C}(t)`), whatever form simplification gives it, so the split fails
    and :func:`_family_pieces` returns None: the caller (a family attaining the global
    bound, only its index wanted) skips the Hessian, its characteristic polynomial and
    their simplification (the sigmoid loss of seed 003, Prop. IV.1). Anything the test
    cannot read (no ``exp`` of a rational multiple of ``s``, other symbols, ``s``
    outside the exponentials, an error): False, and the full computation decides.
    """
    (s,) = comp.free
    vs = tuple(variables)
    if len(vs) - (1 if s in vs else 0) < 1:
        return False
    try:
        sol = {v: comp.solution.get(v, v) for v in vs}
        tr = sympy.Add(*[sympy.diff(f, v, 2) for v in vs]).subs(sol, simultaneous=True)
        exps = [a for a in tr.atoms(sympy.exp) if a.has(s)]
        if not exps:
            return False
        ks = []
        for a in exps:
            arg = sympy.expand(a.args[0])
            k = arg.coeff(s)
            if not (k.is_Rational and k != 0 and sympy.expand(arg - k * s) == 0):
                return False
            ks.append(k)
        q = sympy.ilcm(1, 1, *[k.q for k in ks])
        u = sympy.Dummy("u", positive=True)
        r = tr.xreplace({a: u ** (k * q) for a, k in zip(exps, ks)})
        if r.has(s) or r.free_symbols - {u}:
            return False
        num, den = sympy.fraction(sympy.cancel(sympy.together(r)))
        pn, pd = sympy.Poly(num, u), sympy.Poly(den, u)
        if pn.domain not in (sympy.ZZ, sympy.QQ) or pd.domain not in (sympy.ZZ, sympy.QQ):
            return False
        return pn.degree() > 0 or pd.degree() > 0
    except Exception:  # noqa: BLE001 - undecided here: the full computation decides
        return False


def _open_interval_ok(coeffs, s, lo, hi) -> bool:
    """No root of any numerator/denominator of ``coeffs`` strictly inside (lo, hi)."""
    for c in coeffs:
        num, den = sympy.together(c).as_numer_denom()
        for part in (num, den):
            if not part.has(s):
                continue
            for r in sympy.Poly(part, s).real_roots():
                if (lo is None or bool(r > lo)) and (hi is None or bool(r < hi)):
                    return False
    return True


def value_on(value, comp):
    """``value`` on the component: simplified, reduced modulo its implicit equations."""
    value = sympy.simplify(value)
    if comp.equations and value.free_symbols:
        try:
            G = sympy.groebner(list(comp.equations), *comp.free, order="lex")
            value = sympy.simplify(G.reduce(sympy.expand(value))[1])
        except Exception:  # noqa: BLE001 - an unreduced value is just undecided
            pass
    return value


def _global_info(cs):
    """(global bound, check, attained) for the loss of ``cs``.

    First an exact structural lower bound attained by a critical component;
    failing that, for a coercive polynomial with a complete case analysis, the
    least critical value (the minimum is attained, at a critical point).
    """
    cached = getattr(cs, "_global_info", None)
    if cached is not None:
        return cached
    out = (None, None, False)
    lb = structural_lower_bound(cs.loss)
    if lb is not None:
        bound, check = lb
        attained = any(
            not (v := value_on(c.value(cs.loss), c)).free_symbols
            and sympy.simplify(v - bound) == 0 and _nonempty(c) for c in cs.solve.components)
        if not attained:  # a component whose value did not reduce to a constant may still take it
            from .real_locus import lower_bound_attained

            attained = lower_bound_attained(cs, bound) is True
        out = (bound, check, attained)
    if not out[2] and cs.solve.complete and not cs.parameters:
        how = coercive_polynomial(cs.loss, cs.variables)
        # every component must be shown to hold a real point: a component left out
        # could hide the true minimum
        real = [_nonempty(c) for c in cs.solve.components]
        vals = [value_on(c.value(cs.loss), c) for c in cs.solve.components]
        if how and vals and all(real) and not any(v.free_symbols for v in vals):
            m = vals[0]
            for v in vals[1:]:
                sg = exact_sign(v - m)
                if sg is None:
                    m = None
                    break
                if sg < 0:
                    m = v
            if m is not None:
                def check(f=cs.loss, vs=cs.variables, how=how, m=m, vals=tuple(vals)):
                    return coercive_polynomial(f, vs) == how and all(
                        exact_sign(v - m) in (0, 1) for v in vals)
                out = (m, check, True)
    try:
        cs._global_info = out
    except AttributeError:  # pragma: no cover - frozen containers
        pass
    return out


def _nonempty(c) -> bool:
    """The component has a real point: explicit, with a rational sample meeting its conditions."""
    if not c.free:
        return all(sympy.sympify(v).is_real is True for v in c.solution.values())
    if c.equations:
        if _implicit_has_real_point(c):
            return True
        from .real_locus import real_locus

        r = real_locus(c).real_dimension
        return r is not None and r >= 0
    for q in (1, 2, 3, -1, sympy.Rational(1, 2)):
        sub = {x: q for x in c.free}
        try:
            if all(bool(cond.subs(sub)) for cond in c.conditions) and all(
                    sympy.sympify(v).subs(sub).is_real for v in c.solution.values()):
                return True
        except TypeError:
            continue
    return False


def _implicit_has_real_point(c) -> bool:
    """Find an exact real point on an implicit component (rational samples + real roots)."""
    free = list(c.free)
    last, others = free[-1], free[:-1]
    for q in (1, 2, -1, 3, sympy.Rational(1, 2), -2):
        sub = {x: q for x in others}
        eqs = [sympy.together(sympy.sympify(e).subs(sub)).as_numer_denom()[0] for e in c.equations]
        eqs = [e for e in eqs if e != 0]
        if not eqs:
            continue
        try:
            p = sympy.Poly(eqs[0], last)
        except sympy.PolynomialError:
            return False
        for r in p.real_roots():
            pt = dict(sub)
            pt[last] = r
            if all(sympy.simplify(sympy.sympify(e).subs(pt)) == 0 for e in c.equations) and all(
                    bool(cond.subs(pt)) for cond in c.conditions):
                return True
    return False


def classify_component(cs, comp) -> Classification:
    """Classify one critical component of ``cs`` (see the module docstring).

    A test that fails with an error leaves the component ``undecided`` with the
    error as the reason; it never crashes the caller and never decides.
    """
    try:
        return _classify_component(cs, comp)
    except BudgetExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as undecided
        d = Derivation()
        why = f"classification failed: {type(exc).__name__}: {exc}"
        d.text("Undecided: " + why.replace("$", ""))
        return Classification(comp, "undecided", None, comp.value(cs.loss), None,
                              (Piece("", "undecided", None, why),), d)


def _classify_component(cs, comp) -> Classification:
    f, vs = cs.loss, tuple(cs.variables)
    d = Derivation()
    d.text("Component $" + comp.latex(vs) + "$.")
    value = value_on(comp.value(f), comp)
    bound, bcheck, attained = _global_info(cs)
    is_global = None
    global_min_here = False
    if bound is not None and attained and not value.free_symbols:
        if sympy.simplify(value - bound) == 0:
            is_global = True
            global_min_here = True
        elif exact_sign(value - bound) == 1:
            is_global = False
        d.step("exact lower bound (sum of non-negative terms, or the least critical value of "
               "a coercive polynomial with every critical component found)", f, bound,
               relation="≥", check=bcheck)
        d.step("loss on the component", sympy.Symbol("f|_C"), value,
               check=lambda: sympy.simplify(value_on(comp.value(f), comp) - value) == 0)
    pieces: list | None = None
    if global_min_here:
        kind = "strict local min" if comp.is_point else "non-strict local min"
        pieces = [Piece("", kind, None, "attains the exact lower bound (global minimum)")]
        if comp.is_point:
            p = classify_point(f, vs, {v: comp.solution.get(v, v) for v in vs}, d)
            kind = "strict local min" if p.kind == "strict local min" else "local min"
            pieces = [Piece("", kind, p.index,
                            "global minimum (attains the exact lower bound)"
                            + ("" if kind == "strict local min" else "; strictness undecided"))]
        elif (not comp.equations and len(comp.free) == 1 and not _family_unsplittable(comp)
              and not _trace_not_rational(f, vs, comp)):
            fam = _family_pieces(f, vs, comp, Derivation())
            idx = {p.index for p in fam or []}
            if len(idx) == 1 and None not in idx:
                pieces = [dataclasses.replace(pieces[0], index=idx.pop())]
    elif comp.is_point:
        pieces = [classify_point(f, vs, {v: comp.solution.get(v, v) for v in vs}, d)]
    elif not comp.equations and len(comp.free) == 1:
        pieces = _family_pieces(f, vs, comp, d)
    if pieces is None:
        pieces = [Piece("", "undecided", None,
                        "family with several parameters or implicit equations; no exact test "
                        "applied")]
        d.text("Undecided: no exact test for this component.")
    kinds = {p.kind for p in pieces}
    kind = kinds.pop() if len(kinds) == 1 else "mixed"
    indices = {p.index for p in pieces}
    index = indices.pop() if len(indices) == 1 else None
    if is_global is None and all(p.is_local_min is False for p in pieces):
        is_global = False  # not even a local minimum
    return Classification(comp, kind, index, value, is_global, tuple(pieces), d)


def classify_all(cs) -> list[Classification]:
    """Classifications of every component of ``cs`` (cached on ``cs``)."""
    cached = getattr(cs, "_classifications", None)
    if cached is None:
        cached = [classify_component(cs, c) for c in cs.solve.components]
        try:
            cs._classifications = cached
        except AttributeError:  # pragma: no cover - frozen containers
            pass
    return cached


def describe_component(cs, comp) -> list[str]:
    """Short lines for ``critcheck critical``: type, index, loss value, global or not."""
    for c in classify_all(cs):
        if c.component is comp:
            break
    else:  # pragma: no cover - comp not from cs
        c = classify_component(cs, comp)
    from .certified_types import certified_kind, piece_kind

    g = {True: "yes", False: "no (sub-optimal)", None: "unknown"}[c.is_global]
    shown = certified_kind(cs, comp, c.kind)  # the kernel backs it as it backs local_min_at
    lines = [f"type: {shown}; index: {c.index if c.index is not None else '-'}; "
             f"loss: {c.value}; global min: {g}"]
    bound, _, attained = _global_info(cs)
    if bound is not None and not attained:
        from .real_locus import lower_bound_attained

        got = lower_bound_attained(cs, bound)
        if got is False:
            lines.append(f"  note: the lower bound {bound} is not attained (no real critical "
                         "point takes it, decided exactly); the infimum is larger or lies at "
                         "infinity")
        elif got is True:
            lines.append(f"  note: the lower bound {bound} is attained at a real critical point")
        else:
            lines.append(f"  note: whether the lower bound {bound} is attained is unknown")
    if len(c.pieces) > 1 or c.pieces[0].condition:
        for p in c.pieces:
            lines.append(f"  where {p.condition or 'everywhere'}: {piece_kind(p.kind, shown)}"
                         f" (index {p.index if p.index is not None else '-'}; {p.reason})")
    else:
        lines.append(f"  by: {c.pieces[0].reason}")
    return lines


def classification_derivation(cs, title: str = "") -> Derivation:
    """The solver's case analysis followed by the classification of every component."""
    d = Derivation(title)
    d.extend(cs.derivation)
    d.text("Classification of each critical component.")
    g = {True: "global minimum", False: "not a global minimum", None: "global: undecided"}
    for c in classify_all(cs):
        outcome = f"{c.kind}; loss ${sympy.latex(c.value)}$; {g[c.is_global]}"
        if len(c.pieces) > 1:
            outcome += "; " + "; ".join(f"${p.condition}$: {p.kind}" for p in c.pieces)
        sub = d.case(c.component.latex(cs.variables), outcome=outcome)
        sub.extend(c.derivation)
    return d

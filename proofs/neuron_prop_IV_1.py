"""Claims ``neuron.prop_IV_1.<phi>``: Proposition IV.1 of seed 003, activation by activation.

Seed 003, Prop. IV.1 ([14]): for ``x, y ≠ 0``, ``F(w, v) = (y − vφ(wx))²`` has
no sub-optimal local minimum iff every zero ``t`` of ``φ`` is neither a local
minimum nor a local maximum of ``φ``. Each claim takes ``x = y = 1`` (as in
Fig. 2) and checks, exactly, both sides for one ``φ``:

* the *condition*: the real zeros of ``φ`` and whether each is a local
  extremum (first non-vanishing derivative: even order ⇒ extremum);
* the *landscape*: a sub-optimal local minimum exhibited from the exact
  classification (:mod:`critcheck.symbolic.classify`), or every critical
  component shown to be a global minimum or not a local minimum, with the
  solver's case analysis complete.

The claim is PROVED when both sides are settled and agree with the
proposition; ReLU is treated piecewise (``F ≡ 1`` on the open half-plane
``w < 0``).
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim

_Z = sympy.Symbol("z", real=True)

# name -> (phi(z) as text for the loss, sympy phi, description of its zeros)
_PHIS = {
    "z2": ("w**2", _Z**2),
    "z2_plus_1": ("(w**2+1)", _Z**2 + 1),
    "tanh": ("(exp(2*w)-1)/(exp(2*w)+1)", sympy.tanh(_Z)),
    "sigmoid": ("1/(1+exp(-w))", 1 / (1 + sympy.exp(-_Z))),
    "neg_quad": ("(-(w-1)**2/8)", -(_Z - 1) ** 2 / 8),
}


def _zeros_condition(phi, d):
    """(condition holds?, zeros) for a smooth phi, decided exactly, or (None, reason)."""
    if phi.has(sympy.tanh):
        d.step("tanh is strictly increasing: tanh' = 1 - tanh^2 = 1/cosh^2 > 0",
               sympy.diff(phi, _Z), 1 / sympy.cosh(_Z) ** 2)
        d.step("1/cosh^2 is positive", 1 / sympy.cosh(_Z) ** 2, "> 0", relation="⇒",
               check=lambda: (1 / sympy.cosh(_Z) ** 2).is_positive is True)
        d.step("its only zero", sympy.tanh(0), 0)
        d.text("A strictly increasing function has no local extremum: the condition holds.")
        return True, [0]
    if phi.is_positive:
        d.step("phi has no real zero", phi, "> 0", relation="⇒",
               check=lambda: phi.is_positive is True)
        d.text("No zero at all: the condition holds vacuously.")
        return True, []
    zeros = sympy.solveset(phi, _Z, sympy.S.Reals)
    if not isinstance(zeros, sympy.FiniteSet):
        return None, f"zeros of {phi} not a finite set"
    holds = True
    d.step("real zeros of phi", sympy.Eq(phi, 0), sympy.Eq(_Z, sympy.Tuple(*zeros)),
           relation="⇔", check=lambda: sympy.solveset(phi, _Z, sympy.S.Reals) == zeros)
    for t0 in zeros:
        for k in range(1, 7):
            dk = sympy.simplify(sympy.diff(phi, _Z, k).subs(_Z, t0))
            if dk != 0:
                break
        else:
            return None, f"all derivatives up to 6 vanish at {t0}"
        extremum = k % 2 == 0
        d.step(f"first non-vanishing derivative at z = {t0} has order {k}"
               + (" (even: an extremum)" if extremum else " (odd: no extremum)"),
               sympy.Subs(sympy.Derivative(phi, (_Z, k)), _Z, t0), dk,
               check=lambda k=k, t0=t0, dk=dk: dk != 0 and all(
                   sympy.simplify(sympy.diff(phi, _Z, j).subs(_Z, t0)) == 0 for j in range(1, k))
               and sympy.simplify(sympy.diff(phi, _Z, k).subs(_Z, t0) - dk) == 0)
        if extremum:
            holds = False
    return holds, list(zeros)


def _make(name, text, phi):
    statement = (r"Prop.~IV.1 for $\varphi(z)=" + sympy.latex(phi) + r"$, $x=y=1$: "
                 r"$F=(1-v\varphi(w))^2$ has a sub-optimal local minimum iff some zero of "
                 r"$\varphi$ is a local extremum of $\varphi$.")

    @claim(f"neuron.prop_IV_1.{name}", title=f"Prop. IV.1 for phi(z) = {phi}",
           source="seed 003, Prop. IV.1", method="symbolic", expected="PROVED",
           statement=statement)
    def check(ctx):
        from critcheck.claims.derivation import Derivation
        from critcheck.symbolic.classify import classification_derivation, classify_all
        from critcheck.symbolic.critical import critical_points

        d = Derivation()
        d.text(r"\textbf{The condition of Prop.~IV.1.}")
        holds, zeros = _zeros_condition(phi, d)
        if holds is None:
            return Outcome("INCONCLUSIVE", summary=str(zeros), derivation=d,
                           open_branches=[str(zeros)])
        w = sympy.Symbol("w")
        if phi.has(sympy.tanh):
            d.step("tanh in exponentials (so the solver's exp substitution applies)",
                   sympy.tanh(w), (sympy.exp(2 * w) - 1) / (sympy.exp(2 * w) + 1),
                   check=lambda: sympy.simplify(sympy.tanh(w).rewrite(sympy.exp) - (
                       sympy.exp(2 * w) - 1) / (sympy.exp(2 * w) + 1)) == 0)
        cs = critical_points(f"(1 - v*{text})**2", "v,w", budget=ctx.budget)
        cls = classify_all(cs)
        d.text(r"\textbf{The landscape.}")
        d.extend(classification_derivation(cs))
        sub_opt = [(c, p) for c in cls if c.is_global is False for p in c.pieces
                   if p.is_local_min is True]
        undecided = [c for c in cls if c.has_local_min() is not False and c.is_global is not True
                     and not any(cc is c for cc, _ in sub_opt)]
        opens = [str(o) for o in cs.solve.open_branches]
        evidence = {"zeros": [str(z) for z in zeros], "condition_holds": holds,
                    "components": [f"{c.component}: {c.kind}; " + "; ".join(
                        f"[{p.condition}] {p.kind}" for p in c.pieces)
                        + f"; loss {c.value}; global {c.is_global}" for c in cls],
                    "suboptimal_local_minima": [f"{c.component} where {p.condition or 'all'}"
                                                for c, p in sub_opt]}
        if sub_opt:
            has_bad = True
        elif not undecided and not opens:
            has_bad = False
        else:
            return Outcome("INCONCLUSIVE", summary="landscape side not settled",
                           evidence=evidence, derivation=d,
                           open_branches=opens + [str(c.component) for c in undecided])
        evidence["suboptimal_local_min_exists"] = has_bad
        agree = has_bad == (not holds)
        if agree:
            return Outcome("PROVED", summary=f"condition {'holds' if holds else 'fails'}; "
                           f"sub-optimal local min {'exists' if has_bad else 'absent'}: "
                           "as Prop. IV.1 says", evidence=evidence, derivation=d)
        return Outcome("INCONCLUSIVE", summary="landscape and condition disagree: check the "
                       "proposition's hypotheses", evidence=evidence, derivation=d,
                       open_branches=["disagreement with Prop. IV.1"])

    check.__name__ = f"check_{name}"
    return check


for _name, (_text, _phi) in _PHIS.items():
    globals()[f"check_{_name}"] = _make(_name, _text, _phi)


@claim("neuron.prop_IV_1.relu", title="Prop. IV.1 for phi = ReLU (piecewise)",
       source="seed 003, Prop. IV.1 and the remark after it", method="symbolic",
       expected="PROVED",
       statement=r"For $\varphi(z)=\max(z,0)$, $x=y=1$: every zero $t<0$ of $\varphi$ is a local "
                 r"extremum (the condition fails) and $F=(1-v\varphi(w))^2$ has sub-optimal "
                 r"local minima, as Prop.~IV.1 says.")
def check_relu(ctx):
    from critcheck.claims.derivation import Derivation

    v = sympy.Symbol("v", real=True)
    w = sympy.Symbol("w", negative=True)
    t = sympy.Symbol("t", negative=True)
    relu = sympy.Max(_Z, 0)
    d = Derivation()
    d.text(r"\textbf{Piecewise.} On the open set $\{z<0\}$, $\varphi(z)=\max(z,0)=0$.")
    d.step("relu vanishes on z < 0", relu.subs(_Z, t), 0)
    d.text(r"So each $t<0$ is a zero of $\varphi$ with $\varphi\equiv 0$ on the neighbourhood "
           r"$(t-|t|/2,\,t+|t|/2)\subset\{z<0\}$: a (non-strict) local minimum and maximum of "
           r"$\varphi$. The condition of Prop.~IV.1 fails.")
    F = (1 - v * sympy.Max(w, 0)) ** 2
    d.step("the loss on the open half-plane w < 0", F, 1)
    d.text(r"$F\equiv 1$ on the open set $\{w<0\}$, so every point there is a (non-strict) "
           r"local minimum with $F=1$.")
    vv, ww = sympy.symbols("v w", real=True)
    Fr = (1 - vv * sympy.Max(ww, 0)) ** 2
    d.step("a point with loss 0 (so the global minimum is 0 since F >= 0)",
           Fr.subs({vv: 1, ww: 1}), 0)
    d.step("F is a square, hence >= 0", Fr, ">= 0", relation="⇒",
           check=lambda: Fr.is_nonnegative is True)
    d.text("Hence the local minima on $w<0$ are sub-optimal, as Prop.~IV.1 predicts.")
    return Outcome("PROVED", summary="condition fails (zeros t<0 are flat extrema); "
                   "{w<0} consists of sub-optimal local minima with F = 1 > 0",
                   evidence={"suboptimal_local_minima": "w < 0, any v; F = 1",
                             "global_minimum": "F(1,1) = 0"}, derivation=d)

"""Claims ``neuron.prop_IV_1.<phi>``: Proposition IV.1 of seed 003, activation by activation.

Seed 003, Prop. IV.1 ([14]): for ``x, y ≠ 0``, ``F(v, w) = (y − vφ(wx))²`` has
no sub-optimal local minimum iff every zero ``t`` of ``φ`` is neither a local
minimum nor a local maximum of ``φ``. Each claim certifies, with the trusted
kernel, both sides for one ``φ``:

* the *condition*: the zeros of ``φ`` as the critical points of an
  antiderivative ``Φ`` (``Φ' = φ`` is certified too), and whether a zero is a local extremum
  (a local minimum of ``φ`` or of ``−φ``, by a box sum-of-squares) or not (a
  curve witness for ``φ`` and for ``−φ``);
* the *landscape*: where the condition fails (``z²``, ``−(z−1)²/8``), a
  sub-optimal local minimum of ``F`` for ``x = y = 1`` (as in Fig. 2; box
  sum-of-squares and a better point -- points have rational coordinates, so
  the instance is fixed); where it holds (``z² + 1``, ``tanh``, sigmoid),
  "``min F = 0`` and every local minimum of ``F`` is global" for *all*
  ``x, y ≠ 0`` as parameters (a sum-of-squares lower bound and a case tree
  over the critical points with ``global`` / ``not_min_family`` leaves).

The formal statements (``formal=`` of each claim) say exactly this; the
"iff" linking the two sides is the proposition, read off by the reader.
What the kernel does *not* check, and the derivation argues in words:

* ``tanh``: that ``0`` is its *only* zero (``tanh`` is strictly increasing);
  the kernel has no rule relating ``tanh(z) = 0`` to ``z = 0``;
* the landscape of ``tanh`` is stated for ``y² − 2yv tanh(wx) + v² tanh²(wx)``,
  which is ``(y − v tanh(wx))²`` expanded (the kernel's series of the
  unexpanded square carries denominators its sign rules cannot clear).

``neuron.prop_IV_1.relu`` is ``INCONCLUSIVE``: the kernel has no rule for
piecewise (``max``) losses, so "``F ≡ 1`` on the open half-plane ``w < 0``"
cannot be certified; the derivation still shows the argument.

The solver and classifier (:mod:`critcheck.symbolic.classify`) run as well:
their case analysis is the derivation shown to readers and must agree with
the certified side, but the verdict rests on the kernel alone.
"""

from __future__ import annotations

import sympy

from critcheck import Outcome, claim


# -- the kernel statements and certificates ---------------------------------
# Untrusted builders: the kernel (critcheck.kernel) re-derives every gradient,
# Hessian and series from the statement's loss and rejects a wrong entry.

#: name -> F(v, w) = (y - v phi(w x))^2 as kernel text: with x = y = 1 where a
#: sub-optimal local minimum is exhibited (a point has rational coordinates), for all
#: parameters x, y != 0 where "every local minimum is global" is certified
LOSSES = {
    "z2": "(1 - v*w^2)^2",
    "z2_plus_1": "(y - v*((w*x)^2 + 1))^2",
    "tanh": "y^2 - 2*y*v*tanh(w*x) + v^2*tanh(w*x)^2",
    "sigmoid": "(y - v/(1 + exp(-w*x)))^2",
    "neg_quad": "(1 - v*(-(w - 1)^2/8))^2",
}


#: name -> (antiderivative Phi, phi = Phi') as kernel text, for the smooth phi with a
#: computable antiderivative: the zeros of phi are the critical points of Phi
ANTIDERIVATIVES = {
    "z2": ("z^3/3", "z^2"),
    "neg_quad": ("-(z - 1)^3/24", "-(z - 1)^2/8"),
    "z2_plus_1": ("z^3/3 + z", "z^2 + 1"),
    "sigmoid": ("log(1 + exp(z))", "1/(1 + exp(-z))"),
}


def formal(name: str) -> list:
    """The kernel statements certified for ``phi = name`` (see the module docstring)."""
    from critcheck.kernel import Statement

    F = LOSSES[name]
    z, vw = ("z",), ("v", "w")
    out = []
    if name in ANTIDERIVATIVES:
        Phi, phi = ANTIDERIVATIVES[name]
        out.append(Statement("gradient_equals", Phi, z, data={"gradient": [phi]},
                             title=f"Phi = {Phi} is an antiderivative of phi = {phi}"))
    if name == "z2":
        return out + [
            Statement("every_critical_point_satisfies", "z^3/3", z, data={"goal": ["z"]},
                      title="the zeros of phi(z) = z^2 are the critical points of Phi: z = 0"),
            Statement("local_min", "z^2", z, data={"point": {"z": "0"}},
                      title="the zero z = 0 is a local minimum of phi"),
            Statement("suboptimal_local_min", F, vw,
                      data={"point": {"v": "-1", "w": "0"}, "better": {"v": "1", "w": "1"}},
                      title="F has a sub-optimal local minimum"),
        ]
    if name == "neg_quad":
        return out + [
            Statement("every_critical_point_satisfies", "-(z - 1)^3/24", z, data={"goal": ["z - 1"]},
                      title="the zeros of phi are the critical points of Phi: z = 1"),
            Statement("local_min", "(z - 1)^2/8", z, data={"point": {"z": "1"}},
                      title="the zero z = 1 is a local minimum of -phi (a local maximum of phi)"),
            Statement("suboptimal_local_min", F, vw,
                      data={"point": {"v": "1", "w": "1"}, "better": {"v": "-8", "w": "2"}},
                      title="F has a sub-optimal local minimum"),
        ]
    glob = Statement("every_local_min_global", F, vw, ("x", "y"), ("x != 0", "y != 0"),
                     {"minimum": "0"}, title="for all x, y != 0: min F = 0 and every local "
                                             "minimum of F is global")
    if name in ("z2_plus_1", "sigmoid"):
        return out + [Statement("no_critical_point", ANTIDERIVATIVES[name][0], z,
                                title="phi has no zero: its antiderivative Phi has no critical point"),
                      glob]
    if name == "tanh":
        return [Statement("not_local_min", "tanh(z)", z, data={"point": {"z": "0"}},
                          title="the zero z = 0 is not a local minimum of tanh"),
                Statement("not_local_min", "-tanh(z)", z, data={"point": {"z": "0"}},
                          title="the zero z = 0 is not a local maximum of tanh"),
                glob]
    raise KeyError(name)


def _tanh_landscape_certificate() -> dict:
    """Case tree for ``F = y² − 2yv tanh(wx) + v² tanh²(wx)`` (atom ``T = tanh(wx)``), x, y ≠ 0.

    ``∂_v F = −2 T (y − vT)``: on ``y − vT = 0``, ``F = (y − vT)² = 0`` (global);
    on ``T = 0``, ``∂_w F = 2vx(1 − T²)(vT − y)`` gives ``v = 0`` (divide by ``−2xy``),
    and along ``(v + xy s, w + s)`` the kernel's series of ``F`` starts ``−2x²y² s²``.
    """
    from critcheck.symbolic.certificates import W, combination, derive, split

    v, w, x, y = sympy.symbols("v w x y", real=True)
    s = sympy.Symbol("s", positive=True)
    T, X = sympy.tanh(w * x), sympy.Symbol("T")
    f = sympy.expand((y - v * T) ** 2)
    g0, g1 = sympy.diff(f, v), sympy.diff(f, w)
    ser = sympy.expand(sympy.series(f.subs({v: v + x * y * s, w: w + s}, simultaneous=True) - f,
                                    s, 0, 3).removeO())
    hyps = [g0, g1, T, v]

    def combo(target):
        c = combination(sympy.expand(target).subs(T, X), [sympy.expand(h).subs(T, X) for h in hyps],
                        [v, X])
        if c is None:
            raise ValueError(f"no combination found for {target}")
        names = {"T": X, "v": v, "x": x, "y": y}
        return {k: W(sympy.sympify(e, locals=names).subs(X, T)) for k, e in c.items()}

    lead = -2 * x**2 * y**2
    v_from_dw = {"1": W(-1 / (2 * x * y)),
                 "2": W(sympy.expand(sympy.cancel((v + g1 / (2 * x * y)) / T)))}
    family = {"leaf": "not_min_family", "curve": {"v": "x*y*s", "w": "s"}, "power": 2,
              "vanish": [{}, combo(ser.coeff(s, 1))], "leading": W(lead),
              "leading_coeffs": combo(ser.coeff(s, 2) - lead)}
    r = y - v * T
    glob = {"leaf": "global", "coeffs": {"2": W(r)}}
    return {"lower_bound": {"terms": [{"weight": "1", "square": W(r)}]},
            "tree": split(0, [T, r], [derive(v, v_from_dw, family), glob], -2)}


def certificates(name: str) -> list:
    """Certificates for :func:`formal` ``(name)``, in the same order."""
    head = [{}] if name in ANTIDERIVATIVES else []      # gradient_equals: the kernel differentiates
    return head + _certificates(name)


def _certificates(name: str) -> list:
    from critcheck.symbolic.certificates import W, contradiction, goal, split

    if name == "z2":
        zeros = {"tree": split(0, ["z", "z"], [goal({"1": "1"}), goal({"1": "1"})])}
        ext = {"method": "box_sos", "box": {"z": ["-1", "1"]},
               "terms": [{"weight": "1", "square": "z"}]}
        # F - 1 = -2 v w^2 + v^2 w^4 = 2 (-1/2 - v) w^2 + w^2 + (v w^2)^2 on v < -1/2
        sub = {"local_min": {"method": "box_sos", "box": {"v": ["-2", "-1/2"], "w": ["-1", "1"]},
                             "terms": [{"weight": "2", "multipliers": [1], "square": "w"},
                                       {"weight": "1", "square": "w"},
                                       {"weight": "1", "square": "v*w^2"}]}}
        return [zeros, ext, sub]
    if name == "neg_quad":
        zeros = {"tree": split(0, ["z - 1", "z - 1"], [goal({"1": "1"}), goal({"1": "1"})], "-1/8")}
        ext = {"method": "box_sos", "box": {"z": ["0", "2"]},
               "terms": [{"weight": "1/8", "square": "z - 1"}]}
        # F - 1 = v (w-1)^2/4 + v^2 (w-1)^4/64, and v = (v - 1/2) + 1/2 on v > 1/2
        sub = {"local_min": {"method": "box_sos", "box": {"v": ["1/2", "2"], "w": ["0", "2"]},
                             "terms": [{"weight": "1/4", "multipliers": [0], "square": "w - 1"},
                                       {"weight": "1/8", "square": "w - 1"},
                                       {"weight": "1/64", "square": "v*(w - 1)^2"}]}}
        return [zeros, ext, sub]
    if name == "z2_plus_1":
        r = "y - v*((w*x)^2 + 1)"
        # dF/dv = -2 ((wx)^2 + 1) r: (wx)^2 + 1 > 0, and on r = 0, F = r * r
        glob = {"lower_bound": {"terms": [{"weight": "1", "square": r}]},
                "tree": split(0, ["(w*x)^2 + 1", r],
                              [contradiction(2, ">0"), {"leaf": "global", "coeffs": {"2": r}}], -2)}
        return [{"tree": contradiction(0, ">0")}, glob]
    if name == "sigmoid":
        w, v, x, y = sympy.symbols("w v x y", real=True)
        e, E = sympy.exp(-w * x), sympy.exp(w * x)
        # dF/dv = -2 E/(E + 1)^2 * (y E + y - v E), E = exp(wx); on its zero, F = 0
        factor = y * E + y - v * E
        const = -2 * E / (E + 1) ** 2
        glob = {"lower_bound": {"terms": [{"weight": "1", "square": W(y - v / (1 + e))}]},
                "tree": split(0, [factor], [{"leaf": "global",
                                             "coeffs": {"2": W((y * (1 + e) - v) * e / (1 + e) ** 2)}}],
                              const)}
        return [{"tree": contradiction(0, ">0")}, glob]
    if name == "tanh":
        return [{"curve": {"z": "-s"}, "order": 3}, {"curve": {"z": "s"}, "order": 3},
                _tanh_landscape_certificate()]
    raise KeyError(name)


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
    @claim(f"neuron.prop_IV_1.{name}", title=f"Prop. IV.1 for phi(z) = {phi}",
           source="seed 003, Prop. IV.1", method="symbolic", expected="PROVED",
           formal=formal(name))
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
            # the solver's and classifier's analysis is shown to readers; the
            # verdict rests on the kernel's check of these certificates
            d.text(r"\textbf{Certified by the kernel.} " + " ".join(
                st.to_latex() for st in formal(name)))
            return Outcome("PROVED", summary=f"condition {'holds' if holds else 'fails'}; "
                           f"sub-optimal local min {'exists' if has_bad else 'absent'}: "
                           "as Prop. IV.1 says", evidence=evidence, derivation=d,
                           statement=formal(name), certificate=certificates(name))
        return Outcome("INCONCLUSIVE", summary="landscape and condition disagree: check the "
                       "proposition's hypotheses", evidence=evidence, derivation=d,
                       open_branches=["disagreement with Prop. IV.1"])

    check.__name__ = f"check_{name}"
    return check


for _name, (_text, _phi) in _PHIS.items():
    globals()[f"check_{_name}"] = _make(_name, _text, _phi)


@claim("neuron.prop_IV_1.relu", title="Prop. IV.1 for phi = ReLU (piecewise)",
       source="seed 003, Prop. IV.1 and the remark after it", method="symbolic",
       expected="INCONCLUSIVE",
       statement=r"For $\varphi(z)=\max(z,0)$, $x=y=1$: every zero $t<0$ of $\varphi$ is a local "
                 r"extremum (the condition fails) and $F=(1-v\varphi(w))^2$ has sub-optimal "
                 r"local minima, as Prop.~IV.1 says.")
def check_relu(ctx):
    """INCONCLUSIVE by design: the trusted kernel has no rule for piecewise (``max``)
    losses, so "``F ≡ 1`` on the open half-plane ``w < 0``" (hence every point there
    is a sub-optimal local minimum) cannot be certified. The argument is shown as
    a derivation for readers; it is not a kernel certificate, so it is no proof
    in critcheck's sense (seed 003, Prop. IV.1 and the remark after it)."""
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
    d.text("Hence the local minima on $w<0$ would be sub-optimal, as Prop.~IV.1 predicts. "
           "The trusted kernel has no rule for piecewise (max) losses, so this argument is "
           "not certified and the verdict is INCONCLUSIVE.")
    missing = "the kernel has no rule for piecewise (ReLU / max) losses"
    return Outcome("INCONCLUSIVE", summary="condition fails and {w<0} holds sub-optimal local "
                   "minima with F = 1 (argued, not certified: " + missing + ")",
                   evidence={"suboptimal_local_minima": "w < 0, any v; F = 1",
                             "global_minimum": "F(1,1) = 0", "missing_kernel_rule": missing},
                   derivation=d, open_branches=[missing])

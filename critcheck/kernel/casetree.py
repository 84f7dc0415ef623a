"""Case trees: completeness proofs over the critical set (KERNEL.md).

A node holds the branch's hypotheses ``h_1 = 0, ..., h_m = 0`` (the root:
the kernel's own partial derivatives of the loss) and sign facts (the
statement's assumptions, plus ``e != 0`` from case splits). A node is one of

``{"derive": {"expr": E, "coeffs": {"i": c_i, ...}}, "then": NODE}``
    *combination*: ``E = sum c_i h_i`` as an identity, every ``c_i``'s
    denominator (and ``E``'s) provably non-zero here; adds ``E = 0``.
``{"split": {"hyp": i, "constant": c, "factors": [g_1, ...]}, "branches": [NODE, ...]}``
    *product split*: ``h_i = c g_1 ... g_k`` as an identity with ``c != 0``
    provable; one branch per factor, each adding ``g_j = 0``.
``{"cases": E, "zero": NODE, "nonzero": NODE}``
    excluded middle: ``E = 0`` or ``E != 0``.
``{"cases": E, "sign": true, "zero": NODE, "pos": NODE, "neg": NODE}``
    trichotomy: ``E = 0``, ``E > 0`` or ``E < 0``.
``{"contradiction": {"hyp": i, "sign": ">0" | "!=0", "rewrite": R?}}``
    *contradiction*: ``h_i`` is provably non-zero here.
``{"goal": [{"coeffs": {...}}, ...]}``
    the leaf of "every critical point satisfies P": goal ``g_j`` (each
    ``g_j = 0`` of P) equals ``sum c_i h_i``.
``{"leaf": "global", "coeffs": {...}}`` / ``{"leaf": "not_min", "point": P, "curve": {...}, "coeffs": [...]}``
    leaves of "every local minimum is global" (see :mod:`.check`).

Indices ``i`` refer to the hypothesis list in order (root gradient first,
then each derived/split equation in the order it was added).
"""

from __future__ import annotations

import sympy

from .algebra import Facts, denominator, identical
from .errors import Rejected

__all__ = ["walk"]

_MAX_NODES = 20_000


class _Branch:
    def __init__(self, hyps, facts: Facts, path: str):
        self.hyps = list(hyps)
        self.facts = facts
        self.path = path

    def hyp(self, i):
        try:
            i = int(i)
        except (TypeError, ValueError):
            raise Rejected("case tree", f"{self.path}: hypothesis index {i!r} is not an integer") from None
        if not 0 <= i < len(self.hyps):
            raise Rejected("case tree", f"{self.path}: no hypothesis {i} (have {len(self.hyps)})")
        return self.hyps[i]

    def nonzero_denominator(self, e) -> None:
        """The denominator of e (as written, or after cancelling and factoring) is
        provably non-zero in this branch."""
        d = denominator(e)
        if d == 1:
            return
        try:
            self.facts.prove(d, "!=0")
        except Rejected:
            d2 = denominator(sympy.factor(sympy.cancel(e)))
            if d2 != 1:
                self.facts.prove(d2, "!=0")

    def combination(self, target, coeffs: dict, read) -> None:
        """*combination*: target == sum c_i h_i, denominators non-zero here."""
        if not isinstance(coeffs, dict):
            raise Rejected("combination", f"{self.path}: coeffs must map hypothesis index -> expression")
        total = sympy.Integer(0)
        for i, c in coeffs.items():
            ce = read(c)
            self.nonzero_denominator(ce)
            total += ce * self.hyp(i)
        self.nonzero_denominator(target)
        if not identical(target, total):
            raise Rejected("combination", f"{self.path}: {target} is not sum c_i h_i with the given c_i")


def walk(node, hyps, facts: Facts, read, leaf, path="root", budget=None) -> int:
    """Check a case tree; ``leaf(node, branch)`` checks leaves. Returns #leaves."""
    counter = [0]
    return _walk(node, _Branch(hyps, facts, path), read, leaf, counter, budget)


def _walk(node, br: _Branch, read, leaf, counter, budget) -> int:
    counter[0] += 1
    if counter[0] > _MAX_NODES:
        raise Rejected("case tree", f"more than {_MAX_NODES} nodes")
    if budget is not None:
        budget()
    if not isinstance(node, dict) or len(set(node) & {"derive", "split", "cases", "contradiction",
                                                         "goal", "leaf"}) != 1:
        raise Rejected("case tree", f"{br.path}: a node must have exactly one of derive/split/cases/"
                                    f"contradiction/goal/leaf")
    if "derive" in node:
        spec = node["derive"]
        e = read(spec["expr"])
        br.combination(e, spec.get("coeffs", {}), read)
        return _walk(node["then"], _Branch(br.hyps + [e], br.facts, br.path + "/derive"),
                     read, leaf, counter, budget)
    if "split" in node:
        spec = node["split"]
        h = br.hyp(spec["hyp"])
        c = read(spec.get("constant", "1"))
        factors = [read(g) for g in spec["factors"]]
        branches = node.get("branches", [])
        if len(branches) != len(factors) or not factors:
            raise Rejected("product split", f"{br.path}: {len(factors)} factors but "
                                            f"{len(branches)} branches")
        br.facts.prove(c, "!=0")
        for g in factors:
            if denominator(g) != 1:
                raise Rejected("product split", f"{br.path}: factor {g} is not a polynomial expression")
        if not identical(h, c * sympy.Mul(*factors)):
            raise Rejected("product split", f"{br.path}: {h} != ({c})*{'*'.join(f'({g})' for g in factors)}")
        n = 0
        for j, (g, sub) in enumerate(zip(factors, branches)):
            n += _walk(sub, _Branch(br.hyps + [g], br.facts, f"{br.path}/factor{j}"),
                       read, leaf, counter, budget)
        return n
    if "cases" in node and node.get("sign"):
        # trichotomy: e > 0, e < 0 or e = 0
        e = sympy.expand(read(node["cases"]))
        n = _walk(node["zero"], _Branch(br.hyps + [e], br.facts, br.path + "/zero"),
                  read, leaf, counter, budget)
        n += _walk(node["pos"], _Branch(br.hyps, br.facts.add(e, ">0"), br.path + "/pos"),
                   read, leaf, counter, budget)
        return n + _walk(node["neg"], _Branch(br.hyps, br.facts.add(-e, ">0"), br.path + "/neg"),
                         read, leaf, counter, budget)
    if "cases" in node:
        e = read(node["cases"])
        n = _walk(node["zero"], _Branch(br.hyps + [e], br.facts, br.path + "/zero"),
                  read, leaf, counter, budget)
        return n + _walk(node["nonzero"], _Branch(br.hyps, br.facts.add(sympy.expand(e), "!=0"),
                                                  br.path + "/nonzero"), read, leaf, counter, budget)
    if "contradiction" in node:
        spec = node["contradiction"]
        h = br.hyp(spec["hyp"])
        sign = spec.get("sign", "!=0")
        if sign not in (">0", "!=0"):
            raise Rejected("contradiction", f"{br.path}: sign {sign!r} must be '>0' or '!=0'")
        rw = read(spec["rewrite"]) if spec.get("rewrite") is not None else None
        try:
            br.facts.prove(h, sign, rw)
        except Rejected:
            br.facts.prove(-h, sign, -rw if rw is not None else None)
        return 0
    return leaf(node, br)

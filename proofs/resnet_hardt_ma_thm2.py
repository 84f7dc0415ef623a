"""Seed 002, Hardt & Ma (2016) Theorem 2: global minima of linear ResNets with small layers.

Seed 002: with ``y = R x + xi`` (x ~ N(0, I), xi ~ N(0, I)) the population
loss of the linear ResNet is
``L(W) = E||y - (I + W_H)...(I + W_1) x||^2 = ||(I + W_H)...(I + W_1) - R||_F^2 + d``,
so every W with product R is a global minimum. Theorem 2: there is a
sequence of global minima W^(H) with ``max_k ||W_k^(H)|| -> 0`` as H grows.

Construction (the polar-decomposition argument of Hardt & Ma, arXiv:1611.04231,
Thm 2.1), for det R > 0: R = Q S with Q in SO(d), S symmetric positive
definite; Q = exp(A) with A skew-symmetric, S = exp(B) with B symmetric.
Layers 1..m are exp(B/m) - I, layers m+1..H are exp(A/(H-m)) - I, with
m = floor(H/2); then the product is exactly R and
``||W_k|| <= e^{||C||/j} - 1 ~ ||C||/j`` (C = A or B, j = m or H - m).
For det R < 0 no such sequence exists (det of a product of matrices close to
I is positive), and the construction must fail -- the falsified twin.
"""

from __future__ import annotations

from critcheck import Criterion, CriterionRow, Outcome, Verdict, claim


#: decision rules shown by `critcheck list --criteria` (the check's Criterion states them in full)
CRITERIA = {
    'resnet.hardt_ma_thm2': 'residual < 1e-9 at every H; max-norm strictly decreasing in H, < 0.1 at the largest H; H * max-norm <= 1.5 x its value at H = 8 (O(1/H))',
}

HS = (2, 4, 8, 16, 32, 64, 128, 256)


def small_global_minimum(R, H):
    """Layers ``W_1..W_H`` (list of arrays) with product ``R``; ValueError if det R <= 0."""
    import numpy as np
    from scipy.linalg import expm, logm, polar

    R = np.asarray(R, dtype=float)
    if np.linalg.det(R) <= 0:
        raise ValueError("det R <= 0: the product of layers near I has positive determinant")
    Q, S = polar(R, side="right")          # R = Q S
    A = np.real(logm(Q))
    A = 0.5 * (A - A.T)
    w, V = np.linalg.eigh(S)
    B = (V * np.log(w)) @ V.T
    m = max(1, H // 2) if H > 1 else 1
    lower = [expm(B / m) - np.eye(len(R))] * m
    upper = [expm(A / (H - m)) - np.eye(len(R))] * (H - m) if H > m else []
    if H == 1:
        return [R - np.eye(len(R))]
    return lower + upper


def hardt_ma_check(ctx, R_list=None):
    import numpy as np

    rng = np.random.default_rng(ctx.seed)
    if R_list is None:
        R_list = []
        while len(R_list) < (2 if ctx.quick else 4):
            R = rng.standard_normal((3, 3)) * 1.5
            if np.linalg.det(R) > 0:
                R_list.append(R)
    Hs = HS[:6] if ctx.quick else HS
    rows, per, ok = [], [], True
    for r_i, R in enumerate(R_list):
        d = R.shape[0]
        try:
            layers = {H: small_global_minimum(R, H) for H in Hs}
        except ValueError as exc:
            per.append({"R": np.asarray(R).tolist(), "error": str(exc)})
            rows.append(CriterionRow(f"R #{r_i}: construction", "fails", "exists", decision="fails"))
            ok = False
            continue
        norms, resid = [], []
        for H in Hs:
            P = np.eye(d)
            for W in layers[H]:
                P = (np.eye(d) + W) @ P
            resid.append(float(np.linalg.norm(P - R) / np.linalg.norm(R)))
            norms.append(float(max(np.linalg.norm(W, 2) for W in layers[H])))
        scaled = [H * n for H, n in zip(Hs, norms)]
        decreasing = all(b < a for a, b in zip(norms, norms[1:]))
        bounded = max(scaled[2:]) <= 1.5 * scaled[2]      # H * max||W_k|| stays O(1)
        global_ok = max(resid) < 1e-9
        good = decreasing and bounded and global_ok and norms[-1] < 0.1
        ok &= good
        per.append({"R": np.asarray(R).tolist(), "det": float(np.linalg.det(R)), "H": list(Hs),
                    "max_layer_norm": norms, "H_times_max_norm": scaled,
                    "relative_product_residual": resid})
        rows.append(CriterionRow(f"R #{r_i}: max_k ||W_k|| at H = {Hs[-1]}", norms[-1], "-> 0",
                                 decision="ok" if good else "differs"))
    crit = Criterion(
        hypothesis="Hardt & Ma Thm 2: for det R > 0 there are global minima W^(H) with "
                   "max_k ||W_k^(H)|| -> 0",
        statistic="for each H, the relative residual ||prod(I + W_k) - R|| / ||R|| (0 means a global "
                  "minimum of the population loss) and max_k ||W_k||_2",
        sample_size=len(R_list) * len(Hs),
        decision_rule="SUPPORTED iff for every R: residual < 1e-9 at every H, max-norm strictly "
                      "decreasing in H and below 0.1 at the largest H, and H * max-norm bounded "
                      "(<= 1.5 times its value at H = 8), i.e. O(1/H) decay",
        passed=bool(ok), rows=tuple(rows))
    ev = {"samples": crit.sample_size, "seed": ctx.seed, "quick": ctx.quick, "d": 3,
          "instances": per, "loss": "||prod(I+W_k) - R||_F^2 + d (population, x, xi ~ N(0, I))"}
    return Outcome(Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE, evidence=ev, criterion=crit,
                   summary=(f"{len(R_list)} random R (det > 0), H up to {Hs[-1]}: product = R to "
                            f"1e-9, max ||W_k|| ~ c/H" if ok else "criterion failed"),
                   open_branches=[] if ok else ["criterion failed"])


@claim("resnet.hardt_ma_thm2",
       title="Hardt & Ma Thm 2: linear-ResNet global minima with max ||W_k|| -> 0",
       source="seed 002, Theorem 2 (Hardt & Ma 2016)", method="numeric", expected="SUPPORTED",
       statement="For random 3x3 R with det R > 0 (4 matrices; quick: 2), the polar-decomposition "
                 "layers give prod(I + W_k) = R (a global minimum of the population loss) for H = 2 "
                 "... 256 (quick: ... 64), with max_k ||W_k|| decreasing like c/H.")
def hardt_ma_thm2(ctx):
    return hardt_ma_check(ctx)

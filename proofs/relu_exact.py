"""Seed 004, Table IV under the exact criterion: the paper's "genuineness 0 %" at bias 20, refuted exactly.

The paper tests continuous minima with eq. (7) only (all z_j > 0, eq. (9)).
Eq. (6) lets each z_j take either sign (eqs. (7) or (8)). On the MNIST 0/1 data
(N = 200 <= d + 1, full row rank) the per-sample reduction of
critcheck.relu.genuine decides the either-sign test exactly, and
critcheck.relu.certify re-derives the witness in rational arithmetic.

The verdict is ``INCONCLUSIVE`` (it was ``REFUTED``): a refutation must be a
certificate of the contrary statement ("this cell holds a genuine
differentiable local minimum") that the trusted kernel accepts, and the kernel
has no rule for piecewise-linear (ReLU) losses -- activation-pattern cells,
the strict sign pattern ``w_j . x_i > 0`` / ``< 0`` that keeps a point inside
its cell, and the reduction of eq. (6) to a polynomial least-squares problem on
the cell. The rational witness and its re-check by ``critcheck.relu.certify``
are kept as evidence; they run outside the kernel, so they are not a
certificate in critcheck's sense.
"""

from critcheck import Outcome, Verdict, claim

#: the step the trusted kernel cannot check yet
MISSING = ("the kernel has no rule for piecewise-linear (ReLU) losses: activation-pattern cells "
           "and the strict sign pattern that keeps the witness inside its cell")


@claim("relu.table_IV_exact", title="Table IV, bias 20: 'no genuine minimum in the cell' is false under eq. (6)",
       source="seed 004, Sec. II-B eqs. (6)-(9), Sec. V, Table IV", method="symbolic + numeric",
       expected="INCONCLUSIVE",
       statement="For a random weight draw at bias 20 on MNIST 0/1 (K = 10, N = 200), the defining cells "
                 "hold no genuine differentiable local minimum (Table IV: genuineness 0 %).")
def table_IV_exact(ctx):
    import numpy as np

    from critcheck.relu.cells import activation_pattern, augment, in_cell_minimum
    from critcheck.relu.certify import exact_witness, verify_certificate
    from critcheck.relu.data import mnist_01
    from critcheck.relu.experiments import draw_weights
    from critcheck.relu.genuine import exact_test, paper_test

    X, y, src = mnist_01()
    Xint = np.rint(X * 255).astype(np.int64)
    if not np.array_equal(Xint / 255.0, X):
        return Outcome(Verdict.INCONCLUSIVE, summary="data are not multiples of 1/255; no exact check",
                       evidence={"data": src})
    Xint = np.hstack([Xint, np.full((Xint.shape[0], 1), 255)])
    Xa = augment(X)
    rng = np.random.default_rng(ctx.seed + 1)
    W, z = draw_weights(10, Xa.shape[1], 20.0, rng)
    I = activation_pattern(Xa, W)
    cell = in_cell_minimum(Xa, y, I)
    p = paper_test(Xa, y, I, cell)
    e = exact_test(Xa, y, I, cell)
    ev = {"data": src, "seed": ctx.seed, "bias": 20.0, "activated_pct": 100 * float(I.mean()),
          "paper_test": {"genuine": p.genuine, "route": p.route, "reason": p.reason},
          "exact_test": {"genuine": e.genuine, "route": e.route, "reason": e.reason[:200]}}
    if e.genuine is not True or e.route != "closed-form":
        return Outcome(Verdict.INCONCLUSIVE, summary="the exact test found no witness for this draw", evidence=ev)
    signs = e.signs.astype(int)
    RT = exact_witness(Xint, 255, y.astype(int), I, signs)

    ok, info = verify_certificate(Xint, 255, y.astype(int), I, W, signs, RT)
    ev["certificate"] = info
    ev["signs_z"] = signs.tolist()
    if not ok:
        return Outcome(Verdict.INCONCLUSIVE, summary="rational re-check of the witness failed", evidence=ev)
    ev["witness"] = {"bias": 20, "seed": ctx.seed + 1, "z_signs": signs.tolist(),
                     "loss": info["loss"],
                     "meaning": ("the cell of this draw holds a genuine differentiable local minimum "
                                 "(z_j = s_j, w_j = s_j R_j, R rational, re-checked in rational "
                                 "arithmetic outside the kernel: pattern kept strictly, normal "
                                 "equations hold)")}
    ev["missing_kernel_rule"] = MISSING
    return Outcome(Verdict.INCONCLUSIVE,
                   summary=(f"paper's test: not genuine ({p.route}); either-sign test: genuine, witness "
                            f"re-checked in rational arithmetic (loss {info['loss']}), but not "
                            "certified: " + MISSING),
                   evidence=ev, open_branches=[MISSING])

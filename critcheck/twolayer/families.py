"""Grouping spurious runs into families up to the symmetries of the problem.

With teacher V = I_k the loss is invariant under permuting the student's
neurons (rows of W) and, jointly, the coordinates and the teacher's rows
(columns of W). Safran & Shamir (ICML 2018, Sec. 4; ``uniqueCritPoints.m``)
certify one representative per class. Here two points are put in one family
when these permutation invariants agree within ``tol``:
the loss value, the sorted entries of W, the sorted row norms, the sorted
column sums and the singular values of W. Equal invariants are necessary for
equivalence; the grouping is therefore never finer than the true classes and
is used only for reporting (each certificate covers its own point).
"""

from __future__ import annotations

import dataclasses

import numpy as np

__all__ = ["Family", "invariants", "group_families"]


@dataclasses.dataclass(frozen=True)
class Family:
    """One class of spurious points: its members' run indices and a representative."""

    members: tuple
    representative: np.ndarray
    loss: float

    @property
    def size(self) -> int:
        return len(self.members)


def invariants(W: np.ndarray, loss: float) -> np.ndarray:
    """Permutation-invariant signature of one point W (n, d) with its loss."""
    W = np.asarray(W, dtype=float)
    parts = [np.array([loss]), np.sort(W.ravel()), np.sort(np.linalg.norm(W, axis=1)),
             np.sort(W.sum(axis=0)), np.linalg.svd(W, compute_uv=False)]
    return np.concatenate(parts)


def group_families(W: np.ndarray, loss: np.ndarray, tol: float = 1e-5) -> list[Family]:
    """Group points W (m, n, d) with losses (m,) into families (largest first).

    Greedy: a point joins the first family whose representative's signature
    is within ``tol`` (max-norm); otherwise it starts a new family.
    """
    W = np.asarray(W, dtype=float)
    loss = np.asarray(loss, dtype=float)
    reps: list[np.ndarray] = []
    members: list[list[int]] = []
    for i in range(W.shape[0]):
        sig = invariants(W[i], loss[i])
        for f, rs in enumerate(reps):
            if np.max(np.abs(rs - sig)) <= tol:
                members[f].append(i)
                break
        else:
            reps.append(sig)
            members.append([i])
    fams = [Family(tuple(m), W[m[0]].copy(), float(loss[m[0]])) for m in members]
    return sorted(fams, key=lambda f: (-f.size, f.loss))

"""Is the in-cell minimum genuine (inside its defining cell)?

Seed 004 (Bo Liu, Part 2), Sec. II-B, eqs. (6)-(9). With
:math:`u_{ij} = \\mathbf x_i\\cdot\\mathbf R_j`, the in-cell minimisers are the
:math:`\\mathbf R` with :math:`\\sum_j I_{ij} u_{ij} = t_i` for all :math:`i`,
where :math:`t = AA^+y` (eq. (3): :math:`AR = AA^+y`). A minimiser lies in the
defining cell when every neuron satisfies

* eq. (7) (:math:`z_j > 0`): :math:`u_{ij} > 0` if :math:`I_{ij}=1`,
  :math:`u_{ij} \\le 0` if :math:`I_{ij}=0`; or
* eq. (8) (:math:`z_j < 0`): :math:`u_{ij} < 0` if :math:`I_{ij}=1`,
  :math:`u_{ij} \\ge 0` if :math:`I_{ij}=0`.

Two tests are provided:

``paper`` (:func:`paper_test`)
    the test of Sec. II-B as the paper applies it to continuous minima:
    eq. (3) substituted into eq. (7) for every neuron (eq. (9)).
``exact`` (:func:`exact_test`)
    each neuron may satisfy either (7) or (8): the sign of :math:`z_j` is free.
    This is the criterion of eq. (6); the paper's test can miss genuine minima
    whose realisation needs some :math:`z_j < 0`. (Neither test considers
    :math:`z_j = 0`, i.e. :math:`\\mathbf R_j = 0` for a neuron with active
    samples; see ``docs/relu.md``.)

Routes, tried in this order (each result records which one decided it):

``unique``
    rank A = KD: the unique :math:`R^* = A^+y` is tested directly (eqs. (7), (8)).
``candidate``
    the minimum-norm minimiser :math:`A^+y` already satisfies the test: witness.
``certificate``
    a per-sample necessary condition fails (see :func:`per_sample_signs`):
    not genuine, with the sample that shows it.
``closed-form``
    the bias-augmented data matrix has full row rank: the test reduces to one
    condition per sample, decided exactly (theorem below) and a witness built.
``lp`` / ``milp``
    otherwise, the half-space system (9) by linear programming with a maximised
    slack (:func:`lp_test`), or, for the exact test, a mixed-integer program over
    the sign choices with big-M bounds (:func:`milp_test`).

**Theorem (per-sample reduction).** Suppose :math:`\\tilde X\\in\\mathbb R^{N\\times D}`
has rank :math:`N`. Let :math:`S_i = \\{j : I_{ij}=1\\}` and fix signs
:math:`s_j\\in\\{+1,-1\\}` (+1: eq. (7), -1: eq. (8)). Then some in-cell minimiser
satisfies the sign conditions iff for every sample :math:`i` with :math:`S_i\\ne\\emptyset`:
:math:`t_i > 0` needs some :math:`j\\in S_i` with :math:`s_j=+1`; :math:`t_i<0`
needs some :math:`j\\in S_i` with :math:`s_j=-1`; :math:`t_i = 0` needs both.
Moreover :math:`t_i = y_i` for active samples and :math:`t_i = 0` otherwise.

*Proof.* The conditions only involve :math:`U = \\tilde X R^T` (entries
:math:`u_{ij}`) and the constraint :math:`\\sum_j I_{ij}u_{ij} = t_i`. Since
:math:`\\tilde X` has rank :math:`N`, :math:`\\tilde X\\tilde X^+ = I_N`, so every
:math:`U\\in\\mathbb R^{N\\times K}` is attained, by :math:`R^T = \\tilde X^+U`.
Hence the problem is: find :math:`U` with, for every :math:`i` independently,
:math:`\\sum_{j\\in S_i}u_{ij}=t_i`, :math:`s_ju_{ij}>0` for :math:`j\\in S_i` and
:math:`s_ju_{ij}\\le 0` for :math:`j\\notin S_i`. Entries with :math:`j\\notin S_i`
do not enter the sum; :math:`u_{ij}=0` satisfies them. For :math:`j\\in S_i` the
sum of numbers of prescribed strict signs can be any real of the sign they
share, and any real at all when both signs occur: this is the stated condition
(for :math:`S_i=\\emptyset` the sum is 0 and :math:`t_i = 0`, see next). Finally
the range of :math:`A = [D_1\\tilde X, \\dots, D_K\\tilde X]` is
:math:`\\{\\sum_j D_j \\tilde X r_j\\} = \\{v : v_i = 0 \\text{ if } S_i=\\emptyset\\}`
because each :math:`\\tilde X r_j` ranges over all of :math:`\\mathbb R^N`; the
orthogonal projection :math:`t = AA^+y` of :math:`y` onto it keeps :math:`y_i`
on active samples and zeroes the rest. :math:`\\square`

Consequences: for the paper's test (all :math:`s_j = +1`) the minimum is genuine
iff every active sample has :math:`y_i > 0`; for the exact test, iff a sign
vector exists meeting one covering condition per active sample -- a small
integer program over :math:`K` binaries (:func:`sign_program`), solved exactly
by SciPy's HiGHS ``milp``. Without full row rank the same per-sample
conditions remain *necessary* (the ``certificate`` route), not sufficient.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from ..errors import InvalidArgument
from ..threads import single_blas_thread
from .cells import CellData, InCellMinimum, _key_of, full_row_rank, in_cell_minimum

__all__ = [
    "Genuineness",
    "Tolerances",
    "check_witness",
    "gap_fraction",
    "gap_fractions",
    "paper_test",
    "exact_test",
    "lp_test",
    "milp_test",
    "sign_program",
    "dense_lp_test",
    "sparse_lp_test",
]


@dataclasses.dataclass(frozen=True)
class Tolerances:
    """Numerical tolerances of the genuineness tests (all absolute, float64).

    Attributes
    ----------
    strict : float
        a strict inequality :math:`s_ju_{ij} > 0` counts as met only when
        :math:`s_ju_{ij} > \\text{strict}`; LP slacks at or below it are "no".
    boundary : float
        a non-strict one :math:`s_ju_{ij}\\le 0` is met when :math:`\\le` boundary.
    equality : float
        a witness must satisfy :math:`|\\sum_j I_{ij}u_{ij} - t_i| \\le` equality.
    fitted : float
        :math:`|t_i|` at or below it is "zero or undecided" (never decides a sign).
    """

    strict: float = 1e-9
    boundary: float = 1e-9
    equality: float = 1e-7
    fitted: float = 1e-9


DEFAULT_TOL = Tolerances()


@dataclasses.dataclass(frozen=True)
class Genuineness:
    """The answer of a genuineness test for one cell.

    Attributes
    ----------
    genuine : bool or None
        None when the test could not decide (the reason says why).
    test : {"paper", "exact"}
    route : str
        ``unique``, ``candidate``, ``certificate``, ``closed-form``, ``lp``, ``milp``.
    reason : str
    witness : ndarray (K, D) or None
        an in-cell minimiser inside the cell, when genuine.
    signs : ndarray (K,) or None
        +1 where the witness uses eq. (7) (:math:`z_j>0`), -1 for eq. (8).
    margin : float
        the witness's smallest strict slack :math:`\\min s_ju_{ij}` over
        :math:`I_{ij}=1` (``inf`` when no sample is active).
    witness_checked : bool
        the witness passed :func:`check_witness` independently of the solver.
    seconds : float
    """

    genuine: bool | None
    test: str
    route: str
    reason: str
    witness: np.ndarray | None = None
    signs: np.ndarray | None = None
    margin: float = float("nan")
    witness_checked: bool = False
    seconds: float = 0.0


def _slacks(X, R, I, signs):
    U = (X @ R.T) * signs[None, :]
    strict = U[I]
    loose = U[~I]
    return (strict.min() if strict.size else np.inf,
            loose.max() if loose.size else -np.inf, U)


def check_witness(X, I, fitted, R, signs, tol=DEFAULT_TOL):
    """Re-check that ``R`` is an in-cell minimiser lying in the defining cell.

    Checks, in float64 and independently of how ``R`` was found:
    :math:`|\\sum_j I_{ij}\\mathbf x_i\\cdot\\mathbf R_j - t_i|\\le` ``tol.equality``
    (``R`` solves eq. (3)), :math:`s_j\\mathbf x_i\\cdot\\mathbf R_j >` ``tol.strict``
    where :math:`I_{ij}=1` and :math:`\\le` ``tol.boundary`` where :math:`I_{ij}=0`
    (eq. (7) for :math:`s_j=+1`, eq. (8) for :math:`s_j=-1`).

    Returns
    -------
    (bool, float, str)
        verdict, the smallest strict slack, and a one-line account.
    """
    X = np.asarray(X, float)
    I = np.asarray(I, bool)
    R = np.asarray(R, float)
    signs = np.asarray(signs, float)
    smin, lmax, U = _slacks(X, R, I, signs)
    eq = np.abs((U * signs[None, :] * I).sum(axis=1) - fitted).max()
    scale = max(1.0, float(np.abs(fitted).max(initial=0.0)))
    ok = bool(eq <= tol.equality * scale and smin > tol.strict and lmax <= tol.boundary)
    msg = (f"equality residual {eq:.2e}, smallest strict slack {smin:.3e}, "
           f"largest boundary value {lmax:.2e}")
    return ok, float(smin), msg


def gap_fraction(X, R, I, *, either_sign=False):
    """Fraction of samples in the gap of each neuron (seed 004, Sec. IV-A, eq. (18)).

    A sample is in the gap of neuron :math:`j` when :math:`\\mathbf w_j` and the
    minimiser :math:`\\mathbf w_j^*` put it on different sides, i.e. when it
    violates eq. (7) for :math:`\\mathbf R_j` (the paper's convention; with
    ``either_sign`` the fewer violations of (7) and (8)). The paper's
    :math:`P_g` is the maximum over :math:`j` (eq. (18)), computed at the
    minimum-norm minimiser :math:`A^+y`.

    Returns
    -------
    ndarray, shape (K,)
    """
    paper, either = gap_fractions(X, R, I)
    return either if either_sign else paper


def gap_fractions(X, R, I):
    """Both conventions of :func:`gap_fraction` (paper's, either sign) from one product
    :math:`\\tilde X R^T`, as the tables report both for every draw.

    Returns
    -------
    (ndarray (K,), ndarray (K,))
    """
    U = X @ R.T
    pos = (I & (U <= 0)) | (~I & (U > 0))
    frac = pos.mean(axis=0)
    neg = (I & (U >= 0)) | (~I & (U < 0))
    return frac, np.minimum(frac, neg.mean(axis=0))


def _result(genuine, test, route, reason, t0, **kw):
    return Genuineness(genuine, test, route, reason, seconds=time.perf_counter() - t0, **kw)


def _prepare(X, y, I, cell, data=None):
    X = np.asarray(X, float)
    I = np.asarray(I, bool)
    if X.ndim != 2 or I.ndim != 2 or I.shape[0] != X.shape[0]:
        raise InvalidArgument(f"X shape {X.shape!r} and I shape {I.shape!r} do not match (N, D), (N, K)")
    if cell is None:
        cell = in_cell_minimum(X, y, I, data=data)
    return X, I, cell


def _unique_test(X, I, cell, test, tol, t0):
    """Case 1 of Sec. II-B: test the unique R* against (7) (and (8))."""
    K = I.shape[1]
    U = X @ cell.R0.T
    signs = np.ones(K)
    undecided = []
    for j in range(K):
        u, a = U[:, j], I[:, j]
        ok7 = bool(np.all(u[a] > tol.strict) and np.all(u[~a] <= tol.boundary))
        amb7 = bool(np.any(np.abs(u[a]) <= tol.strict)) and not np.any(u[a] < -tol.strict)
        ok8 = bool(np.all(u[a] < -tol.strict) and np.all(u[~a] >= -tol.boundary))
        if ok7:
            continue
        if ok8:                       # Sec. II-B case 1 allows (7) or (8) for a unique R*
            signs[j] = -1
            continue
        if amb7:
            undecided.append(j)
            continue
        return _result(False, test, "unique",
                       f"unique R*: neuron {j} violates eq. (7) and eq. (8)", t0)
    if undecided:
        return _result(None, test, "unique",
                       f"unique R*: neurons {undecided} have x_i.R_j within {tol.strict} of 0", t0)
    ok, m, msg = check_witness(X, I, cell.fitted, cell.R0, signs, tol)
    return _result(True if ok else None, test, "unique", "unique R* inside its cell; " + msg, t0,
                   witness=cell.R0, signs=signs, margin=m, witness_checked=ok)


def _candidate(X, I, cell, test, tol):
    """Is the minimum-norm minimiser A^+y itself inside the cell?

    Signs (+1: neuron j meets eq. (7) at ``R0``; -1, exact test only: eq. (8)
    but not (7)), or None when some neuron meets neither. All neurons at once:
    the same comparisons as a per-neuron loop, column by column.
    """
    U = X @ cell.R0.T
    ok7 = np.where(I, U > tol.strict, U <= tol.boundary).all(axis=0)
    if test != "exact":
        return np.ones(I.shape[1]) if ok7.all() else None
    ok8 = np.where(I, U < -tol.strict, U >= -tol.boundary).all(axis=0)
    if not (ok7 | ok8).all():
        return None
    return np.where(ok7, 1.0, -1.0)


def sign_program(I, fitted, *, tol=DEFAULT_TOL, strict_zero=True):
    """Find signs meeting the per-sample covering conditions (theorem above).

    For every active sample :math:`i`: :math:`t_i >` ``tol.fitted`` needs a
    neuron of :math:`S_i` with sign +1, :math:`t_i <` -``tol.fitted`` one with
    sign -1. Samples with :math:`|t_i|\\le` ``tol.fitted`` need both signs when
    ``strict_zero`` (exact zero, as in the closed form) and nothing otherwise
    (the weakest condition, used for necessary-condition certificates).
    Solved as an integer feasibility program over :math:`p\\in\\{0,1\\}^K`
    (:math:`p_j = 1` means sign +1) with ``scipy.optimize.milp`` (HiGHS).

    Returns
    -------
    ndarray (K,) of +-1, or None when no sign vector exists.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    I = np.asarray(I, bool)
    K = I.shape[1]
    active = I.any(axis=1)
    need_pos = active & (fitted > tol.fitted)
    need_neg = active & (fitted < -tol.fitted)
    if strict_zero:
        zero = active & (np.abs(fitted) <= tol.fitted)
        need_pos = need_pos | zero
        need_neg = need_neg | zero
    # a sample needing a + neuron among S_i: sum_{j in S_i} p_j >= 1
    rows_p = np.unique(I[need_pos], axis=0) if need_pos.any() else np.zeros((0, K), bool)
    # needing a - neuron: sum_{j in S_i} (1 - p_j) >= 1  <=>  -sum p_j >= 1 - |S_i|
    rows_n = np.unique(I[need_neg], axis=0) if need_neg.any() else np.zeros((0, K), bool)
    if rows_p.shape[0] + rows_n.shape[0] == 0:
        return np.ones(K)
    Arows = np.vstack([rows_p.astype(float), -rows_n.astype(float)])
    lb = np.concatenate([np.ones(rows_p.shape[0]), 1.0 - rows_n.sum(axis=1)])
    res = milp(c=np.zeros(K), constraints=LinearConstraint(Arows, lb, np.inf),
               integrality=np.ones(K), bounds=Bounds(0, 1))
    if res.status == 2:
        return None
    if res.x is None:
        raise RuntimeError(f"sign program: HiGHS returned status {res.status}: {res.message}")
    p = np.round(res.x)
    return np.where(p > 0.5, 1.0, -1.0)


_GRAM_CHOLESKY: dict = {}


def _gram_cholesky(X, data=None):
    """Cholesky factor of :math:`\\tilde X\\tilde X^T` (full row rank), once per data set.

    The closed-form witness needs :math:`\\tilde X^+ = \\tilde X^T(\\tilde X\\tilde X^T)^{-1}`
    for every weight draw of a table; the factor depends on the data only, so
    the last few are kept, keyed by the exact bytes of ``X`` (from ``data``,
    :func:`~critcheck.relu.cells.cell_data`, when ``X is data.X``).
    """
    from scipy.linalg import cho_factor

    key = _key_of(X, data, 0)
    f = _GRAM_CHOLESKY.get(key)
    if f is None:
        if len(_GRAM_CHOLESKY) >= 8:
            _GRAM_CHOLESKY.pop(next(iter(_GRAM_CHOLESKY)))
        f = _GRAM_CHOLESKY[key] = cho_factor(X @ X.T)
    return f


def _closed_form_witness(X, I, fitted, signs, data=None):
    """Build U per sample (theorem above) and R^T = X^+ U."""
    N, K = I.shape
    sgn = np.broadcast_to(signs, (N, K))
    pos = I & (sgn > 0)
    neg = I & (sgn < 0)
    npos = pos.sum(axis=1)
    nneg = neg.sum(axis=1)
    both = (npos > 0) & (nneg > 0)
    # rows with both signs: +1 / -1, then the remainder to the group whose sign it has
    U = np.where(both[:, None], pos * 1.0 - neg * 1.0, 0.0)
    rest = np.where(both, fitted - (npos - nneg), 0.0)
    share_p = np.where(both & (rest >= 0), rest / np.maximum(npos, 1), 0.0)
    share_n = np.where(both & (rest < 0), rest / np.maximum(nneg, 1), 0.0)
    U += pos * share_p[:, None] + neg * share_n[:, None]
    # rows with one sign only: t_i shared evenly (its sign is that sign, by the sign program)
    only_p = (npos > 0) & (nneg == 0)
    only_n = (nneg > 0) & (npos == 0)
    U += pos * np.where(only_p, fitted / np.maximum(npos, 1), 0.0)[:, None]
    U += neg * np.where(only_n, fitted / np.maximum(nneg, 1), 0.0)[:, None]
    # entries with I_ij = 0 do not enter the sum: put them strictly on their side
    # (s_j u_ij = -1 < 0), so the witness lies in the open cell, off every boundary
    U = np.where(I, U, -sgn)
    # R^T = X^+ U with X of full row rank: X^T (X X^T)^{-1} U
    from scipy.linalg import cho_solve

    RT = X.T @ cho_solve(_gram_cholesky(X, data), U)
    return RT.T

def _lp_outcome(res, route, name, tol, t0):
    """``(result, None)`` when the LP of eq. (9) decides or fails by itself
    (infeasible, stopped, sigma* <= the strictness tolerance), else ``(None, sigma*)``."""
    if res.status == 2:
        return _result(False, "paper", route, f"{name} infeasible", t0), None
    if res.status != 0:
        return _result(None, "paper", route, f"{name} stopped: status {res.status}, {res.message}", t0), None
    sigma = -res.fun
    if sigma <= tol.strict:
        return _result(False if sigma <= 0 else None, "paper", route, f"{name} sigma*={sigma:.3e}", t0), None
    return None, sigma



def _lp9_rows(X, I, R0, Z, signs):
    """The inequality rows ``(A_ub, b_ub)`` of the LP of :func:`lp_test` (seed 004, eq. (9)).

    Variables :math:`(c, \\sigma)`; with :math:`u_{ij} = s_j\\mathbf x_i\\cdot(\\mathbf R_0 + Zc)_j`
    the rows are :math:`-u_{ij} + \\sigma \\le 0` for :math:`I_{ij}=1` (in the order of
    ``I.reshape(-1)``), then :math:`u_{ij}\\le 0` for :math:`I_{ij}=0`.

    Notes
    -----
    Written straight into one ``(NK, m+1)`` array: no stacked intermediate
    copies (at Table III's bias 20, ``m`` = 539, each copy is about 90 MB),
    and no pass multiplying by the signs when all are +1 (:math:`x\\cdot 1 = x`
    exactly). The entries are the same floating-point numbers as the stacked
    form, so the solver sees the same problem
    (``tests/test_relu_genuine.py`` compares the two).
    """
    N, K = I.shape
    D = X.shape[1]
    m = Z.shape[1]
    U0 = X @ R0.T
    M = np.einsum("nd,kdm->nkm", X, Z.reshape(K, D, m))
    if not np.all(signs == 1.0):
        U0 = U0 * signs
        M *= signs[None, :, None]
    Ia = I.reshape(-1)
    Mf = M.reshape(N * K, m)
    U0f = U0.reshape(-1)
    na = int(np.count_nonzero(Ia))
    A_ub = np.empty((N * K, m + 1))
    # I=1: -(U0 + M c) + sigma <= 0 ; I=0: U0 + M c <= 0
    np.negative(Mf[Ia], out=A_ub[:na, :m])
    A_ub[:na, m] = 1.0
    A_ub[na:, :m] = Mf[~Ia]
    A_ub[na:, m] = 0.0
    b_ub = np.concatenate([U0f[Ia], -U0f[~Ia]])
    return A_ub, b_ub


def lp_test(X, I, cell, *, signs=None, tol=DEFAULT_TOL, time_limit=None):
    """The half-space system (9) as an LP with a maximised slack.

    Variables :math:`(c, \\sigma)` with :math:`\\mathbf R = R_0 + Zc` (``Z`` an
    orthonormal basis of null(A), so every in-cell minimiser of eq. (3) is
    reached exactly once):

    .. math:: \\max \\sigma \\ \\text{s.t.}\\ s_j\\mathbf x_i\\cdot\\mathbf R_j \\ge \\sigma
              \\ (I_{ij}=1),\\quad s_j\\mathbf x_i\\cdot\\mathbf R_j \\le 0\\ (I_{ij}=0),
              \\quad \\sigma\\le 1.

    The strict system is feasible iff the optimum :math:`\\sigma^* > 0`; we
    answer "genuine" only when :math:`\\sigma^* >` ``tol.strict`` *and* the
    returned point passes :func:`check_witness`; "not genuine" when the LP is
    infeasible or :math:`\\sigma^*\\le 0`; undecided in between.

    Returns
    -------
    Genuineness (test ``"paper"`` when all signs are +1, else ``"exact"``)
    """
    from scipy.optimize import linprog

    t0 = time.perf_counter()
    N, K = I.shape
    D = X.shape[1]
    signs = np.ones(K) if signs is None else np.asarray(signs, float)
    test = "paper" if np.all(signs > 0) else "exact"
    Z = cell.null_basis
    if Z is None:
        raise InvalidArgument("lp_test needs in_cell_minimum(..., null_basis=True)")
    m = Z.shape[1]
    A_ub, b_ub = _lp9_rows(X, I, cell.R0, Z, signs)
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    bounds = [(None, None)] * m + [(None, 1.0)]
    opts = {"time_limit": float(time_limit)} if time_limit else {}
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs", options=opts)
    if res.status == 2:
        return _result(False, test, "lp", "LP (9): the half-spaces do not intersect (infeasible)", t0)
    if res.status == 1:
        return _result(None, test, "lp", f"LP (9) stopped at its limit: {res.message}", t0)
    if res.status != 0:
        return _result(None, test, "lp", f"LP (9) failed: status {res.status}, {res.message}", t0)
    sigma = -res.fun
    if sigma <= 0:
        return _result(False, test, "lp",
                       f"LP (9): maximal slack sigma*={sigma:.3e} <= 0, strict inequalities infeasible", t0)
    if sigma <= tol.strict:
        return _result(None, test, "lp", f"LP (9): maximal slack sigma*={sigma:.3e} within tolerance", t0)
    R = cell.R0 + (Z @ res.x[:m]).reshape(K, D)
    ok, marg, msg = check_witness(X, I, cell.fitted, R, signs, tol)
    if not ok:
        return _result(None, test, "lp", f"LP (9) sigma*={sigma:.3e} but its point failed the re-check: {msg}",
                       t0, witness=R, signs=signs, margin=marg)
    return _result(True, test, "lp", f"LP (9): sigma*={sigma:.3e}; witness re-checked: {msg}", t0,
                   witness=R, signs=signs, margin=marg, witness_checked=True)


def milp_test(X, I, cell, *, box=1e3, tol=DEFAULT_TOL, time_limit=None):
    """The exact test without full row rank: a MILP over signs and the null-space coordinates.

    Binary :math:`p_j` (1: eq. (7), 0: eq. (8)); with :math:`u = U_0 + Mc`,
    :math:`\\|c\\|_\\infty \\le` ``box`` and big-M constants valid on that box:
    :math:`u_{ij}\\ge\\sigma - B(1-p_j)`, :math:`u_{ij}\\le -\\sigma + Bp_j`
    where :math:`I_{ij}=1`; :math:`u_{ij}\\le B(1-p_j)`, :math:`u_{ij}\\ge -Bp_j`
    where :math:`I_{ij}=0`; maximise :math:`\\sigma\\le 1`.

    A positive optimum gives a witness (re-checked). A non-positive optimum only
    shows there is none with :math:`\\|c\\|_\\infty\\le` ``box``: the answer is
    then *undecided* (None), never "not genuine".
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    t0 = time.perf_counter()
    N, K = I.shape
    D = X.shape[1]
    Z = cell.null_basis
    m = Z.shape[1]
    U0 = X @ cell.R0.T
    M = np.einsum("nd,kdm->nkm", X, Z.reshape(K, D, m))
    B = float(np.abs(U0).max() + np.abs(M).sum(axis=2).max() * box + 1.0)
    nv = m + 1 + K        # c, sigma, p
    rows, lo, hi = [], [], []
    for j in range(K):
        a = I[:, j]
        Mj = M[:, j, :]
        e_p = np.zeros((N, K))
        e_p[:, j] = 1.0
        # I=1: u - sigma - B p_j >= -B    and   u + sigma - B p_j <= 0
        blk1 = np.hstack([Mj, -np.ones((N, 1)), -B * e_p])[a]
        rows.append(blk1); lo.append(-B - U0[a, j]); hi.append(np.full(a.sum(), np.inf))
        blk2 = np.hstack([Mj, np.ones((N, 1)), -B * e_p])[a]
        rows.append(blk2); lo.append(np.full(a.sum(), -np.inf)); hi.append(-U0[a, j])
        # I=0: u + B p_j <= B    and   u + B p_j >= 0
        blk3 = np.hstack([Mj, np.zeros((N, 1)), B * e_p])[~a]
        rows.append(blk3); lo.append(-U0[~a, j]); hi.append(B - U0[~a, j])
    Aub = np.vstack(rows)
    cost = np.zeros(nv)
    cost[m] = -1.0
    lb = np.concatenate([np.full(m, -box), [-np.inf], np.zeros(K)])
    ub = np.concatenate([np.full(m, box), [1.0], np.ones(K)])
    integ = np.concatenate([np.zeros(m + 1), np.ones(K)])
    opts = {"time_limit": float(time_limit)} if time_limit else {}
    res = milp(cost, constraints=LinearConstraint(Aub, np.concatenate(lo), np.concatenate(hi)),
               integrality=integ, bounds=Bounds(lb, ub), options=opts)
    if res.x is None:
        return _result(None, "exact", "milp",
                       f"MILP found no point with |c|<= {box:g} (status {res.status}: {res.message}); "
                       "a witness outside the box is not excluded", t0)
    sigma = -res.fun
    if sigma <= tol.strict:
        return _result(None, "exact", "milp",
                       f"MILP: max slack {sigma:.3e} with |c|<={box:g}; a witness outside the box is not excluded", t0)
    signs = np.where(res.x[m + 1:] > 0.5, 1.0, -1.0)
    R = cell.R0 + (Z @ res.x[:m]).reshape(K, D)
    ok, marg, msg = check_witness(X, I, cell.fitted, R, signs, tol)
    return _result(True if ok else None, "exact", "milp", f"MILP sigma*={sigma:.3e}; {msg}", t0,
                   witness=R, signs=signs, margin=marg, witness_checked=ok)


@single_blas_thread
def _genuineness(X, y, I, cell, test, tol, allow_milp, time_limit, data=None):
    t0 = time.perf_counter()
    X, I, cell = _prepare(X, y, I, cell, data)
    if cell.unique:
        return _unique_test(X, I, cell, test, tol, t0)
    signs = _candidate(X, I, cell, test, tol)
    if signs is not None:
        ok, m, msg = check_witness(X, I, cell.fitted, cell.R0, signs, tol)
        if ok:
            return _result(True, test, "candidate", "the minimum-norm minimiser A+y is inside the cell; " + msg,
                           t0, witness=cell.R0, signs=signs, margin=m, witness_checked=True)
    t = cell.fitted
    active = I.any(axis=1)
    if test == "paper":
        bad = np.flatnonzero(active & (t < -tol.fitted))
        if bad.size:
            i = int(bad[0])
            return _result(False, test, "certificate",
                           f"sample {i} is active for neurons {np.flatnonzero(I[i]).tolist()}, eq. (7) needs "
                           f"every x_i.R_j > 0 there, but every minimiser has sum = t_i = {t[i]:.4g} < 0 "
                           f"({bad.size} such samples)", t0)
    else:
        if sign_program(I, t, tol=tol, strict_zero=False) is None:
            return _result(False, test, "certificate",
                           "no sign choice (z_j > 0 or < 0 per neuron) meets the per-sample necessary "
                           "conditions (integer program infeasible)", t0)
    frr, ratio = full_row_rank(X, data=data)
    if frr:
        amb = active & (np.abs(t) <= tol.fitted)
        if test == "paper":
            if amb.any():
                return _result(None, test, "closed-form",
                               f"{amb.sum()} active samples have |t_i| <= {tol.fitted}", t0)
            signs = np.ones(I.shape[1])
        else:
            signs = sign_program(I, t, tol=tol, strict_zero=True)
            if signs is None:
                return _result(False, test, "closed-form",
                               "full row rank: no sign choice meets the per-sample conditions", t0)
        R = _closed_form_witness(X, I, t, signs, data)
        ok, m, msg = check_witness(X, I, t, R, signs, tol)
        return _result(True if ok else None, test, "closed-form",
                       f"full row rank (sigma_min/sigma_max={ratio:.2e}): genuine by the per-sample "
                       f"reduction; witness {'re-checked' if ok else 'FAILED the re-check'}: {msg}", t0,
                       witness=R, signs=signs, margin=m, witness_checked=ok)
    if cell.null_basis is None:
        cell = in_cell_minimum(X, y, I, null_basis=True, data=data)
    if test == "paper":
        r = lp_test(X, I, cell, tol=tol, time_limit=time_limit)
    elif allow_milp:
        # first the LP with the signs the per-sample program proposes; then the MILP
        signs = sign_program(I, t, tol=tol, strict_zero=False)
        r = lp_test(X, I, cell, signs=signs, tol=tol, time_limit=time_limit)
        if r.genuine is not True:
            r = milp_test(X, I, cell, tol=tol, time_limit=time_limit or 5.0)
    else:
        r = _result(None, test, "milp", "exact test needs the MILP route (disabled)", t0)
    return dataclasses.replace(r, seconds=time.perf_counter() - t0)


def paper_test(X, y, I, cell: InCellMinimum | None = None, *, tol=DEFAULT_TOL, time_limit=None,
               data: CellData | None = None):
    """Genuineness as the paper tests it: eq. (7) for a unique R*, eq. (9) otherwise.

    Parameters
    ----------
    X : array_like (N, D)
        bias-augmented samples.
    y : array_like (N,)
    I : array_like of bool (N, K)
        the defining cells' activation pattern.
    cell : InCellMinimum, optional
        from :func:`~critcheck.relu.cells.in_cell_minimum` (computed if omitted).
    tol : Tolerances
    time_limit : float, optional
        seconds for the LP route.
    data : CellData, optional
        :func:`~critcheck.relu.cells.cell_data` of ``(X, y)``: with ``X is data.X``
        the data's key and products are reused across calls (same answer).

    Returns
    -------
    Genuineness

    Notes
    -----
    For a unique :math:`R^*` the paper's Sec. II-B allows eq. (7) *or* (8) per
    neuron, and so does this function; in the continuous case it uses eq. (7)
    only, like the paper's eq. (9). Use :func:`exact_test` for the either-sign
    criterion in both cases.
    """
    return _genuineness(X, y, I, cell, "paper", tol, False, time_limit, data)


def exact_test(X, y, I, cell: InCellMinimum | None = None, *, tol=DEFAULT_TOL, time_limit=None,
               allow_milp=True, data: CellData | None = None):
    """Genuineness with each neuron free to satisfy eq. (7) or eq. (8) (seed 004, eq. (6)).

    Same parameters as :func:`paper_test`. With full row rank decided exactly by
    the per-sample reduction and a K-binary integer program; otherwise by the
    big-M MILP of :func:`milp_test` (which can answer "undecided").
    """
    return _genuineness(X, y, I, cell, "exact", tol, allow_milp, time_limit, data)


def dense_lp_test(X, y, I, *, time_limit=60.0, tol=DEFAULT_TOL):
    """The straightforward formulation of eq. (9): all :math:`Kd` variables of c.

    Builds :math:`P = I - A^+A` densely and the constraint rows
    :math:`\\mathbf x_i^T((A^+y)_j + P_j c)` for every :math:`(i, j)`, then
    maximises the slack with HiGHS. Kept as the baseline for the benchmark
    (``benchmarks/bench_relu_genuineness.py``); slow by construction.

    Returns
    -------
    Genuineness (route ``"dense-lp"``)
    """
    from scipy.optimize import linprog

    t0 = time.perf_counter()
    X = np.asarray(X, float)
    I = np.asarray(I, bool)
    N, K = I.shape
    D = X.shape[1]
    from .cells import design_matrix

    A = design_matrix(X, I)
    Ap = np.linalg.pinv(A)
    R0 = (Ap @ np.asarray(y, float)).reshape(K, D)
    P = np.eye(K * D) - Ap @ A
    # row (i, j): x_i^T P_j  where P_j is the block of rows j*D:(j+1)*D
    C = np.einsum("nd,kdm->nkm", X, P.reshape(K, D, K * D)).reshape(N * K, K * D)
    U0 = (X @ R0.T).reshape(-1)
    Ia = I.reshape(-1)
    A_ub = np.vstack([np.hstack([-C[Ia], np.ones((Ia.sum(), 1))]),
                      np.hstack([C[~Ia], np.zeros(((~Ia).sum(), 1))])])
    b_ub = np.concatenate([U0[Ia], -U0[~Ia]])
    cost = np.zeros(K * D + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=[(None, None)] * (K * D) + [(None, 1.0)],
                  method="highs", options={"time_limit": float(time_limit)})
    early, sigma = _lp_outcome(res, "dense-lp", "dense LP", tol, t0)
    if early is not None:
        return early
    R = R0 + (P @ res.x[:-1]).reshape(K, D)
    fitted = A @ R0.reshape(-1)
    ok, m, msg = check_witness(X, I, fitted, R, np.ones(K), tol)
    return _result(True if ok else None, "paper", "dense-lp", f"dense LP sigma*={sigma:.3e}; {msg}", t0,
                   witness=R, signs=np.ones(K), margin=m, witness_checked=ok)


def sparse_lp_test(X, y, I, *, cell: InCellMinimum | None = None, time_limit=60.0, tol=DEFAULT_TOL):
    """Eq. (9) as a user would hand it to a sparse LP solver: the baseline of the benchmark.

    Variables :math:`\\mathbf R` (all :math:`KD`) and the slack :math:`\\sigma`;
    equalities :math:`A\\mathbf R = t` (every in-cell minimiser, eq. (3), with
    :math:`t = AA^+y` from :func:`~critcheck.relu.cells.in_cell_minimum`);
    :math:`\\mathbf x_i\\cdot\\mathbf R_j\\ge\\sigma` where :math:`I_{ij}=1`,
    :math:`\\le 0` where :math:`I_{ij}=0` (eq. (7)); maximise :math:`\\sigma\\le 1`.
    Sparse matrices throughout (MNIST pixels are mostly zero), SciPy's HiGHS.
    No null-space basis, no reduction: what ``benchmarks/bench_relu_genuineness.py``
    compares the fast routes with, besides :func:`dense_lp_test`.

    Returns
    -------
    Genuineness (test ``"paper"``, route ``"sparse-lp"``)
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    t0 = time.perf_counter()
    X = np.asarray(X, float)
    I = np.asarray(I, bool)
    N, K = I.shape
    D = X.shape[1]
    if cell is None:
        cell = in_cell_minimum(X, y, I)
    # variable d*K + j is R_j[d]: row (i, j) of kron(X, I_K) is x_i placed at neuron j
    G = sp.kron(sp.csr_matrix(X), sp.identity(K, format="csr"), format="csr")    # (N*K, K*D)
    Ia = I.reshape(-1)
    A_eq = sp.kron(sp.identity(N, format="csr"), np.ones((1, K)), format="csr") @ sp.diags(Ia * 1.0) @ G
    ones = sp.csr_matrix(np.ones((int(Ia.sum()), 1)))
    A_ub = sp.vstack([sp.hstack([-G[Ia], ones]), sp.hstack([G[~Ia], sp.csr_matrix(((~Ia).sum(), 1))])],
                     format="csr")
    b_ub = np.zeros(A_ub.shape[0])
    A_eq = sp.hstack([A_eq, sp.csr_matrix((N, 1))], format="csr")
    cost = np.zeros(K * D + 1)
    cost[-1] = -1.0
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=cell.fitted,
                  bounds=[(None, None)] * (K * D) + [(None, 1.0)], method="highs",
                  options={"time_limit": float(time_limit)})
    early, sigma = _lp_outcome(res, "sparse-lp", "sparse LP", tol, t0)
    if early is not None:
        return early
    R = res.x[:-1].reshape(D, K).T
    ok, m, msg = check_witness(X, I, cell.fitted, R, np.ones(K), tol)
    return _result(True if ok else None, "paper", "sparse-lp", f"sparse LP sigma*={sigma:.3e}; {msg}", t0,
                   witness=R, signs=np.ones(K), margin=m, witness_checked=ok)

"""Array backends: NumPy by default, CuPy optional, array-API-strict for tests.

Numeric code is written against an array namespace ``xp`` (the Python array
API standard), obtained from :func:`get_backend` by name or from
:func:`array_namespace` for existing arrays. CuPy is never imported at module
import time; :func:`get_backend("cupy") <get_backend>` checks that a GPU is
actually usable (``cupy.cuda.is_available()``), not merely that CuPy imports.

The backend name comes from, in order: the argument, ``$CRITCHECK_BACKEND``,
``"numpy"``.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import os
from typing import Any

import numpy as _np

from ..errors import BackendUnavailable, InvalidArgument

__all__ = ["get_backend", "array_namespace", "array_ops", "ArrayOps", "to_numpy", "available_backends",
           "backend_name"]

BACKENDS = ("numpy", "cupy", "array_api_strict")


def backend_name(name: str | None = None) -> str:
    """Resolve a backend name (argument, then ``$CRITCHECK_BACKEND``, then numpy)."""
    name = name or os.environ.get("CRITCHECK_BACKEND") or "numpy"
    name = name.strip().lower().replace("-", "_")
    if name not in BACKENDS:
        raise InvalidArgument(f"backend={name!r} is not one of {', '.join(BACKENDS)}")
    return name


def _cupy_usable() -> tuple[bool, str]:
    if importlib.util.find_spec("cupy") is None:
        return False, "CuPy is not installed (pip install cupy-cuda12x)"
    try:
        cp = importlib.import_module("cupy")
        if not cp.cuda.is_available():
            return False, "CuPy is installed but no CUDA device is available"
        cp.zeros(1)  # the first allocation fails when the runtime is unusable
    except Exception as exc:  # noqa: BLE001
        return False, f"CuPy cannot run here: {type(exc).__name__}: {exc}"
    return True, ""


def available_backends() -> dict[str, bool]:
    """Which backends can run on this machine (drives docs and test skips)."""
    return {
        "numpy": True,
        "cupy": _cupy_usable()[0],
        "array_api_strict": importlib.util.find_spec("array_api_strict") is not None,
    }


def get_backend(name: str | None = None) -> Any:
    """The array namespace for ``name``.

    Raises
    ------
    BackendUnavailable
        when CuPy (or array-api-strict) is requested but cannot run here.
    """
    name = backend_name(name)
    if name == "numpy":
        import numpy

        return numpy
    if name == "cupy":
        ok, why = _cupy_usable()
        if not ok:
            raise BackendUnavailable(f"backend='cupy' requested but {why}; use backend='numpy'")
        return importlib.import_module("cupy")
    if importlib.util.find_spec("array_api_strict") is None:
        raise BackendUnavailable("backend='array_api_strict' needs `pip install array-api-strict`")
    return importlib.import_module("array_api_strict")


def array_namespace(*arrays: Any) -> Any:
    """The namespace of the given arrays (NumPy for Python scalars/lists).

    A NumPy array is answered without calling its ``__array_namespace__``
    (the training loops ask this several times per step).
    """
    for a in arrays:
        if type(a) is _np.ndarray:
            return _np
        ns = getattr(a, "__array_namespace__", None)
        if ns is not None:
            return ns()
    return _np


@dataclasses.dataclass(frozen=True)
class ArrayOps:
    """The array functions a training step calls most, bound once per namespace.

    ``sum(x, axis=..., keepdims=...)``, ``reshape(x, shape)`` and
    ``concat(arrays, axis=...)`` of the array API. For NumPy they are the
    functions the NumPy wrappers end in (``np.add.reduce``,
    ``ndarray.reshape``, ``np.concatenate``): the same reductions in the same
    order, hence the same bits, without the per-call dispatch layers. Every
    other namespace gets its own ``xp.sum``, ``xp.reshape``, ``xp.concat``.

    ``sum_last(x, keepdims=False)`` is ``sum(x, axis=-1)``; NumPy's performs
    the additions of its own pairwise summation as whole-array operations
    (:func:`_np_sum_last`), the same bits without one inner loop per row.
    """

    sum: Any
    reshape: Any
    concat: Any
    sum_last: Any


def _np_sum_last(x, keepdims=False):
    """``np.add.reduce(x, axis=-1)`` for float64 C-contiguous arrays, bit for bit, as
    whole-array additions instead of NumPy's inner loop per row.

    NumPy sums a contiguous axis pairwise (``pairwise_sum`` of its loops): fewer
    than 8 terms one after another from ``0.0``; 8 to 128 terms in eight running
    sums ``r_j = x_j + x_{j+8} + ...`` combined as
    ``((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))``, then the leftover terms one by one.
    Short rows (2-7 terms) always take this path (the batched models' sums over a
    few units); 8-128 terms only with at least 2048 elements (the two-layer loss's
    pair differences), where it beats the reduction's per-row loop. Everything
    else goes to ``np.add.reduce`` itself (tests compare the two for every length,
    signed zeros, infinities and NaN included).
    """
    k = x.shape[-1] if x.ndim >= 1 else 0
    if (not 2 <= k <= 128 or (k >= 8 and x.size < 2048) or x.dtype != _np.float64
            or type(x) is not _np.ndarray or not x.flags.c_contiguous):
        return _np.add.reduce(x, axis=-1, keepdims=keepdims)
    if k < 8:
        s = x[..., 0] + 0.0
        for i in range(1, k):
            s = s + x[..., i]
    else:
        r = [x[..., j].copy() for j in range(8)]
        i = 8
        while i < k - k % 8:
            for j in range(8):
                r[j] += x[..., i + j]
            i += 8
        s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for j in range(i, k):
            s += x[..., j]
        s += 0.0   # the reduction starts from the identity +0: a sum of -0.0 terms is +0.0
    return s[..., None] if keepdims else s


_OPS: dict = {}


def array_ops(xp: Any) -> ArrayOps:
    """The :class:`ArrayOps` of namespace ``xp`` (built once, then looked up)."""
    ops = _OPS.get(xp)
    if ops is None:
        if xp is _np:
            ops = ArrayOps(_np.add.reduce, _np.ndarray.reshape, _np.concatenate, _np_sum_last)
        else:
            ops = ArrayOps(xp.sum, xp.reshape, xp.concat,
                           lambda x, keepdims=False: xp.sum(x, axis=-1, keepdims=keepdims))
        _OPS[xp] = ops
    return ops


def to_numpy(x: Any):
    """Copy any backend's array to a NumPy array (host memory)."""
    import numpy

    if isinstance(x, numpy.ndarray):
        return x
    mod = type(x).__module__
    if mod.startswith("cupy"):
        return x.get()
    if mod.startswith("array_api_strict"):
        return numpy.asarray(x._array)
    return numpy.asarray(x)

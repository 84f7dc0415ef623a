"""BLAS / OpenMP thread counts, set deliberately.

NumPy and SciPy link OpenBLAS, which by default starts one thread per core
for every matrix product or factorisation. critcheck's linear algebra is
small and runs in loops (one in-cell minimum per weight draw, seed 004
Sec. IV-A); there threads do not help, and on a machine whose cores are busy
they make every call wait for descheduled threads (measured on 2 shared cores:
the SVD of a 200 x 785 matrix 1.5-2.1 s with the default threads, 5.5-9.6 ms
with one; ``benchmarks/RESULTS.md``). So:

* the per-trial primitives (:mod:`critcheck.relu.cells`) run under
  :func:`blas_threads` ``(1)``;
* ``critcheck verify`` spreads independent claims over the cores instead
  (:mod:`critcheck.claims.parallel`) and pins each claim's process to
  ``cores // jobs`` threads (:func:`pin_process`).

Thread pools are found with ``threadpoolctl``; one controller is built on
first use (after NumPy and SciPy's linear algebra are loaded, so both
OpenBLAS copies are seen) and reused: entering :func:`blas_threads` then costs
about 10 microseconds.
"""

from __future__ import annotations

import contextlib
import functools
import os
from typing import Callable, Iterator

__all__ = ["blas_threads", "single_blas_thread", "pin_process", "cpu_count"]

_THREAD_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@functools.lru_cache(maxsize=1)
def _controller():
    import numpy  # noqa: F401 - load the BLAS libraries before they are listed
    import scipy.linalg  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Run the body with at most ``n`` BLAS/OpenMP threads (None: leave as is)."""
    if n is None:
        yield
        return
    with _controller().limit(limits=max(1, int(n))):
        yield


def single_blas_thread(func: Callable) -> Callable:
    """Decorator: ``func`` runs with one BLAS thread (small problems in loops)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with blas_threads(1):
            return func(*args, **kwargs)

    return wrapper


def pin_process(n: int) -> None:
    """Limit this process (and libraries it loads later) to ``n`` threads.

    Sets the usual environment variables for libraries not loaded yet and
    limits the pools already loaded through ``threadpoolctl``.
    """
    n = max(1, int(n))
    for k in _THREAD_ENV:
        os.environ[k] = str(n)
    _controller().limit(limits=n)

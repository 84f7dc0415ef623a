"""Time budgets: a stuck computation becomes ``INCONCLUSIVE``, never a hang.

:func:`time_budget` is a context manager. In the main thread it arms
``SIGALRM`` (Unix) so that even a SymPy call that never returns to our code
is interrupted with :class:`~critcheck.errors.BudgetExceeded`. Budgets nest:
the innermost deadline that expires first fires, and the outer timer is
restored on exit. Outside the main thread (or without ``SIGALRM``) the budget
is cooperative: long loops call :func:`check_budget`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Iterator

from .errors import BudgetExceeded

__all__ = ["time_budget", "check_budget", "remaining"]

_stack: list[float] = []  # absolute deadlines (time.monotonic), innermost last


def _can_signal() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum, frame):  # pragma: no cover - exercised via tests
    raise BudgetExceeded("time budget exhausted")


def _arm() -> None:
    if not _can_signal():
        return
    if not _stack:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    left = min(_stack) - time.monotonic()
    signal.signal(signal.SIGALRM, _on_alarm)
    # keep firing every 50 ms: library code that swallows one exception
    # (a broad ``except Exception``) cannot keep the computation alive
    signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), 0.05)


@contextlib.contextmanager
def time_budget(seconds: float | None, what: str = "computation") -> Iterator[None]:
    """Run the body under a wall-clock budget of ``seconds`` (None: no limit).

    Raises
    ------
    BudgetExceeded
        when the budget runs out; the message names ``what``.
    """
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise BudgetExceeded(f"{what}: no time left in the budget")
    deadline = time.monotonic() + float(seconds)
    _stack.append(deadline)
    previous = signal.getsignal(signal.SIGALRM) if _can_signal() else None
    _arm()
    try:
        yield
    except BudgetExceeded as exc:
        if time.monotonic() >= deadline - 1e-3 and "exhausted" in str(exc):
            raise BudgetExceeded(f"{what} ran past its budget of {seconds:g} s") from None
        raise
    finally:
        _stack.remove(deadline)
        if _can_signal():
            signal.setitimer(signal.ITIMER_REAL, 0)
            if previous is not None:
                signal.signal(signal.SIGALRM, previous)
            _arm()


def remaining() -> float | None:
    """Seconds left in the innermost budget, or None when unbounded."""
    if not _stack:
        return None
    return min(_stack) - time.monotonic()


def check_budget(what: str = "computation") -> None:
    """Cooperative check: raise :class:`BudgetExceeded` if time is up."""
    left = remaining()
    if left is not None and left <= 0:
        raise BudgetExceeded(f"{what} ran past its budget")

"""A hard wall-clock bound: the work runs in a worker process killed at the deadline.

:func:`~critcheck.budget.time_budget` interrupts Python code with ``SIGALRM``,
but a signal handler only runs between bytecodes: a long call into FLINT,
SymPy's C-level ground types, or a subprocess wait ignores it until it
returns (``critcheck critical --budget 60`` once ran 126-574 s). Here the
work runs in a child process with its own process group (so the engines it
starts, msolve and Singular, go with it); it sends messages through a pipe
as it goes, and at the deadline the parent kills the whole group. What was
sent before the kill is what the caller reports; the rest is open.

Linux and macOS fork the worker (nothing is imported again); elsewhere it is
spawned, so ``target`` must then be a module-level function.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from typing import Callable

from . import errors

__all__ = ["run_until"]


def _child(target, args, conn) -> None:
    if hasattr(os, "setsid"):
        try:
            os.setsid()  # its own process group: killing it kills msolve/Singular too
        except OSError:  # pragma: no cover - already a group leader
            pass

    def send(*msg) -> None:
        conn.send(msg)

    try:
        target(send, *args)
        conn.send(("__done__",))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which re-raises
        conn.send(("__error__", type(exc).__name__, str(exc)))
    finally:
        conn.close()


def _kill(proc) -> None:
    if proc.pid is None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    if proc.is_alive():  # killed before it made its own group
        proc.kill()
    proc.join(1.0)


def run_until(target: Callable, args: tuple, deadline: float,
              on_message: Callable[[tuple], None]) -> str:
    """Run ``target(send, *args)`` in a worker until it ends or ``deadline`` passes.

    Parameters
    ----------
    target : the work; ``send(*msg)`` passes a picklable tuple to the parent.
    deadline : absolute ``time.monotonic()`` at which the worker is killed.
    on_message : called in the parent with each tuple, in order.

    Returns
    -------
    ``"done"`` when ``target`` returned, ``"deadline"`` when it was killed.

    Raises
    ------
    CritcheckError
        (the same subclass when it is one) when ``target`` raised; a worker
        that dies without a word (killed by the system) raises too.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(target, args, send), daemon=True)
    proc.start()
    send.close()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "deadline"
            if not recv.poll(min(left, 0.2)):
                if not proc.is_alive() and not recv.poll(0):
                    raise errors.CritcheckError(
                        f"the worker process ended with code {proc.exitcode} without an answer "
                        "(out of memory?); rerun with a smaller problem or a larger machine")
                continue
            try:
                msg = recv.recv()
            except EOFError:
                raise errors.CritcheckError(
                    f"the worker process ended with code {proc.exitcode} without an answer "
                    "(out of memory?); rerun with a smaller problem or a larger machine") from None
            if msg[0] == "__done__":
                return "done"
            if msg[0] == "__error__":
                cls = getattr(errors, msg[1], None)
                if isinstance(cls, type) and issubclass(cls, errors.CritcheckError):
                    raise cls(msg[2])
                raise errors.CritcheckError(f"{msg[1]}: {msg[2]}")
            on_message(msg)
    finally:
        _kill(proc)
        recv.close()

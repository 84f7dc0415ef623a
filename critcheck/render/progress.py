"""Progress output of the commands: stage lines and progress bars on stderr.

Algorithms report progress through plain callbacks (``progress(k, n)`` or
``progress(message)``); this module turns them into output a person can
follow. Results go to stdout, progress to stderr, so ``critcheck ... > out``
keeps the results clean.

Verbosity is the same on every command (:func:`add_output_flags`):

* ``-q/--quiet``: no progress at all (errors still print);
* default: one line when each claim or stage starts and one when it ends
  (with its seconds), and a bar for long inner loops;
* ``-v/--verbose``: also the details of each stage.

On a terminal a bar redraws itself in place (``\\r``); otherwise (a log file,
CI) it prints a plain line at every tenth of the work, so logs stay readable.

Claims that run inside ``verify`` and ``report`` report their inner loops
through :meth:`critcheck.claims.Context.progress`; :class:`ClaimBoard` shows
them: on a terminal, one live line per running claim (id, bar, done/total,
elapsed seconds), redrawn in place and erased when the claim ends; in a log,
a plain line when a claim has passed another quarter of its work (tenth with
``-v``), at most one per claim every :data:`LOG_EVERY` seconds (so a claim
that ends sooner prints none).
"""

from __future__ import annotations

import contextlib
import sys
import time

__all__ = ["Progress", "ClaimBoard", "add_output_flags", "progress_from_args", "LOG_EVERY"]

LOG_EVERY = 2.0  # seconds: off a terminal, at most one progress line per claim this often


def add_output_flags(p) -> None:
    """Add the shared ``-q/--quiet`` and ``-v/--verbose`` options to a (sub)parser."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true",
                   help="no progress output on stderr (results and errors only)")
    g.add_argument("-v", "--verbose", action="store_true",
                   help="more detail on stderr: what each stage found")


def progress_from_args(args, stream=None) -> "Progress":
    """The :class:`Progress` for parsed arguments that carry the shared flags."""
    level = 0 if getattr(args, "quiet", False) else (2 if getattr(args, "verbose", False) else 1)
    return Progress(level, stream)


class Progress:
    """Stage lines and bars on a stream (stderr by default).

    Parameters
    ----------
    level : int
        0 quiet, 1 normal, 2 verbose.
    stream : file-like, optional
        where to write (``sys.stderr`` at the time of each write by default).
    tty : bool, optional
        force bar redrawing on or off (default: ``stream.isatty()``).
    """

    def __init__(self, level: int = 1, stream=None, tty: bool | None = None):
        self.level = level
        self._stream = stream
        self._tty = tty

    @property
    def stream(self):
        return self._stream if self._stream is not None else sys.stderr

    @property
    def tty(self) -> bool:
        if self._tty is not None:
            return self._tty
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def line(self, msg: str) -> None:
        """A progress line (not shown with ``-q``)."""
        if self.level >= 1:
            print(msg, file=self.stream, flush=True)

    def detail(self, msg: str) -> None:
        """A detail line (shown only with ``-v``)."""
        if self.level >= 2:
            print("    " + msg, file=self.stream, flush=True)

    @contextlib.contextmanager
    def stage(self, name: str, delay: float = 0.0):
        """``name ...`` when the stage starts, ``name: done in S s`` when it ends.

        The context value is a dict; put ``"result"`` in it to append a short
        outcome to the closing line (e.g. a verdict).

        With ``delay`` > 0 the opening line waits that many seconds and is not
        printed at all if the stage ends sooner, and a stage that fails before
        then prints nothing: an error in the input stays a one-line message.
        A stage that fails prints no closing line (the error message follows).
        """
        import threading

        info: dict = {}
        opened = threading.Event()

        def open_line():
            opened.set()
            self.line(f"{name} ...")

        timer = None
        if delay > 0:
            timer = threading.Timer(delay, open_line)
            timer.daemon = True
            timer.start()
        else:
            open_line()
        t0 = time.perf_counter()
        try:
            yield info
        except BaseException:
            # no closing line: the error message (one line) or "interrupted" says why it stopped
            if timer is not None:
                timer.cancel()
            raise
        if timer is not None:
            timer.cancel()
        res = f": {info['result']}" if info.get("result") else ": done"
        self.line(f"{name}{res} in {time.perf_counter() - t0:.1f} s")

    @contextlib.contextmanager
    def waiting(self, msg: str, delay: float = 0.3):
        """On a terminal: show ``msg ...`` after ``delay`` seconds, and wipe it when the
        block ends, whether it succeeds or fails.

        For start-up work (importing SymPy, loading the proof scripts) that may
        end in an input error: the user sees that something is happening, and
        an error still stands alone as one line. Off a terminal (logs, CI)
        nothing is printed.
        """
        import threading

        if self.level < 1 or not self.tty:
            yield
            return
        shown = threading.Event()
        lock = threading.Lock()

        def show():
            with lock:
                shown.set()
                self.stream.write(f"{msg} ...")
                self.stream.flush()

        timer = threading.Timer(delay, show)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            with lock:
                if shown.is_set():
                    self.stream.write("\r\033[K")
                    self.stream.flush()

    def bar(self, label: str, width: int = 30):
        """A ``callback(k, n)`` drawing a bar for ``k`` of ``n`` steps done.

        On a terminal the bar redraws in place; otherwise a plain line is
        printed at each tenth of the work (and at the end).
        """
        state = {"last": -1, "t0": time.perf_counter()}

        def update(k: int, n: int) -> None:
            if self.level < 1 or n <= 0:
                return
            elapsed = time.perf_counter() - state["t0"]
            if self.tty:
                done = int(width * k / n)
                self.stream.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {k}/{n} "
                                  f"{elapsed:.0f} s")
                if k >= n:
                    self.stream.write("\n")
                self.stream.flush()
                return
            tenth = (10 * k) // n
            if tenth > state["last"] and (k > 0 or n == 1):
                state["last"] = tenth
                self.line(f"{label}: {k}/{n} ({100 * k // n}%) {elapsed:.1f} s")

        return update

    def message(self, prefix: str, delay: float = 0.0):
        """A ``callback(message)`` printing ``[prefix] message`` (for text progress hooks).

        With ``delay`` > 0 the messages of the first ``delay`` seconds are held
        back and printed together once that time has passed; call
        ``callback.close(flush=True)`` at the end (a run that ends sooner prints
        them then), or ``close(flush=False)`` on an error, which then stays the
        only line printed.
        """
        return _Messages(self, prefix, delay)


class _Messages:
    def __init__(self, prog: Progress, prefix: str, delay: float):
        import threading

        self.prog, self.prefix = prog, prefix
        self.held: list = []
        self.lock = threading.Lock()
        self.live = delay <= 0
        self.timer = None
        if not self.live:
            self.timer = threading.Timer(delay, self._go)
            self.timer.daemon = True
            self.timer.start()

    def _go(self):
        with self.lock:
            self.live = True
            for m in self.held:
                self.prog.line(f"[{self.prefix}] {m}")
            self.held.clear()

    def __call__(self, msg: str) -> None:
        with self.lock:
            if self.live:
                self.prog.line(f"[{self.prefix}] {msg}")
            else:
                self.held.append(msg)

    def close(self, flush: bool = True) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if flush:
            self._go()
        else:
            with self.lock:
                self.held.clear()
                self.live = True


class _Running:
    __slots__ = ("t0", "done", "total", "label", "mark", "logged")

    def __init__(self, t0: float):
        self.t0, self.done, self.total, self.label = t0, 0, 0, ""
        self.mark, self.logged = 0, t0


class ClaimBoard:
    """Progress of the claims that run now, for ``verify`` and ``report``.

    ``start(id)``, ``update(id, done, total, label)`` (the claim's
    :meth:`~critcheck.claims.Context.progress`) and ``end(id)``; ``emit(text)``
    prints a lasting line (a start/end line, a table row on stdout) above
    the live lines. All output goes through one lock, so a ticker thread
    (terminal only: it refreshes the elapsed seconds every ``tick`` s) and
    the caller never write at once.

    Parameters
    ----------
    total : int
        claims in the run (shown as ``[ended/total]``).
    level : int
        0 quiet (nothing at all), 1 normal, 2 verbose (log lines at tenths).
    stream : file-like, optional
        where the progress goes (``sys.stderr`` by default).
    tty : bool, optional
        live lines or plain lines (default: ``stream.isatty()``).
    tick : float
        seconds between redraws by the ticker thread on a terminal (0: none).
    counter : bool
        start each progress line with ``[ended/total]`` (off where the caller's
        own start line already numbers the claim, as in ``report``).
    """

    def __init__(self, total: int, level: int = 1, stream=None, tty: bool | None = None,
                 tick: float = 1.0, clock=time.monotonic, counter: bool = True):
        import threading

        self.total, self.level, self.counter = total, level, counter
        self._prog = Progress(level, stream, tty)
        self.running: dict[str, _Running] = {}
        self.ended = 0
        self.clock = clock
        self._lock = threading.RLock()
        self._drawn = 0
        self._last_draw = float("-inf")
        self._stop = threading.Event()
        self._ticker = None
        if level >= 1 and self.live and tick > 0:
            self._ticker = threading.Thread(target=self._tick, args=(tick,), daemon=True,
                                            name="critcheck-progress")
            self._ticker.start()

    @property
    def live(self) -> bool:
        """Whether the progress stream is a terminal (live lines) or not (plain lines)."""
        return self._prog.tty

    @property
    def stream(self):
        return self._prog.stream

    # -- what the runner reports -------------------------------------------------
    def start(self, cid: str, line: str | None = None) -> None:
        """Claim ``cid`` starts; ``line`` (if any) is printed as a lasting line."""
        with self._lock:
            self.running[cid] = _Running(self.clock())
            if line is not None:
                self.emit(line)
            else:
                self._draw(force=True)

    def update(self, cid: str, done, total, label: str = "") -> None:
        """``done`` of ``total`` units of claim ``cid``'s work are finished."""
        if self.level < 1:
            return
        with self._lock:
            r = self.running.get(cid)
            if r is None or total is None or total <= 0:
                return
            done = max(0, min(int(done), int(total)))
            if int(total) != r.total or done < r.done:   # a new phase (e.g. the kernel's checks)
                r.mark = 0
            r.done, r.total, r.label = done, int(total), str(label)
            if self.live:
                self._draw(force=done >= r.total)
                return
            parts = 10 if self.level >= 2 else 4
            mark = (parts * done) // r.total
            now = self.clock()
            if 0 < mark < parts and mark > r.mark and now - r.logged >= LOG_EVERY:
                r.mark, r.logged = mark, now
                lab = f" {r.label}" if r.label else ""
                self._prog.line(f"{self._prefix()}{cid}: {done}/{r.total} "
                                f"({100 * done // r.total}%){lab}, {now - r.t0:.1f} s")

    def end(self, cid: str, line: str | None = None) -> None:
        """Claim ``cid`` ended: its live line goes; ``line`` (if any) is printed."""
        with self._lock:
            self.running.pop(cid, None)
            self.ended += 1
            if line is not None:
                self.emit(line)
            else:
                self._draw(force=True)

    def emit(self, text: str, stream=None) -> None:
        """Print ``text`` as a lasting line (on ``stream``, default the progress
        stream), above the live lines. Not shown with ``-q`` unless ``stream`` is
        given (results on stdout always print)."""
        with self._lock:
            if stream is None and self.level < 1:
                return
            self._erase()
            print(text, file=stream if stream is not None else self.stream, flush=True)
            self._draw(force=True)

    def close(self) -> None:
        """Stop the ticker and erase the live lines."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            self._erase()

    # -- drawing (terminal only) ----------------------------------------------------
    def _lines(self) -> list[str]:
        import shutil

        width = max(20, shutil.get_terminal_size((100, 24)).columns - 1)
        now = self.clock()
        out = []
        for cid, r in self.running.items():
            text = f"{self._prefix()}{cid}"
            if r.total:
                n = 20
                k = int(n * r.done / r.total)
                text += f" [{'#' * k}{'.' * (n - k)}] {r.done}/{r.total}"
                if r.label:
                    text += f" {r.label}"
            text += f"  {now - r.t0:.0f} s"
            out.append(text[:width])
        return out

    def _prefix(self) -> str:
        return f"[{self.ended}/{self.total}] " if self.counter else "    "

    def _erase(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K" + "\033[A\r\033[K" * (self._drawn - 1))
            self.stream.flush()
            self._drawn = 0

    def _draw(self, force: bool = False) -> None:
        if self.level < 1 or not self.live:
            return
        now = self.clock()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        lines = self._lines()
        self._erase()
        if lines:
            self.stream.write("\n".join(lines))
            self.stream.flush()
        self._drawn = len(lines)

    def _tick(self, every: float) -> None:
        while not self._stop.wait(every):
            with self._lock:
                if self.running:
                    self._draw(force=True)

"""The ``critcheck`` command.

Subcommands live in :mod:`critcheck.commands`, one module each, found at
start-up: a module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Every error is one line on stderr with exit status 2,
never a traceback and never the whole usage text: errors derived from
:class:`~critcheck.errors.CritcheckError` (``critcheck COMMAND: error: ...``),
bad command-line arguments (:class:`OneLineParser`) and files that cannot be
read or written (:class:`OSError`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from .errors import CritcheckError

__all__ = ["main", "console", "build_parser", "OneLineParser"]


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (exit 2) naming ``--help``.

    argparse's default prints the whole usage text before the message; a
    researcher reads the message more easily alone. Subcommand parsers are
    made of this class too (``add_subparsers`` uses the parent's class).
    """

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _command_modules():
    from . import commands

    mods = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mods.append(importlib.import_module(f"{commands.__name__}.{info.name}"))
    order = getattr(commands, "ORDER", [])
    mods.sort(key=lambda m: (order.index(m.NAME) if m.NAME in order else len(order), m.NAME))
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="critcheck",
        description="Check claims about neural-network loss landscapes.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"critcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except CritcheckError as exc:
        msg = str(exc).strip()
        print(f"critcheck {args.command}: error: {msg}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped (``critcheck list | head``): not an error of ours
        _silence_stdout()
        return 0
    except OSError as exc:  # a file that cannot be read or written: say which, in one line
        name = f" {exc.filename!r}" if getattr(exc, "filename", None) else ""
        print(f"critcheck {args.command}: error: {exc.strerror or exc}{name}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("critcheck: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing what is left
    in its buffer at exit does not raise a second ``BrokenPipeError``."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no file descriptor behind stdout
        pass


def console() -> None:
    """The installed ``critcheck`` program: :func:`main`, then a prompt exit.

    Once the command has returned, the exit handlers run as in a normal exit
    (:mod:`atexit`: child processes joined, temporary files removed, logs
    flushed) and the process ends without tearing down the interpreter: a run
    that loaded SymPy, SciPy, Numba and python-flint spends 0.2-0.7 s
    deallocating their modules and caches otherwise (measured on the
    development machine, ``benchmarks/RESULTS.md``), work whose result nobody
    reads. Callers of :func:`main` (tests, scripts) and ``python -m
    critcheck.cli`` (which profilers wrap) keep the normal exit.
    """
    import atexit
    import os

    rc = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # pragma: no cover - the reader stopped after the last write
            _silence_stdout()
        except ValueError:  # pragma: no cover - stream closed by the command
            pass
    atexit._run_exitfuncs()
    os._exit(rc)


if __name__ == "__main__":  # pragma: no cover - ``python -m critcheck.cli``: the normal exit, so
    sys.exit(main())           # that wrappers such as ``python -m cProfile`` still see the end

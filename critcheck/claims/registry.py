"""The claim catalogue: :class:`Claim`, the ``@claim`` decorator, discovery.

Claims live in proof scripts (``proofs/*.py``, one per catalogue entry or
seed section). Each script decorates its check functions::

    from critcheck import claim, Outcome, Verdict

    @claim("toy.vw", title="...", source="seed 003, Sec. III",
           method="symbolic", expected="PROVED")
    def check(ctx):
        ...
        return Outcome(Verdict.PROVED, derivation=d)

Importing a proof script must be cheap: heavy work happens inside the check
function, which receives a :class:`Context`.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import importlib.util
import os
import sys
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ClaimDefinitionError, UnknownClaim
from .verdict import Method, Verdict

__all__ = [
    "Claim",
    "Context",
    "claim",
    "registry",
    "load_catalogue",
    "select",
    "proofs_dir",
]


@dataclasses.dataclass(frozen=True)
class Context:
    """What a check function is given.

    Attributes
    ----------
    backend : str
        ``"numpy"`` or ``"cupy"`` for numeric work.
    seed : int
        base seed for every random choice (record it in the evidence).
    budget : float or None
        seconds the check may take before it must answer INCONCLUSIVE.
    out_dir : Path or None
        where figures and other artifacts go (None: do not write files).
    quick : bool
        a smaller run (fewer samples) for test suites; evidence says so.
    on_progress : callable or None
        ``on_progress(done, total, label)``, set by the command that runs the
        claim (``verify``, ``report``) to show a bar; checks do not call it
        directly but through :meth:`progress` or :meth:`steps`. None (the
        default, and under ``-q``): progress costs one attribute test.
    """

    backend: str = "numpy"
    seed: int = 0
    budget: float | None = 120.0
    out_dir: Path | None = None
    quick: bool = False
    on_progress: Callable | None = dataclasses.field(default=None, compare=False, repr=False)

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report that ``done`` of ``total`` units of this check's work (draws,
        rows, certificates, ...) are finished; ``label`` says which part runs.

        Call it after each unit, with one ``total`` for the whole check where
        the units are known up front (``done`` then rises to ``total``). It
        never changes a result: what the user sees is a bar on a terminal or a
        few plain lines in a log (:class:`critcheck.render.progress.ClaimBoard`).
        """
        sink = self.on_progress
        if sink is not None:
            sink(done, total, label)

    def steps(self, items, total: int | None = None, label: str = ""):
        """``items``, reporting :meth:`progress` after each one is consumed.

        ``total`` defaults to ``len(items)``. Without a progress sink, ``items``
        itself is returned (no wrapper, no cost)::

            for draw in ctx.steps(range(100), label="draws"):
                ...
        """
        if self.on_progress is None:
            return items
        n = len(items) if total is None else int(total)
        return _counted(items, n, label, self.on_progress)

    def artifact(self, name: str) -> Path | None:
        """Path for an artifact file, or None when no out_dir is set."""
        if self.out_dir is None:
            return None
        p = Path(self.out_dir)
        p.mkdir(parents=True, exist_ok=True)
        return p / name


def _counted(items, total: int, label: str, sink: Callable):
    done = 0
    for x in items:
        yield x
        done += 1
        sink(done, total, label)


@dataclasses.dataclass(frozen=True)
class Claim:
    """One catalogue entry.

    Attributes
    ----------
    id : str
        stable identifier (DESIGN.md catalogue), e.g. ``"sd.appendix_a"``.
    title : str
    source : str
        paper, section, equation.
    method : Method
    expected : Verdict
        what the sources support.
    func : callable
        ``func(ctx: Context) -> Outcome``.
    text : str
        the statement in words / LaTeX as given; :attr:`statement` is what
        documents show.
    path : str
        the proof script defining it.
    formal : kernel Statement, list of them, or None
        the formal statement(s) a PROVED / REFUTED verdict is about, declared
        up front; the guard requires the certified statement to equal it, and
        ``statement`` (the text shown) is its LaTeX rendering.
    """

    id: str
    title: str
    source: str
    method: Method
    expected: Verdict
    func: Callable = dataclasses.field(compare=False, repr=False)
    text: str = ""
    path: str = ""
    formal: object = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def statement(self) -> str:
        """The statement shown in documents: ``text``, or for a claim with a formal
        statement its kernel rendering, made on first use (rendering every formal
        statement when the catalogue loads cost 0.6 s of each command's start)."""
        if self.formal is None:
            return self.text
        done = self.__dict__.get("_rendered")
        if done is None:
            parts = self.formal if isinstance(self.formal, (list, tuple)) else [self.formal]
            done = " ".join(p.to_latex() for p in parts)
            object.__setattr__(self, "_rendered", done)
        return done

    def run(self, ctx: Context | None = None):
        """Run the check; see :func:`critcheck.claims.runner.run_claim`."""
        from .runner import run_claim

        return run_claim(self, ctx)


registry: dict[str, Claim] = {}
_loaded_files: set[str] = set()


def claim(id: str, *, title: str, source: str, method: str, expected: str,
          statement: str = "", formal=None) -> Callable:
    """Register the decorated function as the check of claim ``id``."""
    if not isinstance(id, str) or not id or " " in id:
        raise ClaimDefinitionError(f"claim id={id!r} must be a non-empty string without spaces")
    m = Method.parse(method)
    v = Verdict.parse(expected)
    if v is Verdict.PROVED and m is Method.NUMERIC:
        raise ClaimDefinitionError(
            f"claim {id!r}: method='numeric' can never give PROVED; "
            "expect SUPPORTED or use an exact method")

    def deco(func: Callable) -> Callable:
        path = getattr(sys.modules.get(func.__module__), "__file__", "") or ""
        path = str(Path(path).resolve()) if path else ""
        c = Claim(id, title, source, m, v, func, statement, path, formal)
        old = registry.get(id)
        if old is not None and old.path != path:
            raise ClaimDefinitionError(
                f"claim id {id!r} is defined twice: in {old.path} and in {path}")
        registry[id] = c
        func.claim = c
        return func

    return deco


def proofs_dir() -> Path:
    """The directory of bundled proof scripts.

    ``$CRITCHECK_PROOFS`` if set, else ``proofs/`` beside the package
    (a source checkout or an editable install).
    """
    env = os.environ.get("CRITCHECK_PROOFS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "proofs"


def _load_file(path: Path) -> list[Claim]:
    path = path.resolve()
    key = str(path)
    if key in _loaded_files:
        return [c for c in registry.values() if c.path == key]
    if not path.is_file() or path.suffix != ".py":
        raise UnknownClaim(f"path={str(path)!r} is not a proof script (.py file)")
    name = "critcheck_proofs." + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    _loaded_files.add(key)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        _loaded_files.discard(key)
        sys.modules.pop(name, None)
        if isinstance(exc, ClaimDefinitionError):
            raise
        raise ClaimDefinitionError(_script_error(exc, path)) from exc
    return [c for c in registry.values() if c.path == key]


def _script_error(exc: BaseException, path: Path) -> str:
    """``file:line: Type: message`` for an exception raised while importing a proof script.

    The line is the script's own (a syntax error's line, else the deepest frame of the
    traceback inside the script), so the message points at what the user must edit.
    """
    import traceback

    line = None
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == path:
        line = exc.lineno
        msg = exc.msg
    else:
        msg = str(exc)
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename and Path(frame.filename).resolve() == path:
                line = frame.lineno
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {type(exc).__name__}: {msg} (while importing the proof script)"


def load_catalogue(paths: Iterable[str | os.PathLike] | None = None) -> dict[str, Claim]:
    """Import proof scripts (all bundled ones by default); return the registry."""
    if paths is None:
        d = proofs_dir()
        if not d.is_dir():
            raise UnknownClaim(
                f"no proofs directory at {str(d)!r}; install critcheck from a source "
                "checkout (pip install -e .) or set CRITCHECK_PROOFS to the proofs/ folder")
        paths = sorted(p for p in d.glob("*.py") if not p.name.startswith("_"))
    for p in paths:
        _load_file(Path(p))
    return registry


def select(items: Iterable[str] | None) -> list[Claim]:
    """Claims named by ids, glob patterns (``relu.*``), proof-script paths
    (every claim the script defines) or ``path.py::id`` (one of them).

    Raises :class:`~critcheck.errors.UnknownClaim` when an item names nothing
    (an unknown id, a script without claims): an empty selection is an error.
    """
    items = list(items or [])
    if not items:
        load_catalogue()
        if not registry:
            raise UnknownClaim(f"the catalogue in {str(proofs_dir())!r} defines no claim")
        return sorted(registry.values(), key=lambda c: c.id)
    chosen: dict[str, Claim] = {}
    catalogue_loaded = False
    for item in items:
        path_part, _, wanted = item.partition("::")
        if path_part.endswith(".py") or os.sep in path_part:
            found = _load_file(Path(path_part))
            if not found:
                raise UnknownClaim(
                    f"proof script {path_part!r} defines no claim; decorate its check "
                    "function with @claim(...) (see `critcheck list` for examples)")
            if wanted:
                found = [c for c in found if c.id == wanted]
                if not found:
                    raise UnknownClaim(
                        f"{item!r}: {path_part!r} defines no claim {wanted!r}; it defines "
                        + ", ".join(sorted(c.id for c in _load_file(Path(path_part)))))
            for c in found:
                chosen[c.id] = c
            continue
        if not catalogue_loaded:
            load_catalogue()
            catalogue_loaded = True
        if item in registry:  # an exact id names that claim only
            chosen[item] = registry[item]
            continue
        hits = [c for cid, c in registry.items()
                if fnmatch.fnmatchcase(cid, item) or cid.startswith(item + ".")]
        if not hits:
            close = [c for c in registry if item.split(".")[0] in c]
            hint = f" (did you mean one of {', '.join(sorted(close)[:5])}?)" if close else ""
            raise UnknownClaim(
                f"claim id={item!r} is not in the catalogue{hint}; run `critcheck list`")
        for c in hits:
            chosen[c.id] = c
    return sorted(chosen.values(), key=lambda c: c.id)

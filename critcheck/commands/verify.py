"""``critcheck verify``: run claims, one row each; exit 0 iff all as expected.

Independent claims run in parallel processes (``--jobs``, default: the cores
this process may use; :mod:`critcheck.claims.parallel`), each under its own
budget and with one BLAS thread (the cores run claims, not BLAS threads);
workers take the claims longest first, by the costs recorded in
``proofs/costs.json`` (:mod:`critcheck.claims.schedule`), so they finish together. The table on stdout lists
the claims in catalogue order whatever order they finish in, and the JSON
records are in the same order, so the output of ``--jobs 1`` and ``--jobs N``
differs only in the seconds. Progress -- a line when a claim starts and when
it ends -- goes to stderr: plain lines when stdout is not a terminal (logs,
CI), a single status line rewritten in place when it is.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

NAME = "verify"
HELP = "run claims (all when none named); exit 0 iff every verdict is the expected one"


def add_arguments(p):
    p.add_argument("items", nargs="*", help="claim ids, patterns (relu.*) or proof-script paths")
    p.add_argument("--json", metavar="FILE", help="write the records as a JSON list")
    p.add_argument("--tex", metavar="DIR", help="write each claim's LaTeX document into DIR")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="directory for figures and other artifacts (default: --tex DIR, else none)")
    p.add_argument("--backend", choices=["numpy", "cupy"], default=None,
                   help="array backend for numeric claims (default: $CRITCHECK_BACKEND or numpy)")
    p.add_argument("--seed", type=int, default=0, help="base random seed (default 0)")
    p.add_argument("--budget", type=float, default=300.0,
                   help="seconds per claim before it is INCONCLUSIVE (default 300)")
    p.add_argument("--quick", action="store_true", help="smaller numeric runs (for tests)")
    p.add_argument("--certificates", metavar="DIR", default=None,
                   help="write one kernel certificate file per PROVED/REFUTED claim into DIR "
                        "(re-check them with `critcheck check DIR/*.json`)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="claims run at once in separate processes (default: the number of cores; "
                        "1: one after another in this process)")
    p.add_argument("--threads", type=int, default=1, metavar="N",
                   help="BLAS/OpenMP threads per claim (default 1: the cores run claims instead; "
                        "0: leave the libraries' defaults)")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="explain every result (not only mismatches)")
    loud.add_argument("-q", "--quiet", action="store_true",
                      help="only the table: no start/end lines, no progress from the checks")


def _report(result, tex: str | None, certificates: str | None = None):
    """Turn a Result into a picklable Report (runs where the claim ran)."""
    from ..claims.parallel import Report

    artifacts = list(result.artifacts)
    if tex:
        from ..render.latex import write_claim_tex

        artifacts.append(str(write_claim_tex(result, Path(tex) / f"{result.claim.id}.tex")))
    if certificates:
        path = _write_certificates(result, Path(certificates))
        if path is not None:
            artifacts.append(str(path))
    rec = result.to_record()
    rec["artifacts"] = artifacts
    return Report(id=result.claim.id, verdict=result.verdict.value, expected=result.expected.value,
                  seconds=result.seconds, record=rec, explain=result.explain())


class _Progress:
    """Start/end lines on stderr; one rewritten status line on a terminal."""

    def __init__(self, total: int, enabled: bool, live: bool):
        self.total, self.enabled, self.live = total, enabled, live
        self.running: list[str] = []
        self.ended = 0

    def _status(self) -> None:
        if self.live:
            names = ", ".join(self.running[:3]) + (" ..." if len(self.running) > 3 else "")
            sys.stderr.write(f"\r\033[K[{self.ended}/{self.total}] running: {names}")
            sys.stderr.flush()

    def refresh(self) -> None:
        if self.enabled and self.running:
            self._status()

    def clear(self) -> None:
        if self.enabled and self.live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def start(self, claim) -> None:
        self.running.append(claim.id)
        if not self.enabled:
            return
        if self.live:
            self._status()
        else:
            print(f"[{self.ended}/{self.total}] start {claim.id}", file=sys.stderr, flush=True)

    def end(self, claim, rep) -> None:
        self.running.remove(claim.id)
        self.ended += 1
        if not self.enabled:
            return
        if self.live:
            self._status()
        else:
            print(f"[{self.ended}/{self.total}] end   {claim.id} {rep.verdict} {rep.seconds:.2f} s",
                  file=sys.stderr, flush=True)


def _write_certificates(r, out: Path):
    """One JSON file per claim whose verdict rests on kernel certificates."""
    if r.verdict.value not in ("PROVED", "REFUTED") or r.statement is None:
        return None
    from ..kernel import Statement, certificate_record

    stmts = r.statement if isinstance(r.statement, (list, tuple)) else [r.statement]
    certs = r.certificate if isinstance(r.certificate, (list, tuple)) else [r.certificate]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (st, cert) in enumerate(zip(stmts, certs)):
        st = st if isinstance(st, Statement) else Statement.from_data(st)
        suffix = f".{i + 1}" if len(stmts) > 1 else ""
        path = out / f"{r.claim.id}{suffix}.json"
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(certificate_record(r.claim.id, r.verdict.value, st, cert), fh, indent=1)
        paths.append(path)
    return paths[0] if len(paths) == 1 else out


def run(args) -> int:
    import os

    from ..claims import Context, select
    from ..claims.parallel import default_jobs, run_claims
    from ..errors import InvalidArgument

    backend = args.backend or os.environ.get("CRITCHECK_BACKEND", "numpy")
    if backend not in ("numpy", "cupy"):
        raise InvalidArgument(f"backend={backend!r}; use 'numpy' or 'cupy'")
    if backend == "cupy":
        from ..numeric.backend import get_backend

        get_backend("cupy")  # fail fast, one line, when no usable GPU: never a silent NumPy run
    if args.budget <= 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be positive")
    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        raise InvalidArgument(f"--jobs={args.jobs!r} must be at least 1 (1 runs the claims one by one)")
    if args.threads < 0:
        raise InvalidArgument(f"--threads={args.threads!r} must be 0 (library defaults) or positive")
    if backend == "cupy":
        jobs = 1  # one process owns the GPU
    claims = select(args.items)
    jobs = min(jobs, max(1, len(claims)))
    out_dir = Path(args.out) if args.out else (Path(args.tex) if args.tex else None)
    ctx = Context(backend=backend, seed=args.seed, budget=args.budget,
                  out_dir=out_dir, quick=args.quick)
    w = max([len(c.id) for c in claims] + [2])
    print(f"{'id':<{w}}  {'verdict':<12}  {'expected':<12}  {'seconds':>8}", flush=True)
    progress = _Progress(len(claims), enabled=not args.quiet, live=sys.stdout.isatty())

    def row(i, rep):
        progress.clear()
        mark = "" if rep.ok else "   <-- MISMATCH"
        print(f"{rep.id:<{w}}  {rep.verdict:<12}  {rep.expected:<12}  {rep.seconds:8.2f}{mark}",
              flush=True)
        if args.verbose or not rep.ok:
            print("    " + rep.explain.replace("\n", "\n    "), file=sys.stderr, flush=True)
        progress.refresh()

    order = None
    if jobs > 1:  # workers take the longest claims first (recorded costs); rows stay in catalogue order
        from ..claims.schedule import load_costs, longest_first

        order = longest_first([c.id for c in claims], load_costs())
    reports = run_claims(claims, ctx, functools.partial(_report, tex=args.tex, certificates=args.certificates), jobs=jobs,
                         on_start=progress.start, on_end=progress.end, on_ready=row,
                         quiet=args.quiet, threads=args.threads or None, order=order)
    progress.clear()
    bad = [r for r in reports if not r.ok]
    print(f"{len(reports) - len(bad)} of {len(reports)} claims as expected")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([r.record for r in reports], fh, indent=2)
    return 0 if not bad else 1

"""``critcheck verify``: run claims, one row each; exit 0 iff all as expected.

Independent claims run in parallel processes (``--jobs``, default: the cores
this process may use; :mod:`critcheck.claims.parallel`), each under its own
budget and with one BLAS thread (the cores run claims, not BLAS threads);
workers take the claims longest first, by the costs recorded in
``proofs/costs.json`` (:mod:`critcheck.claims.schedule`), so they finish together. The table on stdout lists
the claims in catalogue order whatever order they finish in, and the JSON
records are in the same order, so the output of ``--jobs 1`` and ``--jobs N``
differs only in the seconds. Progress goes to stderr
(:class:`critcheck.render.progress.ClaimBoard`): when stderr is a terminal,
one live line per running claim -- its id, a bar with done/total for claims
that report their inner loops (:meth:`Context.progress`: draws, rows,
certificates), the seconds so far -- erased when the claim ends; otherwise
(logs, CI) a plain line when a claim starts and ends and, for a long claim,
at each quarter of its work (at most one line per claim every 2 s). ``-q``
prints only the table, ``-v`` also explains every result (and logs tenths).
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
                      help="explain every result (not only mismatches); progress lines in logs "
                           "at every tenth instead of every quarter")
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

    from ..errors import InvalidArgument
    from ..render.progress import ClaimBoard, Progress
    from ..threads import cpu_count

    backend = args.backend or os.environ.get("CRITCHECK_BACKEND", "numpy")
    if backend not in ("numpy", "cupy"):
        raise InvalidArgument(f"backend={backend!r}; use 'numpy' or 'cupy'")
    if backend == "cupy":
        from ..numeric.backend import get_backend

        get_backend("cupy")  # fail fast, one line, when no usable GPU: never a silent NumPy run
    if args.budget <= 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be positive")
    jobs = cpu_count() if args.jobs is None else args.jobs   # parallel.default_jobs, without its imports
    if jobs < 1:
        raise InvalidArgument(f"--jobs={args.jobs!r} must be at least 1 (1 runs the claims one by one)")
    if args.threads < 0:
        raise InvalidArgument(f"--threads={args.threads!r} must be 0 (library defaults) or positive")
    if backend == "cupy":
        jobs = 1  # one process owns the GPU
    level = 0 if args.quiet else (2 if args.verbose else 1)
    with Progress(level).waiting("loading SymPy and the claims"):   # a terminal only; wiped after
        from ..claims import Context, select
        from ..claims.parallel import run_claims

        claims = select(args.items)
    jobs = min(jobs, max(1, len(claims)))
    out_dir = Path(args.out) if args.out else (Path(args.tex) if args.tex else None)
    ctx = Context(backend=backend, seed=args.seed, budget=args.budget,
                  out_dir=out_dir, quick=args.quick)
    w = max([len(c.id) for c in claims] + [2])
    print(f"{'id':<{w}}  {'verdict':<12}  {'expected':<12}  {'seconds':>8}", flush=True)
    board = ClaimBoard(len(claims), level)
    n = len(claims)

    def start(c):
        board.start(c.id, None if board.live else f"[{board.ended}/{n}] start {c.id}")

    def end(c, rep):
        board.end(c.id, None if board.live
                  else f"[{board.ended + 1}/{n}] end   {c.id} {rep.verdict} {rep.seconds:.2f} s")

    def progress(c, done, total, label):
        board.update(c.id, done, total, label)

    def row(i, rep):
        mark = "" if rep.ok else "   <-- MISMATCH"
        board.emit(f"{rep.id:<{w}}  {rep.verdict:<12}  {rep.expected:<12}  {rep.seconds:8.2f}{mark}",
                   stream=sys.stdout)
        if args.verbose or not rep.ok:
            board.emit("    " + rep.explain.replace("\n", "\n    "), stream=sys.stderr)

    order = None
    if jobs > 1:  # workers take the longest claims first (recorded costs); rows stay in catalogue order
        from ..claims.schedule import load_costs, longest_first

        order = longest_first([c.id for c in claims], load_costs())
    try:
        reports = run_claims(claims, ctx, functools.partial(_report, tex=args.tex,
                                                            certificates=args.certificates),
                             jobs=jobs, on_start=start, on_end=end, on_ready=row,
                             on_progress=progress, quiet=args.quiet, threads=args.threads or None,
                             order=order)
    finally:
        board.close()
    bad = [r for r in reports if not r.ok]
    print(f"{len(reports) - len(bad)} of {len(reports)} claims as expected")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([r.record for r in reports], fh, indent=2)
    return 0 if not bad else 1

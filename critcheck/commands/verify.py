"""``critcheck verify``: run claims, one row each; exit 0 iff all as expected."""

from __future__ import annotations

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
    p.add_argument("-v", "--verbose", action="store_true", help="explain every result")


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
    from ..errors import InvalidArgument

    backend = args.backend or os.environ.get("CRITCHECK_BACKEND", "numpy")
    if backend not in ("numpy", "cupy"):
        raise InvalidArgument(f"backend={backend!r}; use 'numpy' or 'cupy'")
    if backend == "cupy":
        from ..numeric.backend import get_backend

        get_backend("cupy")  # fail fast, one line, when no usable GPU: never a silent NumPy run
    if args.budget <= 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be positive")
    claims = select(args.items)
    out_dir = Path(args.out) if args.out else (Path(args.tex) if args.tex else None)
    ctx = Context(backend=backend, seed=args.seed, budget=args.budget,
                  out_dir=out_dir, quick=args.quick)
    w = max([len(c.id) for c in claims] + [2])
    print(f"{'id':<{w}}  {'verdict':<12}  {'expected':<12}  {'seconds':>8}")
    results, records = [], []
    for c in claims:
        r = c.run(ctx)
        results.append(r)
        mark = "" if r.ok else "   <-- MISMATCH"
        print(f"{c.id:<{w}}  {r.verdict.value:<12}  {r.expected.value:<12}  {r.seconds:8.2f}{mark}",
              flush=True)
        if args.verbose or not r.ok:
            print("    " + r.explain().replace("\n", "\n    "), file=sys.stderr)
        artifacts = list(r.artifacts)
        if args.tex:
            from ..render.latex import write_claim_tex

            artifacts.append(str(write_claim_tex(r, Path(args.tex) / f"{c.id}.tex")))
        if args.certificates:
            path = _write_certificates(r, Path(args.certificates))
            if path is not None:
                artifacts.append(str(path))
        rec = r.to_record()
        rec["artifacts"] = artifacts
        records.append(rec)
    bad = [r for r in results if not r.ok]
    print(f"{len(results) - len(bad)} of {len(results)} claims as expected")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(records, fh, indent=2)
    return 0 if not bad else 1

"""``critcheck check CERT.json ...``: re-check exported certificates with the kernel alone.

A certificate file (written by ``critcheck verify --certificates DIR``) holds a
formal statement and its certificate. This command loads nothing but
:mod:`critcheck.kernel` -- no solver, no classifier, no proof script -- and
prints, per file, ``accepted`` or ``rejected`` with the failing rule. A
researcher can publish the files beside a paper; a reader re-checks them with
this command.
"""

from __future__ import annotations

NAME = "check"
HELP = "re-check certificate files with the trusted kernel alone; exit 0 iff all are accepted"
DESCRIPTION = __doc__.split("\n\n", 1)[1]


def add_arguments(p):
    p.add_argument("files", nargs="+", metavar="CERT.json", help="certificate files")
    p.add_argument("--budget", type=float, default=600.0,
                   help="seconds allowed per certificate (default 600)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only rejections and the total")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also print each accepted statement and what the kernel established")


def run(args) -> int:
    import json
    import time
    from pathlib import Path

    from ..errors import InvalidArgument
    from ..kernel import Statement, check_record, load_record

    if args.budget <= 0:
        raise InvalidArgument(f"--budget={args.budget!r} must be positive")
    bad = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise InvalidArgument(f"certificate file {name!r} does not exist")
        try:
            rec = load_record(path)
        except (ValueError, json.JSONDecodeError) as exc:
            raise InvalidArgument(f"{name}: {exc}") from None
        j = check_record(rec, time.monotonic() + args.budget)
        label = f"{name} ({rec.get('claim', '?')}, {rec.get('verdict', '?')})"
        if j.accepted:
            if not args.quiet:
                print(f"accepted  {label}  [{j.seconds:.2f} s]")
            if args.verbose:
                st = Statement.from_data(rec["statement"])
                print(f"    statement: {st.to_latex()}")
                for k, v in j.facts.items():
                    print(f"    {k}: {v}")
        else:
            bad += 1
            print(f"rejected  {label}: [{j.rule}] {j.reason}")
    print(f"{len(args.files) - bad} of {len(args.files)} certificates accepted")
    return 0 if bad == 0 else 1

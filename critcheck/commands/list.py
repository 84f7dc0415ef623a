"""``critcheck list``: every claim in the catalogue."""

from __future__ import annotations

import json

from ..render.progress import add_output_flags

NAME = "list"
HELP = "list every claim: id, source, method, expected verdict"
DESCRIPTION = ("List the claims of the catalogue (or of the named proof scripts): id, expected "
               "verdict, method and source; -v adds each claim's title and proof script.")


def add_arguments(p):
    p.add_argument("items", nargs="*",
                   help="ids, patterns (relu.*), proof-script paths or path.py::id (default: all)")
    p.add_argument("--json", metavar="FILE", help="also write the list as JSON")
    p.add_argument("--criteria", action="store_true",
                   help="show each SUPPORTED claim's decision rule (its proof script's CRITERIA)")
    add_output_flags(p)


def run(args) -> int:
    from ..claims import select

    claims = select(args.items)
    w = max([len(c.id) for c in claims] + [2])
    print(f"{'id':<{w}}  {'expected':<12}  {'method':<18}  source")
    for c in claims:
        print(f"{c.id:<{w}}  {c.expected.value:<12}  {str(c.method):<18}  {c.source}")
        if getattr(args, "criteria", False) and _criterion_of(c):
            print(f"{'':<{w}}  criterion: {_criterion_of(c)}")
        if args.verbose:
            print(f"{'':<{w}}  {c.title}  [{c.path}]")
    if args.json:
        rows = [{"id": c.id, "title": c.title, "source": c.source, "method": str(c.method),
                 "expected": c.expected.value, "criterion": _criterion_of(c)} for c in claims]
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 0


def _criterion_of(claim) -> str:
    """The decision rule a proof script declares for ``claim`` (``CRITERIA``), or ''."""
    import sys

    mod = sys.modules.get(getattr(claim.func, "__module__", ""), None)
    return str(getattr(mod, "CRITERIA", {}).get(claim.id, ""))

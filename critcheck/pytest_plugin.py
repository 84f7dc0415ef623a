"""pytest plugin: keep a claim under regression test.

Loaded through the ``pytest11`` entry point; importing it does not import
SymPy or the rest of critcheck (that happens when a claim first runs).

Use the ``critcheck`` fixture in a test::

    def test_appendix_a(critcheck):
        critcheck.verify("sd.appendix_a")          # expected verdict from the catalogue

    def test_my_claim(critcheck):
        critcheck.verify("proofs/mine.py", expect="PROVED")   # every claim the file defines

    def test_one_of_many(critcheck):
        critcheck.verify("proofs/mine.py::mine.lemma_2")     # one claim of a file

    def test_by_id(critcheck):                                # any order: ids resolve through
        critcheck.verify("mine.lemma_2")                      # the catalogue and --critcheck-path

or mark a test and let the plugin check after the body has run::

    @pytest.mark.critcheck("toy.vw")
    def test_toy():
        pass

A claim whose verdict is not the expected one fails the test with the
verdict, the guard's reason, every open branch and any counterexample.

Options (group ``critcheck``): ``--critcheck-budget SECONDS``,
``--critcheck-seed N``, ``--critcheck-backend numpy|cupy``,
``--critcheck-quick`` (smaller numeric runs), ``--critcheck-out DIR``
(write artifacts and one LaTeX document per claim run),
``--critcheck-path PATH`` (repeatable; also the ini option
``critcheck_path``): proof scripts or folders of them whose claims can be
named by id, whatever order the tests run in.

The terminal summary lists every claim checked, with the verdict the test
expected (``expect=`` or the catalogue's) and ``ok`` when they agree.
"""

from __future__ import annotations

import pytest

_RESULTS_KEY = "critcheck_results"


def pytest_addoption(parser):
    group = parser.getgroup("critcheck", "critcheck: claims about loss landscapes")
    group.addoption("--critcheck-budget", type=float, default=300.0, metavar="SECONDS",
                    help="time budget per claim; past it the verdict is INCONCLUSIVE")
    group.addoption("--critcheck-seed", type=int, default=0, metavar="N",
                    help="base random seed for numeric claims")
    group.addoption("--critcheck-backend", default=None, choices=["numpy", "cupy"],
                    help="array backend for numeric claims")
    group.addoption("--critcheck-quick", action="store_true", default=False,
                    help="smaller numeric runs")
    group.addoption("--critcheck-out", default=None, metavar="DIR",
                    help="write artifacts and LaTeX documents of checked claims here")
    group.addoption("--critcheck-path", action="append", default=[], metavar="PATH",
                    help="proof script or folder of them whose claim ids tests may name "
                         "(repeatable; added to the bundled catalogue)")
    parser.addini("critcheck_path", type="paths", default=[],
                  help="proof scripts or folders whose claim ids tests may name")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "critcheck(claim_id, expect=None): after the test, check the claim")
    config.stash[_stash_key] = []


_stash_key = pytest.StashKey[list]()      # (Result, expected Verdict) per claim run
_paths_loaded = pytest.StashKey[bool]()


class Checker:
    """The object behind the ``critcheck`` fixture."""

    def __init__(self, config):
        self.config = config

    def context(self):
        import os
        from pathlib import Path

        from critcheck.claims import Context

        out = self.config.getoption("--critcheck-out")
        return Context(
            backend=self.config.getoption("--critcheck-backend")
            or os.environ.get("CRITCHECK_BACKEND", "numpy"),
            seed=self.config.getoption("--critcheck-seed"),
            budget=self.config.getoption("--critcheck-budget"),
            out_dir=Path(out) if out else None,
            quick=self.config.getoption("--critcheck-quick"),
        )

    def _load_paths(self) -> None:
        """Import the proof scripts of ``--critcheck-path`` / ``critcheck_path`` once."""
        from pathlib import Path

        from critcheck.claims import load_catalogue
        from critcheck.errors import UnknownClaim

        if self.config.stash.get(_paths_loaded, False):
            return
        paths = [Path(p) for p in self.config.getoption("--critcheck-path")]
        paths += [Path(p) for p in self.config.getini("critcheck_path")]
        files = []
        for p in paths:
            if p.is_dir():
                files += sorted(f for f in p.glob("*.py") if not f.name.startswith("_"))
            elif p.is_file():
                files.append(p)
            else:
                raise UnknownClaim(f"--critcheck-path={str(p)!r} is neither a proof script "
                                   "nor a folder")
        load_catalogue(files)
        self.config.stash[_paths_loaded] = True

    def claims(self, item) -> list:
        """The claims ``item`` names: an id or pattern, a proof path (all its claims),
        ``path.py::id``, a :class:`~critcheck.claims.Claim` or a decorated function."""
        from critcheck.claims import Claim, select

        if isinstance(item, Claim):
            return [item]
        if callable(item) and hasattr(item, "claim"):
            return [item.claim]
        text = str(item)
        if not (text.partition("::")[0].endswith(".py")):
            self._load_paths()
        return select([text])

    def run(self, item, expect=None):
        """Run the single claim ``item`` names; return its Result."""
        from critcheck.errors import InvalidArgument

        claims = self.claims(item)
        if len(claims) != 1:
            raise InvalidArgument(
                f"{item!r} names {len(claims)} claims ({', '.join(c.id for c in claims)}); "
                "run() takes one: use verify() for all of them, or 'file.py::id'")
        return self._run_one(claims[0], expect)

    def _run_one(self, claim, expect=None):
        from critcheck.claims import Verdict

        result = claim.run(self.context())
        want = Verdict.parse(expect) if expect is not None else result.expected
        self.config.stash[_stash_key].append((result, want))
        out = self.config.getoption("--critcheck-out")
        if out:
            from pathlib import Path

            from critcheck.render.latex import write_claim_tex

            write_claim_tex(result, Path(out) / f"{result.claim.id}.tex")
        return result

    def verify(self, item, expect=None):
        """Run every claim ``item`` names; fail the test unless each verdict is ``expect``.

        ``expect`` defaults to each claim's expected verdict in its ``@claim``.
        Returns the Result (one claim) or the list of Results (several).
        """
        from critcheck.claims import Verdict

        from critcheck.errors import CritcheckError

        try:
            claims = self.claims(item)
        except CritcheckError as exc:  # an unknown id, a broken proof script: one readable line
            pytest.fail(f"critcheck: {exc}", pytrace=False)
        results, bad = [], []
        for c in claims:
            r = self._run_one(c, expect)
            want = Verdict.parse(expect) if expect is not None else r.expected
            results.append(r)
            if r.verdict != want:
                bad.append(f"critcheck: claim {r.claim.id} came back {r.verdict.value}, "
                           f"expected {want.value}\n" + r.explain())
        if bad:
            pytest.fail("\n".join(bad), pytrace=False)
        return results[0] if len(results) == 1 else results


@pytest.fixture
def critcheck(request):
    """Check claims inside a test: ``critcheck.verify("sd.appendix_a")``."""
    return Checker(request.config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    marker = item.get_closest_marker("critcheck")
    if marker is None or outcome.excinfo is not None:
        return
    if not marker.args:
        pytest.fail("@pytest.mark.critcheck needs a claim id, e.g. "
                    "@pytest.mark.critcheck('sd.appendix_a')", pytrace=False)
    Checker(item.config).verify(marker.args[0], expect=marker.kwargs.get("expect"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    runs = config.stash.get(_stash_key, [])
    if not runs:
        return
    tr = terminalreporter
    tr.section("critcheck claims")
    for r, want in runs:
        flag = "ok" if r.verdict == want else "MISMATCH"
        tr.write_line(f"{r.claim.id:<40} {r.verdict.value:<12} expected {want.value:<12} "
                      f"{r.seconds:7.2f}s  {flag}")

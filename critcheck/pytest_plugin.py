"""pytest plugin: keep a claim under regression test.

Loaded through the ``pytest11`` entry point; importing it does not import
SymPy or the rest of critcheck (that happens when a claim first runs).

Use the ``critcheck`` fixture in a test::

    def test_appendix_a(critcheck):
        critcheck.verify("sd.appendix_a")          # expected verdict from the catalogue

    def test_my_claim(critcheck):
        critcheck.verify("proofs/mine.py", expect="PROVED")

or mark a test and let the plugin check after the body has run::

    @pytest.mark.critcheck("toy.vw")
    def test_toy():
        pass

A claim whose verdict is not the expected one fails the test with the
verdict, the guard's reason, every open branch and any counterexample.

Options (group ``critcheck``): ``--critcheck-budget SECONDS``,
``--critcheck-seed N``, ``--critcheck-backend numpy|cupy``,
``--critcheck-quick`` (smaller numeric runs), ``--critcheck-out DIR``
(write artifacts and one LaTeX document per claim run).
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


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "critcheck(claim_id, expect=None): after the test, check the claim")
    config.stash[_stash_key] = []


_stash_key = pytest.StashKey[list]()


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

    def run(self, item):
        """Run a claim (id, proof path, Claim or decorated function); return Result."""
        from critcheck.claims import Claim, select
        from critcheck.errors import InvalidArgument

        if isinstance(item, Claim):
            claims = [item]
        elif callable(item) and hasattr(item, "claim"):
            claims = [item.claim]
        else:
            claims = select([str(item)])
        if len(claims) != 1:
            raise InvalidArgument(f"{item!r} names {len(claims)} claims; name exactly one")
        result = claims[0].run(self.context())
        self.config.stash[_stash_key].append(result)
        out = self.config.getoption("--critcheck-out")
        if out:
            from pathlib import Path

            from critcheck.render.latex import write_claim_tex

            write_claim_tex(result, Path(out) / f"{result.claim.id}.tex")
        return result

    def verify(self, item, expect=None):
        """Run the claim; fail the test unless the verdict is ``expect``.

        ``expect`` defaults to the catalogue's expected verdict.
        """
        from critcheck.claims import Verdict

        result = self.run(item)
        want = Verdict.parse(expect) if expect is not None else result.expected
        if result.verdict != want:
            pytest.fail(
                f"critcheck: claim {result.claim.id} came back {result.verdict.value}, "
                f"expected {want.value}\n" + result.explain(),
                pytrace=False,
            )
        return result


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
    results = config.stash.get(_stash_key, [])
    if not results:
        return
    tr = terminalreporter
    tr.section("critcheck claims")
    for r in results:
        flag = "ok" if r.ok else "MISMATCH"
        tr.write_line(f"{r.claim.id:<40} {r.verdict.value:<12} expected {r.expected.value:<12} "
                      f"{r.seconds:7.2f}s  {flag}")

"""The pytest plugin, tested with pytester."""

from __future__ import annotations

import re

pytest_plugins = ["pytester"]

GOOD = '''
import sympy
from critcheck import claim, Outcome, Derivation
from critcheck.kernel import Statement
ST = Statement("lower_bound", "x^2 + 2*x + 1", ("x",), data={"c": "0"})
@claim("p.good", title="t", source="s", method="symbolic", expected="PROVED", formal=ST)
def check(ctx):
    x = sympy.Symbol("x")
    d = Derivation(); d.step("expand", (x + 1)**2, x**2 + 2*x + 1)
    return Outcome("PROVED", derivation=d, statement=ST,
                   certificate={"terms": [{"weight": "1", "square": "x + 1"}]})
'''

BROKEN = '''
import sympy
from critcheck import claim, Outcome, Derivation
@claim("p.broken", title="t", source="s", method="symbolic", expected="PROVED")
def check(ctx):
    x = sympy.Symbol("x")
    d = Derivation(); d.step("expand", (x + 1)**2, x**2 + 1)   # wrong
    return Outcome("PROVED", derivation=d, open_branches=["x < 0 undecided"])
'''


def test_fixture_passes_and_fails_readably(pytester):
    pytester.makepyfile(good_proof=GOOD, broken_proof=BROKEN)
    pytester.makepyfile(test_claims='''
import pathlib
HERE = pathlib.Path(__file__).parent
def test_good(critcheck):
    critcheck.verify(str(HERE / "good_proof.py"))
def test_broken(critcheck):
    critcheck.verify(str(HERE / "broken_proof.py"))
''')
    res = pytester.runpytest_subprocess("-q")
    res.assert_outcomes(passed=1, failed=1)
    res.stdout.fnmatch_lines(["*p.broken came back INCONCLUSIVE, expected PROVED*",
                              "*open branch: x < 0 undecided*", "*critcheck claims*"])


def test_marker_and_options(pytester):
    pytester.makepyfile(good_proof=GOOD)
    pytester.makepyfile(test_marker='''
import pathlib, pytest
HERE = pathlib.Path(__file__).parent
@pytest.mark.critcheck(str(HERE / "good_proof.py"))
def test_marked():
    pass
@pytest.mark.critcheck(str(HERE / "good_proof.py"), expect="REFUTED")
def test_marked_wrong_expectation():
    pass
''')
    res = pytester.runpytest_subprocess("-q", "--critcheck-budget", "30",
                             "--critcheck-quick")
    res.assert_outcomes(passed=1, failed=1)


def test_catalogue_claim_through_fixture(pytester):
    pytester.makepyfile(test_cat='''
def test_appendix(critcheck):
    r = critcheck.verify("sd.appendix_a")
    assert r.verdict.value == "PROVED"
''')
    res = pytester.runpytest_subprocess("-q")
    res.assert_outcomes(passed=1)


# ids are global to the process: each in-process test below uses its own prefix
_TWO = '''
from critcheck import claim, Outcome
# claims that honestly answer INCONCLUSIVE: the same verdict with or without the proof kernel
@claim("{p}.first", title="t", source="s", method="symbolic", expected="INCONCLUSIVE")
def first(ctx):
    return Outcome("INCONCLUSIVE", summary="not decided", open_branches=["x > 0 undecided"])
@claim("{p}.second", title="t", source="s", method="symbolic", expected="INCONCLUSIVE")
def second(ctx):
    return Outcome("INCONCLUSIVE", summary="not decided", open_branches=["x < 0 undecided"])
'''


def test_file_with_many_claims_all_or_one_and_summary(pytester):
    """Regressions: a proof file with two claims failed with 'names 2 claims'; a test
    that passed with an ``expect`` other than the catalogue's was summarised as MISMATCH."""
    pytester.makepyfile(two_proof=_TWO.format(p="two"), broken_proof=BROKEN.replace("p.broken", "pb.broken"))
    pytester.makepyfile(test_two='''
import pathlib
HERE = pathlib.Path(__file__).parent
def test_all(critcheck):
    rs = critcheck.verify(str(HERE / "two_proof.py"))
    assert sorted(r.claim.id for r in rs) == ["two.first", "two.second"]
def test_one(critcheck):
    r = critcheck.verify(str(HERE / "two_proof.py") + "::two.second")
    assert r.claim.id == "two.second"
def test_unknown_in_file(critcheck):
    critcheck.verify(str(HERE / "two_proof.py") + "::two.third")
def test_expected_failure_passes(critcheck):
    critcheck.verify(str(HERE / "broken_proof.py"), expect="INCONCLUSIVE")
def test_wrong_expectation(critcheck):
    critcheck.verify(str(HERE / "two_proof.py") + "::two.first", expect="PROVED")
''')
    res = pytester.runpytest("-q", "-p", "no:cacheprovider")
    res.assert_outcomes(passed=3, failed=2)
    res.stdout.fnmatch_lines(["*defines no claim 'two.third'*"])
    summary = res.stdout.str().split("critcheck claims")[-1]
    assert re.search(r"pb\.broken +INCONCLUSIVE +expected INCONCLUSIVE .* ok", summary)
    assert re.search(r"two\.first +INCONCLUSIVE +expected PROVED .* MISMATCH", summary)
    assert re.search(r"two\.second +INCONCLUSIVE +expected INCONCLUSIVE .* ok", summary)


def test_ids_resolve_in_any_order_through_critcheck_path(pytester):
    """Regression: an id resolved only if an earlier test had loaded its file."""
    pytester.mkdir("myproofs")
    (pytester.path / "myproofs" / "ids_proof.py").write_text(_TWO.format(p="ids"))
    pytester.makepyfile(test_ids='''
def test_by_id_first(critcheck):
    assert critcheck.verify("ids.second").claim.id == "ids.second"
''')
    # a fresh process: no earlier test has imported the proof script
    res = pytester.runpytest_subprocess("-q", "--critcheck-path", "myproofs")
    res.assert_outcomes(passed=1)
    res = pytester.runpytest_subprocess("-q")   # without the path: a clear failure
    res.assert_outcomes(failed=1)
    res.stdout.fnmatch_lines(["*ids.second*not in the catalogue*"])


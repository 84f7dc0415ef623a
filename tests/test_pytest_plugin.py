"""The pytest plugin, tested with pytester."""

from __future__ import annotations

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

"""The numeric claims of issue 4 (quick runs), and false claims that must not pass."""

from critcheck import Context, Verdict, load_catalogue
from critcheck.claims import run_claim
from critcheck.claims.registry import _load_file


def test_valley_claims_quick():
    cat = load_catalogue(["proofs/valleys_numeric.py"])
    ctx = Context(quick=True)
    r = cat["toy.vw.sublevel"].run(ctx)
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    for run in r.evidence["runs"]:
        assert abs(run["merge_level"] - 1) <= run["merge_level_tolerance"]
    r = cat["valley.thm_IV_1"].run(ctx)
    assert r.verdict is Verdict.SUPPORTED, r.explain()
    assert r.evidence["wide"]["spurious_valleys"] == []
    assert r.evidence["narrow"]["valleys_below_the_barrier_at_v<0"] >= 1


FALSE_CLAIM = '''
from critcheck import Outcome, Verdict, claim

@claim("test.false_no_valley", title="false: the tilted double well has no spurious valley",
       source="test", method="numeric", expected="SUPPORTED")
def check(ctx):
    import sympy
    from critcheck.numeric.sublevel import analyze
    x, y = sympy.symbols("x y", real=True)
    L = analyze((x**2 - 1)**2 + x/2 + y**2, [x, y], "-2:2,-2:2", samples=81**2)
    ev = {"samples": L.samples, "seed": None, "spurious": len(L.spurious)}
    if not L.spurious:
        return Outcome(Verdict.SUPPORTED, evidence=ev)
    return Outcome(Verdict.INCONCLUSIVE, evidence=ev, summary="a spurious valley was found")

@claim("test.false_proved_numeric", title="numeric evidence dressed up as PROVED",
       source="test", method="numeric", expected="SUPPORTED")
def check2(ctx):
    return Outcome(Verdict.PROVED, evidence={"samples": 1, "seed": 0})
'''


def test_false_numeric_claims_do_not_pass(proof_file):
    claims = {c.id: c for c in _load_file(proof_file(FALSE_CLAIM, "p_false_numeric.py"))}
    r = run_claim(claims["test.false_no_valley"], Context())
    assert r.verdict is Verdict.INCONCLUSIVE and r.evidence["spurious"] == 1
    r = run_claim(claims["test.false_proved_numeric"], Context())
    assert r.verdict is Verdict.INCONCLUSIVE and "numeric" in r.guard

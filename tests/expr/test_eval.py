"""Evaluation of compiled expressions against a fake game state."""

import pytest

from wargame.expr import Compiled, ExprError, Names, compile_expr

NAMES = Names(
    delegations={"USA", "JPN", "KOR", "AUS", "GBR"},
    actors={"PRC", "DPRK"},
    tracks={"escalation": "global", "deterrence": "global", "readiness": "delegation", "trust": "pair"},
    injects={"mda-offer", "thaad-retaliation", "patrol-invite"},
    options={"KOR": {"join-patrol", "decline"}, "JPN": {"offer-mda", "decline"}, "USA": {"lead"}},
    responses={"PRC": {"coast-guard-surge", "economic-coercion"}, "DPRK": {"missile-test"}},
    outcomes={"critical-success", "success", "partial", "failure"},
    variables={"roll": "num", "target": "num", "who": "delegation"},
)


class FakeCtx:
    """A game state reduced to dictionaries; records every query so tests can see what was asked."""

    def __init__(self, turn=1, variables=None, tracks=None, chosen=(), outcomes=None, fired=(), responded=()):
        self.turn = turn
        self.variables = variables or {}
        self.tracks = tracks or {}
        self.chosen = set(chosen)
        self.outcomes = outcomes or {}
        self.fired_ids = set(fired)
        self.responded_ids = set(responded)
        self.calls = []

    def var(self, name):
        self.calls.append(("var", name))
        return self.variables[name]

    def track(self, track_id, a, b):
        self.calls.append(("track", track_id, a, b))
        return self.tracks[(track_id, a, b)]

    def chose(self, delegation, option, inject):
        self.calls.append(("chose", delegation, option, inject))
        return (delegation, option, inject) in self.chosen or (inject is None and any(
            (d, o) == (delegation, option) for d, o, _ in self.chosen))

    def outcome(self, inject, delegation):
        self.calls.append(("outcome", inject, delegation))
        return self.outcomes.get((inject, delegation), "")

    def succeeded(self, inject, delegation):
        self.calls.append(("succeeded", inject, delegation))
        return self.outcomes.get((inject, delegation)) in ("success", "critical-success")

    def fired(self, inject):
        self.calls.append(("fired", inject))
        return inject in self.fired_ids

    def responded(self, actor, response):
        self.calls.append(("responded", actor, response))
        return (actor, response) in self.responded_ids


def num(source, ctx=None, names=NAMES):
    return compile_expr(source, names, "num").evaluate(ctx or FakeCtx())


def cond(source, ctx=None, names=NAMES):
    return compile_expr(source, names, "bool").evaluate(ctx or FakeCtx())


@pytest.mark.parametrize("source, value", [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 4 - 3", 3),
    ("10 - (4 - 3)", 9),
    ("12 / 3 / 2", 2),
    ("-2 * 3", -6),
    ("--2", 2),
    ("2 - -2", 4),
    ("7 / 2", 3.5),
    ("0.25 * 4", 1),
    ("min(3, 1, 2)", 1),
    ("max(3, 1, 2)", 3),
    ("abs(-4)", 4),
    ("clamp(15, 0, 10)", 10),
    ("clamp(-5, 0, 10)", 0),
    ("clamp(5, 0, 10)", 5),
    ("clamp(5, 10, 0)", 10),
])
def test_arithmetic(source, value):
    assert num(source) == value


def test_whole_numbers_stay_whole_and_division_gives_decimals():
    assert type(num("2 + 3 * 4")) is int
    assert type(num("6 / 3")) is float


@pytest.mark.parametrize("source", ["1 / 0", "5 / (2 - 2)", "turn / 0.0", "1 / track(\"escalation\")"])
def test_division_by_zero_is_zero(source):
    assert num(source, FakeCtx(turn=3, tracks={("escalation", None, None): 0})) == 0


@pytest.mark.parametrize("source, value", [
    ("true", True), ("false", False), ("not true", False), ("true and false", False), ("false or true", True),
    ("1 < 2", True), ("2 <= 2", True), ("3 > 4", False), ("4 >= 4.0", True), ("1 == 1.0", True), ("1 != 1", False),
    ("'a' == \"a\"", True), ("'a' != 'b'", True), ("true == (1 < 2)", True),
    ("KOR == KOR", True), ("KOR != JPN", True), ("PRC == DPRK", False),
    ("not 1 > 2 and 3 > 2", True), ("false and true or true", True), ("false and (true or true)", False),
])
def test_conditions(source, value):
    assert cond(source) is value


def test_names_read_the_context():
    ctx = FakeCtx(turn=4, variables={"roll": 12, "target": 60, "who": "JPN"})
    assert num("turn * 10 + roll", ctx) == 52
    assert cond("roll <= target * 0.25", ctx) is True
    assert cond("who == JPN", ctx) is True
    assert cond("roll <= target * 0.1", ctx) is False


def test_track_passes_delegations_or_none():
    ctx = FakeCtx(tracks={("escalation", None, None): 6, ("readiness", "KOR", None): 2, ("trust", "JPN", "KOR"): 3})
    assert num('track("escalation") + track("readiness", KOR) + track("trust", JPN, KOR) + 1', ctx) == 12
    assert ctx.calls == [("track", "escalation", None, None), ("track", "readiness", "KOR", None),
                         ("track", "trust", "JPN", "KOR")]


def test_track_with_a_delegation_variable():
    ctx = FakeCtx(variables={"who": "AUS"}, tracks={("trust", "AUS", "GBR"): 5})
    assert num('track("trust", who, GBR)', ctx) == 5


def test_chose_with_and_without_inject():
    ctx = FakeCtx(chosen={("KOR", "join-patrol", "patrol-invite")})
    assert cond('chose(KOR, "join-patrol")', ctx) is True
    assert cond('chose(KOR, "join-patrol", "patrol-invite")', ctx) is True
    assert cond('chose(KOR, "join-patrol", "mda-offer")', ctx) is False
    assert cond('chose(KOR, "decline")', ctx) is False
    assert ctx.calls[0] == ("chose", "KOR", "join-patrol", None)
    assert ctx.calls[1] == ("chose", "KOR", "join-patrol", "patrol-invite")


def test_outcome_and_succeeded():
    ctx = FakeCtx(outcomes={("mda-offer", "JPN"): "success"})
    assert cond('outcome("mda-offer", JPN) == "success"', ctx) is True
    assert cond('outcome("mda-offer", KOR) == ""', ctx) is True
    assert cond('succeeded("mda-offer", JPN) and not succeeded("mda-offer", KOR)', ctx) is True


def test_fired_and_responded():
    ctx = FakeCtx(fired={"mda-offer"}, responded={("PRC", "coast-guard-surge")})
    assert cond('fired("mda-offer") and not fired("thaad-retaliation")', ctx) is True
    assert cond('responded(PRC, "coast-guard-surge")', ctx) is True
    assert cond('responded(PRC, "economic-coercion") or responded(DPRK, "missile-test")', ctx) is False


def test_functions_with_dynamic_arguments():
    ctx = FakeCtx(turn=5, variables={"roll": -7})
    assert num("min(turn, 3) + max(turn, 3, roll) + abs(roll) + clamp(roll, -2, turn)", ctx) == 3 + 5 + 7 - 2
    assert num("min(turn, roll, 1, 2, 3)", ctx) == -7


@pytest.mark.parametrize("source, calls", [
    ('fired("mda-offer") and fired("patrol-invite")', [("fired", "mda-offer")]),
    ('fired("thaad-retaliation") or fired("patrol-invite")', [("fired", "thaad-retaliation")]),
    ('fired("mda-offer") and fired("patrol-invite") and fired("thaad-retaliation")', [("fired", "mda-offer")]),
    ('fired("patrol-invite") or fired("thaad-retaliation") or fired("mda-offer")',
     [("fired", "patrol-invite"), ("fired", "thaad-retaliation")]),
    ('false and fired("mda-offer")', []),
    ('true or fired("mda-offer")', []),
])
def test_and_or_short_circuit(source, calls):
    # fired: thaad-retaliation yes, others no
    ctx = FakeCtx(fired={"thaad-retaliation"})
    cond(source, ctx)
    assert ctx.calls == calls


def test_and_or_evaluate_all_when_needed():
    ctx = FakeCtx(fired={"mda-offer", "patrol-invite", "thaad-retaliation"})
    assert cond('fired("mda-offer") and fired("patrol-invite") and fired("thaad-retaliation")', ctx) is True
    assert len(ctx.calls) == 3
    ctx = FakeCtx()
    assert cond('fired("mda-offer") or fired("patrol-invite") or fired("thaad-retaliation")', ctx) is False
    assert len(ctx.calls) == 3


def test_long_chains_evaluate_left_to_right():
    ctx = FakeCtx(turn=2)
    assert num("+".join(["turn"] * 190), ctx) == 380
    assert num("100 - turn - turn - turn - turn - turn", ctx) == 90
    assert num("turn * 3 / 2 / 3 * 4", ctx) == 4


def test_constants_are_folded():
    # No context at all is needed when nothing in the expression reads the state.
    assert compile_expr("(1 + 2) * 3 > 8 and not false", NAMES, "bool").evaluate(None) is True
    assert compile_expr("min(4, 2) - abs(-1) + clamp(9, 0, 5)", NAMES, "num").evaluate(None) == 6


def test_folding_overflow_is_an_expr_error():
    huge = "999999999999999 * " * 25 + "0.5"
    with pytest.raises(ExprError, match="too large"):
        compile_expr(huge, NAMES, "num")


def test_compiled_records_source_and_type():
    c = compile_expr("turn + 1", NAMES, "num")
    assert isinstance(c, Compiled)
    assert (c.source, c.type) == ("turn + 1", "num")
    assert c.evaluate(FakeCtx(turn=2)) == 3
    assert c == compile_expr("turn + 1", NAMES, "num")


def test_bad_expect_is_a_programming_error():
    with pytest.raises(ValueError):
        compile_expr("true", NAMES, "str")


def test_if_and_count_evaluate_lazily_and_count_truths():
    from wargame.expr import ExprError, Names, compile_expr

    names = Names(delegations=frozenset({"JPN", "KOR"}), tracks={"mda": "global"})

    class Ctx:
        turn = 3
        calls = 0

        def track(self, tid, a=None, b=None):
            Ctx.calls += 1
            return 7

    assert compile_expr('if(turn >= 3, 2, track("mda"))', names, "num").evaluate(Ctx()) == 2
    assert Ctx.calls == 0  # the other branch was never evaluated
    assert compile_expr('if(turn > 5, 2, track("mda") - 1)', names, "num").evaluate(Ctx()) == 6
    assert compile_expr("count(turn > 1, turn > 2, turn > 3) >= 2", names, "bool").evaluate(Ctx()) is True
    assert compile_expr("count(true, false, true)", names, "num").evaluate(Ctx()) == 2
    for bad in ("if(1, 2, 3)", 'if(turn > 1, 2, turn > 3)', "count(1, 2)"):
        with pytest.raises(ExprError):
            compile_expr(bad, names, "num")

"""Functions and operators whose arguments depend on the game state.

Constant sub-expressions are folded at compile time, so a condition like `count(true, false)` and
one like `count(chose(KOR, "decline"), turn > 2)` run through different code. Authors write the
second kind; each row evaluates one against states on both sides of its answer.
"""

from __future__ import annotations

import pytest

from tests.expr.test_eval import NAMES, FakeCtx
from wargame.expr import compile_expr


def _ctx(turn=1, esc=0, det=0, chosen=(), fired=(), outcomes=None, **variables):
    tracks = {("escalation", None, None): esc, ("deterrence", None, None): det,
              ("readiness", "JPN", None): 4, ("readiness", "KOR", None): 6,
              ("trust", "JPN", "KOR"): 7, ("trust", "KOR", "JPN"): 7}
    return FakeCtx(turn=turn, variables=variables, tracks=tracks, chosen=chosen, fired=fired, outcomes=outcomes)


def _eval(source, ctx, expect="num"):
    return compile_expr(source, NAMES, expect).evaluate(ctx)


COUNT = 'count(track("escalation") >= 5, chose(KOR, "decline"), fired("mda-offer"), turn > 2)'


@pytest.mark.parametrize("ctx, value", [
    (_ctx(), 0),
    (_ctx(esc=5), 1),
    (_ctx(esc=4, turn=3), 1),
    (_ctx(esc=9, chosen={("KOR", "decline", "patrol-invite")}), 2),
    (_ctx(esc=9, turn=3, chosen={("KOR", "decline", "patrol-invite")}, fired={"mda-offer"}), 4),
])
def test_count_counts_the_conditions_that_hold_now(ctx, value):
    assert _eval(COUNT, ctx) == value
    assert _eval(COUNT + " >= 2", ctx, "bool") is (value >= 2)


@pytest.mark.parametrize("turn, value", [(1, 1), (3, 2)])
def test_count_mixes_constant_and_state_conditions(turn, value):
    assert _eval("count(true, turn > 2, false)", _ctx(turn=turn)) == value


def test_count_asks_every_condition():
    ctx = _ctx(esc=9)
    assert _eval('count(track("escalation") > 1, fired("mda-offer"), fired("patrol-invite"))', ctx) == 1
    assert [c[0] for c in ctx.calls] == ["track", "fired", "fired"]


IF = 'if(track("escalation") > 5, track("deterrence") - 1, track("deterrence") + 1)'


@pytest.mark.parametrize("esc, value, asked", [
    (6, 9, [("track", "escalation", None, None), ("track", "deterrence", None, None)]),
    (5, 11, [("track", "escalation", None, None), ("track", "deterrence", None, None)]),
])
def test_if_picks_a_branch_by_the_state_and_evaluates_only_that_one(esc, value, asked):
    ctx = _ctx(esc=esc, det=10)
    assert _eval(IF, ctx) == value
    assert ctx.calls == asked


@pytest.mark.parametrize("turn, chosen, fired, value", [
    (3, {("KOR", "decline", "patrol-invite")}, (), True),
    (3, (), {"mda-offer"}, False),
    (1, (), {"mda-offer"}, True),
    (1, {("KOR", "decline", "patrol-invite")}, (), False),
])
def test_if_gives_conditions_too(turn, chosen, fired, value):
    source = 'if(turn > 2, chose(KOR, "decline"), fired("mda-offer"))'
    assert _eval(source, _ctx(turn=turn, chosen=chosen, fired=fired), "bool") is value


@pytest.mark.parametrize("source, value", [
    ('if(true, track("deterrence"), 0)', 10),
    ('if(false, 0, track("deterrence") * 2)', 20),
    ('if(1 < 2, turn, -turn)', 4),
    ('if(2 < 1, turn, -turn)', -4),
])
def test_if_with_a_constant_condition_keeps_the_state_dependent_branch(source, value):
    assert _eval(source, _ctx(turn=4, det=10)) == value


@pytest.mark.parametrize("source, value, asked", [
    ('track("readiness", who)', 4, ("track", "readiness", "JPN", None)),
    ('track("trust", who, KOR)', 7, ("track", "trust", "JPN", "KOR")),
    ('if(chose(who, "decline"), 1, 0)', 1, ("chose", "JPN", "decline", None)),
    ('if(outcome("mda-offer", who) == "success", 2, 0)', 2, ("outcome", "mda-offer", "JPN")),
])
def test_queries_take_a_delegation_from_a_variable(source, value, asked):
    ctx = _ctx(who="JPN", chosen={("JPN", "decline", "mda-offer")}, outcomes={("mda-offer", "JPN"): "success"})
    assert _eval(source, ctx) == value
    assert ctx.calls[-1] == asked


@pytest.mark.parametrize("source, values", [
    # turn = 1, 3, 9
    ("clamp(turn, 2, 4)", [2, 3, 4]),
    ("clamp(5, turn, 6)", [5, 5, 9]),
    ("clamp(5, 0, turn)", [1, 3, 5]),
    ("min(turn, 3)", [1, 3, 3]),
    ("max(2, turn)", [2, 3, 9]),
    ("max(turn, 4, turn * 2, 1)", [4, 6, 18]),
    ("min(turn, 4, turn * 2, 10 - turn)", [1, 3, 1]),
    ("abs(2 - turn)", [1, 1, 7]),
    ("-turn + 1", [0, -2, -8]),
    ("10 - turn", [9, 7, 1]),
    ("turn - 10", [-9, -7, -1]),
    ("12 / turn", [12, 4, 12 / 9]),
    ("turn / 2", [0.5, 1.5, 4.5]),
    ("1 + 2 + turn * 2", [5, 9, 21]),
    ("turn + 1 + 2 + 3 + turn", [8, 12, 24]),
    ("turn - 1 - 1 - 1 - 1", [-3, -1, 5]),
    ("20 - turn - turn - 1 - turn", [16, 10, -8]),
    ("turn * 2 * turn / 2 * 3", [3, 27, 243]),
])
def test_arithmetic_on_the_state(source, values):
    assert [_eval(source, _ctx(turn=t)) for t in (1, 3, 9)] == pytest.approx(values)


@pytest.mark.parametrize("source, values", [
    ("turn > 1 and turn > 2 and turn > 3", [False, False, False, True]),
    ("turn == 1 or turn == 3 or turn == 9", [True, False, True, False]),
    ("turn > 1 and turn < 4", [False, True, True, False]),
    ("turn < 2 or turn > 3", [True, False, False, True]),
    ("true and turn > 2", [False, False, True, True]),
    ("false or turn > 2", [False, False, True, True]),
    ("turn > 2 and true and turn < 4", [False, False, True, False]),
    ("false or turn > 3 or false or turn < 2", [True, False, False, True]),
    ("not turn > 2", [True, True, False, False]),
    ("not (turn > 1 and turn < 4)", [True, False, False, True]),
    ("2 < turn", [False, False, True, True]),
    ("turn != 2", [True, False, True, True]),
])
def test_conditions_on_the_state(source, values):
    assert [_eval(source, _ctx(turn=t), "bool") for t in (1, 2, 3, 4)] == values


@pytest.mark.parametrize("source, value", [("true or turn > 2", True), ("false and turn > 2", False),
                                           ("turn > 2 or true", True), ("turn > 2 and false", False)])
def test_a_deciding_constant_settles_a_condition_without_the_state(source, value):
    compiled = compile_expr(source, NAMES, "bool")
    assert compiled.evaluate(None) is value  # no context needed: nothing is asked


def test_and_or_stop_at_the_deciding_operand():
    ctx = _ctx(fired={"mda-offer"})
    assert _eval('fired("mda-offer") or fired("patrol-invite") or fired("thaad-retaliation")', ctx, "bool") is True
    assert ctx.calls == [("fired", "mda-offer")]
    ctx = _ctx()
    assert _eval('fired("mda-offer") and fired("patrol-invite") and fired("thaad-retaliation")', ctx, "bool") is False
    assert ctx.calls == [("fired", "mda-offer")]
    ctx = _ctx(fired={"thaad-retaliation"})
    assert _eval('fired("mda-offer") or fired("patrol-invite") or fired("thaad-retaliation")', ctx, "bool") is True
    assert len(ctx.calls) == 3

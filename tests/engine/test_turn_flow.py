"""Whole turns as the room lives them: rigid turns that run themselves, Control's say over the
non-player responses, and a turn in which no delegation has anything to decide."""

from __future__ import annotations

import pytest

from tests.engine.helpers import started, submit_all
from tests.engine.variants import inject, variant
from wargame.engine import commands as C
from wargame.engine.commands import Rejected
from wargame.engine.game import fold

JOIN = {"USA": "convene", "JPN": "join", "KOR": "join"}


def test_a_whole_rigid_turn_runs_on_the_rules_alone(mini):
    g = started(mini, mode="rigid", seed=7)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    usa = g.do(C.Roll("incubator", "USA"))
    jpn = g.do(C.Roll("incubator", "JPN"))
    kor = g.do(C.Roll("incubator", "KOR"))
    # seed 7 rolls 22, 16, 82: success (target 70), major success (70), setback (50)
    assert [e["type"] for e in usa] == ["roll-made", "move-resolved"]
    assert [e["type"] for e in jpn] == ["roll-made", "move-resolved"]
    assert [e["type"] for e in kor] == ["roll-made", "move-resolved", "combined-applied", "responses-proposed",
                                        "response-applied"]
    assert [usa[0]["roll"], jpn[0]["roll"], kor[0]["roll"]] == [22, 16, 82]
    assert [usa[0]["index"], jpn[0]["index"], kor[0]["index"]] == [0, 1, 2]
    assert usa[1] == {"type": "move-resolved", "turn": 1, "inject": "incubator", "delegation": "USA",
                      "outcome": "success", "proposed": "success", "by": "rules", "overridden": False,
                      "reason": "", "effects": [["mda", 2, 2, 4]]}
    assert jpn[1]["outcome"] == "major-success" and jpn[1]["effects"] == []
    assert kor[1]["outcome"] == "setback" and kor[1]["effects"] == [["support.KOR", -2, 4, 2]]
    assert kor[2] == {"type": "combined-applied", "turn": 1, "inject": "incubator", "rule": "both-join",
                      "effects": [["trust.JPN-KOR", 1, 3, 4], ["escalation", 1, 3, 4]]}
    assert kor[3] == {"type": "responses-proposed", "turn": 1, "proposals": [["PRC", "coerce"]]}
    # the response is evaluated after the combined move: escalation goes on from 4, support from 2
    assert kor[4] == {"type": "response-applied", "turn": 1, "actor": "PRC", "response": "coerce",
                      "proposed": "coerce", "by": "rules", "overridden": False, "reason": "",
                      "effects": [["support.KOR", -1, 2, 1], ["escalation", 1, 4, 5]]}
    s = g.state
    assert s.phase == "outcome" and s.proposals == {} and s.responded("PRC", "coerce")
    assert s.tracks == {"escalation": 5, "mda": 4, "support.USA": 6, "support.JPN": 5, "support.KOR": 1,
                        "trust.JPN-KOR": 4}
    assert s.overrides == [] and s.rolls == 3
    with pytest.raises(Rejected, match=r"adjudication comes after the reveal \(now: outcome\)"):
        g.do(C.Resolve("incubator", "USA", "setback", reason="Control changes its mind"))
    assert fold(mini, g.events).snapshot() == s.snapshot()


def test_rigid_mode_leaves_a_free_form_action_to_control(mini):
    g = started(mini, mode="rigid")
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    assert [e["type"] for e in g.do(C.Roll("incubator", "USA", physical=30, odds=0.4))] == ["roll-made"]
    assert g.state.moves[("incubator", "USA")].status == "rolled"
    ev = g.do(C.Resolve("incubator", "USA", reason="Goodwill in the ports", effects={"mda": 1}))[0]
    assert (ev["by"], ev["outcome"], ev["overridden"]) == ("control", "success", False)


def test_semi_rigid_waits_for_control_after_each_roll(mini):
    g = started(mini, mode="semi")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    assert [e["type"] for e in g.do(C.Roll("incubator", "USA"))] == ["roll-made"]
    with pytest.raises(Rejected, match="has already been rolled"):
        g.do(C.Roll("incubator", "USA"))
    assert g.state.phase == "adjudication"


def _to_responses(mini, mode="semi"):
    g = started(mini, mode=mode)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in ("USA", "JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d, reason="Control settles it" if mode == "free" else ""))
    assert g.state.phase == "responses" and g.state.proposals == {"PRC": "coerce"}
    return g


def test_control_declines_a_proposed_response_with_a_reason(mini):
    g = _to_responses(mini)
    before = dict(g.state.tracks)
    with pytest.raises(Rejected, match="needs a written reason of at least 10 characters"):
        g.do(C.Respond("PRC", None, reason="no"))
    ev = g.do(C.Respond("PRC", None, reason="  Beijing holds back this month "))
    assert ev == [{"type": "response-applied", "turn": 1, "actor": "PRC", "response": None, "proposed": "coerce",
                   "by": "control", "overridden": True, "reason": "Beijing holds back this month", "effects": []}]
    s = g.state
    assert s.tracks == before and s.responses_made == set() and s.phase == "outcome"
    assert s.overrides[-1] == ev[0] and s.turn_responses == ev


def test_control_overrides_a_proposed_response_with_another(mini):
    g = _to_responses(mini)
    with pytest.raises(Rejected, match="is not a response of PRC this turn"):
        g.do(C.Respond("PRC", "invade", reason="a response that does not exist"))
    with pytest.raises(Rejected, match="unknown actor 'DPRK'"):
        g.do(C.Respond("DPRK", None, reason="not in this scenario"))
    esc = g.state.tracks["escalation"]
    ev = g.do(C.Respond("PRC", "protest", reason="A protest note is all Beijing sends"))[0]
    assert (ev["response"], ev["proposed"], ev["by"], ev["overridden"]) == ("protest", "coerce", "control", True)
    assert ev["effects"] == [["escalation", 1, esc, esc + 1]]
    assert g.state.responded("PRC", "protest") and not g.state.responded("PRC", "coerce")
    assert g.state.overrides[-1] is ev


def test_accepting_the_table_needs_no_reason_and_more_can_follow(mini):
    g = _to_responses(mini)
    ev = g.do(C.Respond("PRC", "coerce"))[0]
    assert (ev["by"], ev["overridden"], ev["reason"]) == ("rules", False, "")
    assert g.state.overrides == [] and g.state.phase == "outcome"
    # in the outcome phase Control may add a response nobody proposed, with a reason
    with pytest.raises(Rejected, match="reason"):
        g.do(C.Respond("PRC", "protest"))
    extra = g.do(C.Respond("PRC", "protest", reason="Beijing adds a formal protest"))[0]
    assert (extra["proposed"], extra["by"], extra["overridden"]) == (None, "control", True)
    assert g.state.phase == "outcome"


def test_responses_wait_for_adjudication_and_the_proposed_ones_come_first(mini):
    g = started(mini)
    with pytest.raises(Rejected, match=r"come after adjudication \(now: deliberation\)"):
        g.do(C.Respond("PRC", None, reason="too early to say anything"))
    g = _to_responses(mini)
    with pytest.raises(Rejected, match=r"^settle the non-player responses first: PRC$"):
        g.do(C.EndTurn())


def test_in_free_mode_even_the_tables_response_needs_a_reason(mini):
    g = _to_responses(mini, mode="free")
    with pytest.raises(Rejected, match="reason"):
        g.do(C.Respond("PRC", "coerce"))
    ev = g.do(C.Respond("PRC", "coerce", reason="Control agrees with the table"))[0]
    assert (ev["by"], ev["overridden"]) == ("control", False)


def _quiet_second_turn(doc):
    """Turn 2 schedules nothing; a standing response of the PRC is considered every turn from turn 2."""
    doc["injects"] = [i for i in doc["injects"] if i["id"] == "incubator"]
    doc["responses"] = [{"id": "patrol", "actor": "PRC", "label": "Patrol", "when": "turn >= 2",
                         "effects": {"escalation": 2}}]
    inject(doc, "incubator")["responses"] = []


def test_a_reveal_with_no_moves_goes_straight_to_the_responses(tmp_path):
    cs = variant(tmp_path, _quiet_second_turn)
    g = started(cs)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in ("USA", "JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    g.do(C.EndTurn())
    s = g.state
    assert (s.turn, s.active, s.expected, s.pending_moves()) == (2, [], [], [])
    events = g.do(C.Reveal())
    assert events == [{"type": "moves-revealed", "turn": 2},
                      {"type": "responses-proposed", "turn": 2, "proposals": [["PRC", "patrol"]]}]
    assert s.phase == "responses"
    g.do(C.Respond("PRC", "patrol"))
    assert s.phase == "outcome"
    assert [e["type"] for e in g.do(C.EndTurn())] == ["turn-ended", "game-ended"]


def test_a_rigid_reveal_with_no_moves_applies_the_responses_itself(tmp_path):
    cs = variant(tmp_path, _quiet_second_turn)
    g = started(cs, mode="rigid")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in ("USA", "JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
    g.do(C.EndTurn())
    esc = g.state.tracks["escalation"]
    events = g.do(C.Reveal())
    assert [e["type"] for e in events] == ["moves-revealed", "responses-proposed", "response-applied"]
    assert events[2]["by"] == "rules" and events[2]["effects"] == [["escalation", 2, esc, esc + 2]]
    assert g.state.phase == "outcome"


def test_a_reveal_with_nothing_proposed_reaches_the_outcome(tmp_path):
    def change(doc):
        _quiet_second_turn(doc)
        doc["responses"] = []
    g = started(variant(tmp_path, change))
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in ("USA", "JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    g.do(C.EndTurn())
    assert g.do(C.Reveal())[-1] == {"type": "responses-proposed", "turn": 2, "proposals": []}
    assert g.state.phase == "outcome"


def test_the_reveal_waits_for_every_expected_move(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", "convene"))
    with pytest.raises(Rejected, match=r"^still waiting for: JPN on incubator, KOR on incubator$"):
        g.do(C.Reveal())
    g.do(C.SubmitMove("incubator", "JPN", "join"))
    g.do(C.SubmitMove("incubator", "KOR", "join"))
    assert g.do(C.Reveal()) == [{"type": "moves-revealed", "turn": 1}]
    with pytest.raises(Rejected, match=r"^nothing to reveal \(now: adjudication\)$"):
        g.do(C.Reveal())


def test_responses_see_the_outcome_of_the_move_resolved_last(tmp_path):
    """The response table is read after the last resolution is folded in, outcome included."""
    def change(doc):
        inject(doc, "incubator")["responses"][0]["when"] = 'outcome("incubator", KOR) == "setback"'
    g = started(variant(tmp_path, change))
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d, roll in (("USA", 50), ("JPN", 50), ("KOR", 99)):
        g.do(C.Roll("incubator", d, physical=roll))
    for d in ("USA", "JPN"):
        g.do(C.Resolve("incubator", d))
    events = g.do(C.Resolve("incubator", "KOR"))
    assert events[-1] == {"type": "responses-proposed", "turn": 1, "proposals": [["PRC", "coerce"]]}

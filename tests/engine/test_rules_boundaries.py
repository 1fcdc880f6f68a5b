"""The edges of the rules Control relies on: each range's last allowed and first refused value.

A facilitator types odds, physical dice and reasons by hand; a rule that is off by one at an
edge silently accepts a wrong game or refuses a right one. Each row below is one edge.
"""

from __future__ import annotations

import pytest

from tests.engine.helpers import started, submit_all
from tests.engine.variants import inject, variant
from wargame.engine import commands as C
from wargame.engine.adjudication import odds_breakdown
from wargame.engine.commands import Rejected

JOIN = {"USA": "convene", "JPN": "join", "KOR": "join"}
CLAMP = "Kept within 5%..95%"
FREE = "Odds set by Control for a free-form action"


def _free_move_revealed(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    return g


@pytest.mark.parametrize("odds, allowed", [
    (0, True), (0.0001, True), (0.5, True), (1, True), (1.0, True),
    (-0.0001, False), (-1, False), (1.0001, False), (1.5, False), (2, False),
])
def test_free_form_odds_are_a_probability(mini, odds, allowed):
    g = _free_move_revealed(mini)
    cmd = C.Roll("incubator", "USA", physical=50, odds=odds)
    if allowed:
        assert g.do(cmd)[0]["odds"] == odds
    else:
        with pytest.raises(Rejected, match=r"^odds are a probability from 0 to 1$"):
            g.do(cmd)
        assert g.state.moves[("incubator", "USA")].status == "revealed"


def test_free_form_odds_are_required_and_options_refuse_them(mini):
    g = _free_move_revealed(mini)
    with pytest.raises(Rejected, match="^Control sets the odds of a free-form action before the roll$"):
        g.do(C.Roll("incubator", "USA"))
    with pytest.raises(Rejected) as e:
        g.do(C.Roll("incubator", "JPN", odds=0.5))
    assert e.value.reason == "odds are set by the rules for an option; only free-form actions take Control's odds"


@pytest.mark.parametrize("physical, allowed", [(1, True), (2, True), (99, True), (100, True),
                                               (0, False), (-1, False), (101, False)])
def test_a_physical_roll_is_a_face_of_the_die(mini, physical, allowed):
    g = started(mini)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    cmd = C.Roll("incubator", "USA", physical=physical)
    if allowed:
        ev = g.do(cmd)[0]
        assert (ev["roll"], ev["physical"], ev["index"]) == (physical, True, None)
        assert g.state.rolls == 0
    else:
        with pytest.raises(Rejected, match=rf"^a roll of {physical} is impossible on a d100 \(expected 1\.\.100\)$"):
            g.do(cmd)


@pytest.mark.parametrize("roll, proposed", [
    # target 70 (convene, 0.7): major success up to 21, success up to 70, partial up to 85
    (1, "major-success"), (21, "major-success"), (22, "success"), (70, "success"), (71, "partial"),
    (85, "partial"), (86, "setback"), (100, "setback"),
])
def test_outcome_bands_at_their_edges(mini, roll, proposed):
    g = started(mini)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    ev = g.do(C.Roll("incubator", "USA", physical=roll))[0]
    assert (ev["target"], ev["proposed"]) == (70, proposed)


@pytest.mark.parametrize("reason, allowed", [
    ("123456789", False), ("1234567890", True), ("  123456789  ", False), ("   1234567890\n", True), ("", False),
])
def test_a_reason_needs_ten_characters_after_trimming(mini, reason, allowed):
    """Overrides of an outcome, of a response and adjustments of a track share the same minimum."""
    g = started(mini)
    adjust = C.AdjustTrack("mda", 1, reason)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    g.do(C.Roll("incubator", "USA", physical=50))
    override = C.Resolve("incubator", "USA", "setback", reason=reason)
    if allowed:
        assert g.do(adjust)[0]["reason"] == reason.strip()
        ev = g.do(override)[0]
        assert (ev["reason"], ev["by"], ev["overridden"]) == (reason.strip(), "control", True)
    else:
        with pytest.raises(Rejected, match="at least 10 characters"):
            g.do(adjust)
        with pytest.raises(Rejected, match="^an override needs a written reason of at least 10 characters$"):
            g.do(override)


def test_a_triggered_inject_waits_for_its_earliest_turn(tmp_path):
    def change(doc):
        doc["tracks"][0]["start"] = 5  # escalation already meets the flare's `>= 5`
        inject(doc, "flare")["earliest"] = 2
    cs = variant(tmp_path, change)
    g = started(cs)
    assert g.state.active == ["incubator"]
    _finish_turn(g)
    assert g.state.turn == 2 and g.state.active == ["flare", "review"]
    assert ("flare", "JPN") in g.state.expected and ("flare", "KOR") in g.state.expected


@pytest.mark.parametrize("escalation, fires", [(4, False), (5, True), (6, True)])
def test_a_trigger_fires_from_the_first_turn_when_its_condition_holds(tmp_path, escalation, fires):
    def change(doc):
        doc["tracks"][0]["start"] = escalation
    g = started(variant(tmp_path, change))
    assert ("flare" in g.state.active) is fires
    assert g.events[1]["injects"] == (["incubator", "flare"] if fires else ["incubator"])


def test_a_fired_trigger_does_not_fire_again(tmp_path):
    def change(doc):
        doc["tracks"][0]["start"] = 6
        inject(doc, "review")["turn"] = 1  # turn 2 then has only the trigger to consider
    cs = variant(tmp_path, change)
    g = started(cs)
    assert "flare" in g.state.active
    _finish_turn(g)
    assert g.state.turn == 2 and g.state.active == [] and g.state.expected == []
    assert g.state.fired("flare")


def _finish_turn(g):
    """Resolve the current turn by the rules (free-form moves get even odds), settle responses, end it."""
    for inj, d in list(g.state.expected):
        options = g.state.cs.injects[inj].options.get(d)
        if options:
            g.do(C.SubmitMove(inj, d, next(o for o, co in options.items()
                                         if co.requires is None or co.requires.evaluate(g.state))))
        else:
            g.do(C.SubmitMove(inj, d, action=f"{d} acts"))
    g.do(C.Reveal())
    for inj, d in list(g.state.expected):
        free = g.state.moves[(inj, d)].is_free
        g.do(C.Roll(inj, d, physical=50, odds=0.5 if free else None))
        if free:
            g.do(C.Resolve(inj, d, reason="Control follows the dice", effects={}))
        else:
            g.do(C.Resolve(inj, d))
    for actor, rid in list(g.state.proposals.items()):
        g.do(C.Respond(actor, rid))
    return g.do(C.EndTurn())


# ------------------------------------------------------------------ odds and clamping

@pytest.mark.parametrize("odds, probability, lines", [
    (1.0, 0.95, [[FREE, 1.0], [CLAMP, -0.05]]),
    (0.99, 0.95, [[FREE, 0.99], [CLAMP, -0.04]]),
    (0.95, 0.95, [[FREE, 0.95]]),
    (0.5, 0.5, [[FREE, 0.5]]),
    (0.05, 0.05, [[FREE, 0.05]]),
    (0.01, 0.05, [[FREE, 0.01], [CLAMP, 0.04]]),
    (0, 0.05, [[FREE, 0], [CLAMP, 0.05]]),
    # probabilities and clamp amounts are given to six places
    (0.12345678, 0.123457, [[FREE, 0.12345678]]),
    (0.0312345678, 0.05, [[FREE, 0.0312345678], [CLAMP, 0.018765]]),
])
def test_odds_are_kept_within_the_rulesets_range_and_the_room_sees_why(mini, odds, probability, lines):
    g = _free_move_revealed(mini)
    ev = g.do(C.Roll("incubator", "USA", physical=50, odds=odds))[0]
    assert ev["probability"] == probability
    assert ev["breakdown"] == lines
    assert ev["target"] == round(probability * 100)


def test_unset_free_form_odds_default_to_the_rulesets(mini):
    g = _free_move_revealed(mini)
    assert odds_breakdown(g.state, "incubator", "USA", None, None) == (0.5, [[FREE, 0.5]])


@pytest.mark.parametrize("mda, probability, lines", [
    (1, 0.6, [["Base odds", 0.6]]),
    (2, 0.7, [["Base odds", 0.6], ["Shared picture helps", 0.1]]),
])
def test_a_modifier_applies_exactly_when_its_condition_holds(mini, mda, probability, lines):
    g = started(mini)
    g.state.tracks["mda"] = mda
    submit_all(g, JOIN)
    g.do(C.Reveal())
    ev = g.do(C.Roll("incubator", "JPN", physical=50))[0]
    assert (ev["probability"], ev["breakdown"], ev["target"]) == (probability, lines, round(probability * 100))


def test_an_options_odds_beyond_the_range_are_clamped_with_a_line(tmp_path):
    def change(doc):
        opt = inject(doc, "incubator")["options"]["JPN"][0]
        opt["odds"] = 0.9
        opt["modifiers"][0]["add"] = 0.2
        inject(doc, "incubator")["options"]["KOR"][0]["odds"] = 0.01
    g = started(variant(tmp_path, change))
    submit_all(g, JOIN)
    g.do(C.Reveal())
    jpn = g.do(C.Roll("incubator", "JPN", physical=50))[0]
    assert jpn["probability"] == 0.95 and jpn["target"] == 95
    assert jpn["breakdown"] == [["Base odds", 0.9], ["Shared picture helps", 0.2], [CLAMP, -0.15]]
    kor = g.do(C.Roll("incubator", "KOR", physical=50))[0]
    assert kor["probability"] == 0.05 and kor["target"] == 5
    assert kor["breakdown"] == [["Base odds", 0.01], [CLAMP, 0.04]]


# ------------------------------------------------------------------ the end of a game

def test_notes_are_still_taken_after_the_game_ends(mini):
    g = started(mini)
    with pytest.raises(Rejected, match="^say why the game ends early$"):
        g.do(C.EndGame("   "))
    ended = g.do(C.EndGame("  time is up  "))
    assert ended[0]["reason"] == "time is up" and g.state.end_reason == "time is up"
    ev = g.do(C.AddNote("What would we change next time?", "improvement"))
    assert ev == [{"type": "note-added", "turn": 1, "phase": "ended", "kind": "improvement",
                   "text": "What would we change next time?"}]
    assert g.state.notes == ev
    for cmd in (C.EndGame("again and again"), C.AdjustTrack("mda", 1, "after the end of it"), C.EndTurn(),
                C.SubmitMove("incubator", "USA", "convene"), C.Reveal()):
        with pytest.raises(Rejected, match="^the game has ended$"):
            g.do(cmd)
    with pytest.raises(Rejected, match="^an empty note$"):
        g.do(C.AddNote(" \n "))
    with pytest.raises(Rejected, match="unknown note kind 'gossip'"):
        g.do(C.AddNote("a real note", "gossip"))


def test_nothing_but_a_start_before_the_game_starts(mini):
    from wargame.engine.game import Game

    g = Game(mini)
    for cmd in (C.AddNote("too early"), C.Reveal(), C.EndGame("never began")):
        with pytest.raises(Rejected, match="^the game has not started$"):
            g.do(cmd)
    g.do(C.StartGame(seed=1, mode="semi"))
    with pytest.raises(Rejected, match="^the game has already started$"):
        g.do(C.StartGame(seed=1, mode="semi"))


def test_the_last_turn_ends_the_game_with_the_assessment(mini):
    g = started(mini)
    _finish_turn(g)
    events = _finish_turn(g)
    assert [e["type"] for e in events] == ["turn-ended", "game-ended"]
    end = events[1]
    assert end["reason"] == "last turn played" and end["turn"] == 2
    assert end["tracks"] == g.state.tracks == events[0]["tracks"]
    assert end["assessment"] == g.state.assessment
    assert g.state.history[-1] == g.state.tracks and len(g.state.history) == 3

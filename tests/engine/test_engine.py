"""The engine's contract: commands yield events or are rejected with the state untouched."""

from __future__ import annotations

import pytest

from tests.engine.helpers import started, submit_all
from wargame.engine import commands as C
from wargame.engine.adjudication import derived_roll
from wargame.engine.commands import Rejected
from wargame.engine.game import fold

JOIN = {"USA": "convene", "JPN": "join", "KOR": "join"}


def test_start_opens_turn_one_with_scheduled_injects(mini):
    g = started(mini)
    s = g.state
    assert (s.turn, s.phase, s.active) == (1, "deliberation", ["incubator"])
    assert s.expected == [("incubator", "USA"), ("incubator", "JPN"), ("incubator", "KOR")]
    assert s.date() == "2027-03-01"
    assert g.events[0]["type"] == "game-started" and g.events[0]["scenario_sha256"] == mini.scenario_sha256


def test_sealed_move_is_hidden_from_other_delegations_until_reveal(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join", rationale="trust"))
    s = g.state
    assert s.move_for("incubator", "JPN", viewer="KOR") is None
    assert s.move_for("incubator", "JPN", viewer=None) is None
    assert s.move_for("incubator", "JPN", viewer="JPN").option == "join"
    assert s.status_of("incubator", "JPN") == "sealed"
    # chose() must not leak a sealed choice into other delegations' requirements
    assert not s.chose("JPN", "join")
    g.do(C.SubmitMove("incubator", "USA", "convene"))
    g.do(C.SubmitMove("incubator", "KOR", "join"))
    g.do(C.Reveal())
    assert s.move_for("incubator", "JPN", viewer="KOR").option == "join"
    assert s.chose("JPN", "join")


def test_rejected_command_leaves_state_untouched(mini):
    g = started(mini)
    before = g.state.snapshot()
    for bad in (C.Reveal(), C.SubmitMove("incubator", "JPN", "nope"), C.SubmitMove("incubator", "AUS", "join"),
                C.SubmitMove("incubator", "JPN", "join", action="both"), C.EndTurn(),
                C.Roll("incubator", "JPN"), C.AdjustTrack("escalation", 1, "short")):
        with pytest.raises(Rejected):
            g.do(bad)
    assert g.state.snapshot() == before


def test_requirements_are_enforced(mini):
    g = started(mini)
    g.state.tracks["support.KOR"] = 2  # below the 'abstain' requirement
    with pytest.raises(Rejected, match="Needs domestic support"):
        g.do(C.SubmitMove("incubator", "KOR", "abstain"))


def test_reopen_before_reveal_only(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join"))
    g.do(C.ReopenMove("incubator", "JPN", "delegation changed its mind"))
    assert g.state.status_of("incubator", "JPN") == "waiting"
    submit_all(g, JOIN)
    g.do(C.Reveal())
    with pytest.raises(Rejected):
        g.do(C.ReopenMove("incubator", "JPN", "too late"))


def test_roll_is_seeded_and_recorded_with_breakdown(mini):
    g = started(mini, seed=11)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    ev = g.do(C.Roll("incubator", "JPN"))[0]
    assert ev["roll"] == derived_roll(11, 0, 100)
    # base 0.6 + 0.1 because MDA starts at 2
    assert ev["probability"] == pytest.approx(0.7)
    assert ev["breakdown"] == [["Base odds", 0.6], ["Shared picture helps", 0.1]]
    assert ev["target"] == 70


def test_physical_roll_and_outcome_bands(mini):
    g = started(mini)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    with pytest.raises(Rejected):
        g.do(C.Roll("incubator", "USA", physical=101))
    ev = g.do(C.Roll("incubator", "USA", physical=20))[0]  # target 70: 20 <= 21 -> major success
    assert ev["physical"] and ev["proposed"] == "major-success"
    ev = g.do(C.Roll("incubator", "JPN", physical=80))[0]  # target 70: 80 <= 85 -> partial
    assert ev["proposed"] == "partial"
    ev = g.do(C.Roll("incubator", "KOR", physical=99))[0]
    assert ev["proposed"] == "setback"
    assert g.state.rolls == 0  # physical rolls don't consume the generator


def test_semi_mode_override_needs_a_reason(mini):
    g = started(mini, mode="semi")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    g.do(C.Roll("incubator", "USA", physical=50))  # success
    with pytest.raises(Rejected, match="reason"):
        g.do(C.Resolve("incubator", "USA", "setback", reason="no"))
    ev = g.do(C.Resolve("incubator", "USA", "setback", reason="The host port refused access"))[0]
    assert ev["by"] == "control" and ev["overridden"] and ev["proposed"] == "success"
    assert ev["effects"] == [["escalation", 1, 3, 4]]
    assert g.state.overrides[-1] is ev


def test_accepting_the_proposal_needs_no_reason(mini):
    g = started(mini, mode="semi")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    g.do(C.Roll("incubator", "USA", physical=50))
    ev = g.do(C.Resolve("incubator", "USA"))[0]
    assert (ev["by"], ev["outcome"], ev["effects"]) == ("rules", "success", [["mda", 2, 2, 4]])


def test_rigid_mode_applies_rules_at_once(mini):
    g = started(mini, mode="rigid")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    events = g.do(C.Roll("incubator", "USA", physical=50))
    assert [e["type"] for e in events] == ["roll-made", "move-resolved"]
    assert events[1]["by"] == "rules"


def test_free_mode_requires_control_reason_even_without_roll(mini):
    g = started(mini, mode="free")
    submit_all(g, JOIN)
    g.do(C.Reveal())
    with pytest.raises(Rejected):
        g.do(C.Resolve("incubator", "USA", "success"))
    ev = g.do(C.Resolve("incubator", "USA", "success", reason="The room argued well for it"))[0]
    assert ev["by"] == "control" and ev["proposed"] is None


def test_free_form_action_takes_control_odds_and_effects(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship", argument="soft power"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    with pytest.raises(Rejected, match="odds"):
        g.do(C.Roll("incubator", "USA"))
    ev = g.do(C.Roll("incubator", "USA", physical=10, odds=0.4))[0]
    assert ev["breakdown"][0][1] == 0.4 and ev["target"] == 40
    ev = g.do(C.Resolve("incubator", "USA", effects={"escalation": -1}, reason="Goodwill lowers tension"))[0]
    assert ev["effects"] == [["escalation", -1, 3, 2]] and ev["by"] == "control"


def test_tracks_are_clamped_to_their_range(mini):
    g = started(mini)
    g.do(C.AdjustTrack("escalation", 50, "Control models a sudden crisis"))
    assert g.state.tracks["escalation"] == 10
    ev = g.do(C.AdjustTrack("escalation", -99, "Control models a sudden calm"))[0]
    assert ev["effects"] == [["escalation", -10, 10, 0]] and ev["requested"] == -99  # the change it took


def _play_turn_one(g, rolls):
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d, r in rolls.items():
        g.do(C.Roll("incubator", d, physical=r))
    events = []
    for d in rolls:
        events += g.do(C.Resolve("incubator", d))
    return events


def test_combined_move_and_response_table(mini):
    g = started(mini)
    events = _play_turn_one(g, {"USA": 50, "JPN": 50, "KOR": 40})
    types = [e["type"] for e in events]
    assert "combined-applied" in types
    combined = next(e for e in events if e["type"] == "combined-applied")
    assert combined["rule"] == "both-join"
    proposed = next(e for e in events if e["type"] == "responses-proposed")
    assert proposed["proposals"] == [["PRC", "coerce"]]  # KOR joined: the specific response comes first
    assert g.state.phase == "responses"
    with pytest.raises(Rejected):
        g.do(C.EndTurn())
    with pytest.raises(Rejected, match="reason"):
        g.do(C.Respond("PRC", "protest"))
    ev = g.do(C.Respond("PRC", "coerce"))[0]
    assert ev["by"] == "rules" and g.state.responded("PRC", "coerce")
    assert g.state.phase == "outcome"


def test_trigger_fires_once_and_game_ends_with_assessment(mini):
    g = started(mini)
    _play_turn_one(g, {"USA": 50, "JPN": 50, "KOR": 40})
    g.do(C.Respond("PRC", "coerce"))
    assert g.state.tracks["escalation"] >= 5  # combined + response pushed it up
    g.do(C.AddNote("Hot wash: Korea felt exposed"))
    g.do(C.EndTurn())
    assert g.state.turn == 2 and set(g.state.active) == {"review", "flare"}
    assert g.state.date() == "2027-04-01"
    g.do(C.EndGame("time is up in the classroom"))
    assert g.state.ended and g.state.assessment["USA"]["of"] == 2
    with pytest.raises(Rejected):
        g.do(C.EndTurn())


def test_effect_amounts_are_expressions(mini):
    g = started(mini)
    g.state.tracks["mda"] = 7
    ev = g.do(C.AdjustTrack("mda", 0, "no change, checking"))
    assert ev  # adjusting by zero is allowed and logged
    lines = __import__("wargame.engine.adjudication", fromlist=["x"]).evaluate_effects(
        g.state, mini.injects["review"].options["USA"]["extend"].effects["success"])
    assert lines == [["trust.JPN-KOR", 4, 3, 7]]


def test_fold_of_events_equals_live_state(mini):
    g = started(mini)
    _play_turn_one(g, {"USA": 5, "JPN": 95, "KOR": 60})
    assert fold(mini, g.events).snapshot() == g.state.snapshot()


def test_track_adjustment_logs_the_change_the_track_took(mini, tmp_path):
    """+20 on a 0..10 track at 3 moves it by +7: the record says +7 (and that +20 was asked); at
    the edge a further change is logged as 0; replay re-derives the records exactly."""
    from wargame.log.replay import replay
    from wargame.session import Session

    path = tmp_path / "g.jsonl"
    session = Session.new(mini, path, seed=1, fsync=False)
    assert session.state.tracks["escalation"] == 3
    [ev] = session.do(C.AdjustTrack("escalation", 20, "A serious incident at sea"))
    assert ev["effects"] == [["escalation", 7, 3, 10]] and ev["requested"] == 20
    assert session.state.tracks["escalation"] == 10
    [ev] = session.do(C.AdjustTrack("escalation", 9, "Another incident at sea"))
    assert ev["effects"] == [["escalation", 0, 10, 10]] and ev["requested"] == 9
    [ev] = session.do(C.AdjustTrack("escalation", -2, "Talks calm things down"))
    assert ev["effects"] == [["escalation", -2, 10, 8]] and "requested" not in ev
    session.close()
    result = replay(path)
    assert result.ok and result.state.tracks["escalation"] == 8


def test_state_keeps_this_turns_notes_and_decisions_and_counts_the_rest(mini):
    """A long game's state does not grow with its log (#17): earlier turns' notes and Control
    decisions are counted, not kept; the current turn's are there for the outcome view."""
    from tests.engine.helpers import started as start
    from wargame.sim.autoplay import Driver

    g = start(mini, mode="semi")
    driver = Driver("first", 1)
    while g.state.turn == 1:
        if g.state.phase == "outcome":
            for i in range(30):
                g.do(C.AddNote(f"observation {i}", "observation"))
                g.do(C.AdjustTrack("mda", 1 if i % 2 else -1, "Control rebalances after table discussion"))
        g.do(driver.next_command(g.state))
    s = g.state
    assert (s.note_count, s.override_count) == (30, 30)
    assert s.notes == [] and s.overrides == []  # turn 2 has none yet
    g.do(C.AddNote("turn two", "hotwash"))
    assert [n["text"] for n in s.notes] == ["turn two"] and s.note_count == 31
    assert fold(mini, g.events).snapshot() == s.snapshot()


def test_logs_that_recorded_an_adjustment_as_asked_still_verify():
    """Before the effective change was recorded, a clamped adjustment was logged as asked (+20 from
    3 on a 0..10 track: `["escalation", 20, 3, 10]`); such logs replay to the same records."""
    import json

    from tests.conftest import ROOT
    from wargame.log.replay import replay

    folder = ROOT / "tests" / "data" / "logs" / "clamped-adjustments"
    result = replay(folder / "game.jsonl", scenario=folder / "mini.yaml")
    assert result.ok, result.problem
    assert result.state.ended
    adjusted = [r for r in map(json.loads, (folder / "game.jsonl").read_text().splitlines())
                if r["type"] == "track-adjusted"]
    assert [r["effects"][0] for r in adjusted] == [["escalation", 20, 3, 10], ["escalation", 9, 10, 10],
                                                  ["escalation", -2, 10, 8]]

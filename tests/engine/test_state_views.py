"""What the screens read from the state, the words Control sees when a command is refused, and the
engine's promise that asking what a command would do changes nothing."""

from __future__ import annotations

import copy

import pytest

from tests.engine.helpers import started, submit_all
from tests.engine.variants import inject, variant
from wargame.engine import commands as C
from wargame.engine.adjudication import evaluate_effects
from wargame.engine.commands import Rejected
from wargame.engine.engine import apply, handle

JOIN = {"USA": "convene", "JPN": "join", "KOR": "join"}


def _pure_do(g, cmd):
    """Run a command the long way: the state after `handle` alone must equal the state before it."""
    before = copy.deepcopy(g.state.snapshot())
    events = handle(g.state, cmd)
    assert g.state.snapshot() == before, f"{type(cmd).__name__} changed the state before its events applied"
    for ev in events:
        apply(g.state, ev)
    g.events.extend(events)
    return events


@pytest.mark.parametrize("mode", ["semi", "rigid"])
def test_working_out_a_commands_events_changes_nothing(mini, mode):
    g = started(mini, mode=mode)
    for d, o in JOIN.items():
        _pure_do(g, C.SubmitMove("incubator", d, o))
    _pure_do(g, C.Reveal())
    for d in JOIN:
        _pure_do(g, C.Roll("incubator", d, physical=50))
        if mode == "semi":
            _pure_do(g, C.Resolve("incubator", d))
    if mode == "semi":
        _pure_do(g, C.Respond("PRC", "coerce"))
    assert g.state.phase == "outcome"
    _pure_do(g, C.EndTurn())
    assert g.state.turn == 2


def test_a_two_actor_turn_lists_every_pending_response(tmp_path):
    def change(doc):
        doc["actors"]["DPRK"] = {"name": "North Korea", "intent": "Test the partners."}
        inject(doc, "incubator")["responses"].append({"id": "launch", "actor": "DPRK", "label": "Launch",
                                                      "effects": {"escalation": 2}})
    g = started(variant(tmp_path, change))
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    assert g.state.proposals == {"PRC": "coerce", "DPRK": "launch"}
    with pytest.raises(Rejected, match=r"^settle the non-player responses first: PRC, DPRK$"):
        g.do(C.EndTurn())
    g.do(C.Respond("DPRK", "launch"))
    with pytest.raises(Rejected, match=r"^settle the non-player responses first: PRC$"):
        g.do(C.EndTurn())


def test_an_actor_with_nothing_proposed_waits_until_the_proposed_ones_are_settled(tmp_path):
    def change(doc):
        doc["actors"]["DPRK"] = {"name": "North Korea", "intent": "Test the partners."}
        doc["responses"] = [{"id": "launch", "actor": "DPRK", "label": "Launch", "when": "false",
                             "effects": {"escalation": 2}}]
    g = started(variant(tmp_path, change))
    submit_all(g, JOIN)
    g.do(C.Reveal())
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    assert g.state.proposals == {"PRC": "coerce"}
    with pytest.raises(Rejected, match=r"^settle the proposed responses first \(PRC\); others can be added "
                                       r"afterwards$"):
        g.do(C.Respond("DPRK", "launch", reason="Pyongyang wants attention"))
    g.do(C.Respond("PRC", "coerce"))
    ev = g.do(C.Respond("DPRK", "launch", reason="Pyongyang wants attention"))[0]
    assert (ev["proposed"], ev["by"], ev["effects"][0][:2]) == (None, "control", ["escalation", 2])


# ------------------------------------------------------------------ refusals, word for word

def _revealed(mini, mode="semi"):
    g = started(mini, mode=mode)
    submit_all(g, JOIN)
    g.do(C.Reveal())
    return g


REFUSALS = [
    ("deliberation", C.Roll("incubator", "USA"), "adjudication comes after the reveal (now: deliberation)"),
    ("deliberation", C.ReopenMove("incubator", "USA", "changed our mind"), "USA has no sealed move on 'incubator'"),
    ("deliberation", C.SubmitMove("review", "USA", "extend"), "USA has no move to make on 'review' this turn"),
    ("deliberation", C.SubmitMove("incubator", "USA", "nope"), "'nope' is not an option for USA on 'incubator'"),
    ("deliberation", C.SubmitMove("incubator", "USA", action="   "),
     "a free-form action needs a description of what the delegation does"),
    ("deliberation", C.SubmitMove("incubator", "USA"),
     "a move is either one of the options or a free-form action, not both or neither"),
    ("deliberation", C.EndTurn(), "the turn ends after adjudication (now: deliberation)"),
    ("deliberation", C.AdjustTrack("morale", 1, "a long enough reason"), "unknown track 'morale'"),
    ("adjudication", C.ReopenMove("incubator", "USA", "changed our mind"),
     "a move can only be reopened before the reveal"),
    ("adjudication", C.SubmitMove("incubator", "USA", "convene"),
     "moves are submitted during deliberation (now: adjudication)"),
    ("adjudication", C.Resolve("incubator", "USA"), "roll first: the rules propose an outcome from the roll"),
    ("adjudication", C.Roll("incubator", "AUS"), "AUS has no move on 'incubator'"),
    ("adjudication", C.Respond("PRC", None, "a long enough reason"),
     "non-player responses come after adjudication (now: adjudication)"),
]


@pytest.mark.parametrize("phase, cmd, message", REFUSALS, ids=[m for _, _, m in REFUSALS])
def test_each_refusal_says_what_is_wrong(mini, phase, cmd, message):
    g = started(mini) if phase == "deliberation" else _revealed(mini)
    assert g.state.phase == phase
    with pytest.raises(Rejected) as e:
        g.do(cmd)
    assert e.value.reason == message == str(e.value)


def test_a_double_submission_is_refused(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", "convene"))
    with pytest.raises(Rejected) as e:
        g.do(C.SubmitMove("incubator", "USA", "wait"))
    assert e.value.reason == "USA has already sealed a move on 'incubator' (Control can reopen it)"


def test_resolving_needs_a_known_outcome_and_in_free_mode_a_named_one(mini):
    g = _revealed(mini, mode="free")
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA", reason="a long enough reason"))
    assert e.value.reason == "name the outcome level (no roll was made)"
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA", "triumph", reason="a long enough reason"))
    assert e.value.reason == "unknown outcome level 'triumph'"
    g.do(C.Resolve("incubator", "USA", "success", reason="a long enough reason"))
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA", "success", reason="a long enough reason"))
    assert e.value.reason == "USA's move on 'incubator' is already resolved"


def test_free_mode_wants_a_reason_even_to_accept_the_roll(mini):
    g = _revealed(mini, mode="free")
    g.do(C.Roll("incubator", "USA", physical=50))
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA"))
    assert e.value.reason == "Control's decision needs a written reason of at least 10 characters"
    ev = g.do(C.Resolve("incubator", "USA", reason="The room agreed"))[0]
    assert (ev["by"], ev["overridden"], ev["outcome"]) == ("control", False, "success")


def test_free_form_effects_need_a_reason_and_known_tracks(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    g.do(C.Roll("incubator", "USA", physical=30, odds=0.5))
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA", effects={"mda": 1}, reason="short"))
    assert e.value.reason == "Control's decision needs a written reason of at least 10 characters"
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "USA", effects={"morale": 1, "mda": 1, "luck": 2}, reason="a long enough reason"))
    assert e.value.reason == "unknown track morale, luck"
    # accepting the proposal with no effects needs no reason, and is still Control's call
    ev = g.do(C.Resolve("incubator", "USA"))[0]
    assert (ev["by"], ev["reason"], ev["effects"]) == ("control", "", [])
    g.do(C.Roll("incubator", "JPN", physical=30))
    with pytest.raises(Rejected) as e:
        g.do(C.Resolve("incubator", "JPN", effects={"mda": 1}, reason="a long enough reason"))
    assert e.value.reason == ("effects follow from the outcome for an option; adjust tracks separately with a "
                              "reason")


def test_a_response_override_needs_ten_characters(mini):
    g = _revealed(mini)
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    with pytest.raises(Rejected) as e:
        g.do(C.Respond("PRC", "protest", reason="123456789"))
    assert e.value.reason == ("choosing a response other than the table's needs a written reason of at least 10 "
                              "characters")
    assert g.do(C.Respond("PRC", "protest", reason="1234567890"))[0]["reason"] == "1234567890"


def test_unknown_commands_and_modes_and_players(mini):
    from wargame.engine.game import Game

    with pytest.raises(Rejected) as e:
        handle(Game(mini).state, "not a command")
    assert e.value.reason == "unknown command str"
    with pytest.raises(Rejected) as e:
        Game(mini).do(C.StartGame(seed=1, mode="chaotic"))
    assert e.value.reason == "unknown adjudication mode 'chaotic' (expected one of: rigid, semi, free)"
    with pytest.raises(Rejected) as e:
        Game(mini).do(C.StartGame(seed=1, mode="semi", players={"USA": "Blue", "FRA": "x", "IND": "y"}))
    assert e.value.reason == "players named for delegations not in the scenario: FRA, IND"


def test_a_requirement_names_its_unmet_text_or_its_condition(tmp_path):
    def change(doc):
        del inject(doc, "incubator")["options"]["KOR"][1]["unmet"]
    g = started(variant(tmp_path, change))
    g.state.tracks["support.KOR"] = 2
    with pytest.raises(Rejected) as e:
        g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    assert e.value.reason == "'Abstain' is not available: track(\"support\", KOR) >= 3"


# ------------------------------------------------------------------ views

def test_changes_this_turn_are_against_the_end_of_the_last_turn(mini):
    g = started(mini)
    assert g.state.changes_this_turn() == {}
    g.do(C.AdjustTrack("mda", 3, "a long enough reason"))
    g.do(C.AdjustTrack("escalation", -1, "a long enough reason"))
    assert g.state.changes_this_turn() == {"mda": 3, "escalation": -1}
    g.do(C.AdjustTrack("escalation", 1, "a long enough reason"))
    assert g.state.changes_this_turn() == {"mda": 3}


def test_changes_this_turn_start_again_each_turn(mini):
    g = _revealed(mini)
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    g.do(C.Respond("PRC", "coerce"))
    g.do(C.EndTurn())
    assert g.state.changes_this_turn() == {}
    g.do(C.AdjustTrack("mda", -1, "a long enough reason"))
    assert g.state.changes_this_turn() == {"mda": -1}
    assert g.state.history[0]["mda"] == 2 and g.state.history[1]["mda"] == g.state.tracks["mda"] + 1


def test_unresolved_and_first_unresolved_follow_the_expected_order(mini):
    g = _revealed(mini)
    s = g.state
    assert [m.delegation for m in s.unresolved()] == ["USA", "JPN", "KOR"]
    assert s.first_unresolved().delegation == "USA"
    g.do(C.Roll("incubator", "USA", physical=50))
    g.do(C.Resolve("incubator", "USA"))
    assert [m.delegation for m in s.unresolved()] == ["JPN", "KOR"]
    assert s.first_unresolved().delegation == "JPN"
    for d in ("JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    assert s.unresolved() == [] and s.first_unresolved() is None


def test_unresolved_skips_expected_moves_not_yet_made(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join"))
    assert [m.delegation for m in g.state.unresolved()] == ["JPN"]
    assert g.state.first_unresolved().delegation == "JPN"


def test_the_analyst_sees_sealed_moves_and_nobody_else_does(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join"))
    s = g.state
    assert s.move_for("incubator", "JPN", viewer="analyst").option == "join"
    assert s.move_for("incubator", "JPN", viewer="Analyst") is None
    assert s.move_for("incubator", "USA", viewer="analyst") is None
    assert (s.status_of("incubator", "JPN"), s.status_of("incubator", "USA")) == ("sealed", "waiting")


def test_outcome_and_success_queries(mini):
    g = _revealed(mini)
    s = g.state
    assert s.outcome("incubator", "USA") == "" and s.succeeded("incubator", "USA") is False
    g.do(C.Roll("incubator", "USA", physical=10))
    g.do(C.Resolve("incubator", "USA"))
    g.do(C.Roll("incubator", "JPN", physical=99))
    g.do(C.Resolve("incubator", "JPN"))
    assert s.outcome("incubator", "USA") == "major-success" and s.succeeded("incubator", "USA") is True
    assert s.outcome("incubator", "JPN") == "setback" and s.succeeded("incubator", "JPN") is False
    assert [m.delegation for m in s.past_moves] == ["USA", "JPN"]
    assert s.outcomes == {("incubator", "USA"): "major-success", ("incubator", "JPN"): "setback"}


def test_the_state_has_no_extra_variables(mini):
    g = started(mini)
    with pytest.raises(KeyError) as e:
        g.state.var("roll")
    assert e.value.args == ("roll",)


def test_the_snapshot_names_every_part_of_the_position(mini):
    g = _revealed(mini)
    g.do(C.Roll("incubator", "USA", physical=50))
    snap = g.state.snapshot()
    assert list(snap) == ["turn", "phase", "mode", "seed", "tracks", "history", "active", "fired", "expected",
                          "moves", "chosen", "outcomes", "responded", "proposals", "rolls", "notes", "overrides",
                          "assessment", "events", "bots", "timer"]
    assert (snap["turn"], snap["phase"], snap["mode"], snap["seed"]) == (1, "adjudication", "semi", 7)
    assert snap["tracks"] == g.state.tracks and snap["history"] == [g.state.history[0]]
    assert (snap["active"], snap["fired"]) == (["incubator"], ["incubator"])
    assert snap["expected"] == [["incubator", "USA"], ["incubator", "JPN"], ["incubator", "KOR"]]
    assert snap["moves"]["incubator/USA"]["status"] == "rolled" and snap["moves"]["incubator/USA"]["roll"] == 50
    assert snap["chosen"] == [("JPN", "join", "incubator"), ("KOR", "join", "incubator"),
                              ("USA", "convene", "incubator")]
    assert (snap["outcomes"], snap["responded"], snap["proposals"]) == ({}, [], {})
    assert (snap["rolls"], snap["notes"], snap["overrides"], snap["assessment"], snap["events"]) == (0, 0, 0, None, 7)
    assert (snap["bots"], snap["timer"]) == ({}, None)


def test_combined_moves_and_adjustments_are_kept_for_the_turns_report(mini):
    g = _revealed(mini)
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        events = g.do(C.Resolve("incubator", d))
    combined = [e for e in events if e["type"] == "combined-applied"]
    assert g.state.turn_combined == combined and len(combined) == 1
    adj = g.do(C.AdjustTrack("mda", 1, "a long enough reason"))[0]
    assert g.state.overrides == [adj]


# ------------------------------------------------------------------ effect arithmetic

def test_effects_on_one_track_add_up_before_clamping(mini):
    g = started(mini)
    assert evaluate_effects(g.state, [("mda", 1), ("escalation", 2), ("mda", 2)]) == [["mda", 3, 2, 5],
                                                                                      ["escalation", 2, 3, 5]]
    assert evaluate_effects(g.state, [("mda", 7), ("mda", 7)]) == [["mda", 14, 2, 10]]


@pytest.mark.parametrize("delta, line", [
    (1.0, ["mda", 1, 2, 3]),
    (0.5, ["mda", 0.5, 2, 2.5]),
    (0.1 + 0.2, ["mda", 0.3, 2, 2.3]),
    (1 / 3, ["mda", 0.333333, 2, 2.333333]),
    (-2.0, ["mda", -2, 2, 0]),
])
def test_amounts_are_logged_as_whole_numbers_when_whole_and_to_six_places_otherwise(mini, delta, line):
    g = started(mini)
    ev = g.do(C.AdjustTrack("mda", delta, "a long enough reason"))[0]
    assert ev["effects"] == [line]
    assert [type(x) for x in ev["effects"][0][1:]] == [type(x) for x in line[1:]]


def test_a_sealed_move_holds_what_was_submitted_and_nothing_else_yet(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship", argument="Soft power works",
                      rationale="We can spare one"))
    m = g.state.moves[("incubator", "USA")]
    assert (m.inject, m.delegation, m.option, m.action, m.argument, m.rationale, m.status) == (
        "incubator", "USA", None, "Send a hospital ship", "Soft power works", "We can spare one", "sealed")
    assert m.is_free
    for slot in ("probability", "breakdown", "target", "roll", "physical", "proposed", "outcome", "by", "reason",
                 "effects"):
        assert getattr(m, slot) is None, slot


def test_a_delegation_without_options_on_an_inject_can_only_act_freely(mini):
    g = _revealed(mini)
    for d in JOIN:
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    g.do(C.Respond("PRC", "coerce"))
    g.do(C.EndTurn())
    assert ("review", "JPN") in g.state.expected
    with pytest.raises(Rejected) as e:
        g.do(C.SubmitMove("review", "JPN", "extend"))
    assert e.value.reason == "'extend' is not an option for JPN on 'review'"
    g.do(C.SubmitMove("review", "JPN", action="Back the review"))


def test_an_unknown_note_kind_lists_the_kinds(mini):
    g = started(mini)
    with pytest.raises(Rejected) as e:
        g.do(C.AddNote("a real note", "gossip"))
    assert e.value.reason == "unknown note kind 'gossip' (expected one of: hotwash, control, improvement, observation)"

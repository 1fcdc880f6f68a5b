"""view_for: each viewer sees only what it may; a sealed move reaches nobody else before the reveal."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from tests.engine.helpers import started, submit_all
from tests.engine.strategies import candidates
from wargame.engine import commands as C
from wargame.engine.engine import apply, handle
from wargame.engine.game import Game, fold
from wargame.engine.views import view_for
from wargame.scenario.load import load_scenario
from wargame.sim.policies import available_options

CS = load_scenario(MINI)
OTHERS = ("room", "observer")


def dump(view) -> str:
    return json.dumps(view, ensure_ascii=False, sort_keys=True)


def test_views_are_json_data(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join", rationale="trust"))
    for viewer in ("control", "room", "observer", "USA", "JPN", "KOR"):
        v = view_for(g.state, viewer)
        assert json.loads(json.dumps(v)) == v
        assert v["viewer"] == viewer and v["turn"] == 1 and v["phase"] == "deliberation"


def test_unknown_viewer_is_refused(mini):
    with pytest.raises(ValueError, match="unknown viewer"):
        view_for(started(mini).state, "PRC")


def test_delegation_sees_its_own_sealed_move_and_only_statuses_of_others(mini):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "JPN", "join", rationale="JPN-SECRET-RATIONALE"))
    g.do(C.SubmitMove("incubator", "USA", action="USA-SECRET-ACTION", argument="USA-SECRET-ARGUMENT",
                      rationale="USA-SECRET-RATIONALE"))
    jpn = view_for(g.state, "JPN")
    (task,) = jpn["me"]["tasks"]
    assert task["move"]["option"] == "join" and task["move"]["rationale"] == "JPN-SECRET-RATIONALE"
    assert task["can_withdraw"] and not task["can_submit"]
    assert {s["delegation"]: s["status"] for s in jpn["status"]} == {"USA": "sealed", "JPN": "sealed",
                                                                   "KOR": "waiting"}
    assert jpn["moves"] == []
    text = dump(jpn)
    assert "USA-SECRET" not in text
    for viewer in ("KOR", "room", "observer"):
        text = dump(view_for(g.state, viewer))
        assert "SECRET" not in text, viewer
    control = dump(view_for(g.state, "control"))
    assert "USA-SECRET-ACTION" in control and "JPN-SECRET-RATIONALE" in control


def test_delegation_sees_its_brief_and_not_the_others(mini):
    v = view_for(started(mini).state, "KOR")
    assert v["me"]["brief"]["role"] == "Korea weighs China exposure."
    assert [o["id"] for o in v["me"]["brief"]["objectives"]] == ["support"]
    text = dump(v)
    assert "Japan weighs joining" not in text and "The United States convenes" not in text
    assert "Divide the partners" not in text  # an actor's intent card is Control's


def test_options_show_stance_odds_and_greyed_unmet_requirements(mini):
    g = started(mini)
    g.state.tracks["support.KOR"] = 2  # below the requirement of 'abstain'
    (task,) = view_for(g.state, "KOR")["me"]["tasks"]
    opts = {o["id"]: o for o in task["options"]}
    assert opts["join"]["available"] and opts["join"]["probability"] == 0.5 and opts["join"]["stance"] == "cooperative"
    assert not opts["abstain"]["available"]
    assert opts["abstain"]["unmet"] == "Needs domestic support"
    assert opts["abstain"]["requires"] == 'track("support", KOR) >= 3'
    (jtask,) = view_for(g.state, "JPN")["me"]["tasks"]
    join = next(o for o in jtask["options"] if o["id"] == "join")
    # mda starts at 2, so the modifier applies: 60% + 10%, with the breakdown the ruleset shows
    assert join["probability"] == 0.7 and join["breakdown"] == [["Base odds", 0.6], ["Shared picture helps", 0.1]]
    assert join["target"] == 70


def test_after_reveal_everyone_sees_moves_and_adjudication(mini):
    g = started(mini, mode="semi")
    submit_all(g, {"USA": "convene", "JPN": "join", "KOR": "join"})
    g.do(C.Reveal())
    for viewer in ("room", "observer", "USA"):
        v = view_for(g.state, viewer)
        assert {m["delegation"]: m["option"] for m in v["moves"]} == {"USA": "convene", "JPN": "join", "KOR": "join"}
        assert all(m["rationale"].endswith("rationale") for m in v["moves"])
        usa = next(m for m in v["moves"] if m["delegation"] == "USA")
        assert usa["probability"] == 0.7 and usa["roll"] is None
    g.do(C.Roll("incubator", "USA", physical=99))
    g.do(C.Resolve("incubator", "USA", "success", "Control judges the convening worked"))
    usa = next(m for m in view_for(g.state, "room")["moves"] if m["delegation"] == "USA")
    assert usa["roll"] == 99 and usa["proposed"] == "setback" and usa["outcome"] == "success"
    assert usa["overridden"] and usa["reason"] == "Control judges the convening worked"
    assert usa["effects"] == [{"key": "mda", "label": "Maritime domain awareness", "delta": 2, "before": 2,
                               "after": 4}]
    timeline = [e["text"] for e in view_for(g.state, "KOR")["timeline"]]
    assert timeline[0].startswith("Turn 1 (2027-03-01): An incubator at sea")
    assert "Moves revealed" in timeline
    assert any(t.startswith("United States — Convene: Success (Control: Control judges") for t in timeline)


def finish_turn(g):
    from wargame.sim.autoplay import Driver

    d = Driver("first", 1)
    turn = g.state.turn
    while g.state.turn == turn and not g.state.ended:
        g.do(d.next_command(g.state))


def test_control_text_that_stays_private(mini):
    g = started(mini)
    g.do(C.AddNote("PRIVATE-HOTWASH", "hotwash"))
    g.do(C.AddNote("PRIVATE-CONTROL", "control"))
    submit_all(g, {"USA": "convene", "JPN": "join", "KOR": "join"})
    g.do(C.Reveal())
    from wargame.sim.autoplay import Driver

    d = Driver("first", 1)
    while g.state.phase == "adjudication":
        g.do(d.next_command(g.state))
    actor = next(iter(g.state.proposals))
    g.do(C.Respond(actor, None, "PRIVATE-RESPONSE-REASON holds them back"))
    g.do(C.AdjustTrack("mda", 1, "PUBLIC-ADJUST-REASON the room saw it"))
    for viewer in ("room", "observer", "USA", "JPN", "KOR"):
        text = dump(view_for(g.state, viewer))
        assert "PRIVATE" not in text, viewer
        assert "PUBLIC-ADJUST-REASON" in text
        responses = view_for(g.state, viewer)["responses"]
        assert responses[0]["actor"] == actor and responses[0]["label"] is None
    control = dump(view_for(g.state, "control"))
    assert "PRIVATE-HOTWASH" in control and "PRIVATE-RESPONSE-REASON" in control


def test_control_notes_of_a_shipped_scenario_never_reach_the_room():
    from wargame.scenario.load import load_scenario, resolve_scenario

    cs = load_scenario(resolve_scenario("incubator-at-sea"))
    g = started(cs)
    notes = [cs.injects[i].inject.control_notes.strip() for i in g.state.active if cs.injects[i].inject.control_notes]
    assert notes, "the scenario should have Control notes on its first injects"
    for viewer in ("room", "observer", *cs.delegations):
        text = dump(view_for(g.state, viewer))
        for note in notes:
            assert note[:60] not in text
    assert notes[0][:60] in dump(view_for(g.state, "control"))


def test_observer_notes_are_for_observers_and_control(mini):
    g = started(mini)
    g.do(C.AddNote("OBSERVED-KOR-HESITATES", "observation", inject="incubator", by="observer"))
    assert view_for(g.state, "observer")["notes"][0] == {"turn": 1, "phase": "deliberation", "inject": "incubator",
                                                         "text": "OBSERVED-KOR-HESITATES", "by": "observer",
                                                         "kind": "observation"}
    for viewer in ("room", "USA", "KOR"):
        assert "OBSERVED" not in dump(view_for(g.state, viewer))
    assert "OBSERVED" in dump(view_for(g.state, "control"))


def test_observer_notes_of_earlier_turns_stay_in_view(mini):
    """The state keeps only this turn's notes, but observers still see every note they wrote, and
    Control sees them ahead of this turn's notes; a Control note of an earlier turn is left to the log."""
    g = started(mini)
    g.do(C.AddNote("TURN-ONE-OBSERVATION", "observation", inject="incubator", by="observer"))
    g.do(C.AddNote("TURN-ONE-CONTROL", "control"))
    finish_turn(g)
    assert g.state.turn == 2 and g.state.notes == []
    g.do(C.AddNote("TURN-TWO-CONTROL", "control"))
    assert [n["text"] for n in view_for(g.state, "observer")["notes"]] == ["TURN-ONE-OBSERVATION"]
    control = view_for(g.state, "control")["control"]["notes"]
    assert [(n["turn"], n["text"]) for n in control] == [(1, "TURN-ONE-OBSERVATION"), (2, "TURN-TWO-CONTROL")]
    for viewer in ("room", "USA"):
        assert "TURN-ONE-OBSERVATION" not in dump(view_for(g.state, viewer))
    assert fold(mini, g.events).observer_notes == g.state.observer_notes


def test_timer_and_bots_appear_in_every_view(mini):
    g = started(mini)
    g.do(C.SetTimer(600, "2027-01-15T08:10:00.000Z"))
    g.do(C.AssignBot("KOR", "random"))
    for viewer in ("room", "JPN"):
        v = view_for(g.state, viewer)
        assert v["timer"] == {"seconds": 600, "deadline": "2027-01-15T08:10:00.000Z", "expired": False, "late": []}
        assert next(d for d in v["delegations"] if d["code"] == "KOR")["bot"] == "random"
    g.do(C.ExpireTimer())
    v = view_for(g.state, "room")
    assert v["timer"]["expired"] and ["incubator", "KOR"] in v["timer"]["late"]
    assert v["timeline"][-1]["text"] == "Time is up; still deliberating: United States, Japan, Republic of Korea"


def test_end_of_game_shows_the_assessment(mini):
    from wargame.sim.autoplay import Driver, play_to_end

    g = started(mini)
    play_to_end(g, Driver("first", 1))
    v = view_for(g.state, "room")
    assert v["phase"] == "ended" and v["ended"]["reason"] == "last turn played"
    assert {a["delegation"] for a in v["ended"]["assessment"]} == {"USA", "JPN", "KOR"}


# ------------------------------------------------------------------ the secrecy property
MARK = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=12).map(lambda s: "QZ" + s + "QZ")


def _advance(g: Game, picks: list[int]) -> None:
    """Play a random legal prefix of a game (rejected picks are skipped)."""
    from wargame.engine.commands import Rejected

    for p in picks:
        if g.state.ended:
            return
        opts = candidates(g.state)
        try:
            g.do(opts[p % len(opts)])
        except Rejected:
            pass


def _variants(g: Game, inject: str, d: str, marks: list[str]):
    """Two states that differ only in what `d` sealed on `inject` (option or free-form, marked text)."""
    opts = available_options(g.state, inject, d)
    moves = [C.SubmitMove(inject, d, option=o, rationale=marks[0]) for o in opts]
    moves.append(C.SubmitMove(inject, d, action=marks[1], argument=marks[2], rationale=marks[3]))
    out = []
    for cmd in (moves[0], moves[-1]):
        alt = fold(CS, g.events)
        for ev in handle(alt, cmd):
            apply(alt, ev)
        out.append(alt)
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), mode=st.sampled_from(["rigid", "semi", "free"]),
       picks=st.lists(st.integers(0, 10_000), max_size=80), marks=st.lists(MARK, min_size=4, max_size=4, unique=True),
       which=st.integers(0, 100))
def test_no_view_but_its_own_shows_a_sealed_move_before_the_reveal(seed, mode, picks, marks, which):
    """For random games: whatever a delegation seals, every other viewer's view is byte-for-byte the
    same (so no option id, action, argument or rationale of it can be in there), and marked text
    of it appears only in its own and Control's views."""
    g = Game(CS)
    g.do(C.StartGame(seed=seed, mode=mode))
    _advance(g, picks)
    if g.state.phase != "deliberation" or not g.state.pending_moves():
        return
    pending = g.state.pending_moves()
    inject, d = pending[which % len(pending)]
    a, b = _variants(g, inject, d, marks)
    for viewer in ("room", "observer", *CS.delegations):
        if viewer == d:
            continue
        va, vb = view_for(a, viewer), view_for(b, viewer)
        assert va == vb, f"{viewer}'s view depends on what {d} sealed"
        for state in (a, b):
            text = dump(view_for(state, viewer))
            assert not any(m in text for m in marks), f"{viewer} sees {d}'s sealed text"
    own = dump(view_for(b, d))
    assert marks[3] in own and marks[3] in dump(view_for(b, "control"))

"""Rules for play from devices: attribution, the deliberation timer, bot seats, observer notes."""

from __future__ import annotations

import pytest

from tests.engine.helpers import started
from wargame.engine import commands as C
from wargame.engine.commands import Rejected
from wargame.engine.game import fold


def test_a_seat_move_records_who_sealed_it_and_control_records_nothing(mini):
    g = started(mini)
    (ev,) = g.do(C.SubmitMove("incubator", "JPN", "join", rationale="r", by="JPN"))
    assert ev["by"] == "JPN" and g.state.moves[("incubator", "JPN")].submitted_by == "JPN"
    (ev,) = g.do(C.SubmitMove("incubator", "USA", "convene"))
    assert "by" not in ev and g.state.moves[("incubator", "USA")].submitted_by is None
    (ev,) = g.do(C.ReopenMove("incubator", "JPN", "we rethought", by="JPN"))
    assert ev == {"type": "move-reopened", "turn": 1, "inject": "incubator", "delegation": "JPN",
                  "reason": "we rethought", "by": "JPN"}


def test_a_seat_acts_only_for_its_own_delegation(mini):
    g = started(mini)
    before = g.state.snapshot()
    for bad in (C.SubmitMove("incubator", "JPN", "join", by="KOR"),
                C.SubmitMove("incubator", "JPN", "join", by="control"),
                C.SubmitMove("incubator", "JPN", "join", by=5)):
        with pytest.raises(Rejected, match="own seat or Control|bot name"):
            g.do(bad)
    g.do(C.SubmitMove("incubator", "JPN", "join", by="JPN"))
    with pytest.raises(Rejected, match="JPN's own seat"):
        g.do(C.ReopenMove("incubator", "JPN", "", by="KOR"))
    with pytest.raises(Rejected, match="JPN's own seat"):
        g.do(C.ReopenMove("incubator", "JPN", "", by="bot:random"))
    assert g.state.snapshot()["moves"].keys() == {"incubator/JPN"}
    assert before["moves"] == {}


def test_a_bot_seals_only_authored_options(mini):
    g = started(mini)
    with pytest.raises(Rejected, match="never a free-form action"):
        g.do(C.SubmitMove("incubator", "KOR", action="improvise", by="bot:random"))
    with pytest.raises(Rejected, match="not a bot name"):
        g.do(C.SubmitMove("incubator", "KOR", "join", by="bot:Bad Name"))
    (ev,) = g.do(C.SubmitMove("incubator", "KOR", "join", by="bot:cautious"))
    assert ev["by"] == "bot:cautious"


def test_timer_set_extend_expire(mini):
    g = started(mini)
    with pytest.raises(Rejected, match="no countdown"):
        g.do(C.ExpireTimer())
    with pytest.raises(Rejected, match="not a deadline"):
        g.do(C.SetTimer(300, "soon"))
    with pytest.raises(Rejected, match="1 to 86400"):
        g.do(C.SetTimer(0, "2027-01-15T08:05:00.000Z"))
    g.do(C.SetTimer(300, "2027-01-15T08:05:00.000Z"))
    (ev,) = g.do(C.ExtendTimer(90))
    assert ev["deadline"] == "2027-01-15T08:06:30.000Z"
    assert g.state.timer == {"seconds": 390, "deadline": "2027-01-15T08:06:30.000Z", "expired": False, "late": []}
    g.do(C.SubmitMove("incubator", "USA", "convene"))
    (ev,) = g.do(C.ExpireTimer())
    assert ev["late"] == [["incubator", "JPN"], ["incubator", "KOR"]]
    with pytest.raises(Rejected, match="no countdown is running"):
        g.do(C.ExtendTimer(60))
    g.do(C.SetTimer(120, "2027-01-15T08:09:00.000Z"))  # Control waits: a new countdown
    assert not g.state.timer["expired"]


def test_timer_runs_only_in_deliberation_and_resets_each_turn(mini):
    from wargame.sim.autoplay import Driver

    g = started(mini)
    g.do(C.SetTimer(300, "2027-01-15T08:05:00.000Z"))
    d = Driver("first", 1)
    while g.state.phase == "deliberation":
        g.do(d.next_command(g.state))
    with pytest.raises(Rejected, match="during deliberation"):
        g.do(C.SetTimer(300, "2027-01-15T08:05:00.000Z"))
    while g.state.turn == 1:
        g.do(d.next_command(g.state))
    assert g.state.timer is None


def test_bot_assignment(mini):
    g = started(mini)
    with pytest.raises(Rejected, match="not a delegation"):
        g.do(C.AssignBot("GBR", "random"))
    with pytest.raises(Rejected, match="not a policy name"):
        g.do(C.AssignBot("KOR", "Robot!"))
    g.do(C.AssignBot("KOR", "random"))
    with pytest.raises(Rejected, match="already played by a random bot"):
        g.do(C.AssignBot("KOR", "random"))
    g.do(C.AssignBot("KOR", None))
    assert g.state.bots == {}
    assert fold(mini, g.events).snapshot() == g.state.snapshot()


def test_observer_notes_are_tied_to_an_inject_of_the_game(mini):
    g = started(mini)
    (ev,) = g.do(C.AddNote("KOR hesitates", "observation", inject="incubator", by="observer"))
    assert ev["inject"] == "incubator" and ev["by"] == "observer"
    with pytest.raises(Rejected, match="not an inject of this game"):
        g.do(C.AddNote("x", "observation", inject="review", by="observer"))  # fires in turn 2
    with pytest.raises(Rejected, match="is an observation"):
        g.do(C.AddNote("x", "hotwash", by="observer"))
    with pytest.raises(Rejected, match="Control or an observer"):
        g.do(C.AddNote("x", "observation", by="JPN"))
    (ev,) = g.do(C.AddNote("hot wash", "hotwash"))
    assert "inject" not in ev and "by" not in ev

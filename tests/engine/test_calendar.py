"""The in-game calendar and which injects a new turn brings: what the briefing shows the room."""

from __future__ import annotations

import pytest

from tests.engine.helpers import started
from tests.engine.variants import inject, variant
from wargame.engine import commands as C
from wargame.engine.state import turn_date


@pytest.mark.parametrize("start, step, turn, date", [
    ("2027-03-01", "1 day", 1, "2027-03-01"),
    ("2027-03-01", "1 day", 2, "2027-03-02"),
    ("2027-02-27", "3 days", 2, "2027-03-02"),
    ("2027-03-01", "1 week", 3, "2027-03-15"),
    ("2027-03-01", "2 weeks", 2, "2027-03-15"),
    ("2027-03-01", "1 month", 2, "2027-04-01"),
    ("2027-01-31", "1 month", 2, "2027-02-28"),
    ("2028-01-31", "1 month", 2, "2028-02-29"),
    ("2027-11-30", "3 months", 2, "2028-02-29"),
    ("2027-03-01", "1 year", 2, "2028-03-01"),
    ("2028-02-29", "1 year", 2, "2029-02-28"),
    ("2027-03-01", "2 years", 3, "2031-03-01"),
    ("2027-03-01", "a fortnight", 5, "2027-03-01"),  # an unknown step keeps the start date
    ("2100-01-31", "1 month", 2, "2100-02-28"),  # 2100 is not a leap year
    ("2000-01-31", "1 month", 2, "2000-02-29"),  # 2000 is
    ("2030-01-31", "1 month", 2, "2030-02-28"),
])
def test_turn_dates(start, step, turn, date):
    assert turn_date(start, step, turn) == date


def test_the_header_is_kept_and_each_turn_opens_on_its_date(mini):
    g = started(mini)
    assert g.state.header is g.events[0] and g.state.header["type"] == "game-started"
    assert g.events[1]["date"] == "2027-03-01" and g.state.date(2) == "2027-04-01"


def test_conditions_of_a_new_turns_injects_see_that_turn(tmp_path):
    def change(doc):
        inject(doc, "review")["when"] = "turn == 2"  # scheduled for turn 2, and only if it is turn 2
        inject(doc, "flare")["when"] = "turn >= 2"  # a trigger that waits for the calendar
    g = started(variant(tmp_path, change))
    assert g.state.active == ["incubator"]
    for d, o in {"USA": "convene", "JPN": "join", "KOR": "join"}.items():
        g.do(C.SubmitMove("incubator", d, o))
    g.do(C.Reveal())
    for d in ("USA", "JPN", "KOR"):
        g.do(C.Roll("incubator", d, physical=50))
        g.do(C.Resolve("incubator", d))
    g.do(C.Respond("PRC", "coerce"))
    g.do(C.EndTurn())
    assert g.state.active == ["flare", "review"]


def test_a_month_end_start_meets_every_months_end():
    ends = [turn_date("2027-01-31", "1 month", t) for t in range(1, 13)]
    assert ends == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30",
                    "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31", "2027-11-30", "2027-12-31"]
    assert turn_date("2027-01-31", "1 month", 14) == "2028-02-29"


def test_before_the_start_the_state_is_the_scenarios_opening_position(mini):
    from wargame.engine.game import Game

    s = Game(mini).state
    assert s.snapshot() == {
        "turn": 0, "phase": "setup", "mode": "semi", "seed": 0,
        "tracks": {"escalation": 3, "mda": 2, "support.USA": 6, "support.JPN": 5, "support.KOR": 4,
                   "trust.JPN-KOR": 3},
        "history": [{"escalation": 3, "mda": 2, "support.USA": 6, "support.JPN": 5, "support.KOR": 4,
                     "trust.JPN-KOR": 3}],
        "active": [], "fired": [], "expected": [], "moves": {}, "chosen": [], "outcomes": {}, "responded": [],
        "proposals": {}, "rolls": 0, "notes": 0, "overrides": 0, "assessment": None, "events": 0,
        "bots": {}, "timer": None}
    assert (s.players, s.header, s.resolved, s.end_reason, s.ended) == ({}, {}, 0, "", False)
    assert s.date() == "2027-03-01"  # the briefing of turn 1 can be shown before the start


def test_a_started_game_names_every_delegations_players(mini):
    g = started(mini)
    assert g.events[0]["players"] == {"USA": "", "JPN": "", "KOR": ""}
    assert g.state.players == {"USA": "", "JPN": "", "KOR": ""}
    from wargame.engine.game import Game
    g2 = Game(mini)
    g2.do(C.StartGame(seed=1, mode="rigid", players={"KOR": "Team Seoul"}))
    assert g2.state.players == {"USA": "", "JPN": "", "KOR": "Team Seoul"}
    assert (g2.state.mode, g2.state.seed) == ("rigid", 1)

"""The balance simulator: deterministic across processes, counts that add up, readable and JSON output."""

from __future__ import annotations

import io
import json

import pytest

from tests.conftest import MINI
from wargame.scenario.load import load_scenario
from wargame.sim.simulate import format_text, game_policy, simulate


def _strip(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "throughput"}


def test_same_report_with_one_or_two_processes(mini):
    one = simulate(mini, games=48, seed=3, policy="mixed", jobs=1)
    two = simulate(mini, games=48, seed=3, policy="mixed", jobs=2)
    assert _strip(one) == _strip(two)
    assert two["throughput"]["jobs"] == 2 and one["throughput"]["games_per_second"] > 0
    assert _strip(simulate(mini, games=48, seed=3, policy="mixed")) == _strip(one)  # and run to run
    assert _strip(simulate(mini, games=48, seed=4, policy="mixed")) != _strip(one)


def test_counts_add_up_and_rates_are_shares(mini):
    n = 60
    r = simulate(mini, games=n, seed=1, policy="mixed")
    assert r["games"] == n and sum(r["policies"].values()) == n and 0 < r["policies"]["first"] < n
    for iid, reach in r["injects"].items():
        assert 0 <= reach["reached"] <= 1 and reach["reached"] == pytest.approx(reach["games"] / n, abs=1e-4)
        for d, row in r["options"][iid].items():
            assert row["moves"] == reach["games"], (iid, d)  # every addressed delegation moves once per firing
            assert sum(o["picks"] for o in row["options"].values()) == row["moves"]
            for o in row["options"].values():
                assert 0 <= o["picked"] <= 1
                assert o["success"] is None or 0 <= o["success"] <= 1
    assert r["injects"]["incubator"]["reached"] == 1 and r["injects"]["review"]["reached"] == 1
    for key, t in r["tracks"].items():
        slot = mini.slots[key]
        assert slot.min <= t["p10"] <= t["p50"] <= t["p90"] <= slot.max
        assert slot.min <= t["mean"] <= slot.max and 0 <= t["at_min"] + t["at_max"] <= 1
    for d, o in r["objectives"].items():
        assert 0 <= o["mean_score"] <= 1 and all(0 <= x <= 1 for x in o["met"].values())


def test_first_policy_always_picks_the_first_available_option(mini):
    r = simulate(mini, games=10, seed=1, policy="first")
    assert r["options"]["incubator"]["USA"]["options"]["convene"]["picked"] == 1


def test_mixed_policy_is_per_game():
    picks = {game_policy("mixed", 9, i) for i in range(20)}
    assert picks == {"first", "random"} and game_policy("random", 9, 0) == "random"


DOMINANCE = """
format: 1
id: dominance
title: Dominance
summary: One obviously better option.
delegations:
  KOR:
    role: Korea.
    objectives: [{id: high, text: High, when: 'track("x") >= 5'}]
tracks: [{id: x, label: X, start: 3}]
turns: {count: 1, step: 1 month, start: 2027-01-01}
injects:
  - id: choice
    turn: 1
    title: Choice
    narrative: Choose.
    options:
      KOR:
        - {id: good, label: Good, description: Good., stance: cooperative, odds: 0.95, effects: {success: {x: 3}}}
        - {id: bad, label: Bad, description: Bad., stance: cautious, odds: 0.05, effects: {success: {x: 3}}}
        - {id: worse, label: Worse, description: Worse., stance: national, odds: 0.5, effects: {success: {x: -3}}}
"""


def test_dominant_and_dominated_options_and_saturation(tmp_path):
    path = tmp_path / "dominance.yaml"
    path.write_text(DOMINANCE)
    r = simulate(load_scenario(path), games=150, seed=2)
    assert [(x["inject"], x["delegation"], x["option"]) for x in r["dominant"]] == [("choice", "KOR", "good")]
    assert {x["option"] for x in r["dominated"]} == {"bad", "worse"}
    assert all(x["by"] == "good" for x in r["dominated"])
    assert r["saturating"] == []
    text = format_text(r)
    assert "choice KOR: good" in text and text.splitlines()[-1].startswith("Throughput: 150 games in")


def test_simulate_command_json_and_text(capsys):
    from wargame.cli import main

    assert main(["simulate", str(MINI), "--games", "12", "--seed", "2", "--format", "json", "-q"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["games"] == 12 and set(report) >= {"tracks", "objectives", "injects", "options", "dominant",
                                                      "dominated", "saturating", "throughput"}
    assert main(["simulate", str(MINI), "--games", "12", "--mode", "semi", "--policy", "first"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Mini exercise — 12 games, seed 1, first policy, semi adjudication")
    assert "Injects reached" in out and "games/s" in out.splitlines()[-1]
    assert "simulate mini: 12/12 games" in err  # plain counter lines when stderr is not a terminal
    assert main(["simulate", str(MINI), "--games", "0"]) == 2
    assert main(["simulate", "no-such-scenario"]) == 1


def test_semi_mode_gives_the_same_games_as_rigid(mini):
    rigid = _strip(simulate(mini, games=20, seed=5, mode="rigid"))
    semi = _strip(simulate(mini, games=20, seed=5, mode="semi"))
    assert {k: v for k, v in rigid.items() if k != "mode"} == {k: v for k, v in semi.items() if k != "mode"}


def test_progress_bar_on_a_terminal_and_lines_otherwise():
    from wargame.commands.simulate import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    bar = Progress(tty, "sim", width=10)
    bar(5, 10)
    bar(10, 10)
    assert "\rsim [##########] 10/10 games" in tty.getvalue() and tty.getvalue().endswith("\n")
    plain = io.StringIO()
    lines = Progress(plain, "sim")
    for done in range(1, 101):
        lines(done, 100)
    out = plain.getvalue().splitlines()
    assert out[-1] == "sim: 100/100 games" and len(out) <= 12 and "\r" not in plain.getvalue()


def test_records_are_aggregated_as_games_finish(mini, monkeypatch):
    """Memory does not grow with --games (#12): no game's record outlives its aggregation.

    Each record is wrapped so that the records alive at once are counted; keeping them all
    until the end (as a list) would make that the number of games.
    """
    from wargame.sim import simulate as sim

    alive = {"now": 0, "most": 0}

    class Counted(tuple):
        def __new__(cls, record):
            alive["now"] += 1
            alive["most"] = max(alive["most"], alive["now"])
            return super().__new__(cls, record)

        def __del__(self):
            alive["now"] -= 1

    play_one = sim.play_one
    monkeypatch.setattr(sim, "play_one", lambda *a: Counted(play_one(*a)))
    kept = _strip(simulate(mini, games=120, seed=2, policy="mixed"))
    assert alive["most"] <= 2 and alive["now"] == 0, alive
    monkeypatch.setattr(sim, "play_one", play_one)
    assert kept == _strip(simulate(mini, games=120, seed=2, policy="mixed"))

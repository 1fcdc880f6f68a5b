"""The policy registry: names, the stance policies, and greedy's one-move-ahead expected score."""

from __future__ import annotations

import pytest

from tests.sim.test_simulate import DOMINANCE
from wargame.engine import commands as C
from wargame.engine.game import Game
from wargame.scenario.load import load_scenario
from wargame.sim.autoplay import Driver, play_to_end
from wargame.sim.policies import POLICIES, expected_score, level_shares, make_policy
from wargame.sim.simulate import simulate


@pytest.fixture()
def dominance(tmp_path):
    path = tmp_path / "dominance.yaml"
    path.write_text(DOMINANCE)
    return load_scenario(path)


def test_registry_is_keyed_by_name():
    assert set(POLICIES) >= {"first", "random", "cautious", "cooperative", "greedy"}
    for name in POLICIES:
        assert make_policy(name, 3).name == name
    with pytest.raises(ValueError, match="unknown policy 'bold'.*greedy"):
        make_policy("bold")


@pytest.mark.parametrize("stance", ["cautious", "cooperative"])
def test_stance_policies_take_their_stance_wherever_it_is_offered(mini, stance):
    g = Game(mini)
    g.do(C.StartGame(seed=4, mode="semi"))
    play_to_end(g, Driver(stance, 4))
    assert g.state.past_moves
    for m in g.state.past_moves:
        menu = mini.injects[m.inject].options.get(m.delegation, {})
        if m.option is not None and any(co.option.stance == stance for co in menu.values()):
            assert menu[m.option].option.stance == stance, (m.inject, m.delegation, m.option)


def test_expected_score_weights_each_outcome_level_exactly(dominance):
    g = Game(dominance)
    g.do(C.StartGame(seed=1, mode="semi"))
    st = g.state
    # KOR's one objective is x >= 5 from a start of 3; only the level `success` carries +3 on good/bad
    shares = level_shares(dominance, 95)
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["major-success"] == pytest.approx(0.28) and shares["success"] == pytest.approx(0.67)
    assert expected_score(st, "choice", "KOR", "good") == pytest.approx(shares["success"])
    assert expected_score(st, "choice", "KOR", "worse") == 0
    assert make_policy("greedy").move(st, "choice", "KOR").option == "good"


def test_greedy_beats_random_on_its_own_objectives(dominance):
    greedy = simulate(dominance, games=60, seed=1, policy="greedy")
    rand = simulate(dominance, games=60, seed=1, policy="random")
    assert greedy["options"]["choice"]["KOR"]["options"]["good"]["picked"] == 1
    assert greedy["objectives"]["KOR"]["mean_score"] > rand["objectives"]["KOR"]["mean_score"] + 0.3


def test_run_command_takes_every_registered_policy(tmp_path, capsys):
    from tests.conftest import MINI
    from wargame.cli import main

    for name in ("cautious", "greedy"):
        assert main(["run", str(MINI), "--policy", name, "--seed", "2", "--log", str(tmp_path / f"{name}.jsonl")]) == 0
        assert main(["replay", str(tmp_path / f"{name}.jsonl"), "--verify"]) == 0
    assert main(["run", str(MINI), "--policy", "bold", "--log", str(tmp_path / "x.jsonl")]) == 2
    assert "expected first, random, cautious, cooperative, greedy or script:FILE" in capsys.readouterr().err

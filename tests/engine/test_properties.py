"""Invariants over random games: ranges hold, rejections change nothing, fold(events) == live state."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.conftest import MINI
from tests.engine.strategies import candidates, game_commands
from wargame.engine import commands as C
from wargame.engine.commands import Rejected
from wargame.engine.game import Game, fold
from wargame.scenario.load import load_scenario

CS = load_scenario(MINI)


def play(seed, mode, picks):
    g = Game(CS)
    g.do(C.StartGame(seed=seed, mode=mode))
    rejected = 0
    for p in picks:
        if g.state.ended:
            break
        options = candidates(g.state)
        cmd = options[p % len(options)]
        before = g.state.snapshot()
        try:
            g.do(cmd)
        except Rejected:
            rejected += 1
            assert g.state.snapshot() == before, f"{cmd} was rejected but changed the state"
        for key, value in g.state.tracks.items():
            slot = CS.slots[key]
            assert slot.min <= value <= slot.max, f"{key}={value} left {slot.min}..{slot.max}"
    return g


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game_commands(CS))
def test_random_games_keep_invariants(args):
    g = play(*args)
    assert fold(CS, g.events).snapshot() == g.state.snapshot()


@settings(max_examples=60, deadline=None)
@given(game_commands(CS, max_steps=120))
def test_events_are_json_round_trippable(args):
    import json

    g = play(*args)
    again = [json.loads(json.dumps(e)) for e in g.events]
    assert again == g.events

"""Small helpers to drive the engine in tests."""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.game import Game


def started(cs, mode="semi", seed=7) -> Game:
    g = Game(cs)
    g.do(C.StartGame(seed=seed, mode=mode))
    return g


def submit_all(g: Game, choices: dict) -> None:
    """choices: delegation -> option id, for the turn's only inject of each delegation."""
    for inject, d in list(g.state.expected):
        g.do(C.SubmitMove(inject, d, choices[d], rationale=f"{d} rationale"))

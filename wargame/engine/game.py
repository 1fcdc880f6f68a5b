"""A game in memory: state plus the pure engine, for callers that don't need a log (simulation, tests)."""

from __future__ import annotations

from wargame.engine.engine import apply, handle
from wargame.engine.fold import fold_into
from wargame.engine.state import GameState
from wargame.scenario.compiled import CompiledScenario


class Game:
    def __init__(self, cs: CompiledScenario):
        self.state = GameState(cs)
        self.events: list[dict] = []

    def do(self, cmd) -> list[dict]:
        """Run a command; raises Rejected (state untouched) or returns the events it applied."""
        events = handle(self.state, cmd)
        fold_into(self.state, events)
        self.events.extend(events)
        return events


def fold(cs: CompiledScenario, events) -> GameState:
    state = GameState(cs)
    for ev in events:
        apply(state, ev)
    return state

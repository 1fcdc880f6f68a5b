"""Engine throughput: automatic games per second and cost per decision, on the largest scenario."""

from __future__ import annotations

import time

from benchmarks.util import largest_scenario, line


def run() -> None:
    from wargame.engine import commands as C
    from wargame.engine.game import Game
    from wargame.scenario.load import load_scenario
    from wargame.sim.autoplay import Driver, play_to_end

    scen = largest_scenario()
    cs = load_scenario(scen)
    games, events, decisions = 0, 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < 3.0:
        g = Game(cs)
        g.do(C.StartGame(seed=games, mode="semi"))
        decisions += play_to_end(g, Driver("random", games))
        events += len(g.events)
        games += 1
    dt = time.perf_counter() - start
    # Baseline in the same run: building the same number of event dicts and folding them, without rules.
    line(f"engine.games ({scen.stem})", games / dt, "games/s", target=">= 1000 games/s")
    line("engine.decision", dt / decisions * 1e6, "us per command")
    line("engine.event", dt / events * 1e6, "us per event", None)
    line("engine.events_per_game", events / games, "events")

"""Engine throughput: automatic games per second and cost per decision, on the largest scenario.

CPU time of this process (not wall time), so other work on the machine does not count against it.
"""

from __future__ import annotations

import time

from benchmarks.util import largest_scenario, line


def _games(cs, mode: str, seconds: float = 3.0) -> tuple[int, int, int, float]:
    from wargame.engine import commands as C
    from wargame.engine.game import Game
    from wargame.sim.autoplay import Driver, play_to_end

    games = events = decisions = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        g = Game(cs)
        g.do(C.StartGame(seed=games, mode=mode))
        decisions += play_to_end(g, Driver("random", games))
        events += len(g.events)
        games += 1
    return games, events, decisions, time.process_time() - start


def run() -> None:
    from wargame.engine.engine import apply
    from wargame.engine.state import GameState
    from wargame.scenario.load import load_scenario

    scen = largest_scenario()
    cs = load_scenario(scen)
    for mode in ("semi", "rigid"):
        games, events, decisions, dt = _games(cs, mode)
        # Baseline in the same run: folding the same number of already-made events (no rules, no policy).
        from wargame.engine import commands as C
        from wargame.engine.game import Game
        from wargame.sim.autoplay import Driver, play_to_end

        g = Game(cs)
        g.do(C.StartGame(seed=1, mode=mode))
        play_to_end(g, Driver("random", 1))
        t = time.process_time()
        for _ in range(50):
            s = GameState(cs)
            for ev in g.events:
                apply(s, ev)
        fold = (time.process_time() - t) / 50
        per_game = dt / games
        line(f"engine.games ({scen.stem}, {mode}, random policy)", games / dt, "games/s", fold / per_game,
             "folding a finished game's events", ">= 1000 games/s")
        line(f"engine.decision ({mode})", dt / decisions * 1e6, "us per command")
        line(f"engine.events_per_game ({mode})", events / games, "events")

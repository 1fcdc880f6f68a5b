"""Scale: the work of a turn grows linearly with the number of injects in it (#12, "Scale").

Counted, not timed: every Python line the engine and the automatic driver execute while a game
is played is counted with a trace function, for a turn of n and of 4n injects. Linear work gives a
ratio near 4; the quadratic scans this guards against (listing every pending move to take the
first, rescanning resolved moves) gave ratios of 12 and more.
"""

from __future__ import annotations

import sys

from wargame.engine import commands as C
from wargame.engine.game import Game
from wargame.scenario.load import load_scenario
from wargame.sim.autoplay import Driver, play_to_end
from tests.conftest import MINI


def _scenario(tmp_path, n: int):
    head = MINI.read_text(encoding="utf-8").split("\ninjects:")[0]
    lines = [head, "injects:"]
    lines += [f"  - {{id: i{i}, title: Inject {i}, turn: 1, narrative: Something happens.}}" for i in range(n)]
    path = tmp_path / f"many-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_scenario(path)


def _lines_to_play(cs, mode: str) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    game = Game(cs)
    sys.settrace(tracer)
    try:
        game.do(C.StartGame(seed=3, mode=mode))
        play_to_end(game, Driver("random", 3))
    finally:
        sys.settrace(None)
    assert game.state.ended
    return count


def test_a_turn_of_many_injects_costs_linear_work(tmp_path):
    small, large = _scenario(tmp_path, 100), _scenario(tmp_path, 400)
    assert len(large.injects) == 400
    for mode in ("semi", "rigid"):
        ratio = _lines_to_play(large, mode) / _lines_to_play(small, mode)
        assert ratio < 4.6, f"{mode}: 4x the injects cost {ratio:.1f}x the work"

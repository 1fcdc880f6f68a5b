"""TUI start: process start to the first rendered frame of the game screen (a resumed game, headless),
against an empty Textual app that exits on its first frame, both as fresh processes in the same run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.util import PY, largest_scenario, line, wall

EMPTY = """
from textual.app import App
class Empty(App):
    def on_ready(self):
        self.call_after_refresh(self.exit)
Empty().run(headless=True)
"""

GAME = """
import sys
from pathlib import Path
import wargame.tui.app
from wargame.tui.app import WargameApp
class Timed(WargameApp):
    # a subclass defined here resolves its styles from this script; point it at the app's own
    CSS_PATH = [str(Path(wargame.tui.app.__file__).parent / p) for p in WargameApp.CSS_PATH]
    def start_session(self, session):
        super().start_session(session)
        self.call_after_refresh(lambda: self.call_after_refresh(self.exit))
Timed(resume=Path(sys.argv[1])).run(headless=True)
"""


def _check(argv: list[str]) -> None:
    import subprocess

    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"tui benchmark app failed:\n{r.stderr[-2000:]}")


def run() -> None:
    from wargame.scenario.load import load_scenario
    from wargame.session import Session
    from wargame.sim.autoplay import Driver, play_to_end

    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "game.jsonl"
        s = Session.new(load_scenario(largest_scenario()), log, seed=3, mode="semi", fsync=False)
        play_to_end(s, Driver("random", 3), stop_after=60)  # mid-game: sealed and resolved moves on screen
        s.close()
        _check([PY, "-c", EMPTY])
        _check([PY, "-c", GAME, str(log)])
        base = wall([PY, "-c", EMPTY], repeat=7)
        game = wall([PY, "-c", GAME, str(log)], repeat=7)
        line("tui.first_frame (resumed game screen)", game * 1000, "ms", game / base,
             "empty Textual app to its first frame", "< 1.5x")

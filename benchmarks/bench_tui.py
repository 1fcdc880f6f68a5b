"""TUI speed: time from process start to the first drawn frame of each main screen, and from a
keypress to the repainted, idle app; each against an empty Textual app measured in the same run.

First frames are measured in fresh processes at 120x36 (headless): the parent notes the wall
clock just before starting the process and the app prints it when its first frame of the wanted
screen has been drawn, so interpreter start-up counts and process teardown does not. Rounds are
interleaved with the baseline's and the median of each side is compared.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.util import PY, ROOT, largest_scenario, line

SIZE = (120, 36)

# Every timed app runs this: poll until `ready(app)` holds, let two refreshes draw it, print the clock.
PRELUDE = f"""
import sys, time
from pathlib import Path
def timed(cls, ready):
    class Timed(cls):
        def on_mount(self):
            super_mount = getattr(super(), "on_mount", None)
            if super_mount:
                super_mount()
            self._probe = self.set_interval(0.002, self._check)
        def _check(self):
            if ready(self):
                self._probe.stop()
                self.call_after_refresh(lambda: self.call_after_refresh(self._done))
        def _done(self):
            print("FRAME", time.time(), flush=True)
            self.exit()
    return Timed
SIZE = {SIZE!r}
"""

EMPTY = PRELUDE + """
from textual.app import App
from textual.widgets import Static
class Empty(App):
    def compose(self):
        yield Static("ready")
timed(Empty, lambda app: True)().run(headless=True, size=SIZE)
"""

WARGAME = PRELUDE + """
import wargame.tui.app
from wargame.tui.app import WargameApp
class App(WargameApp):
    # a subclass defined here resolves its styles from this script; point it at the app's own
    CSS_PATH = [str(Path(wargame.tui.app.__file__).parent / p) for p in WargameApp.CSS_PATH]
def screen_is(name):
    return lambda app: type(app.screen).__name__ == name
def picker_listed(app):
    if type(app.screen).__name__ != "PickerScreen":
        return False
    found = app.screen.query("#scenarios")
    return bool(found) and found.first().display and found.first().option_count > 0
what, arg = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
if what == "game":
    timed(App, screen_is("GameScreen"))(resume=Path(arg)).run(headless=True, size=SIZE)
elif what == "replay":
    timed(App, screen_is("ReplayScreen"))(replay=Path(arg)).run(headless=True, size=SIZE)
else:
    timed(App, picker_listed)().run(headless=True, size=SIZE)
"""


def _first_frame(argv: list[str], env: dict) -> float:
    start = time.time()
    r = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env)
    for out_line in r.stdout.splitlines():
        if out_line.startswith("FRAME "):
            return float(out_line.split()[1]) - start
    raise SystemExit(f"tui benchmark app failed:\n{r.stderr[-2000:]}")


def _compare(name: str, argv: list[str], env: dict, target: str, rounds: int = 7) -> None:
    base_argv = [PY, "-c", EMPTY]
    _first_frame(base_argv, env)
    _first_frame(argv, env)  # warm-up: caches filled, files in the page cache
    base, fig = [], []
    for _ in range(rounds):
        base.append(_first_frame(base_argv, env))
        fig.append(_first_frame(argv, env))
    b, f = statistics.median(base), statistics.median(fig)
    line(name, f * 1000, "ms", f / b, "empty Textual app to its first frame", target)


def _mid_game_log(d: Path) -> Path:
    from wargame.scenario.load import load_scenario
    from wargame.session import Session
    from wargame.sim.autoplay import Driver, play_to_end

    log = d / "game.jsonl"
    s = Session.new(load_scenario(largest_scenario()), log, seed=3, mode="semi", fsync=False)
    play_to_end(s, Driver("random", 3), stop_after=60)  # mid-game: sealed and resolved moves on screen
    s.close()
    return log


# ------------------------------------------------------------------ keypress to repaint

async def _press_times(app, keys: list[str], ready, rounds: int) -> list[float]:
    out = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(400):
            if ready(app):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        for i in range(rounds):
            t = time.perf_counter()
            await pilot.press(keys[i % len(keys)])
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            out.append(time.perf_counter() - t)
    return out


def _keypress(log: Path) -> None:
    from textual.app import App
    from textual.widgets import Static

    import wargame.tui.app
    from wargame.tui.app import WargameApp

    class OneBinding(App):
        BINDINGS = [("down", "flip", "Flip"), ("up", "flip", "Flip")]

        def compose(self):
            yield Static("0", id="n")

        def action_flip(self) -> None:
            w = self.query_one("#n", Static)
            w.update(str(int(str(w.content)) + 1))

    class Game(WargameApp):
        CSS_PATH = [str(Path(wargame.tui.app.__file__).parent / p) for p in WargameApp.CSS_PATH]

    base, fig = [], []
    for _ in range(3):
        base += asyncio.run(_press_times(OneBinding(), ["down", "up"], lambda a: True, 8))
        fig += asyncio.run(_press_times(Game(resume=log), ["down", "up"],
                                        lambda a: type(a.screen).__name__ == "GameScreen", 8))
    b, f = statistics.median(base), statistics.median(fig)
    line("tui.keypress (game screen, cursor down/up: no command)", f * 1000, "ms", f / b,
         "an empty app with one binding", "<= 1.5x")


def run() -> None:
    env = {**os.environ, "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    with tempfile.TemporaryDirectory() as d:
        log = _mid_game_log(Path(d))
        env["WARGAME_DATA"] = str(Path(d) / "data")  # the picker lists no logs of the user's own
        _compare("tui.first_frame (resumed game screen, 120x36)", [PY, "-c", WARGAME, "game", str(log)], env,
                 "<= 2.0x")
        _compare("tui.first_frame (replay screen, 120x36)", [PY, "-c", WARGAME, "replay", str(log)], env,
                 "<= 2.0x")
        _compare("tui.first_frame (picker, scenarios listed, 120x36)", [PY, "-c", WARGAME, "picker"], env,
                 "<= 1.8x")
        _keypress(log)

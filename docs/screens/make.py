"""Regenerate the walkthrough screenshots: drives the facilitator with Textual's Pilot through a
game of the default scenario and saves one SVG per step here.

    .venv/bin/python docs/screens/make.py [SCENARIO]

Everything is played through the keys, as an instructor would; the game log goes to a temporary
folder. Screens are 120x36, the size every screen is designed to be fully usable at.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


async def wait_for(pilot, condition, timeout=10.0):
    for _ in range(int(timeout / 0.02)):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise SystemExit(f"timed out on {condition}")


def on(pilot, name):
    return lambda: type(pilot.app.screen).__name__ == name


async def walkthrough(scenario: str, data: Path) -> None:
    from textual.widgets import Input

    from wargame.tui.app import WargameApp

    Input._toggle_cursor = lambda self: None  # no blinking cursor in the pictures
    os.environ["WARGAME_DATA"] = str(data)
    shots = []

    def shot(app, name):
        app.save_screenshot(f"{name}.svg", path=str(HERE))
        shots.append(name)

    app = WargameApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: on(pilot, "PickerScreen")() and app.screen.entries)
        ol = app.screen.query_one("#scenarios")
        ids = [str(e[0].stem) for e in app.screen.entries]
        ol.highlighted = ids.index(scenario) if scenario in ids else 0
        await pilot.pause()
        shot(app, "01-picker")
        await pilot.press("enter")
        await wait_for(pilot, on(pilot, "SetupScreen"))
        app.screen.query_one("#seed").value = "2027"
        await pilot.press(*"Team Eagle")
        shot(app, "02-setup")
        await pilot.press("ctrl+s")
        await wait_for(pilot, on(pilot, "GameScreen"))
        st = app.session.state
        shot(app, "03-briefing")
        await pilot.press("m")
        await wait_for(pilot, on(pilot, "MoveDialog"))
        await pilot.press("enter", *"Lead by example")
        shot(app, "04-move-entry")
        await pilot.press("enter")
        await wait_for(pilot, on(pilot, "GameScreen"))
        shot(app, "05-sealed")
        table = app.screen.query_one("#status")
        while st.pending_moves():
            while st.status_of(*table.selected()) != "waiting":  # the cursor stays on a sealed row
                await pilot.press("down")
            await pilot.press("m")
            await wait_for(pilot, on(pilot, "MoveDialog"))
            if app.screen.choice() != "__free__":
                await pilot.press("enter", *"Our rationale", "enter")
            else:
                await pilot.press(*"Holds its position", "enter", *"Nothing to gain yet", "enter",
                                  *"Wait and see", "enter")
            await wait_for(pilot, on(pilot, "GameScreen"))
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        await pilot.press("r")
        await pilot.pause()
        shot(app, "06-adjudication")
        while st.phase == "adjudication":
            m = next(x for x in st.unresolved())
            n = len(st.unresolved())
            if m.is_free:
                await pilot.press("r")
                await wait_for(pilot, on(pilot, "RollDialog"))
                await pilot.press("enter")
                await wait_for(pilot, lambda: m.status == "rolled")
                await pilot.press("a")
                await wait_for(pilot, on(pilot, "DecideDialog"))
                await pilot.press("ctrl+s")
            else:
                await pilot.press(*(["r"] if m.status == "revealed" else []), "a")
            await wait_for(pilot, lambda: len(st.unresolved()) < n or st.phase != "adjudication")
        if st.phase == "responses":
            shot(app, "07-responses")
        while st.phase == "responses":
            n = len(st.proposals)
            await pilot.press("a")
            await wait_for(pilot, lambda: len(st.proposals) < n or st.phase != "responses")
        await pilot.press("h", *"The JPN delegation asked who owns the fused picture", "enter")
        await pilot.pause()
        shot(app, "08-outcome")
        await pilot.press("p")
        await wait_for(pilot, on(pilot, "ProjectorScreen"))
        shot(app, "09-projector")
        await pilot.press("escape")
        await wait_for(pilot, on(pilot, "GameScreen"))
        await pilot.press("e")
        await wait_for(pilot, on(pilot, "ReasonDialog"))
        await pilot.press(*"The class ran out of time after turn 1", "enter")
        await wait_for(pilot, on(pilot, "EndScreen"))
        shot(app, "10-end")
        await pilot.press("f1")
        await wait_for(pilot, on(pilot, "HelpScreen"))
        shot(app, "11-help")
    print("\n".join(f"{HERE / n}.svg" for n in shots))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(walkthrough(sys.argv[1] if len(sys.argv) > 1 else "incubator-at-sea", Path(tmp)))

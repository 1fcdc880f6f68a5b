"""Drive the facilitator with the Pilot and read what is on screen as plain text."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "scenarios" / "mini.yaml"
INCUBATOR = ROOT / "scenarios" / "incubator-at-sea.yaml"


def screen_text(app) -> str:
    """The current screen (with the screens under a modal) as plain text, like a screenshot."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_for(pilot, condition, timeout: float = 5.0, what: str = "condition") -> None:
    """Pause until `condition()` holds (never a fixed sleep)."""
    loops = int(timeout / 0.02)
    for _ in range(loops):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def wait_screen(pilot, name: str) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, what=f"screen {name}")


async def start_game(pilot) -> None:
    """From the set-up screen (default fields), start the game and wait for the game screen."""
    await wait_screen(pilot, "SetupScreen")
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "GameScreen")


async def seal(pilot, downs: int = 0, rationale: str = "because", free: tuple[str, str] | None = None) -> None:
    """Move the cursor down to the next waiting delegation (the cursor stays on a row once it is
    sealed), open its move entry, pick the option `downs` below the first open one."""
    from wargame.tui.widgets.delegations import DelegationStatus

    table = pilot.app.screen.query_one(DelegationStatus)
    st = pilot.app.session.state
    for _ in range(len(st.expected)):
        if st.status_of(*table.selected()) == "waiting":
            break
        await pilot.press("down")
    await pilot.press("m")
    await wait_screen(pilot, "MoveDialog")
    dialog = pilot.app.screen
    only_free = dialog.choice() == "__free__"
    for _ in range(downs):
        await pilot.press("down")
    if not only_free:
        await pilot.press("enter")
    if free is not None:
        await pilot.press(*free[0], "enter", *free[1], "enter")
    await pilot.press(*rationale, "enter")
    await wait_screen(pilot, "GameScreen")


def log_events(path: Path) -> list[dict]:
    """A log's records without what differs between two plays of the same moves (time, chain, signatures)."""
    out = []
    for line in Path(path).read_text().splitlines():
        rec = json.loads(line)
        for k in ("ts", "prev", "hash", "key", "sig"):
            rec.pop(k, None)
        out.append(rec)
    return out


def played(cs, path, phase: str):
    """A log of the long default scenario stopped at `phase` of turn 1 (the first delegation argues a
    free-form action, so the odds and effects fields appear); the app resumes it."""
    from wargame.engine import commands as C
    from wargame.session import Session
    from wargame.sim.autoplay import Driver
    from wargame.tui.app import WargameApp

    session = Session.new(cs, path, seed=7, mode="semi", fsync=False)
    st = session.state
    driver = Driver("first", 7)
    first = st.expected[0]
    session.do(C.SubmitMove(*first, action="Send a survey ship", argument="It has done so before",
                            rationale="Show presence"))
    steps = {"deliberation": lambda: st.phase == "deliberation" and len(st.moves) == 1,
             "adjudication": lambda: st.phase == "adjudication",
             "rolled": lambda: st.phase == "adjudication" and st.moves[first].status == "rolled",
             "responses": lambda: st.phase == "responses",
             "outcome": lambda: st.phase == "outcome"}
    while not steps[phase]():
        if phase == "rolled" and st.phase == "adjudication":
            session.do(C.Roll(*first, odds=0.5))
            continue
        session.do(driver.next_command(st))
    session.close()
    return WargameApp(resume=path)

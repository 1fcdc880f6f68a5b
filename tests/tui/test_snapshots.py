"""SVG snapshots of the main screens (pytest-textual-snapshot). Regenerate deliberately, serially:
`pytest tests/tui/test_snapshots.py --snapshot-update`.

The log is written to a relative path in a temporary working directory so that the path shown
on the end screen is the same on every machine.
"""

from __future__ import annotations

import pytest

from wargame.tui.app import WargameApp

from .helpers import MINI, seal, start_game, wait_for, wait_screen

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def game_app() -> WargameApp:
    return WargameApp(scenario=str(MINI), seed=7, mode="semi", log="game.jsonl")


async def _to_game(pilot):
    await start_game(pilot)
    await seal(pilot, 0, "We host")


async def _to_adjudication(pilot):
    await start_game(pilot)
    for downs in (0, 1, 0):
        await seal(pilot, downs, "r")
    await pilot.press("v")
    st = pilot.app.session.state
    await wait_for(pilot, lambda: st.phase == "adjudication")
    await pilot.press("r", "a", "r")
    await wait_for(pilot, lambda: st.moves[("incubator", "JPN")].status == "rolled")
    # The transient "sealed, next waiting" toasts would cover the panels this snapshot is about.
    pilot.app.clear_notifications()
    await pilot.pause()


async def _to_end(pilot):
    from wargame.sim.autoplay import Driver

    await start_game(pilot)
    app = pilot.app
    driver = Driver("first", 7)
    # The whole game is played elsewhere through the keys; here the automatic policy sends the
    # same kind of commands through the app, which refreshes from the state as usual.
    while app.session.state.phase != "ended":
        app.execute(driver.next_command(app.session.state))
    await wait_screen(pilot, "EndScreen")


def test_picker(snap_compare):
    assert snap_compare(WargameApp(dirs=[MINI.parent], shipped=False), terminal_size=SIZE,
                        run_before=lambda pilot: wait_for(pilot, lambda: pilot.app.screen.entries, what="list"))


def test_game_screen_with_a_sealed_move(snap_compare):
    assert snap_compare(game_app(), terminal_size=SIZE, run_before=_to_game)


def test_adjudication(snap_compare):
    assert snap_compare(game_app(), terminal_size=SIZE, run_before=_to_adjudication)


def test_end_screen(snap_compare):
    assert snap_compare(game_app(), terminal_size=SIZE, run_before=_to_end)


def test_game_screen_at_80x24(snap_compare):
    assert snap_compare(game_app(), terminal_size=(80, 24), run_before=_to_game)

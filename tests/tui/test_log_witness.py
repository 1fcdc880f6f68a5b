"""The facilitator and the log's integrity: the room sees the fingerprint the report prints, and
damaged logs in the data folder do not stop the picker."""

from __future__ import annotations

import os

from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end
from wargame.tui.app import WargameApp
from wargame.tui.logs import logs_dir

from .helpers import MINI, screen_text, wait_for, wait_screen


async def test_the_projector_shows_the_fingerprint_the_report_prints_for_the_turn(tmp_path):
    log = tmp_path / "g.jsonl"
    s = Session.new(load_scenario(MINI), log, seed=5, fsync=False)
    driver = Driver("first", 5)
    while s.state.turn < 2:
        play_to_end(s, driver, stop_after=1)
    s.close()
    r = replay(log)
    (turn, head), = r.turn_heads
    expected = f"Log fingerprint at the end of turn 1: {r.fingerprint(head)}"
    app = WargameApp(resume=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert app.session.witness_text == expected
        await pilot.press("f2")
        await wait_screen(pilot, "ProjectorScreen")
        await wait_for(pilot, lambda: expected in screen_text(app), what="the fingerprint on the projector")
    app.session.close()


async def test_damaged_logs_in_the_data_folder_are_listed_and_the_picker_starts():
    folder = logs_dir()
    folder.mkdir(parents=True)
    (folder / "a-list.jsonl").write_text("[1, 2, 3]\n")
    (folder / "b-fifo.jsonl").parent.mkdir(exist_ok=True)
    os.mkfifo(folder / "b-fifo.jsonl")
    os.symlink(folder / "gone", folder / "c-dangling.jsonl")
    app = WargameApp(dirs=[MINI.parent], shipped=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "PickerScreen")
        await pilot.press("r")
        await wait_for(pilot, lambda: screen_text(app).count("Damaged log") == 3, what="the damaged logs listed")
        listed = {info.path.name: info.problem for info in app.screen.logs}
        assert f"{folder / 'a-list.jsonl'}:1: " in listed["a-list.jsonl"]
        assert "a FIFO (named pipe)" in listed["b-fifo.jsonl"]
        assert "cannot open the log" in listed["c-dangling.jsonl"]


async def test_resume_of_a_game_open_elsewhere_is_refused_and_writes_nothing(tmp_path):
    from wargame.log.lock import WriterLock

    log = tmp_path / "g.jsonl"
    s = Session.new(load_scenario(MINI), log, seed=5, fsync=False)
    play_to_end(s, Driver("first", 5), stop_after=2)
    s.close()
    before = log.read_bytes()
    other = WriterLock.acquire(log)  # another facilitator (the lock is per open file, so this stands in for it)
    try:
        app = WargameApp(resume=log)
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_screen(pilot, "ErrorScreen")
            shown = " ".join(screen_text(app).split())
            assert f"being written by another wargame (process {os.getpid()})" in shown
            await pilot.press("ctrl+q")
        assert app.return_code == 1 and app.session is None
    finally:
        other.release()
    assert log.read_bytes() == before

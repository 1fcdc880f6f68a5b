"""The end screen writes the after-action report beside the log."""

from __future__ import annotations

from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end
from wargame.tui.app import WargameApp

from .helpers import MINI, wait_for, wait_screen


async def test_r_on_the_end_screen_writes_the_html_report(tmp_path):
    log = tmp_path / "game.jsonl"
    s = Session.new(load_scenario(MINI), log, seed=4, mode="semi", fsync=False)
    play_to_end(s, Driver("random", 4))
    s.close()
    app = WargameApp(resume=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "EndScreen")
        await pilot.press("r")
        out = tmp_path / "game-report.html"
        await wait_for(pilot, lambda: out.exists() and out.stat().st_size > 1000, timeout=20, what="the report")
        await app.workers.wait_for_complete()
        html = out.read_text(encoding="utf-8")
        assert "<svg" in html and "Mini exercise" in html

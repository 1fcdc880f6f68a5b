"""Keys that arrive in one burst (a slow SSH link delivers `AAA<Tab>BBB<Tab>CCC` in one read) keep
their Tabs: each Tab moves to the next field before the keys after it are delivered."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from wargame.tui.app import WargameApp

from .helpers import MINI, wait_screen


async def test_a_burst_of_keys_keeps_its_tabs(tmp_path):
    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(tmp_path / "g.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "SetupScreen")
        fields = [w for w in app.screen.query(Input) if (w.id or "").startswith("player-")]
        assert len(fields) >= 3
        fields[0].focus()
        await pilot.pause()
        # Posted all at once, without waiting for any key to be handled: what a terminal read delivers.
        for ch in "AAA\tBBB\tCCC":
            app.post_message(events.Key("tab", None) if ch == "\t" else events.Key(ch, ch))
        await pilot.pause()
        await pilot.pause()
        assert [f.value for f in fields[:3]] == ["AAA", "BBB", "CCC"]
        assert app.focused is fields[2]

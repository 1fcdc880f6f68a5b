"""SVG snapshot of the Seats panel at 80x24 (regenerate deliberately:
`pytest tests/tui/test_seats_snapshot.py --snapshot-update`, then look at the SVG).

Seat links are random secrets, so the snapshot's game gets a seat file with fixed ones, and the
address students would use is pinned; nothing else is stubbed (the server really runs on loopback).
"""

from __future__ import annotations

import json

import pytest

from wargame.seats.server import SeatServer
from wargame.session import Session
from wargame.tui.app import WargameApp

from .helpers import MINI, wait_for, wait_screen


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_seats_panel_at_80x24(snap_compare, tmp_path, monkeypatch):
    from wargame.scenario.load import load_scenario

    Session.new(load_scenario(MINI), tmp_path / "game.jsonl", seed=7, mode="semi", fsync=False).close()
    seats = {v: {"token": f"{v.lower():x<8}" + "A" * 24, "code": code}
             for v, code in (("USA", "K7M2QX"), ("JPN", "R4TWZE"), ("KOR", "H9CPNA"), ("room", "B3VDUS"),
                             ("observer", "M6YJFG"))}
    (tmp_path / "game.jsonl.seats.json").write_text(json.dumps({"format": 1, "seats": seats}))
    monkeypatch.setattr(SeatServer, "base_url", lambda self: "http://192.168.1.20:8765")
    app = WargameApp(resume=tmp_path / "game.jsonl", seats={"enabled": True, "host": "127.0.0.1", "port": 0})

    async def to_panel(pilot):
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: app.seats is not None and app.seats.running, what="the seat server")
        app.session.assign_bot("KOR", "first")
        app.clear_notifications()
        await pilot.press("f4")
        await wait_screen(pilot, "SeatsScreen")
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=to_panel)

"""The facilitator with delegation devices: the seat server starts with the game, the Seats panel
(Control's eyes only) shows codes, QR codes and who is connected or has sealed — never what — and
Control reissues links, gives a seat to a bot, runs the deliberation timer and decides for late
delegations. Real server on loopback, real HTTP and WebSocket clients."""

from __future__ import annotations

import json

import aiohttp

from wargame.session import Session
from wargame.tui.app import WargameApp
from wargame.tui.widgets.qr import QRCode, qr_lines

from .helpers import screen_text, wait_for, wait_screen

SECRET = "SEALEDRATIONALE"
LOOPBACK = {"enabled": True, "host": "127.0.0.1", "port": 0}


def seated_app(cs, path, **kw) -> WargameApp:
    """A new game on disk, resumed in the facilitator with seats on (as `wargame resume LOG --seats`)."""
    Session.new(cs, path, seed=7, mode="semi", fsync=False).close()
    return WargameApp(resume=path, seats={**LOOPBACK, **kw})


def records(path, kind: str) -> list[dict]:
    return [r for line in path.read_text().splitlines() if (r := json.loads(line))["type"] == kind]


def row_of(app, name: str) -> str:
    return next(line for line in screen_text(app).splitlines() if line.strip().startswith(name))


async def open_panel(pilot) -> None:
    app = pilot.app
    await wait_screen(pilot, "GameScreen")
    await wait_for(pilot, lambda: app.seats is not None and app.seats.running, what="the seat server")
    await pilot.press("f4")
    await wait_screen(pilot, "SeatsScreen")


async def test_panel_shows_codes_connection_and_sealed_status_but_never_the_move(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = seated_app(mini, log)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_panel(pilot)
        server = app.seats.server
        for code, viewer in (("USA", "USA"), ("Japan", "JPN"), ("Korea", "KOR"), ("Room", "room")):
            row = row_of(app, code)
            assert server.book.code(viewer) in row and "offline" in row
        # The selected row's link is drawn as a QR code beside it, with the link and code as text.
        qr = app.screen.query_one(QRCode)
        usa = server.links()[0]
        shown = app.screen.query_one("#seats-url").content.plain
        assert qr.text == usa["url"] and usa["url"] in shown and usa["code"] in shown
        assert "\n".join(qr_lines(usa["url"])) == str(qr.content)
        base = server.base_url()
        token = server.book.token("JPN")
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{base}/ws/{token}")
            await wait_for(pilot, lambda: "online" in row_of(app, "Japan"), what="Japan online")
            game = app.screen_stack[-2]  # the game screen under the panel
            assert "1 of 3 delegations on their devices" in game.hint(app.session.state)
            async with http.post(f"{base}/api/{token}/move", headers={"Origin": base},
                                 json={"inject": "incubator", "option": "join", "rationale": SECRET,
                                       "turn": 1}) as r:
                assert r.status == 200, await r.text()
            await wait_for(pilot, lambda: "sealed" in row_of(app, "Japan"), what="Japan sealed")
            text = screen_text(app)
            assert SECRET not in text and "Join" not in text
            assert "waiting" in row_of(app, "USA")
            # Reissue Japan's link: a new code, the old token refused, its open page closed.
            await pilot.press("down", "r")
            await wait_screen(pilot, "ConfirmDialog")
            await pilot.press("y")
            await wait_screen(pilot, "SeatsScreen")
            assert server.book.token("JPN") != token
            await wait_for(pilot, lambda: server.book.code("JPN") in row_of(app, "Japan"), what="the new code")
            async with http.get(f"{base}/api/{token}/view") as r:
                assert r.status == 404
            msg = await ws.receive(timeout=5)
            while msg.type == aiohttp.WSMsgType.TEXT and json.loads(msg.data)["type"] == "view":
                msg = await ws.receive(timeout=5)
            await ws.close()
        await wait_for(pilot, lambda: "offline" in row_of(app, "Japan"), what="Japan offline")
        # Esc goes back to the game; F2 (the projector) shows none of this panel.
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        await pilot.press("f2")
        await wait_screen(pilot, "ProjectorScreen")
        proj = screen_text(app)
        assert server.book.code("USA") not in proj and "Seats" not in proj and SECRET not in proj


async def test_bot_seat_and_timer_expiry_with_a_bot_move_for_the_late(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = seated_app(mini, log)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_panel(pilot)
        session = app.session
        now = [1_800_000_000.0]
        session.clock = lambda: now[0]
        # Give Korea to a bot: it seals an authored option at once, flagged as a bot.
        await pilot.press("down", "down", "b")
        await wait_screen(pilot, "BotDialog")
        options = app.screen.query_one("#bot-choices")
        options.highlighted = next(i for i in range(options.option_count)
                                   if options.get_option_at_index(i).id == "first")
        await pilot.press("enter")
        await wait_screen(pilot, "SeatsScreen")
        await wait_for(pilot, lambda: "bot:first" in row_of(app, "Korea") and "sealed" in row_of(app, "Korea"),
                       what="Korea played by the bot")
        [sub] = records(log, "move-submitted")
        assert sub["delegation"] == "KOR" and sub["by"] == "bot:first"
        game = app.screen_stack[-2]  # the game screen under the panel flags the bot too
        assert "KOR · bot" in "\n".join(str(r) for r in game.query_one("#status").get_row_at(2))
        # A five-minute countdown, set from the panel.
        await pilot.press("t")
        await wait_screen(pilot, "TimerDialog")
        await pilot.press("enter")
        await wait_screen(pilot, "SeatsScreen")
        [timer] = records(log, "timer-set")
        assert timer["seconds"] == 300
        await wait_for(pilot, lambda: "Timer 5:00 left" in screen_text(app), what="the countdown")
        # Time runs out: the expiry is logged and Control chooses for each late delegation.
        now[0] += 301
        await wait_screen(pilot, "ExpiredDialog")
        [expired] = records(log, "timer-expired")
        assert expired["late"] == [["incubator", "USA"], ["incubator", "JPN"]]
        choices = app.screen.query_one("#expired-choices")
        choices.highlighted = next(i for i in range(choices.option_count)
                                   if choices.get_option_at_index(i).id == "bot|incubator|USA|first")
        await pilot.press("enter")
        await wait_for(pilot, lambda: session.state.status_of("incubator", "USA") == "sealed", what="USA by bot")
        assert records(log, "move-submitted")[-1]["by"] == "bot:first"
        # Asked again about Japan, still late: Control enters its move at the keyboard.
        await wait_screen(pilot, "ExpiredDialog")
        choices = app.screen.query_one("#expired-choices")
        assert [choices.get_option_at_index(i).id for i in range(choices.option_count)][:2] == [
            "wait", "enter|incubator|JPN"]
        choices.highlighted = 1
        await pilot.press("enter")
        await wait_screen(pilot, "MoveDialog")
        assert session.state.status_of("incubator", "JPN") == "waiting"


async def test_a_port_in_use_is_reported_and_the_game_goes_on(tmp_path, mini):
    import socket

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        app = seated_app(mini, tmp_path / "g.jsonl", port=blocker.getsockname()[1])
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_screen(pilot, "GameScreen")
            await wait_for(pilot, lambda: app.seats is not None and bool(app.seats.problem), what="the refusal")
            await pilot.press("f4")
            await wait_screen(pilot, "SeatsScreen")
            assert "cannot listen on 127.0.0.1" in screen_text(app).replace("\n", " ")
            assert "press s to start it" in screen_text(app).replace("\n", " ")
    finally:
        blocker.close()

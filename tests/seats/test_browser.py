"""Five delegations and the room page in one real browser (separate contexts): a whole game of
incubator-at-sea played through the seat pages, Control driving the session as the TUI does; and a
seat that reconnects by itself, to the same state, after Control's process restarts (resume)."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.seats.browser import PROJECTOR, chromium, open_page, seal_all
from wargame.engine import commands as C
from wargame.scenario.load import load_scenario, resolve_scenario
from wargame.seats.server import SeatServer
from wargame.session import Session
from wargame.sim.autoplay import Driver

pytestmark = [pytest.mark.xdist_group("browser"), pytest.mark.slow]

TIMEOUT = 15_000  # ms; two cores shared with other tests


@pytest.fixture(autouse=True)
def _expect_timeout():
    from playwright.async_api import expect

    expect.set_options(timeout=TIMEOUT)


async def until(condition, what: str, timeout: float = TIMEOUT / 1000) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def control_plays_to_outcome(session: Session) -> None:
    """Control reveals, accepts each roll's proposal and the response table's, as at the keyboard."""
    driver = Driver("first", session.state.seed)
    session.do(C.Reveal())
    while session.state.phase in ("adjudication", "responses"):
        session.do(driver.next_command(session.state))
        await asyncio.sleep(0)  # let the server push between commands, as the TUI's loop would


async def test_a_whole_game_through_five_browser_seats_and_the_room_page(tmp_path):
    from playwright.async_api import expect

    cs = load_scenario(resolve_scenario("incubator-at-sea"))
    session = Session.new(cs, tmp_path / "class.jsonl", seed=11, fsync=False)
    server = SeatServer(session, "127.0.0.1", 0)
    await server.start()
    try:
        async with chromium() as browser:
            links = {link["viewer"]: link["url"] for link in server.links()}
            seats = {d: await open_page(browser, links[d]) for d in cs.delegations}
            room = await open_page(browser, links["room"], PROJECTOR)
            await until(lambda: all(server.connected(v) for v in [*cs.delegations, "room"]), "every page connected")
            session.set_timer(600)
            # Ten minutes, counting down (how far depends on how busy the machine is).
            await expect(room.locator(".timer-clock")).to_have_text(re.compile(r"^(10:00|[0-9]:[0-5]\d)$"))
            turns = 0
            while session.state.phase != "ended":
                st = session.state
                turn = st.turn
                for page in [*seats.values(), room]:
                    await expect(page.locator(".when")).to_contain_text(f"Turn {turn} of {cs.scenario.turns.count}")
                owed = {d: sum(1 for _i, dd in st.expected if dd == d) for d in cs.delegations}
                for d, page in seats.items():
                    assert await seal_all(page, f"SECRET-{d}-T{turn}") == owed[d]
                await until(lambda: not st.pending_moves(), "every move sealed")
                # Before the reveal: the room shows who has sealed and nothing of what; no seat sees another's.
                sealed = st.expected and len(st.expected)
                await expect(room.locator(".st-sealed")).to_have_count(sealed)
                assert "SECRET-" not in await room.content()
                for d, page in seats.items():
                    html = await page.content()
                    others = {m.group(1) for m in re.finditer(r"SECRET-([A-Z]{3})-", html)}
                    assert others <= {d}, f"{d}'s page shows another delegation's rationale: {others}"
                await control_plays_to_outcome(session)
                resolved = len(st.expected)
                labels = {cs.outcome_label(m.outcome) for m in st.moves.values()}
                for page in [*seats.values(), room]:
                    await expect(page.locator("article.move.resolved")).to_have_count(resolved)
                    text = await page.locator("#app").inner_text()
                    assert all(label in text for label in labels)
                    # Every rationale is public after the reveal, on every page.
                    assert all(f"SECRET-{d}-T{turn}" in text for d in owed if owed[d])
                session.do(C.EndTurn())
                turns += 1
            assert turns == cs.scenario.turns.count
            for page in [*seats.values(), room]:
                await expect(page.locator(".ended h2")).to_have_text("The game is over")
                assert page.js_errors == []
        # Seat moves are attributed to their seats in the log, and the log verifies like any other.
        import json

        from wargame.log.replay import replay

        session.close()
        result = replay(tmp_path / "class.jsonl")
        assert result.ok, result.problem
        moves = [r for line in (tmp_path / "class.jsonl").read_text().splitlines()
                 if (r := json.loads(line))["type"] == "move-submitted"]
        assert moves and all(r["by"] == r["delegation"] for r in moves)
    finally:
        await server.stop()
        session.close()


async def test_a_seat_reconnects_by_itself_to_the_same_state_after_a_restart(tmp_path):
    from playwright.async_api import expect

    cs = load_scenario(resolve_scenario("incubator-at-sea"))
    path = tmp_path / "class.jsonl"
    session = Session.new(cs, path, seed=5, fsync=False)
    server = SeatServer(session, "127.0.0.1", 0)
    await server.start()
    port = server.port
    async with chromium() as browser:
        try:
            jpn_url = next(link["url"] for link in server.links() if link["viewer"] == "JPN")
            page = await open_page(browser, jpn_url)
            assert await seal_all(page, "KEEP-ME") == 2
            await page.evaluate("window.__same_page = true")
            # Control's laptop goes away (crash, closed lid): the page says so and keeps trying.
            await server.stop()
            session.close()
            await expect(page.locator("#conn")).to_have_text("reconnecting…")
            # `wargame resume LOG` with seats: same log, same sidecar, same port, so the same link.
            session = Session.resume(path)
            server = SeatServer(session, "127.0.0.1", port)
            await server.start()
            await expect(page.locator("#conn")).to_have_text("live")
            assert await page.evaluate("window.__same_page") is True, "the page was reloaded"
            await expect(page.locator(".sealed-move")).to_have_count(2)
            assert "KEEP-ME" in await page.locator("#app").inner_text()
            # And it follows the game from there: another delegation seals, Japan's page shows it.
            st = session.state
            inject = next(i for i, d in st.expected if d == "USA")
            option = next(iter(cs.injects[inject].options["USA"]))
            session.do(C.SubmitMove(inject, "USA", option=option, rationale="r"))
            usa = page.locator(".st", has_text="United States")
            await expect(usa.locator(".st-status")).to_have_text("sealed")
            assert page.js_errors == []
        finally:
            await server.stop()
            session.close()

"""Regenerate the classroom screenshots: a real seat server on loopback, Debian's Chromium, a game
of the default scenario; a phone-size seat page (390x844) and the room page (1280x800) saved here.

    .venv/bin/python docs/screens/seats.py

Moves other than the pictured ones are sealed through the session as seats would send them; the
game log and the seat file go to a temporary folder.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


async def main(data: Path) -> None:
    from playwright.async_api import expect

    from tests.seats.browser import PHONE, PROJECTOR, chromium, open_page
    from wargame.engine import commands as C
    from wargame.scenario.load import load_scenario, resolve_scenario
    from wargame.seats.server import SeatServer
    from wargame.session import Session
    from wargame.sim.autoplay import Driver

    cs = load_scenario(resolve_scenario("incubator-at-sea"))
    session = Session.new(cs, data / "class.jsonl", seed=2027, mode="semi", players={"JPN": "Team Sakura"},
                          fsync=False)
    server = SeatServer(session, "127.0.0.1", 0)
    await server.start()
    links = {link["viewer"]: link["url"] for link in server.links()}
    try:
        async with chromium() as browser:
            seat = await open_page(browser, links["JPN"], PHONE)
            room = await open_page(browser, links["room"], PROJECTOR)
            session.set_timer(8 * 60)
            st = session.state
            driver = Driver("first", 2027)
            for inject, d in list(st.expected):
                if d in ("USA", "AUS", "GBR"):
                    option = next(iter(cs.injects[inject].options[d]))
                    session.do(C.SubmitMove(inject, d, option=option, rationale="", by=d))
            await expect(room.locator(".st-sealed")).to_have_count(sum(1 for _i, d in st.expected if d in ("USA", "AUS", "GBR")))
            # Japan's table, mid-deliberation: an option picked and a rationale being written.
            form = seat.locator("form[data-post=move]").first
            await form.locator("input[name=choice]:not([disabled])").first.check()
            await form.locator("textarea[name=rationale]").fill(
                "Sasebo gives the picture a western anchor without putting Japanese hulls under another command.")
            await seat.evaluate("window.scrollTo(0, 0)")
            await seat.screenshot(path=str(HERE / "12-seat-phone.png"))
            await seat.locator("form[data-post=move] legend").first.evaluate("e => e.scrollIntoView()")
            await seat.screenshot(path=str(HERE / "12-seat-phone-options.png"))
            await room.screenshot(path=str(HERE / "13-room-deliberation.png"))
            for inject, d in list(st.pending_moves()):
                option = next(iter(cs.injects[inject].options[d]))
                session.do(C.SubmitMove(inject, d, option=option, rationale="Stay close to the alliance line.", by=d))
            session.do(C.Reveal())
            while st.phase in ("adjudication", "responses"):
                session.do(driver.next_command(st))
                await asyncio.sleep(0)
            await expect(room.locator("article.move.resolved")).to_have_count(len(st.expected))
            await room.screenshot(path=str(HERE / "14-room-outcome.png"))
            await expect(seat.locator("article.move.resolved")).to_have_count(len(st.expected))
            await seat.evaluate("window.scrollTo(0, 0)")
            await seat.screenshot(path=str(HERE / "15-seat-phone-outcome.png"))
    finally:
        await server.stop()
        session.close()
    print("wrote 12-seat-phone.png 12-seat-phone-options.png 13-room-deliberation.png 14-room-outcome.png 15-seat-phone-outcome.png")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(Path(tmp)))

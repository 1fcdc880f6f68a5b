"""The projector view is the room's view (`view_for(state, "room")`): statuses grouped under their
inject, the same public facts as the room page, PageDown scrolling, and F2 that opens at once and
is not closed by a double press."""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.views import view_for
from wargame.session import Session
from wargame.sim.autoplay import Driver
from wargame.tui.app import WargameApp

from .helpers import screen_text, wait_for, wait_screen


def resumed(path, turn_phase=None, scenario="incubator-at-sea") -> WargameApp:
    from wargame.scenario.load import load_scenario, resolve_scenario

    session = Session.new(load_scenario(resolve_scenario(scenario)), path, seed=4, mode="semi", fsync=False)
    driver = Driver("first", 4)
    while turn_phase is not None and session.state.phase != turn_phase:
        session.do(driver.next_command(session.state))
    session.close()
    return WargameApp(resume=path)


async def open_projector(pilot) -> None:
    await wait_screen(pilot, "GameScreen")
    await pilot.press("f2")
    await wait_screen(pilot, "ProjectorScreen")


async def test_statuses_are_grouped_under_their_inject(tmp_path):
    app = resumed(tmp_path / "g.jsonl")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_projector(pilot)
        status = app.screen.query_one("#proj-status").content.plain.splitlines()
        st = app.session.state
        titles = [st.cs.injects[i].inject.title for i in st.active]
        # Japan owes two moves this turn: each "Japan — waiting" sits under its own inject's title.
        japan = [i for i, line in enumerate(status) if line.strip().startswith("… Japan")]
        assert len(japan) == 2
        heads = [max(j for j, line in enumerate(status[:i]) if line.strip() in titles) for i in japan]
        assert [status[h].strip() for h in heads] == titles


async def test_the_projector_shows_the_room_views_public_facts_after_adjudication(tmp_path):
    app = resumed(tmp_path / "g.jsonl", "outcome")
    async with app.run_test(size=(160, 60)) as pilot:
        await open_projector(pilot)
        text = app.screen.query_one("#proj-main").content.plain
        view = view_for(app.session.state, "room")
        assert view["moves"]
        for m in view["moves"]:
            assert m["label"] in text and m["outcome_label"] in text and m["rationale"] in text
        for r in view["responses"]:
            assert r["actor_name"] in text


async def test_pagedown_scrolls_and_a_double_f2_does_not_close(tmp_path):
    app = resumed(tmp_path / "g.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("f2", "f2")  # a double press: the view stays up
        await wait_screen(pilot, "ProjectorScreen")
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "ProjectorScreen"
        scroll = app.screen.query_one("#proj-left")
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: scroll.scroll_y > 0, what="the page to scroll")
        await pilot.press("pageup")
        await wait_for(pilot, lambda: scroll.scroll_y == 0, what="the page to scroll back")
        app.screen._shown_at -= 1  # a deliberate press, later on, closes it
        await pilot.press("f2")
        await wait_screen(pilot, "GameScreen")
        # Opened again, it is the same screen (built once) and follows the game.
        first = app.get_screen("projector")
        app.execute(C.SetTimer(300, "2099-01-01T00:00:00.000Z"))
        await pilot.press("f2")
        await wait_screen(pilot, "ProjectorScreen")
        assert app.screen is first
        await wait_for(pilot, lambda: "Deliberation" in screen_text(app) and ":" in
                       app.screen.query_one("#proj-timer").content.plain, what="the timer")

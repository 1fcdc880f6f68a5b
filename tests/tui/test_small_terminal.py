"""The game screen at 80x24 with the long default scenario: the header keeps the phase, the
delegations' rows are visible, and text cut to fit ends in an ellipsis with the whole text on hover."""

from __future__ import annotations

from wargame.tui.app import WargameApp
from wargame.tui.format import clip
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.delegations import DelegationStatus

from .helpers import INCUBATOR, screen_text, start_game, wait_screen



def test_clip_marks_every_cut():
    assert clip("Major success", 13) == "Major success"
    assert clip("Major success", 12) == "Major succe…" and len(clip("Major success", 12)) == 12
    assert clip("A Task Force 59", 10) == "A Task Fo…"


async def test_game_screen_at_80x24_keeps_phase_rows_and_full_text_on_hover(tmp_path):
    app = WargameApp(scenario=str(INCUBATOR), seed=7, mode="semi", log=str(tmp_path / "g.jsonl"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SetupScreen")
        app.screen.query_one("#player-USA").value = "Team Eagle"
        await start_game(pilot)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[0].lstrip().startswith("Turn 1 of 6  ·  Briefing & deliberation")
        assert lines[0].rstrip().endswith("…")  # the title is what gives way, visibly
        table = app.screen.query_one(DelegationStatus)
        st = app.session.state
        text = "\n".join(lines)
        # Every expected delegation has its row on screen, and every cut cell ends in an ellipsis.
        assert table.row_count == len(st.expected)
        region = app.screen.find_widget(table).region
        assert region.bottom <= 23 and region.height >= len(st.expected) + 1
        for iid, d in st.expected:
            title = st.cs.injects[iid].inject.title
            assert clip(title, 10) in text
        assert "USA…" not in text and " USA " in text  # the code, not a cut "USA · Team Eagle"
        # The whole text of the highlighted row, and of every track label, is in the tooltips.
        iid, d = table.selected()
        assert st.cs.injects[iid].inject.title in str(table.tooltip)
        assert "United States · Team Eagle" in str(table.tooltip)
        await pilot.press("down")
        assert "Japan" in str(table.tooltip)
        dash = app.screen.query_one(Dashboard)
        assert "Escalation r…" in text
        for slot in st.cs.slots.values():
            assert slot.label in str(dash.tooltip)


async def test_long_outcome_headings_wrap_instead_of_being_cut(tmp_path, incubator):
    from textual.widgets._markdown import MarkdownH3

    from wargame.tui.widgets.outcome import OutcomeView

    from .helpers import played

    app = played(incubator, tmp_path / "g.jsonl", "outcome")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        view = app.screen.query_one(OutcomeView)
        await pilot.pause()
        heads = list(view.query(MarkdownH3))
        wrapped = 0
        for h in heads:
            text = h._content.plain
            shown = " ".join(strip.text.strip() for strip in h.render_lines(h.size.region) if strip.text.strip())
            assert " ".join(shown.split()) == " ".join(text.split()), (shown, text)  # every word, none cut
            assert h.region.right <= view.region.right, "the heading runs past the edge and is clipped"
            wrapped += h.size.height > 1
        assert wrapped, "no heading long enough to need wrapping at 80x24"

"""What the facilitator is told: the odds dialog speaks in percent, `v` with moves outstanding names
them, the palette speaks the room's language (no internal ids, one Theme), the help's columns line
up, and the debrief's objectives read as sentences."""

from __future__ import annotations

import json

from textual.content import Content

from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end
from wargame.tui.app import WargameApp
from wargame.tui.commands import GameCommands
from wargame.tui.screens.end import end_markdown
from wargame.tui.screens.help import help_sections

from .helpers import MINI, played, start_game, wait_for, wait_screen


def records(path, kind: str) -> list[dict]:
    return [r for line in path.read_text().splitlines() if (r := json.loads(line))["type"] == kind]


async def test_odds_dialog_refuses_in_percent_and_accepts_a_percent(tmp_path, incubator):
    log = tmp_path / "g.jsonl"
    app = played(incubator, log, "adjudication")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        free = st.expected[0]
        assert st.moves[free].is_free and app.screen.selected_move() is st.moves[free]
        await pilot.press("r")
        await wait_screen(pilot, "RollDialog")
        dialog = app.screen
        odds = dialog.query_one("#odds")
        odds.value = "150"
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.query_one("#dialog-error").display, what="the refusal")
        error = str(dialog.query_one("#dialog-error").content)
        assert "percent" in error and "0 to 100" in error and "150" in error and "probability" not in error
        assert not records(log, "roll-made")
        odds.value = "75"
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        [roll] = records(log, "roll-made")
        assert roll["odds"] == 0.75


async def test_reveal_with_moves_outstanding_names_them(tmp_path):
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        assert app.screen.check_action("reveal", ()) is True  # not a silent, greyed key
        await pilot.press("v")
        await wait_for(pilot, lambda: app._notifications, what="a notice")
        [notice] = list(app._notifications)
        assert notice.title == "Not revealed yet"
        assert "Still waiting for 3 of 3 moves: United States, Japan, Republic of Korea" in notice.message
        assert app.session.state.phase == "deliberation" and not records(log, "moves-revealed")


async def test_palette_has_no_internal_ids_and_one_theme(tmp_path, incubator):
    app = played(incubator, tmp_path / "g.jsonl", "deliberation")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        ours = GameCommands(app.screen).commands()
        system = [c.title for c in app.get_system_commands(app.screen)]
        titles = [t for t, _h, _c in ours] + system
        assert titles.count("Theme") == 1 and titles.count("Quit") == 1
        moves = [(t, h) for t, h, _c in ours if t.startswith("Enter move:")]
        assert len(moves) == len(st.pending_moves())
        for title, help_text in moves:
            for iid, d in st.pending_moves():
                assert f"{d}'s" not in help_text and f" {iid}" not in help_text and f" {iid}" not in title
        assert any(h == "Enter and seal Japan's move on “A Task Force 59 for the Pacific”" for _t, h in moves)


def test_help_columns_line_up_even_for_bracket_keys():
    rows = [(k, v) for _title, section in help_sections() for k, v in section]
    assert any("[" in k for k, _v in rows)  # the replay's PgUp / [ is among them
    from wargame.tui.screens.help import HelpScreen

    markup = HelpScreen().help_markup()
    lines = [line for line in Content.from_markup(markup).plain.splitlines() if line.startswith("  ")]
    assert len(lines) == len(rows)
    for (key, value), line in zip(rows, lines):
        assert line.index(value) == 21, line


def test_debrief_objectives_read_as_sentences(tmp_path, incubator):
    session = Session.new(incubator, tmp_path / "g.jsonl", seed=3, mode="semi", fsync=False)
    play_to_end(session, Driver("first", 3))
    text = end_markdown(session.state, "g.jsonl")
    session.close()
    debrief = text.split("## Debrief", 1)[1]
    assert ".;" not in debrief and ".." not in debrief
    two = [q for q in incubator.scenario.debrief if len(q.objectives) == 2][0]
    a, b = two.objectives
    los = {lo.id: lo.text.strip().rstrip(".") for lo in incubator.scenario.learning_objectives}
    assert f"*{a} {los[a]}; {b} {los[b]}.*" in debrief

"""Control's own actions on the game screen: adjusting a track (an override with a reason), a further
non-player response in the outcome phase, the hot-wash reminder before the game closes, and the
briefing's citations resolved through the source register."""

from __future__ import annotations

import json

from textual.widgets import Input

from wargame.cli import main as cli
from wargame.session import Session
from wargame.sim.autoplay import Driver
from wargame.tui.app import WargameApp
from wargame.tui.commands import GameCommands
from wargame.tui.widgets.dashboard import Dashboard

from .helpers import screen_text, wait_for, wait_screen


def records(path, kind: str) -> list[dict]:
    return [r for line in path.read_text().splitlines() if (r := json.loads(line))["type"] == kind]


def escalation_line(app) -> str:
    text = app.screen.query_one(Dashboard).content.plain
    return next(line for line in text.splitlines() if line.startswith("Escalation"))


async def fill(pilot, input_id: str, text: str) -> None:
    """Put `text` into the focused Input (which must be `input_id`): typing key by key costs ~60 ms a key."""
    focused = pilot.app.focused
    assert isinstance(focused, Input) and focused.id == input_id, focused
    focused.value = text
    await pilot.pause()


def game_log(mini, path, turn: int | None = None):
    """A log played headless by the automatic policy up to `turn`'s outcome phase (None: just started);
    the app resumes it, which is much faster than driving the set-up and every phase through the UI."""
    session = Session.new(mini, path, seed=7, mode="semi", fsync=False)
    driver = Driver("first", 7)
    st = session.state
    while turn is not None and not (st.phase == "outcome" and st.turn == turn):
        session.do(driver.next_command(st))
        st = session.state
    session.close()
    return WargameApp(resume=path)


async def test_adjust_track_needs_a_reason_then_is_logged_and_shown(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        assert st.tracks["escalation"] == 3
        assert " 3/10" in escalation_line(app)
        await pilot.press("t")
        await wait_screen(pilot, "AdjustTrackDialog")
        # The first track (escalation) is selected; a change of +2 with a reason that is too short.
        await pilot.press("tab", "2", "enter")
        await fill(pilot, "reason", "short")
        await pilot.press("enter")
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.query_one("#dialog-error").display, what="the refusal")
        assert "at least 10 characters" in screen_text(app)
        assert type(app.screen).__name__ == "AdjustTrackDialog"
        assert not records(log, "track-adjusted") and st.tracks["escalation"] == 3
        # A proper reason: logged, the dashboard shows the new value.
        await fill(pilot, "reason", "Naval incident reported by the press")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        assert st.tracks["escalation"] == 5
        [rec] = records(log, "track-adjusted")
        assert rec["reason"] == "Naval incident reported by the press"
        assert rec["effects"] == [["escalation", 2, 3, 5]]
        assert " 5/10" in escalation_line(app) and "+2" in escalation_line(app)
        assert any(o["type"] == "track-adjusted" and o["reason"] == rec["reason"] for o in st.overrides)
        await pilot.press("3")  # the timeline
        await wait_for(pilot, lambda: "Control adjusted" in screen_text(app), what="the timeline line")
        assert "Naval incident" in screen_text(app)
    out = tmp_path / "aar.md"  # the report lists it among Control's interventions
    assert cli(["report", str(log), "--format", "md", "-o", str(out)]) == 0
    assert any("track adjustment" in line and "Naval incident reported by the press" in line
               for line in out.read_text().splitlines())


async def test_new_actions_are_in_the_palette_only_where_they_apply(tmp_path, mini):
    app = game_log(mini, tmp_path / "g.jsonl")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        titles = [t for t, _help, _cb in GameCommands(app.screen).commands()]
        assert "Adjust track…" in titles and "Non-player response…" not in titles  # deliberation
        assert app.screen.check_action("extra_response", ()) is False


async def test_extra_response_in_the_outcome_phase_is_logged_by_control(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log, turn=1)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert app.session.state.phase == "outcome"
        assert "Non-player response…" in [t for t, _h, _c in GameCommands(app.screen).commands()]
        before = len(records(log, "response-applied"))
        await pilot.press("x")
        await wait_screen(pilot, "ExtraResponseDialog")
        # PRC is the only actor; its first response this turn is chosen, then a reason.
        dialog = app.screen
        rid = dialog.query_one("#response").value
        assert rid not in (None, "__none__")
        await pilot.press("tab", "tab")
        await fill(pilot, "reason", "Beijing answers the communique")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        recs = records(log, "response-applied")
        assert len(recs) == before + 1
        rec = recs[-1]
        assert (rec["actor"], rec["response"], rec["by"]) == ("PRC", rid, "control")
        assert rec["reason"] == "Beijing answers the communique" and rec["proposed"] is None
        assert app.session.state.phase == "outcome"


async def test_ending_the_last_turn_without_a_hot_wash_prompts_then_continues(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log, turn=2)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert app.session.state.phase == "outcome"
        await pilot.press("n")
        await wait_screen(pilot, "HotWashPrompt")
        assert "No hot-wash note this turn" in screen_text(app)
        assert not app.session.state.ended  # nothing happens until Control answers
        await pilot.press("c")
        await wait_screen(pilot, "EndScreen")
        assert app.session.state.ended and records(log, "game-ended")


async def test_hot_wash_prompt_add_logs_the_note_then_closes(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log, turn=2)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        assert app.session.state.phase == "outcome"
        await pilot.press("n")
        await wait_screen(pilot, "HotWashPrompt")
        await pilot.press("a")
        await wait_screen(pilot, "NoteDialog")
        await fill(pilot, "text", "Partners kept talking")
        await pilot.press("enter")
        await wait_screen(pilot, "EndScreen")
        [note] = records(log, "note-added")
        assert (note["kind"], note["text"], note["turn"]) == ("hotwash", "Partners kept talking", 2)
        assert "improvement" not in note  # not marked: the record is as it always was


async def test_hot_wash_note_marked_as_improvement_item_reaches_the_plan(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log, turn=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("n")
        await wait_screen(pilot, "HotWashPrompt")
        await pilot.press("a")
        await wait_screen(pilot, "NoteDialog")
        await fill(pilot, "text", "Brief the trade figures before turn 1")
        await pilot.press("tab")
        assert app.focused.id == "improvement"
        await pilot.press("space", "ctrl+s")
        await wait_screen(pilot, "EndScreen")
    [note] = records(log, "note-added")
    assert note["kind"] == "hotwash" and note["improvement"] is True
    out = tmp_path / "aar.md"
    assert cli(["report", str(log), "-o", str(out)]) == 0
    plan = out.read_text().split("## 7. Improvement plan", 1)[1].split("## Appendix A", 1)[0]
    assert "| Brief the trade figures before turn 1 (turn 2) |" in plan


async def test_briefing_shows_resolved_citations(tmp_path, mini):
    app = game_log(mini, tmp_path / "g.jsonl")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await wait_for(pilot, lambda: "Alsaied (2023), Introduction ¶3" in screen_text(app),
                       what="the resolved citation")
        text = screen_text(app)
        assert "alsaied-2023#tf59-incubator" not in text
        assert "INDOPACOM could organise" in text  # the claim's paraphrase, shortened


async def test_adjust_track_shows_the_clamped_result_before_confirming(tmp_path, mini):
    log = tmp_path / "g.jsonl"
    app = game_log(mini, log)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "GameScreen")
        await pilot.press("t")
        await wait_screen(pilot, "AdjustTrackDialog")
        dialog = app.screen
        await pilot.press("tab")
        await fill(pilot, "delta", "+20")
        preview = str(dialog.query_one("#preview").content)
        assert "3→10" in preview and "+7" in preview
        assert "Held within 0..10: you asked +20, the track moves +7, and +7 is what the log records." in preview
        await pilot.press("enter")
        await fill(pilot, "reason", "A serious incident at sea")
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        [rec] = records(log, "track-adjusted")
        assert rec["effects"] == [["escalation", 7, 3, 10]]
        # At the maximum, a further rise is shown as no change, and refused if confirmed anyway.
        await pilot.press("t")
        await wait_screen(pilot, "AdjustTrackDialog")
        dialog = app.screen
        await pilot.press("tab")
        await fill(pilot, "delta", "9")
        assert "No change: Escalation" in str(dialog.query_one("#preview").content)
        await pilot.press("enter")
        await fill(pilot, "reason", "Another incident at sea")
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.query_one("#dialog-error").display, what="the refusal")
        assert "already at its maximum" in str(dialog.query_one("#dialog-error").content)
        assert len(records(log, "track-adjusted")) == 1

"""Move entry: sealing needs an explicit choice and (unless the ruleset says otherwise) a rationale;
after sealing the cursor stays where it was and the screen says where the next waiting delegation is."""

from __future__ import annotations

import json

from textual.widgets import Input

from wargame.tui.app import WargameApp
from wargame.tui.widgets.delegations import DelegationStatus

from .helpers import MINI, ROOT, screen_text, start_game, wait_for, wait_screen


def error_text(dialog) -> str:
    w = dialog.query_one("#dialog-error")
    return str(w.content) if w.display else ""


def submitted(path) -> list[dict]:
    return [r for line in path.read_text().splitlines() if (r := json.loads(line))["type"] == "move-submitted"]


async def test_ctrl_s_on_a_fresh_dialog_seals_nothing_and_says_what_is_missing(tmp_path):
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        await pilot.press("m")
        await wait_screen(pilot, "MoveDialog")
        dialog = app.screen
        await pilot.press("ctrl+s")  # the first option is highlighted, but nobody chose it
        await wait_for(pilot, lambda: dialog.query_one("#dialog-error").display, what="the refusal")
        text = error_text(dialog)
        assert "Not sealed yet: choose an option" in text and "write the delegation's rationale" in text
        assert type(app.screen).__name__ == "MoveDialog" and not submitted(log)
        # Chosen with Enter: the rationale is still missing, and the dialog says only that.
        await pilot.press("enter")
        assert "Chosen:" in screen_text(app) and app.focused.id == "rationale"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = error_text(dialog)
        assert text == "Not sealed yet: write the delegation's rationale."
        assert not submitted(log)
        await pilot.press(*"We host", "ctrl+s")
        await wait_screen(pilot, "GameScreen")
        [rec] = submitted(log)
        assert rec["rationale"] == "We host" and rec["option"] is not None


async def test_a_ruleset_may_make_the_rationale_optional(tmp_path):
    (tmp_path / "rules").mkdir()
    standard = (ROOT / "rules" / "standard.yaml").read_text()
    (tmp_path / "rules" / "quick.yaml").write_text(
        standard.replace("id: standard", "id: quick") + "moves:\n  rationale_required: false\n")
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINI.read_text().replace("ruleset: standard", "ruleset: quick"))
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(scenario), seed=7, mode="semi", log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        assert app.session.state.cs.ruleset.moves.rationale_required is False
        await pilot.press("m")
        await wait_screen(pilot, "MoveDialog")
        assert "(optional)" in app.screen.query_one("#rationale", Input).placeholder
        await pilot.press("enter", "ctrl+s")
        await wait_screen(pilot, "GameScreen")
        [rec] = submitted(log)
        assert rec["rationale"] == ""


async def test_after_sealing_the_cursor_stays_and_the_next_step_is_named(tmp_path):
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        st = app.session.state
        table = app.screen.query_one(DelegationStatus)
        first, second = st.expected[0], st.expected[1]
        assert table.selected() == first
        await pilot.press("m")
        await wait_screen(pilot, "MoveDialog")
        await pilot.press("enter", *"We host", "enter")
        await wait_screen(pilot, "GameScreen")
        assert st.status_of(*first) == "sealed"
        assert table.selected() == first and app.focused is table  # not moved to another delegation
        hint = str(app.screen.query_one("#phase-hint").content)
        assert "Next waiting: Japan (↓, then m)." in hint
        # Following the hint opens Japan's move, not another delegation's.
        await pilot.press("down", "m")
        await wait_screen(pilot, "MoveDialog")
        assert (app.screen.inject, app.screen.delegation) == second

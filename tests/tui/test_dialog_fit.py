"""Every dialog fits or scrolls at 80x24: Tab reaches its OK/Seal button, and the button is then
on screen (scrolled into view), so nothing is typed blind below the edge of the terminal."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from wargame.engine import commands as C

from .helpers import played, screen_text, wait_for


def dialogs():
    from wargame.tui.dialogs.adjust import AdjustTrackDialog
    from wargame.tui.dialogs.confirm import ConfirmDialog
    from wargame.tui.dialogs.decide import DecideDialog, RespondDialog
    from wargame.tui.dialogs.dice import RollDialog
    from wargame.tui.dialogs.hotwash import HotWashPrompt
    from wargame.tui.dialogs.move import MoveDialog
    from wargame.tui.dialogs.note import NoteDialog
    from wargame.tui.dialogs.reason import ReasonDialog
    from wargame.tui.dialogs.respond import ExtraResponseDialog

    def pending(st):
        return st.pending_moves()[0]

    return {
        "move": ("deliberation", lambda st: MoveDialog(st, *pending(st)), "ok"),
        "move-free-only": ("deliberation", "free", "ok"),
        "reopen": ("deliberation", lambda st: ReasonDialog("Reopen", "Say why. " * 30, lambda r: C.EndGame(r)),
                   "ok"),
        "roll-physical-free": ("adjudication", lambda st: RollDialog(st, *st.expected[0], physical=True), "ok"),
        "decide-free": ("rolled", lambda st: DecideDialog(st, *st.expected[0]), "ok"),
        "respond": ("responses", lambda st: RespondDialog(st, next(iter(st.proposals))), "ok"),
        "extra-response": ("outcome", lambda st: ExtraResponseDialog(st), "ok"),
        "adjust": ("deliberation", lambda st: AdjustTrackDialog(st), "ok"),
        "note": ("outcome", lambda st: NoteDialog("hotwash"), "ok"),
        "confirm": ("deliberation", lambda st: ConfirmDialog("Leave?", "Saved in\n" * 30), "yes"),
        "hotwash-prompt": ("outcome", lambda st: HotWashPrompt(), "continue"),
    }


@pytest.mark.parametrize("name", list(dialogs()))
async def test_every_dialog_reaches_its_button_at_80x24(tmp_path, incubator, name):
    phase, make, button_id = dialogs()[name]
    app = played(incubator, tmp_path / "g.jsonl", phase)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "GameScreen", what="the game screen")
        st = app.session.state
        if make == "free":  # the free-form action chosen: action and argument fields open as well
            from wargame.tui.dialogs.move import FREE, MoveDialog

            dialog = MoveDialog(st, *st.pending_moves()[0])
            app.push_screen(dialog)
            await pilot.pause()
            ol = dialog.query_one("#options")
            ol.focus()
            ol.highlighted = len(ol.options) - 1
            await pilot.press("enter")
            assert dialog.choice() == FREE and dialog.query_one("#free").display
        else:
            dialog = make(st)
            app.push_screen(dialog)
        await pilot.pause()
        button = dialog.query_one(f"#{button_id}", Button)
        for _ in range(12):
            if app.focused is button:
                break
            await pilot.press("tab")
        assert app.focused is button, f"Tab never reached {button_id}"
        await pilot.pause()
        geometry = dialog.find_widget(button)
        visible = geometry.region.intersection(geometry.clip)
        assert visible == geometry.region, f"{button_id} is not wholly visible: {geometry.region} in {geometry.clip}"
        assert str(button.label).split(" (")[0] in screen_text(app)

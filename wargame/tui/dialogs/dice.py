"""The roll of one move: a physical die typed in, and for a free-form action Control's odds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from wargame.text import safe
from wargame.engine.commands import Roll
from wargame.tui.dialogs.base import CommandDialog
from wargame.tui.format import move_choice, pct, team_label


class RollDialog(CommandDialog):
    """Roll with the seeded generator (empty die field) or a physical die; set odds for free-form actions."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Roll", tooltip="Log the roll")]

    def __init__(self, state, inject: str, delegation: str, physical: bool):
        super().__init__()
        self.state, self.inject, self.delegation, self.physical = state, inject, delegation, physical

    def compose(self) -> ComposeResult:
        st = self.state
        cs = st.cs
        m = st.moves[(self.inject, self.delegation)]
        sides = cs.ruleset.dice.sides
        with Vertical(classes="dialog"):
            yield Static(safe.content(f"Roll: {team_label(st, self.delegation)} — {move_choice(cs, m)}"),
                         classes="dialog-title")
            if m.is_free:
                yield Static(f"Control sets the probability of success of this free-form action, in percent (0 to 100). "
                             f"Suggested: {pct(cs.ruleset.free_action_odds)}.", classes="dialog-body", markup=False)
                yield Input(value=f"{round(cs.ruleset.free_action_odds * 100)}", placeholder="Odds in % (0 to 100)", id="odds",
                            type="integer")
            if self.physical:
                yield Static(f"Type the die result (1..{sides}).", classes="dialog-body")
                yield Input(placeholder=f"1..{sides}", id="die", type="integer")
            else:
                yield Static("The seeded generator rolls the die.", classes="dialog-body")
            yield self.error_widget()
            yield self.buttons("Roll (Enter)")

    def on_mount(self) -> None:
        super().on_mount()
        inputs = self.query(Input)
        if inputs:
            inputs.last().focus()
        else:
            self.query_one("#ok", Button).focus()

    def action_submit(self) -> None:
        odds = die = None
        m = self.state.moves[(self.inject, self.delegation)]
        sides = self.state.cs.ruleset.dice.sides
        if m.is_free:  # asked in percent, so refused in percent (the engine's 0..1 is not the user's unit)
            text = self.query_one("#odds", Input).value.strip().rstrip("%").strip()
            if not _whole(text, 3) or not 0 <= int(text) <= 100:
                self.show_error(f"Refused: the odds are a percent, a whole number from 0 to 100 "
                                f"(not '{self.query_one('#odds', Input).value}').")
                self.query_one("#odds", Input).focus()
                return
            odds = int(text) / 100
        if self.physical:
            text = self.query_one("#die", Input).value.strip()
            if not _whole(text, 6) or not 1 <= int(text) <= sides:
                self.show_error(f"Refused: type the die as a whole number from 1 to {sides}.")
                self.query_one("#die", Input).focus()
                return
            die = int(text)
        self.send(Roll(self.inject, self.delegation, physical=die, odds=odds))


def _whole(text: str, digits: int) -> bool:
    """ASCII digits only, and few of them: `int()` of other Unicode digits or of a pasted
    4000-digit number would raise instead of being refused."""
    return text.isascii() and text.isdigit() and len(text) <= digits

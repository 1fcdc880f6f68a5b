"""A note for the record: hot wash, Control, improvement or observation; any note can be marked as an
improvement item, which the after-action report carries into its improvement plan."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from wargame.engine.commands import NOTE_KINDS, AddNote
from wargame.tui.dialogs.base import CommandDialog

KIND_LABELS = {"hotwash": "Hot wash", "control": "Control", "improvement": "Improvement", "observation": "Observation"}


class NoteDialog(CommandDialog):
    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Add note", tooltip="Log the note")]

    def __init__(self, kind: str = "hotwash"):
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Add a note to the record", classes="dialog-title")
            with RadioSet(id="kind"):
                for k in NOTE_KINDS:
                    yield RadioButton(KIND_LABELS[k], value=k == self.kind, name=k)
            yield Input(placeholder="What was said or observed", id="text")
            yield Checkbox("Improvement item: carry it into the report's improvement plan", id="improvement")
            yield self.error_widget()
            yield self.buttons("Add note (Enter)")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#text", Input).focus()

    def action_submit(self) -> None:
        rs = self.query_one(RadioSet)
        kind = rs.pressed_button.name if rs.pressed_button is not None else "hotwash"
        self.send(AddNote(self.query_one("#text", Input).value, kind,
                          improvement=self.query_one("#improvement", Checkbox).value))

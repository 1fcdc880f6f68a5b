"""Shared pieces of the dialogs: a modal that sends one command and shows a refusal inline."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.containers import Horizontal
from textual.widgets import Button, Static

from wargame.text import safe
from wargame.engine.commands import Rejected


class CommandDialog(ModalScreen[bool]):
    """A dialog whose purpose is one command. Dismisses True once the command is logged;
    a rejected command leaves the dialog open with the engine's reason shown in red."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without doing anything")]

    def action_cancel(self) -> None:
        self.dismiss(False)

    def buttons(self, label: str) -> Horizontal:
        """The dialog's OK button (`label`) and Cancel, in the standard row."""
        return Horizontal(Button(label, variant="primary", id="ok"), Button("Cancel (Esc)", id="cancel"),
                          classes="dialog-buttons")

    def error_widget(self) -> Static:
        return Static("", classes="dialog-error", id="dialog-error")

    def show_error(self, text: str) -> None:
        w = self.query_one("#dialog-error", Static)
        w.update(safe.content(text))
        w.display = bool(text)

    def on_mount(self) -> None:
        errs = self.query("#dialog-error")
        if errs:
            errs.first().display = False

    #: Inputs where Enter moves on to another input (by id) instead of submitting the dialog.
    ENTER_MOVES_TO: dict[str, str] = {}

    # Subclasses must not define these two handlers again: Textual runs the handlers of every
    # class in the MRO, so a second definition would submit twice.
    def on_input_submitted(self, event) -> None:
        following = self.ENTER_MOVES_TO.get(event.input.id or "")
        if following:
            self.query_one(f"#{following}").focus()
        else:
            self.action_submit()

    def on_button_pressed(self, event) -> None:
        if event.button.id == "ok":
            self.action_submit()
        else:
            self.dismiss(False)

    def action_submit(self) -> None:
        """Send the dialog's command (Enter in the last field, the OK button, Ctrl+S)."""

    def send(self, cmd) -> bool:
        """Run `cmd` through the app's session; True when it is in the log."""
        try:
            self.app.execute(cmd)
        except Rejected as e:
            self.show_error(f"Refused: {e.reason}")
            return False
        self.dismiss(True)
        return True

"""Shared pieces of the dialogs: a modal that sends one command and shows a refusal inline."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from wargame.engine.commands import Rejected


class CommandDialog(ModalScreen[bool]):
    """A dialog whose purpose is one command. Dismisses True once the command is logged;
    a rejected command leaves the dialog open with the engine's reason shown in red."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without doing anything")]

    def action_cancel(self) -> None:
        self.dismiss(False)

    def error_widget(self) -> Static:
        return Static("", classes="dialog-error", id="dialog-error")

    def show_error(self, text: str) -> None:
        w = self.query_one("#dialog-error", Static)
        w.update(Content(text))
        w.display = bool(text)

    def on_mount(self) -> None:
        errs = self.query("#dialog-error")
        if errs:
            errs.first().display = False

    def send(self, cmd) -> bool:
        """Run `cmd` through the app's session; True when it is in the log."""
        try:
            self.app.execute(cmd)
        except Rejected as e:
            self.show_error(f"Refused: {e.reason}")
            return False
        self.dismiss(True)
        return True

"""A written reason for a Control decision (reopen a move, end the game early, adjust a track)."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from wargame.text import safe
from wargame.tui.dialogs.base import CommandDialog


class ReasonDialog(CommandDialog):
    """Asks for a reason, then sends `make(reason)`; the engine's refusal is shown inline."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Confirm", tooltip="Send with this reason")]

    def __init__(self, title: str, explain: str, make: Callable[[str], object], *, placeholder: str = "Reason",
                 min_chars: int = 1, button: str = "Confirm"):
        super().__init__()
        self.title_text, self.explain, self.make = title, explain, make
        self.placeholder, self.min_chars, self.button = placeholder, min_chars, button

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe.content(self.title_text), classes="dialog-title")
            yield Static(safe.content(self.explain), classes="dialog-body")
            yield Input(placeholder=self.placeholder, id="reason")
            yield Static(f"At least {self.min_chars} characters.", classes="dialog-hint", id="hint")
            yield self.error_widget()
            yield self.buttons(f"{self.button} (Enter)")

    def on_input_changed(self, event: Input.Changed) -> None:
        n = len(event.value.strip())
        hint = self.query_one("#hint", Static)
        hint.update(f"{n} of at least {self.min_chars} characters." if n < self.min_chars else "Ready.")

    def action_submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if len(reason) < self.min_chars:
            self.show_error(f"Refused: a reason of at least {self.min_chars} characters is required "
                            f"({len(reason)} so far).")
            return
        self.send(self.make(reason))

"""The hot-wash reminder: before the game closes (last turn ended, or the game ended early) with no
hot-wash note logged this turn, Control is asked whether to add one. It never blocks: "Continue
anyway" goes on, "Add" opens the note dialog (and the game then closes as asked)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


def has_hotwash(state) -> bool:
    """True when a hot-wash note was logged in the current turn."""
    return any(n.get("kind") == "hotwash" and n.get("turn") == state.turn for n in state.notes)


class HotWashPrompt(ModalScreen[str | None]):
    """Dismisses "add", "continue", or None (Esc: stay in the game)."""

    BINDINGS = [
        Binding("a", "answer('add')", "Add note", tooltip="Write the hot-wash note now"),
        Binding("c", "answer('continue')", "Continue anyway", tooltip="Close the game without a hot-wash note"),
        Binding("escape", "answer(None)", "Back", tooltip="Stay in the game"),
    ]

    def __init__(self, closing: str = "The game closes"):
        super().__init__()
        self.closing = closing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="hotwash-prompt"):
            yield Static("No hot-wash note this turn — add one now?", classes="dialog-title")
            yield Static(f"{self.closing}. A hot wash (what went well, what to improve) is best captured while "
                         f"the room still remembers; it is logged and appears in the after-action report.",
                         classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (a)", variant="primary", id="add")
                yield Button("Continue anyway (c)", id="continue")

    def on_mount(self) -> None:
        self.query_one("#add", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)

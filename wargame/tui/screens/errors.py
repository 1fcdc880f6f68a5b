"""A scenario (or log) that does not load: every located problem, one per line, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from wargame.text import safe
from wargame.tui.format import escape


class ErrorScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to where you came from"),
    ]

    def __init__(self, title: str, problems: list[str], advice: str = ""):
        super().__init__()
        self.title_text, self.problems, self.advice = title, problems, advice

    def compose(self) -> ComposeResult:
        n = len(self.problems)
        yield Static(Content.from_markup(f"[b $error]{escape(self.title_text)}[/] — {n} problem{'s' * (n != 1)}"),
                     classes="turn-header")
        with VerticalScroll(id="errors"):
            for p in self.problems:
                yield Static(safe.content(p), classes="error-line")
            if self.advice:
                yield Static(safe.content(self.advice), classes="dialog-hint")
        yield Footer()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(return_code=1)

"""Every key of the facilitator, by screen, generated from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from wargame.tui.format import escape


def key_label(keys: str) -> str:
    names = {"question_mark": "?", "escape": "Esc", "enter": "Enter", "left": "←", "right": "→",
             "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End",
             "left_square_bracket": "[", "right_square_bracket": "]"}
    out = []
    for k in keys.split(","):
        k = names.get(k, k)
        out.append("+".join(p.capitalize() if len(p) > 1 else p for p in k.split("+")) if "+" in k else
                   (k.upper() if k.startswith("f") and k[1:].isdigit() else k))
    return " / ".join(out)


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    from wargame.tui.app import WargameApp
    from wargame.tui.dialogs.move import MoveDialog
    from wargame.tui.screens.end import EndScreen
    from wargame.tui.screens.game import GameScreen
    from wargame.tui.screens.picker import PickerScreen
    from wargame.tui.screens.projector import ProjectorScreen
    from wargame.tui.screens.replay import ReplayScreen
    from wargame.tui.screens.seats import SeatsScreen
    from wargame.tui.screens.setup import SetupScreen

    def rows(bindings):
        out = []
        for b in bindings:
            if isinstance(b, Binding):
                out.append((key_label(b.key), b.tooltip or b.description))
        return out

    return [
        ("Everywhere", rows(WargameApp.BINDINGS) + [("Ctrl+P", "Command palette: every action by name"),
                                                   ("Tab / Shift+Tab", "Move between fields and panels")]),
        ("Scenario picker", rows(PickerScreen.BINDINGS) + [("↑/↓, Enter", "Choose a scenario or a saved game")]),
        ("Set-up", rows(SetupScreen.BINDINGS)),
        ("Game", rows(GameScreen.BINDINGS) + [("Enter", "On a delegation: enter its move")]),
        ("Move entry", rows(MoveDialog.BINDINGS) + [("↑/↓, Enter", "Choose an option, then write the rationale")]),
        ("Seats panel (F4; delegation devices, Control's eyes only)",
         rows(SeatsScreen.BINDINGS) + [("↑/↓", "Choose a seat: its link and QR code show beside the list")]),
        ("Projector view (F2)", rows(ProjectorScreen.BINDINGS)),
        ("End of game", rows(EndScreen.BINDINGS)),
        ("Replay viewer (wargame replay LOG)", rows(ReplayScreen.BINDINGS)
         + [("Click the bar", "Jump to that point of the game")]),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", tooltip="Close the help")]

    @staticmethod
    def help_markup() -> str:
        lines = []
        for title, rows in help_sections():
            lines.append(f"[b $accent]{escape(title)}[/]")
            # Pad before escaping: an escaped `[` is two characters in the markup but one on screen.
            lines.extend(f"  [b]{escape(f'{k:<18}')}[/] {escape(v)}" for k, v in rows)
            lines.append("")
        return "\n".join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(Content.from_markup(self.help_markup()), id="help-text")
            yield Static("Esc closes this help.", classes="dialog-hint")

    def action_dismiss(self) -> None:
        self.dismiss(None)

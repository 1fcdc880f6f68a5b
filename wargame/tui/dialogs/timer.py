"""The deliberation timer: set or extend the countdown, and Control's choice when it runs out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from wargame.engine.commands import Rejected
from wargame.tui.dialogs.base import CommandDialog
from wargame.tui.format import delegation_name


def parse_minutes(text: str) -> int:
    """`5`, `2.5` or `4:30` (minutes[:seconds]) as seconds; ValueError with a plain reason."""
    text = text.strip()
    try:
        if ":" in text:
            m, s = text.split(":", 1)
            seconds = int(m) * 60 + int(s)
            if not 0 <= int(s) < 60:
                raise ValueError
        else:
            seconds = round(float(text) * 60)
    except (ValueError, OverflowError):  # OverflowError: "inf"
        raise ValueError(f"'{text}' is not a duration (expected minutes, e.g. 5, 2.5 or 4:30)") from None
    if seconds < 1:
        raise ValueError("a countdown lasts at least one second")
    return seconds


class TimerDialog(CommandDialog):
    """Set this turn's countdown from now, or extend the running one."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Confirm", tooltip="Start the countdown")]

    def __init__(self, extend: bool = False, default: str = "5"):
        super().__init__()
        self.extend, self.default = extend, default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Extend the deliberation timer" if self.extend else "Deliberation timer",
                         classes="dialog-title")
            yield Static("Minutes to add (e.g. 2, or 1:30). Seats and the room page show the new time at once."
                         if self.extend else
                         "Minutes from now (e.g. 5, or 4:30). The countdown shows on every seat and on the room "
                         "page; when it runs out you decide what happens to late delegations.",
                         classes="dialog-body", markup=False)
            yield Input(self.default, id="minutes")
            yield self.error_widget()
            yield self.buttons("Extend (Enter)" if self.extend else "Start (Enter)")

    def action_submit(self) -> None:
        try:
            seconds = parse_minutes(self.query_one("#minutes", Input).value)
        except ValueError as e:
            self.show_error(f"Refused: {e}.")
            return
        session = self.app.session
        try:
            session.extend_timer(seconds) if self.extend else session.set_timer(seconds)
        except Rejected as e:
            self.show_error(f"Refused: {e.reason}")
            return
        self.dismiss(True)


class ExpiredDialog(ModalScreen[tuple | None]):
    """Time is up: for each late delegation Control waits, enters its move, or lets a bot move."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Wait", tooltip="Keep waiting for the late delegations")]

    def __init__(self, late: list[tuple[str, str]], policies: list[str]):
        super().__init__()
        self.late, self.policies = late, policies

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Time is up", classes="dialog-title")
            names = ", ".join(delegation_name(d) for _i, d in self.late) or "nobody"
            yield Static(f"Still deliberating: {names}. Choose for a delegation, or wait (Esc).",
                         classes="dialog-body", markup=False)
            options = [Option("Wait for them", id="wait")]
            for i, d in self.late:
                options.append(Option(f"Enter {delegation_name(d)}'s move for them", id=f"enter|{i}|{d}"))
                for p in self.policies:
                    options.append(Option(f"{delegation_name(d)}: a {p} bot moves for them", id=f"bot|{i}|{d}|{p}"))
            yield OptionList(*options, id="expired-choices")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Wait (Esc)", id="wait")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        parts = (event.option.id or "wait").split("|")
        self.dismiss(None if parts[0] == "wait" else tuple(parts))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class BotDialog(ModalScreen[str | None]):
    """Give a delegation's seat to a policy bot, or back to its team ("" means the team)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Leave the seat as it is")]

    def __init__(self, delegation: str, current: str | None, policies: list[str]):
        super().__init__()
        self.delegation, self.current, self.policies = delegation, current, policies

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Who plays {delegation_name(self.delegation)}?", classes="dialog-title")
            yield Static("A bot seals one of the authored options as soon as the delegation owes a move; it is "
                         "flagged as a bot in the log, the seats and the report.", classes="dialog-body", markup=False)
            options = [Option("Its team (no bot)" + (" — now" if self.current is None else ""), id="")]
            options += [Option(f"A {p} bot" + (" — now" if p == self.current else ""), id=p) for p in self.policies]
            yield OptionList(*options, id="bot-choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

"""Set-up of a new game: team or player names per delegation, the seed (random, editable), the
ruleset, the adjudication mode and the log path. Starting creates the log."""

from __future__ import annotations

import random
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, RadioButton, RadioSet, Static

from wargame.text import safe
from wargame.engine.commands import Rejected
from wargame.model.ruleset import MODES
from wargame.tui.format import MODE_LABELS, delegation_name, escape
from wargame.tui.logs import default_log_path


class SetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start the game", tooltip="Create the log and brief turn 1"),
        Binding("escape", "back", "Back", tooltip="Back to the scenario picker"),
    ]

    def __init__(self, cs, *, seed: int | None = None, mode: str | None = None, log: str | None = None):
        super().__init__()
        self.cs = cs
        self.seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        self.mode = mode or cs.ruleset.default_mode
        self.log_default = log or str(default_log_path(cs.id))

    def compose(self) -> ComposeResult:
        cs = self.cs
        s = cs.scenario
        yield Static(Content.from_markup(f"[b]Set up:[/] {escape(s.title)}  ·  [$foreground-muted]{s.turns.count} turns of "
                                         f"{s.turns.step} · about {s.duration_minutes} minutes[/]"),
                     classes="turn-header")
        # Above the form, not in it: the form scrolls (more so with the delegation-device rows), and
        # a refusal must be seen where Ctrl+S was pressed.
        yield Static("", id="setup-error", classes="dialog-error")
        with VerticalScroll(id="setup-form"):
            yield Static("Delegations — team or player names (optional)", classes="section-title")
            for code in cs.delegations:
                with Horizontal(classes="form-row"):
                    yield Label(f"{delegation_name(code)} ({code})", classes="form-label")
                    yield Input(placeholder="e.g. Team Blue, or the students' names", id=f"player-{code}",
                                classes="form-input", compact=True)
            yield Static("Dice and adjudication", classes="section-title")
            with Horizontal(classes="form-row"):
                yield Label("Seed", classes="form-label")
                yield Input(str(self.seed), id="seed", type="integer", classes="form-input", compact=True,
                            tooltip="The same seed, scenario and moves give the same rolls")
            with Horizontal(classes="form-row"):
                yield Label("Ruleset", classes="form-label")
                yield Static(Content.from_markup(f"[b]{escape(cs.ruleset.title)}[/] — d{cs.ruleset.dice.sides}, "
                                                 f"override reasons of at least "
                                                 f"{cs.ruleset.override.min_reason_chars} characters"),
                             classes="form-value")
            with Horizontal(classes="form-row"):
                yield Label("Adjudication", classes="form-label")
                with RadioSet(id="mode", compact=True):
                    for m in MODES:
                        default = " — ruleset default" if m == cs.ruleset.default_mode else ""
                        yield RadioButton(MODE_LABELS[m] + default, value=m == self.mode, name=m)
            with Horizontal(classes="form-row"):
                yield Label("Log file", classes="form-label")
                yield Input(self.log_default, id="log", classes="form-input", compact=True)
            seats = self.app.seats_options
            yield Static("Delegation devices", classes="section-title")
            with Horizontal(classes="form-row"):
                yield Label("Seats", classes="form-label")
                yield Checkbox("Each delegation plays from its own phone or laptop", seats["enabled"], id="seats",
                               compact=True, tooltip="Starts the seat server; the Seats panel (F4) shows the links")
            with Horizontal(classes="form-row"):
                yield Label("Listen on", classes="form-label")
                yield Input(str(seats["host"]), id="seats-host", classes="form-input", compact=True,
                            tooltip="0.0.0.0: every network of this laptop (the classroom's)")
            with Horizontal(classes="form-row"):
                yield Label("Port", classes="form-label")
                yield Input(str(seats["port"]), id="seats-port", type="integer", classes="form-input", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start the game (Ctrl+S)", variant="primary", id="start")
                yield Button("Back (Esc)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#setup-error").display = False
        first = self.query(".form-input")
        if first:
            first.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(return_code=0)

    def error(self, text: str) -> None:
        w = self.query_one("#setup-error", Static)
        w.update(safe.content(text))
        w.display = True

    def values(self) -> tuple[dict, int, str, Path]:
        players = {}
        for code in self.cs.delegations:
            name = self.query_one(f"#player-{code}", Input).value.strip()
            if name:
                players[code] = name
        seed_text = self.query_one("#seed", Input).value.strip()
        if not seed_text.lstrip("-").isdigit():
            raise ValueError("the seed must be a whole number")
        rs = self.query_one("#mode", RadioSet)
        mode = rs.pressed_button.name if rs.pressed_button is not None else self.mode
        log = self.query_one("#log", Input).value.strip()
        if not log:
            raise ValueError("name a log file")
        return players, int(seed_text), mode, Path(log).expanduser()

    def action_start(self) -> None:
        from wargame.session import Session

        try:
            players, seed, mode, log = self.values()
            seats = self.seat_values()
        except ValueError as e:
            self.error(f"Cannot start: {e}.")
            return
        if log.exists():
            self.error(f"Cannot start: {log} already exists (a game record is never overwritten). "
                       f"Choose another file, or resume that game.")
            return
        try:
            session = Session.new(self.cs, log, seed=seed, mode=mode, players=players)
        except Rejected as e:
            self.error(f"Cannot start: {e.reason}.")
            return
        except OSError as e:
            self.error(f"Cannot create the log {log}: {e.strerror or e}.")
            return
        self.app.seats_options = seats
        self.app.start_session(session)

    def seat_values(self) -> dict:
        enabled = self.query_one("#seats", Checkbox).value
        host = self.query_one("#seats-host", Input).value.strip()
        port = self.query_one("#seats-port", Input).value.strip()
        if enabled and not host:
            raise ValueError("name the address the seat server listens on (0.0.0.0 for every network)")
        if enabled and not (port.isdigit() and 1 <= int(port) <= 65535):
            raise ValueError("the seat server's port is a number from 1 to 65535")
        return {"enabled": enabled, "host": host, "port": int(port) if port.isdigit() else 0}

"""WargameApp: owns the Session (engine + durable log) and routes every command through it.

Screens render `session.state` and the log's records; nothing about the game lives only in a
widget, so `wargame resume LOG` rebuilds exactly the screen a crash interrupted.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from wargame.text import safe
from wargame.tui.commands import GameCommands


class WargameApp(App):
    CSS_PATH = ["app.tcss"]
    TITLE = "wargame"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", tooltip="Every key of the facilitator"),
        Binding("f2,p", "projector", "Projector", tooltip="Large view for the room: no sealed moves, no Control notes"),
        Binding("f3", "toggle_dark", "Theme", tooltip="Switch between the light and the dark theme"),
        Binding("f4", "seats", "Seats", tooltip="Delegation devices: links, join codes, QR codes, who is connected"),
        Binding("ctrl+t", "set_timer", "Deliberation timer…", show=False,
                tooltip="Set this turn's countdown (shown on every seat and the room page)"),
        Binding("ctrl+e", "extend_timer", "Extend the timer…", show=False, tooltip="Add time to the running countdown"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Leave the facilitator (the log is kept)"),
        # Tab moves focus as the app receives the key, in order with the keys around it: handled by
        # the focused field instead, keys that arrive in one burst (a slow SSH link) were already queued
        # to the old field, so `AAA<Tab>BBB` typed BBB into the field Tab had just left.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, *, scenario: str | None = None, log: str | None = None, seed: int | None = None,
                 mode: str | None = None, dirs: list[Path] | None = None, resume: Path | None = None,
                 resume_scenario: Path | None = None, shipped: bool = True, replay: Path | None = None,
                 replay_scenario: Path | None = None, seats: dict | None = None):
        super().__init__()
        from wargame.commands.play import DEFAULT_HOST, DEFAULT_PORT

        #: Delegation devices: whether the seat server runs, and where it listens.
        self.seats_options = {"enabled": False, "host": DEFAULT_HOST, "port": DEFAULT_PORT}
        self.seats_options.update({k: v for k, v in (seats or {}).items() if v is not None})
        #: The running seat server's link (wargame.tui.seats.SeatsLink), once started.
        self.seats = None

        from wargame.tui.themes import DARK, THEMES

        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DARK.name
        self.scenario_ref, self.log_arg, self.seed_arg, self.mode_arg = scenario, log, seed, mode
        self.dirs = list(dirs or [])
        self.resume_path, self.resume_scenario = resume, resume_scenario
        self.shipped = shipped
        #: `wargame replay LOG [--scenario PATH]`: the log to step through, read-only.
        self.replay_path, self.replay_scenario = replay, replay_scenario
        #: The running game, once started or resumed.
        self.session = None
        #: The game's log records (the timeline's source): read from the log, then appended as logged.
        self.records: list[dict] = []

    # ------------------------------------------------------------------ start-up
    def on_input_changed(self, event) -> None:
        # A pasted control character would be echoed raw by the Input and stored in the log: every
        # text field of the app holds clean text (see wargame/text/safe.py).
        value = event.value
        if value != safe.line(value):
            event.input.value = safe.line(value)

    def on_mount(self) -> None:
        if self.replay_path is not None:
            self.open_replay(self.replay_path, self.replay_scenario)
            return
        if self.resume_path is not None:
            self.resume_game(self.resume_path)
        elif self.scenario_ref:
            self.open_scenario(self.scenario_ref)
        else:
            from wargame.tui.screens.picker import PickerScreen

            self.push_screen(PickerScreen(self.dirs, shipped=self.shipped))

    def open_scenario(self, ref) -> None:
        from wargame.tui.screens.loading import LoadingScreen

        self.push_screen(LoadingScreen(f"Loading and checking {ref}…"))
        self._load_scenario(str(ref))

    @work(thread=True, exclusive=True, group="load")
    def _load_scenario(self, ref: str) -> None:
        from wargame.scenario.errors import InputError
        from wargame.scenario.load import load_scenario, resolve_scenario

        try:
            cs = load_scenario(resolve_scenario(ref))
        except InputError as e:
            self.call_from_thread(self._show_errors, f"{ref} has errors", [str(p) for p in e.problems],
                                  "Fix the file, then open it again. `wargame validate FILE` prints the same list.")
            return
        except OSError as e:
            self.call_from_thread(self._show_errors, f"Cannot read {ref}", [str(e)], "")
            return
        self.call_from_thread(self._show_setup, cs)

    def _show_setup(self, cs) -> None:
        from wargame.tui.screens.setup import SetupScreen

        self.switch_screen(SetupScreen(cs, seed=self.seed_arg, mode=self.mode_arg, log=self.log_arg))

    def _show_errors(self, title: str, problems: list[str], advice: str) -> None:
        from wargame.tui.screens.errors import ErrorScreen

        self.switch_screen(ErrorScreen(title, problems, advice))

    def open_replay(self, path: Path, scenario: Path | None = None) -> None:
        """The replay viewer on a log (verified first; a fork from it starts a live game)."""
        from wargame.tui.screens.replay import open_replay

        open_replay(self, Path(path), Path(scenario) if scenario else None)

    def resume_game(self, path: Path) -> None:
        from wargame.tui.screens.loading import LoadingScreen

        self.push_screen(LoadingScreen(f"Verifying {path}…"))
        self._resume(Path(path))

    @work(thread=True, exclusive=True, group="load")
    def _resume(self, path: Path) -> None:
        from wargame.log.reader import LogProblem
        from wargame.session import Session

        try:
            session = Session.resume(path, scenario=self.resume_scenario)
        except LogProblem as e:
            self.call_from_thread(self._show_errors, f"Cannot resume {path}", [str(e)],
                                  "The log is never changed by a failed resume.")
            return
        except OSError as e:
            self.call_from_thread(self._show_errors, f"Cannot resume {path}", [str(e)], "")
            return
        self.call_from_thread(self.start_session, session)

    def start_session(self, session) -> None:
        """Show a new or resumed game; from here every command goes through `execute`."""
        from wargame.log.reader import iter_records
        from wargame.tui.screens.end import EndScreen
        from wargame.tui.screens.game import GameScreen

        self.session = session
        self.records = [r.data for r in iter_records(session.path)]
        session.listeners.append(self._on_events)
        for w in session.warnings:
            self.notify(safe.clean(w), title="Log recovered", severity="warning", timeout=10, markup=False)
        self.switch_screen(EndScreen() if session.state.ended else GameScreen())
        if self.seats_options["enabled"] and self.seats is None:
            self.run_worker(self.start_seats(), group="seats", exclusive=True)
        if getattr(self, "_timer_check", None) is None:
            self._timer_check = self.set_interval(1.0, self._check_timer)

    # ------------------------------------------------------------------ delegation devices
    async def start_seats(self) -> None:
        """Start the seat server on this loop (idempotent); a failure is shown, the game goes on."""
        from wargame.tui.seats import SeatsLink

        if self.session is None or (self.seats is not None and self.seats.running):
            return
        opts = self.seats_options
        self.seats = self.seats or SeatsLink(self, opts["host"], int(opts["port"]))
        if await self.seats.start():
            room = next((l["url"] for l in self.seats.links() if l["viewer"] == "room"), "")
            self.notify(f"Seats are open. F4 shows each table's link, code and QR code.\nRoom page: {room}",
                        title="Delegation devices", timeout=8)
        else:
            self.notify(self.seats.problem, title="Delegation devices", severity="error", timeout=12)
        for screen in self.screen_stack:
            changed = getattr(screen, "seats_changed", None)
            if changed is not None:
                changed()

    async def on_unmount(self) -> None:
        if self.seats is not None:
            await self.seats.stop()

    def assign_bot(self, delegation: str, policy: str | None) -> None:
        from wargame.engine.commands import Rejected

        try:
            self.session.assign_bot(delegation, policy)
        except Rejected as e:
            self.notify(e.reason, title="Refused", severity="error", timeout=6)

    def enter_move_for(self, inject: str, delegation: str) -> None:
        """Open move entry for a delegation on the game screen (from the Seats panel or the timer's expiry)."""
        from wargame.tui.screens.game import GameScreen

        if isinstance(self.screen, GameScreen):
            self.screen.enter_move_for(inject, delegation)
        elif any(isinstance(s, GameScreen) for s in self.screen_stack) and not isinstance(self.screen, ModalScreen):
            self.pop_screen()  # the Seats panel or the projector view: back to the game first
            self.call_after_refresh(self.enter_move_for, inject, delegation)

    def _check_timer(self) -> None:
        """Log the countdown's expiry when it passes (the seat server may have done so first)."""
        session = self.session
        if session is not None and session.state.phase == "deliberation":
            session.check_timer()

    def _timer_expired(self, ev: dict) -> None:
        """Whoever logged the expiry, Control decides about the delegations still deliberating."""
        late = [tuple(k) for k in ev["late"] if tuple(k) in self.session.state.pending_moves()]
        if not late:
            return
        from wargame.sim.seatbots import policy_names
        from wargame.tui.dialogs.timer import ExpiredDialog

        self.push_screen(ExpiredDialog(late, policy_names()), self._after_expiry)

    def _after_expiry(self, choice: tuple | None) -> None:
        from wargame.engine.commands import Rejected

        if not choice:
            return
        if choice[0] == "enter":
            self.enter_move_for(choice[1], choice[2])
        elif choice[0] == "bot":
            try:
                self.session.bot_move(choice[1], choice[2], choice[3])
            except Rejected as e:
                self.notify(e.reason, title="Refused", severity="error", timeout=6)
            timer = self.session.state.timer
            if timer is not None and timer["expired"]:  # ask again about those still late
                self.call_later(self._timer_expired, {"late": timer["late"]})

    # ------------------------------------------------------------------ commands
    def execute(self, cmd) -> list[dict]:
        """Send one command; it is durably logged when this returns. Raises Rejected."""
        from wargame.engine.commands import Rejected
        from wargame.log.lock import LogFileError

        try:
            return self.session.do(cmd)
        except LogFileError as e:  # disk full, read-only...: not recorded, not applied, said like a refusal
            raise Rejected(str(e)) from None

    def _on_events(self, events: list[dict]) -> None:
        self.records.extend(events)
        state = self.session.state
        for screen in self.screen_stack:
            update = getattr(screen, "update_state", None)
            if update is not None:
                update(state)
        if any(ev["type"] == "game-ended" for ev in events):
            self.call_after_refresh(self._show_end)
        for ev in events:
            if ev["type"] == "timer-expired":
                self.call_later(self._timer_expired, ev)

    def _show_end(self) -> None:
        from wargame.tui.screens.end import EndScreen
        from wargame.tui.screens.game import GameScreen
        from wargame.tui.screens.projector import ProjectorScreen

        if isinstance(self.screen, ModalScreen) or isinstance(self.screen, ProjectorScreen):
            self.set_timer(0.1, self._show_end)
            return
        if isinstance(self.screen, GameScreen):
            self.switch_screen(EndScreen())

    # ------------------------------------------------------------------ app actions
    def action_help(self) -> None:
        from wargame.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_projector(self) -> None:
        from wargame.tui.screens.projector import ProjectorScreen

        if isinstance(self.screen, ProjectorScreen):
            self.screen.action_toggle()
        elif self.session is not None and not isinstance(self.screen, ModalScreen):
            # Built once and kept: every later F2 shows it at once.
            if not self.is_screen_installed("projector"):
                self.install_screen(ProjectorScreen(), name="projector")
            projector = self.get_screen("projector")
            if projector in self.screen_stack:
                return  # a second press while it is being shown
            projector.opened()
            self.push_screen(projector)

    def action_seats(self) -> None:
        from wargame.tui.screens.seats import SeatsScreen

        if isinstance(self.screen, SeatsScreen):
            self.pop_screen()
        elif self.session is not None and not isinstance(self.screen, ModalScreen):
            self.push_screen(SeatsScreen())

    def action_set_timer(self) -> None:
        from wargame.tui.dialogs.timer import TimerDialog

        self.push_screen(TimerDialog())

    def action_extend_timer(self) -> None:
        from wargame.tui.dialogs.timer import TimerDialog

        self.push_screen(TimerDialog(extend=True, default="2"))

    def get_system_commands(self, screen):
        """Textual's own palette entries, less those the facilitator's keys already provide (one
        "Theme", one "Quit", and that one asks before leaving a running game)."""
        ours = {b.description for b in self.BINDINGS if isinstance(b, Binding)}
        for command in super().get_system_commands(screen):
            if command.title not in ours:
                yield command

    def action_toggle_dark(self) -> None:
        from wargame.tui.themes import DARK, LIGHT

        self.theme = LIGHT.name if self.current_theme.dark else DARK.name

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("projector", "seats"):
            return True if self.session is not None else False
        if action in ("set_timer", "extend_timer"):
            st = self.session.state if self.session is not None else None
            if st is None or st.phase != "deliberation":
                return False
            running = st.timer is not None and not st.timer["expired"]
            return running if action == "extend_timer" else True
        return True

    async def action_quit(self) -> None:
        from wargame.tui.screens.errors import ErrorScreen

        if self.session is None or self.session.state.ended:
            # `wargame play BAD.yaml` that stops at the error screen exits 1, like `wargame validate`.
            self.exit(return_code=1 if isinstance(self.screen, ErrorScreen) and len(self.screen_stack) <= 2 else 0)
            return
        from wargame.tui.dialogs.confirm import ConfirmDialog

        path = self.session.path

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmDialog(
            "Leave the game?",
            f"Everything acknowledged so far is saved in\n{path}\n\nContinue later with:\nwargame resume {path}",
            yes="Leave", no="Stay"), answer)

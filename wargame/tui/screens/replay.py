"""The replay viewer (`wargame replay LOG`): step through a logged game record by record and turn
by turn, seeing at every point what Control saw (header, dashboard, briefing, delegations, cards
with their odds, rolls and overrides, outcome, timeline), with the record itself beside it.

`a` switches to the analyst's view (sealed moves as they were submitted). `f` forks a new game
from the start of the current turn ("what if we had chosen differently") and opens it live.

Read-only: nothing here writes to the log being viewed. A log that does not verify is reported,
with its line, before anything else; its verified prefix stays viewable. A log played with
another version of its scenario is shown as far as the file at hand agrees, then as records only.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from types import SimpleNamespace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, ContentSwitcher, Footer, Input, Markdown, Static, TabbedContent, TabPane

from wargame.text import safe
from wargame.tui.format import PHASE_LABELS, escape
from wargame.tui.replay_model import ReplayModel
from wargame.tui.widgets.briefing import Briefing
from wargame.tui.widgets.briefs import Briefs
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.delegations import DelegationStatus
from wargame.tui.widgets.header import TurnHeader
from wargame.tui.widgets.outcome import OutcomeView
from wargame.tui.widgets.replay import RecordPanel, ReplayBoard, ReplayTimeline, SealedMoves
from wargame.tui.widgets.scrubber import Scrubber

PHASE_VIEW = {"setup": "view-briefing", "deliberation": "view-briefing", "adjudication": "view-moves",
              "responses": "view-responses", "outcome": "view-outcome", "ended": "view-end"}


def open_replay(app, path: Path, scenario: Path | None = None) -> None:
    """Verify the log in a worker (a loading screen meanwhile), then show the viewer or the errors."""
    from wargame.tui.screens.loading import LoadingScreen

    app.push_screen(LoadingScreen(f"Verifying {path}…"))

    def load() -> None:
        try:
            model = ReplayModel(path, scenario)
        except Exception as e:  # never a traceback for a bad file
            app.call_from_thread(app._show_errors, f"Cannot replay {path}", [f"{type(e).__name__}: {e}"], "")
            return
        app.call_from_thread(_show, app, model)

    app.run_worker(load, thread=True, exclusive=True, group="load")


def _show(app, model: ReplayModel) -> None:
    if model.total == 0:
        problems = [str(p) for p in (model.problem, model.scenario_error) if p] + model.warnings
        app._show_errors(f"Cannot replay {model.path}", problems or ["the log holds no record"],
                         "Nothing of this log can be shown. `wargame replay LOG --verify` prints the same.")
        return
    app.switch_screen(ReplayScreen(model))


def default_fork_path(scenario_id: str) -> Path:
    from wargame.tui.logs import logs_dir

    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return logs_dir() / f"{scenario_id}-fork-{stamp}.jsonl"


# ====================================================================== dialogs

class ProblemDialog(ModalScreen[bool]):
    """Shown first when a log does not fully verify: the located problem and the warnings."""

    BINDINGS = [
        Binding("enter,v", "answer(True)", "View", tooltip="View the verified records, read-only"),
        Binding("escape,q", "answer(False)", "Leave", tooltip="Leave the viewer"),
    ]

    def __init__(self, model: ReplayModel):
        super().__init__()
        self.model = model

    def compose(self) -> ComposeResult:
        m = self.model
        if m.problem is not None and m.mismatch is None:
            title = "This log does not verify"
        elif m.mismatch is not None or m.scenario_error is not None:
            title = "This log was played with another version of its scenario"
        else:
            title = "This log was recovered"
        lines = []
        if m.mismatch:
            lines.append(f"[b $error]{escape(str(m.path))}:1:[/] {escape(m.mismatch)}")
        if m.scenario_error:
            lines.append(f"[b $error]{escape(str(m.path))}:1:[/] {escape(m.scenario_error)}")
        if m.fold_error:
            lines.append(f"[b $warning]{escape(m.fold_error)}[/]")
        if m.problem is not None:
            p = m.problem
            lines.append(f"[b $error]{escape(p.path)}:{p.line}:[/] {escape(p.message)}")
        for w in m.warnings:
            lines.append(f"[b $warning]warning:[/] {escape(w)}")
        lines.append("")
        lines.append(what_is_shown(m))
        with Vertical(classes="dialog dialog-wide", id="replay-problem"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="replay-problem-text"):
                yield Static(Content.from_markup("\n".join(lines)), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("View read-only (Enter)", variant="primary", id="view")
                yield Button("Leave (Esc)", id="leave")

    def on_mount(self) -> None:
        self.query_one("#view", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "view")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


def what_is_shown(m: ReplayModel) -> str:
    n = m.verified
    if m.cs is None:
        return (f"Shown read-only: the {m.total} record(s) as logged (timeline and record panel); without the "
                f"scenario no game state can be derived. Pass --scenario with the original file.")
    if m.mismatch is not None:
        rest = m.total - n
        return (f"Shown read-only: the game as logged — the states are the fold of the {n} record(s) (rolls, "
                f"outcomes and effects as recorded, not re-derived), named with the scenario file at hand"
                + (f"; then {rest} record(s) without a game state" if rest else "")
                + ". Fork and resume need the original file: pass --scenario PATH.")
    if m.problem is not None:
        return (f"Shown read-only: the {n} record(s) before the problem (they verified). Nothing after it is "
                f"shown, and the game cannot be forked or resumed from this log.")
    return f"All {n} record(s) verified; the damaged tail was left out."


class ForkDialog(ModalScreen["object | None"]):
    """Confirm a fork at the start of a turn and choose the new log's path."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Back to the replay")]

    def __init__(self, model: ReplayModel, position: int):
        super().__init__()
        self.model, self.position = model, position
        self.turn = model.fork_turn(position)

    def compose(self) -> ComposeResult:
        m, pos, turn = self.model, self.position, self.turn
        start = m.turn_start(turn)
        phase = m.phase_of(pos) or ""
        here = f"record {pos + 1} (turn {m.turn_of(pos) or '—'}, {PHASE_LABELS.get(phase, phase)})"
        where = ("the start" if start == pos else
                 f"the start of turn {turn} (record {start + 1}), not at {here}" if start is not None else "")
        text = (f"A fork starts at a turn boundary: [b]{escape(where)}[/]. The new game replays this game's "
                f"records up to turn {turn}'s briefing, then goes on as a game of its own — the moves of turn "
                f"{turn} and everything after are yours to play again. Its log names this one as its parent; "
                f"this log is not changed.")
        with Vertical(classes="dialog dialog-wide", id="fork-dialog"):
            yield Static(f"Fork from the start of turn {turn}", classes="dialog-title")
            yield Static(Content.from_markup(text), classes="dialog-body")
            yield Static("Log of the new game:", classes="dialog-hint")
            yield Input(str(default_fork_path(m.cs.id)), id="fork-path")
            yield Static("", classes="dialog-error", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Fork and play (Enter)", variant="primary", id="fork")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#dialog-error").display = False
        self.query_one("#fork-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "fork":
            self.submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, text: str) -> None:
        w = self.query_one("#dialog-error", Static)
        w.update(safe.content(text))
        w.display = bool(text)
        for b in self.query(Button):
            b.disabled = False

    def submit(self) -> None:
        raw = self.query_one("#fork-path", Input).value.strip()
        if not raw:
            self.show_error("Give a path for the new game's log.")
            return
        path = Path(raw).expanduser()
        if path.exists():
            self.show_error(f"{path} already exists; a game record is never overwritten. Choose another path.")
            return
        self.show_error("")
        for b in self.query(Button):
            b.disabled = True
        self._fork(path)

    @work(thread=True, exclusive=True, group="fork")
    def _fork(self, path: Path) -> None:
        from wargame.log.reader import LogProblem
        from wargame.session import Session

        try:
            session = Session.fork(self.model.path, self.turn, path, scenario=self.model.scenario_path)
        except (LogProblem, ValueError, OSError) as e:
            self.app.call_from_thread(self.show_error, f"Cannot fork: {e}")
            return
        self.app.call_from_thread(self.dismiss, session)


# ====================================================================== the viewer

class ReplayScreen(Screen):
    """A logged game, one record at a time; nothing here changes the log."""

    CSS_PATH = "../replay.tcss"

    BINDINGS = [
        Binding("left,k", "step(-1)", "Back", key_display="←", priority=True,
                tooltip="One record back"),
        Binding("right,j", "step(1)", "Next", key_display="→", priority=True,
                tooltip="One record forward"),
        Binding("pageup,left_square_bracket", "turn(-1)", "Prev turn", key_display="PgUp", priority=True,
                tooltip="To the start of this turn (or of the one before, from a turn start)"),
        Binding("pagedown,right_square_bracket", "turn(1)", "Next turn", key_display="PgDn", priority=True,
                tooltip="To the start of the next turn"),
        Binding("home", "jump('first')", "First record", show=False, priority=True,
                tooltip="To the first record (the game's start)"),
        Binding("end", "jump('last')", "Last record", show=False, priority=True,
                tooltip="To the last record"),
        Binding("a", "analyst", "Analyst", tooltip="Show sealed moves as submitted (the room never saw them)"),
        Binding("f", "fork", "Fork…", tooltip="A new game from the start of this turn, played live"),
        Binding("x", "record_panel", "Record panel", show=False, tooltip="Show or hide the record panel"),
        Binding("escape", "back", "Leave", show=False, tooltip="Leave the viewer (back to the picker if opened there)"),
        Binding("c", "control_notes", "Control notes", show=False,
                tooltip="Show or hide Control-only notes in the briefing"),
        Binding("1", "tab('tab-turn')", "Turn", show=False, tooltip="The current phase"),
        Binding("2", "tab('tab-briefing')", "Briefing", show=False, tooltip="The inject briefing"),
        Binding("3", "tab('tab-timeline')", "Timeline", show=False, tooltip="What had happened up to here"),
        Binding("4", "tab('tab-roles')", "Roles", show=False, tooltip="Role briefs and intent cards"),
    ]

    def __init__(self, model: ReplayModel, position: int = 0):
        super().__init__()
        self.model = model
        self.position = min(max(position, 0), model.total - 1)
        #: "control" (what the facilitator saw) or "analyst" (sealed moves as submitted).
        self.viewer = "control"
        self._ready = False
        self._phase_key = None
        self._no_state = None
        #: What each widget last showed (a cheap signature), so that a step redraws only what changed.
        self._shown: dict[str, object] = {}

    # ------------------------------------------------------------------ state
    @property
    def state(self):
        """The game state after the current record (None past the verified records)."""
        return self.model.state_at(self.position)

    @property
    def analyst(self) -> bool:
        return self.viewer == "analyst"

    def first_state(self):
        m = self.model
        return m.state_at(min(self.position, m.verified - 1)) if m.verified else None

    def compose(self) -> ComposeResult:
        m = self.model
        st = self.first_state()
        yield TurnHeader(st, id="turn-header")
        yield Static("", id="replay-banner")
        with Horizontal(id="replay-body"):
            with Vertical(id="replay-main"):
                with TabbedContent(id="main", initial="tab-turn" if st is not None else "tab-timeline"):
                    with TabPane("1 Turn", id="tab-turn"):
                        yield Static("", id="phase-hint")
                        yield Static("", id="no-state-note")
                        yield SealedMoves("", id="sealed")
                        with ContentSwitcher(id="phase-view", initial="view-briefing"):
                            yield Briefing(st, viewer="control", id="view-briefing")
                            yield ReplayBoard(st, kind="moves", id="view-moves")
                            yield ReplayBoard(st, kind="responses", id="view-responses")
                            yield OutcomeView(st, id="view-outcome")
                            with VerticalScroll(id="view-end"):
                                yield Markdown("", id="end-md", open_links=False)
                    with TabPane("2 Briefing", id="tab-briefing"):
                        yield Briefing(st, viewer="control", id="briefing-all")
                    with TabPane("3 Timeline", id="tab-timeline"):
                        yield ReplayTimeline(m.cs, [r.data for r in m.records], id="timeline")
                    with TabPane("4 Roles", id="tab-roles"):
                        yield Briefs(st, id="roles")
                yield RecordPanel(id="record")
            with Vertical(id="side"):
                yield Dashboard(st, id="dashboard")
                yield Static("Delegations", classes="section-title")
                yield DelegationStatus(st, viewer="control", id="status")
        yield Scrubber(m.total, m.turns(), id="scrubber")
        yield Footer()

    def on_mount(self) -> None:
        q = self.query_one
        #: The widgets, found once (queries walk the whole DOM, the briefings' Markdown included).
        self.w = SimpleNamespace(
            header=q(TurnHeader), dash=q(Dashboard), status=q(DelegationStatus),
            brief_turn=q("#view-briefing", Briefing), brief_all=q("#briefing-all", Briefing),
            moves=q("#view-moves", ReplayBoard), responses=q("#view-responses", ReplayBoard),
            outcome=q(OutcomeView), end=q("#end-md", Markdown), switcher=q("#phase-view", ContentSwitcher),
            sealed=q(SealedMoves), hint=q("#phase-hint", Static), note=q("#no-state-note", Static),
            tabs=q(TabbedContent), timeline=q(ReplayTimeline), record=q(RecordPanel), scrubber=q(Scrubber))
        self._ready = True
        m = self.model
        if m.cs is None:
            for tab in ("tab-turn", "tab-briefing", "tab-roles"):
                self.query_one(TabbedContent).hide_tab(tab)
        self.update_banner()
        self.show_position()
        if m.problem is not None or m.mismatch is not None or m.scenario_error is not None:
            self.app.push_screen(ProblemDialog(m), self._after_problem)
        elif m.warnings:
            for w in m.warnings:
                self.notify(safe.clean(w), title="Log recovered", severity="warning", timeout=10, markup=False)

    def _after_problem(self, view: bool | None) -> None:
        if not view:
            self.action_back(return_code=1)

    def action_back(self, return_code: int = 0) -> None:
        """Back to the screen the viewer was opened from (the picker); from the command line, leave."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(return_code=return_code)

    def on_resize(self, event) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "narrow")
        dash = self.query_one(Dashboard)
        dash.label_width, dash.bar_width = (13, 6) if narrow else (18, 10)
        table = self.query_one(DelegationStatus)
        table.widths = ({"Delegation": 12, "Inject": 8, "Status": 13} if narrow else
                        {"Delegation": 20, "Inject": 14, "Status": 18})
        self._phase_key = None
        self._shown.clear()
        self.show_position()

    def update_banner(self) -> None:
        m = self.model
        banner = self.query_one("#replay-banner", Static)
        if m.scenario_error is not None:
            text = ("[b]READ-ONLY[/] — the scenario of this log does not load: records only, no game state. "
                    "Pass --scenario with the original file.")
        elif m.mismatch is not None:
            text = ("[b]READ-ONLY[/] — the scenario file no longer matches this log: the game as logged (not "
                    "re-derived), named with the file at hand"
                    + (f"; no state after record {m.verified}" if m.verified < m.total else "")
                    + ". Pass --scenario with the original file to verify, fork or resume.")
        elif m.problem is not None:
            text = (f"[b]READ-ONLY[/] — the log does not verify from line {m.problem.line}: "
                    f"{escape(m.problem.message.splitlines()[0])}. Showing the {m.verified} verified record(s).")
        elif m.warnings:
            text = "[b]Recovered[/] — " + escape(m.warnings[0])
        else:
            banner.display = False
            return
        banner.update(Content.from_markup(text))
        banner.set_class(m.problem is not None or m.mismatch is not None or m.scenario_error is not None, "error")
        banner.display = True

    # ------------------------------------------------------------------ rendering
    def _changed(self, name: str, signature) -> bool:
        if self._shown.get(name, self) == signature:
            return False
        self._shown[name] = signature
        return True

    def show_position(self) -> None:
        if not self._ready:
            return
        m, pos, w = self.model, self.position, self.w
        rec = m.records[pos]
        st = m.state_at(pos)
        if st is not None:
            try:
                self.render_state(st)
            except (KeyError, AttributeError, TypeError, ValueError, IndexError) as e:
                if m.mismatch is None:
                    raise
                # a record naming what the scenario file at hand no longer has: show it as a record only
                st = None
                self._shown.clear()
                w.note.update(Content.from_markup(
                    f"[b $warning]The scenario file at hand cannot show this point of the game[/] "
                    f"({escape(type(e).__name__)}: {escape(str(e))}); the timeline and the record panel show "
                    f"it as logged."))
        else:
            w.sealed.display = False
            w.header.update(Content.from_markup(
                f"[b]{escape(str((m.header or {}).get('scenario_title', m.path.name)))}[/]  ·  "
                f"[b $warning]records only[/]  ·  no game state past record {m.verified}"))
            w.note.update(Content.from_markup(
                f"[b $warning]No game state here.[/] Record {pos + 1} comes after the last record the scenario "
                f"at hand can follow ({m.verified}); the timeline and the record panel show it as logged."))
            self._shown.pop("header", None)
        no_state = st is None
        if no_state != self._no_state:
            self._no_state = no_state
            self.set_class(no_state, "no-state")
        w.hint.update(self.hint(pos), layout=False)  # two lines, always
        if w.tabs.active == "tab-timeline":
            w.timeline.show(pos)
        else:
            w.timeline.position = pos
        note = ("" if m.has_state(pos) and m.mismatch is None else
                "as logged, not re-derived" if m.has_state(pos) else "as logged, no game state")
        w.record.show(rec.data, rec.line, analyst=self.analyst, note=note)
        turns = m.cs.scenario.turns.count if m.cs is not None else 0
        extra = "[b reverse $warning] ANALYST VIEW [/]" if self.analyst else ""
        w.scrubber.show(pos, Scrubber.describe(
            pos, m.total, m.turn_of(pos), turns, m.phase_of(pos), rec.data.get("type", "?"), extra))
        key = (st.phase, st.turn) if st is not None else None
        if key != self._phase_key:
            self._phase_key = key
            self.refresh_bindings()

    def render_state(self, st) -> None:
        """The game screen's widgets for the state after the current record; only what changed is redrawn,
        and the panes out of sight wait until they are shown."""
        w, changed = self.w, self._changed
        if changed("header", (st.turn, st.phase, st.mode)):
            w.header.update_state(st)
        w.dash.state = st
        if changed("dash", w.dash.lines(st)):
            w.dash.update_state(st)
        w.status.viewer = self.viewer
        w.status.state = st
        if changed("status", (self.viewer, tuple(w.status.widths.values()),
                              tuple((k, st.status_of(*k), getattr(st.moves.get(k), "outcome", None))
                                    for k in st.expected))):
            w.status.update_state(st)
        view = PHASE_VIEW.get(st.phase, "view-briefing")
        tab = w.tabs.active
        if tab == "tab-turn":
            if view == "view-briefing":
                w.brief_turn.update_state(st)
            elif view in ("view-moves", "view-responses"):
                board = w.moves if view == "view-moves" else w.responses
                if changed(view, [board.markup_for(st, k) for k in board.keys_for(st)]):
                    board.update_state(st)
            elif view == "view-outcome":
                w.outcome.update_state(st)
            elif view == "view-end":
                from wargame.tui.screens.end import end_markdown

                recs = [r.data for r in self.model.records[: self.position + 1]]
                text = end_markdown(st, str(self.model.path), recs)
                if changed("end", text):
                    w.end.update(text)
            w.switcher.current = view
            w.sealed.display = self.analyst and st.phase == "deliberation"
            if w.sealed.display:
                w.sealed.update_state(st, self.viewer)
        elif tab == "tab-briefing":
            w.brief_all.update_state(st)

    def hint(self, pos: int) -> Content:
        """What the current record did, in the timeline's words (Content joined, never markup re-parsed:
        Textual's round trip through `.markup` does not keep a trailing backslash escaped)."""
        line = self.w.timeline.line(pos)
        what = line if line is not None else safe.content(self.model.records[pos].data.get("type", ""))
        return Content.from_markup("[b $accent]▶[/] ") + what

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.show_position()

    # ------------------------------------------------------------------ navigation
    def go(self, position: int) -> None:
        position = min(max(position, 0), self.model.total - 1)
        if position != self.position:
            self.position = position
            self.show_position()

    def action_step(self, delta: int) -> None:
        self.go(self.position + delta)

    def action_turn(self, direction: int) -> None:
        m = self.model
        self.go(m.next_turn(self.position) if direction > 0 else m.previous_turn(self.position))

    def action_jump(self, where: str) -> None:
        self.go(0 if where == "first" else self.model.total - 1)

    def go_to_turn(self, turn: int) -> None:
        p = self.model.turn_start(turn)
        if p is not None:
            self.go(p)

    def on_scrubber_jump(self, event: Scrubber.Jump) -> None:
        self.go(event.position)

    def action_analyst(self) -> None:
        self.viewer = "control" if self.analyst else "analyst"
        self.show_position()
        self.notify("Analyst view: sealed moves are shown as submitted." if self.analyst else
                    "Control's view: sealed moves stay sealed until the reveal.", timeout=3)

    def action_record_panel(self) -> None:
        panel = self.query_one(RecordPanel)
        panel.display = not panel.display

    def action_control_notes(self) -> None:
        for b in self.query(Briefing):
            b.show_control_notes(not b.control_notes)

    def action_tab(self, tab: str) -> None:
        tc = self.query_one(TabbedContent)
        if tab != "tab-timeline" and self.model.cs is None:
            return
        tc.active = tab

    # ------------------------------------------------------------------ fork
    def can_fork(self) -> bool:
        m = self.model
        return m.ok and m.has_state(self.position)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "fork":
            return True if self._ready and self.can_fork() else None
        if action == "control_notes":
            return True if self.model.verified else None
        return True

    def action_fork(self) -> None:
        if not self.can_fork():
            return
        self.app.push_screen(ForkDialog(self.model, self.position), self._after_fork)

    def _after_fork(self, session) -> None:
        if session is not None:
            self.app.start_session(session)
            self.app.notify(safe.clean(f"A new game from turn {session.state.turn}, logged in {session.path}."),
                            title="Forked", timeout=8, markup=False)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        """Extra command-palette entries: one per turn ("Replay: go to turn 3")."""
        from functools import partial

        return [(f"Replay: go to turn {t}", f"Jump to the start of turn {t} (record {p + 1})",
                 partial(self.go_to_turn, t)) for t, p in self.model.turns()]

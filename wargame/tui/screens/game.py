"""The game screen: the turn/phase header, the briefing, the state dashboard, the delegations'
status, the adjudication and response boards, the turn's outcome and the timeline.

Everything shown is derived from `app.session.state` (and the log's records for the timeline);
every key sends one command to the session and the screen re-renders from the new state.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static, TabbedContent, TabPane

from wargame.text import safe
from wargame.engine.commands import AddNote, EndGame, EndTurn, Rejected, ReopenMove, Resolve, Respond, Reveal, Roll
# Dialogs are imported where they open: none is needed for the first frame.
from wargame.tui.format import delegation_name, escape, inject_title, team_label
from wargame.tui.widgets.board import Card, MoveBoard
from wargame.tui.widgets.briefing import Briefing
from wargame.tui.widgets.briefs import Briefs
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.delegations import DelegationStatus
from wargame.tui.widgets.header import TurnHeader
from wargame.tui.widgets.outcome import OutcomeView
from wargame.tui.widgets.timeline import Timeline

PHASE_VIEW = {"deliberation": "view-briefing", "adjudication": "view-moves", "responses": "view-responses",
              "outcome": "view-outcome", "ended": "view-outcome"}

#: action -> phases where it applies (elsewhere it is hidden from the Footer).
ACTION_PHASES = {
    "move": ("deliberation",), "reopen": ("deliberation",), "reveal": ("deliberation",),
    "roll": ("adjudication",), "physical": ("adjudication",),
    "accept": ("adjudication", "responses"), "decide": ("adjudication", "responses"),
    "next_turn": ("outcome",), "extra_response": ("outcome",),
}


class GameScreen(Screen):
    """Control's view of the running game."""

    BINDINGS = [
        Binding("m", "move", "Enter move", tooltip="Enter and seal the selected delegation's move"),
        Binding("u", "reopen", "Reopen", tooltip="Reopen the selected delegation's sealed move (with a reason)"),
        Binding("v", "reveal", "Reveal", tooltip="Reveal all sealed moves at once and start adjudication"),
        Binding("r", "roll", "Roll", tooltip="Roll the seeded die for the selected move"),
        Binding("d", "physical", "Dice…", tooltip="Type in a physical die result for the selected move"),
        Binding("a", "accept", "Accept", tooltip="Accept the rules' proposal for the selected card"),
        Binding("o", "decide", "Override…", tooltip="Control decides: another outcome or response, with a reason"),
        Binding("n", "next_turn", "Next turn", tooltip="Close this turn and brief the next one"),
        Binding("h", "note", "Note", tooltip="Add a hot-wash or Control note to the record"),
        Binding("x", "extra_response", "Non-player response…",
                tooltip="Non-player response at Control's choice (outcome phase; with a reason)"),
        Binding("t", "adjust_track", "Adjust track…", show=False,
                tooltip="Control changes a track value directly (an override, with a reason)"),
        Binding("c", "control_notes", "Control notes", show=False,
                tooltip="Show or hide Control-only notes in the briefing"),
        Binding("e", "end_game", "End game…", show=False, tooltip="End the game early (with a reason)"),
        Binding("1", "tab('tab-turn')", "Turn", show=False, tooltip="The current phase"),
        Binding("2", "tab('tab-briefing')", "Briefing", show=False, tooltip="The inject briefing"),
        Binding("3", "tab('tab-timeline')", "Timeline", show=False, tooltip="What has happened so far"),
        Binding("4", "tab('tab-roles')", "Roles", show=False, tooltip="Role briefs and intent cards"),
        Binding("left", "card(-1)", "Previous card", show=False),
        Binding("right", "card(1)", "Next card", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._phase = None
        self._turn = None

    @property
    def state(self):
        return self.app.session.state

    def compose(self) -> ComposeResult:
        st = self.state
        yield TurnHeader(st, id="turn-header")
        with Horizontal(id="game-body"):
            with TabbedContent(id="main", initial="tab-turn"):
                with TabPane("1 Turn", id="tab-turn"):
                    yield Static("", id="phase-hint")
                    with ContentSwitcher(id="phase-view", initial=PHASE_VIEW.get(st.phase, "view-briefing")):
                        yield Briefing(st, viewer="control", id="view-briefing")
                        yield MoveBoard(st, kind="moves", id="view-moves")
                        yield MoveBoard(st, kind="responses", id="view-responses")
                        with Vertical(id="view-outcome"):
                            yield OutcomeView(st, id="outcome")
                            yield Input(placeholder="Hot wash: type a note and press Enter (it is logged)",
                                        id="hotwash")
                # The other tabs are filled the first time they are opened (`on_tabbed_content_tab_activated`):
                # the role briefs alone are hundreds of widgets, and the turn view must appear at once.
                yield TabPane("2 Briefing", id="tab-briefing")
                yield TabPane("3 Timeline", id="tab-timeline")
                yield TabPane("4 Roles", id="tab-roles")
            with Vertical(id="side"):
                yield Dashboard(st, id="dashboard")
                yield Static("Delegations", classes="section-title")
                yield DelegationStatus(st, viewer="room", id="status")
        yield Footer()

    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.update_state(self.state)

    def on_resize(self, event) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "narrow")
        dash = self.query_one(Dashboard)
        dash.label_width, dash.bar_width = (13, 6) if narrow else (18, 10)
        dash.update_state(self.state)
        table = self.query_one(DelegationStatus)
        table.widths = ({"Delegation": 12, "Inject": 8, "Status": 13} if narrow else
                        {"Delegation": 20, "Inject": 14, "Status": 18})
        table.update_state(self.state)

    # ------------------------------------------------------------------ rendering
    def update_state(self, state=None) -> None:
        st = state or self.state
        if not self._ready:
            return
        self.query_one(TurnHeader).update_state(st)
        self.query_one(Dashboard).update_state(st)
        self.query_one(DelegationStatus).update_state(st)
        for b in self.query(Briefing):
            b.update_state(st)
        for board in self.query(MoveBoard):
            board.update_state(st)
        self.query_one(OutcomeView).update_state(st)
        for timeline in self.query(Timeline):  # absent until its lazy mount
            timeline.update_events(st.cs, self.app.records)
        self.query_one("#phase-view", ContentSwitcher).current = PHASE_VIEW.get(st.phase, "view-briefing")
        self.query_one("#phase-hint", Static).update(Content.from_markup(self.hint(st)))
        if (st.phase, st.turn) != (self._phase, self._turn):
            self._phase, self._turn = st.phase, st.turn
            self.query_one(TabbedContent).active = "tab-turn"
            self.call_after_refresh(self.focus_for_phase)
        self.sync_bindings()

    def seats_changed(self) -> None:
        """A device connected or left (the seat server says so): the hint counts them."""
        if self._ready:
            self.query_one("#phase-hint", Static).update(Content.from_markup(self.hint(self.state)))

    def hint(self, st) -> str:
        if st.phase == "deliberation":
            n, total = len(st.moves), len(st.expected)
            if total == 0:
                return "No delegation has a move this turn. Press [b]v[/] to go on."
            seats = self.app.seats
            if st.pending_moves() and seats is not None and seats.running:
                online = sum(1 for d in st.cs.delegations if seats.connected(d) or st.bots.get(d))
                return (f"[b]Deliberation[/] — {n} of {total} moves sealed; {online} of {len(st.cs.delegations)} "
                        f"delegations on their devices ([b]F4[/] Seats). [b]m[/] enters a move for a table here.")
            if st.pending_moves():
                return (f"[b]Deliberation[/] — {n} of {total} moves sealed. Select a delegation (↑/↓) and press "
                        f"[b]m[/] (or Enter) to enter its move. {escape(self.next_step())}")
            return f"[b]All {total} moves are sealed.[/] Press [b]v[/] to reveal them together."
        if st.phase == "adjudication":
            left = len(st.unresolved())
            acc = {"rigid": "the rules apply the outcome",
                   "semi": "[b]a[/] accepts the proposal, [b]o[/] overrides with a reason",
                   "free": "[b]o[/] Control decides, with a reason"}[st.mode]
            return (f"[b]Adjudication[/] — {left} move(s) to settle. ←/→ choose a card; [b]r[/] rolls "
                    f"(or [b]d[/] to type a physical die), then {acc}.")
        if st.phase == "responses":
            return ("[b]Non-player responses[/] — the table's proposals. [b]a[/] accepts, [b]o[/] chooses "
                    "another (with a reason).")
        if st.phase == "outcome":
            last = st.turn >= st.cs.scenario.turns.count
            nxt = "end the game and open the debrief" if last else f"brief turn {st.turn + 1}"
            return (f"[b]Outcome[/] — read the summary, [b]h[/] writes a hot-wash note ([b]x[/] adds a non-player "
                    f"response, [b]t[/] adjusts a track), then [b]n[/] to {nxt}.")
        return "[b]The game is over.[/]"

    def focus_for_phase(self) -> None:
        st = self.state
        if st.phase == "deliberation":
            table = self.query_one(DelegationStatus)
            pending = st.pending_moves()
            if pending:
                table.move_cursor(row=st.expected.index(pending[0]))
            table.focus()
        elif st.phase in ("adjudication", "responses"):
            self.focus_next_open_card()
        elif st.phase == "outcome":
            self.query_one(OutcomeView).focus()

    # ------------------------------------------------------------------ selection helpers
    def board(self) -> MoveBoard | None:
        st = self.state
        if st.phase == "adjudication":
            return self.query_one("#view-moves", MoveBoard)
        if st.phase == "responses":
            return self.query_one("#view-responses", MoveBoard)
        return None

    def current_card_key(self):
        board = self.board()
        if board is None:
            return None
        focused = self.focused
        if isinstance(focused, Card) and focused.parent is board:
            return focused.key
        open_ = [c.key for c in board.cards() if not c.has_class("done")]
        return open_[0] if open_ else None

    def focus_next_open_card(self) -> None:
        board = self.board()
        if board is None:
            return
        cards = board.cards()
        if not cards:
            self.call_after_refresh(self.focus_next_open_card)
            return
        open_ = [c for c in cards if not c.has_class("done")]
        (open_ or cards)[0].focus()

    def selected_move(self):
        key = self.current_card_key()
        if key is None or self.state.phase != "adjudication":
            return None
        return self.state.moves.get(tuple(key))

    # ------------------------------------------------------------------ bindings
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not self._ready or self.app.session is None:
            return True
        st = self.state
        phases = ACTION_PHASES.get(action)
        if phases is not None and st.phase not in phases:
            return False
        if action in ("move", "reopen"):
            sel = self.query_one(DelegationStatus).selected()
            if sel is None:
                return None
            status = st.status_of(*sel)
            return True if (status == "waiting") == (action == "move") else None
        if action == "reveal":  # always answers: with moves outstanding it says which
            return True
        if action in ("roll", "physical"):
            m = self.selected_move()
            return True if m is not None and m.status == "revealed" else None
        if action == "accept":
            if st.mode == "free":
                return False
            if st.phase == "responses":
                return True if self.current_card_key() in st.proposals else None
            m = self.selected_move()
            return True if m is not None and m.status == "rolled" else None
        if action == "decide":
            if st.phase == "responses":
                return True if self.current_card_key() in st.proposals else None
            m = self.selected_move()
            if m is None or m.status == "resolved":
                return None
            if m.status == "revealed" and (st.mode != "free"):
                return None
            return True
        if action in ("end_game", "adjust_track"):
            return not st.ended
        if action == "extra_response":
            return True if st.cs.scenario.actors else False
        return True

    _binding_state: tuple = ()

    def sync_bindings(self) -> None:
        """Refresh the Footer only when what the keys can do has changed (a Footer refresh rebuilds
        every key widget, which is the costliest thing this screen does)."""
        now = tuple(self.check_action(b.action.split("(")[0], ()) for b in self.BINDINGS)
        if now != self._binding_state:
            self._binding_state = now
            self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.sync_bindings()
        if self._ready and self.state.phase == "deliberation":
            self.query_one("#phase-hint", Static).update(Content.from_markup(self.hint(self.state)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.state.phase == "deliberation":
            self.action_move()

    def on_descendant_focus(self, event) -> None:
        self.sync_bindings()

    def _do(self, cmd) -> bool:
        try:
            self.app.execute(cmd)
        except Rejected as e:
            self.notify(safe.clean(e.reason), title="Refused", severity="error", markup=False)
            return False
        return True

    # ------------------------------------------------------------------ actions: deliberation
    def action_move(self) -> None:
        from wargame.tui.dialogs.move import MoveDialog

        sel = self.query_one(DelegationStatus).selected()
        if sel is None or self.state.phase != "deliberation":
            return
        if self.state.status_of(*sel) != "waiting":
            self.notify(f"{delegation_name(sel[1])} has sealed its move. Press u to reopen it.", title="Sealed")
            return
        self.app.push_screen(MoveDialog(self.state, *sel), self._after_move)

    def enter_move_for(self, inject: str, delegation: str) -> None:
        """Select a delegation's row and open its move entry (used by the command palette)."""
        table = self.query_one(DelegationStatus)
        if (inject, delegation) in self.state.expected:
            table.move_cursor(row=self.state.expected.index((inject, delegation)))
            self.action_move()

    def _after_move(self, done: bool | None) -> None:
        """The cursor stays on the row just sealed (a key pressed next acts where the eye is); the
        notice and the hint say where the next waiting delegation is."""
        table = self.query_one(DelegationStatus)
        table.focus()
        if done:
            sel = table.selected()
            who = f"{delegation_name(sel[1])}'s" if sel else "The"
            self.notify(f"{who} move is sealed. {self.next_step()}",
                        title="Sealed", timeout=4)

    def next_step(self) -> str:
        """Where the next waiting delegation is from the cursor, as a key to press."""
        st = self.state
        pending = st.pending_moves()
        if not pending:
            return "All moves are sealed: press v to reveal them."
        row = self.query_one(DelegationStatus).cursor_row
        rows = [st.expected.index(p) for p in pending]
        below = [r for r in rows if r > row]
        target = below[0] if below else rows[0]
        if target == row:
            return f"Next: press m to enter {delegation_name(st.expected[target][1])}'s move."
        steps = target - row
        key = "↓" if steps > 0 else "↑"
        times = f" {abs(steps)} times" if abs(steps) > 1 else ""
        return (f"Next waiting: {delegation_name(st.expected[target][1])} ({key}{times}, then m).")

    def action_reopen(self) -> None:
        from wargame.tui.dialogs.reason import ReasonDialog

        sel = self.query_one(DelegationStatus).selected()
        if sel is None:
            return
        inject, d = sel
        self.app.push_screen(ReasonDialog(
            f"Reopen {team_label(self.state, d)}'s move",
            "The sealed move is withdrawn (unseen) and the delegation enters a new one. Say why.",
            lambda reason: ReopenMove(inject, d, reason), min_chars=3, button="Reopen"))

    def action_reveal(self) -> None:
        st = self.state
        pending = st.pending_moves()
        if pending:
            several = len(st.active) > 1
            who = ", ".join(delegation_name(d) + (f" on {inject_title(st.cs, i)}" if several else "")
                            for i, d in pending)
            self.notify(f"Still waiting for {len(pending)} of {len(st.expected)} moves: {who}. "
                        f"Select a waiting delegation and press m.", title="Not revealed yet", severity="warning",
                        timeout=8)
            return
        self._do(Reveal())

    # ------------------------------------------------------------------ actions: adjudication
    def action_roll(self) -> None:
        from wargame.tui.dialogs.dice import RollDialog

        m = self.selected_move()
        if m is None:
            return
        if m.is_free:
            self.app.push_screen(RollDialog(self.state, m.inject, m.delegation, physical=False), self._after_card)
        elif self._do(Roll(m.inject, m.delegation)):
            self._after_card(True)

    def action_physical(self) -> None:
        from wargame.tui.dialogs.dice import RollDialog

        m = self.selected_move()
        if m is not None:
            self.app.push_screen(RollDialog(self.state, m.inject, m.delegation, physical=True), self._after_card)

    def action_accept(self) -> None:
        from wargame.tui.dialogs.decide import DecideDialog

        st = self.state
        if st.phase == "responses":
            actor = self.current_card_key()
            if actor in st.proposals and self._do(Respond(actor, st.proposals[actor], "")):
                self._after_card(True)
            return
        m = self.selected_move()
        if m is None or m.status != "rolled":
            return
        if m.is_free:  # a free-form action's effects are Control's to set
            self.app.push_screen(DecideDialog(st, m.inject, m.delegation), self._after_card)
        elif self._do(Resolve(m.inject, m.delegation)):
            self._after_card(True)

    def action_decide(self) -> None:
        from wargame.tui.dialogs.decide import DecideDialog, RespondDialog

        st = self.state
        if st.phase == "responses":
            actor = self.current_card_key()
            if actor in st.proposals:
                self.app.push_screen(RespondDialog(st, actor), self._after_card)
            return
        m = self.selected_move()
        if m is not None and m.status != "resolved":
            self.app.push_screen(DecideDialog(st, m.inject, m.delegation), self._after_card)

    def _after_card(self, done: bool | None) -> None:
        if done:
            self.call_after_refresh(self._focus_after_card)

    def _focus_after_card(self) -> None:
        key = self.current_card_key()
        board = self.board()
        if board is None:
            return
        for card in board.cards():
            if card.key == key and not card.has_class("done"):
                card.focus()
                return
        self.focus_next_open_card()

    def action_card(self, step: int) -> None:
        board = self.board()
        if board is None:
            return
        cards = board.cards()
        if not cards:
            return
        focused = self.focused
        i = cards.index(focused) if focused in cards else -1
        cards[(i + step) % len(cards)].focus()

    # ------------------------------------------------------------------ actions: outcome and any time
    def action_next_turn(self) -> None:
        st = self.state
        if st.phase == "outcome" and st.turn >= st.cs.scenario.turns.count:
            self.before_closing("The last turn ends and the game closes", lambda: self._do(EndTurn()))
        else:
            self._do(EndTurn())

    def before_closing(self, closing: str, go) -> None:
        """Run `go()` (which closes the game), asking first for a hot-wash note if this turn has none."""
        from wargame.tui.dialogs.hotwash import HotWashPrompt, has_hotwash
        from wargame.tui.dialogs.note import NoteDialog

        if has_hotwash(self.state):
            go()
            return

        def after_note(logged: bool | None) -> None:
            if logged:
                go()

        def answer(choice: str | None) -> None:
            if choice == "continue":
                go()
            elif choice == "add":
                self.app.push_screen(NoteDialog("hotwash"), after_note)

        self.app.push_screen(HotWashPrompt(closing), answer)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "hotwash":
            text = event.value.strip()
            if text and self._do(AddNote(text, "hotwash")):
                event.input.value = ""
                self.notify("Note logged.", timeout=2)
                self.query_one(OutcomeView).focus()

    def action_note(self) -> None:
        from wargame.tui.dialogs.note import NoteDialog

        if self.state.phase == "outcome":
            self.query_one(TabbedContent).active = "tab-turn"
            self.query_one("#hotwash", Input).focus()
        else:
            self.app.push_screen(NoteDialog("control" if self.state.phase != "ended" else "hotwash"))

    def action_control_notes(self) -> None:
        for b in self.query(Briefing):
            b.show_control_notes(not b.control_notes)
        on = self.query_one("#view-briefing", Briefing).control_notes
        self.notify("Control notes shown (not in the projector view)." if on else "Control notes hidden.", timeout=3)

    def action_end_game(self) -> None:
        from wargame.tui.dialogs.reason import ReasonDialog

        self.before_closing("The game is about to end early", lambda: self.app.push_screen(ReasonDialog(
            "End the game early", "The game ends now; objectives are assessed on the current state. Say why.",
            lambda reason: EndGame(reason), min_chars=3, button="End the game")))

    def action_adjust_track(self) -> None:
        from wargame.tui.dialogs.adjust import AdjustTrackDialog

        if not self.state.ended:
            self.app.push_screen(AdjustTrackDialog(self.state))

    def action_extra_response(self) -> None:
        from wargame.tui.dialogs.respond import ExtraResponseDialog

        if self.state.phase == "outcome" and self.state.cs.scenario.actors:
            self.app.push_screen(ExtraResponseDialog(self.state))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane is None or pane.children:
            return
        st = self.state
        content = {"tab-briefing": lambda: self._full_briefing(st),
                   "tab-timeline": lambda: Timeline(st.cs, self.app.records, id="timeline"),
                   "tab-roles": lambda: Briefs(st, id="roles")}.get(pane.id)
        if content is not None:
            pane.mount(content())

    def _full_briefing(self, st) -> Briefing:
        briefing = Briefing(st, viewer="control", id="briefing-all")
        briefing.control_notes = self.query_one("#view-briefing", Briefing).control_notes
        return briefing

"""The projector view: large and uncluttered, only what the whole room may see — the briefing,
the tracks, who has moved (never what a sealed move is) and, after the reveal, the moves and
outcomes. Never Control's notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Static

from wargame.tui.format import PHASE_LABELS, STATUS_ICONS, delegation_name, escape, move_choice
from wargame.tui.widgets.briefing import Briefing
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.outcome import OutcomeView


def room_status_markup(state) -> str:
    cs = state.cs
    lines = []
    for iid, d in state.expected:
        status = state.status_of(iid, d)
        m = state.move_for(iid, d, "room")
        text = f"{STATUS_ICONS[status]} [b]{delegation_name(d)}[/] — {status}"
        if m is not None and m.status != "sealed":
            text += f": {escape(move_choice(cs, m))}"
            if m.status == "resolved":
                text += f" → [b]{escape(cs.outcome_label(m.outcome))}[/]"
        lines.append(text)
    return "\n".join(lines) or "[dim]No delegation moves this turn.[/]"


class ProjectorScreen(Screen):
    BINDINGS = [Binding("escape,p,f2", "close", "Back to Control view", tooltip="Leave the projector view")]

    @property
    def state(self):
        return self.app.session.state

    def compose(self) -> ComposeResult:
        st = self.state
        with Horizontal(id="proj-top"):
            yield Digits(str(max(st.turn, 1)), id="proj-turn")
            yield Static("", id="proj-title")
        with Horizontal(id="proj-body"):
            with Vertical(id="proj-left"):
                yield Briefing(st, viewer="room", id="proj-briefing")
                yield OutcomeView(st, id="proj-outcome")
            with Vertical(id="proj-right"):
                yield Dashboard(st, bar_width=16, label_width=22, id="proj-dashboard")
                yield Static("", id="proj-status")
        yield Static(Content.from_markup("[dim]Projector view — Esc returns to the Control view[/]"), id="proj-foot")

    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.update_state(self.state)

    def update_state(self, state=None) -> None:
        if not self._ready:
            return
        st = self.state
        cs = st.cs
        self.query_one("#proj-turn", Digits).update(str(max(st.turn, 1)))
        self.query_one("#proj-title", Static).update(Content.from_markup(
            f"[b]{escape(cs.scenario.title)}[/]\nTurn {max(st.turn, 1)} of {cs.scenario.turns.count} · "
            f"{escape(st.date(max(st.turn, 1)))}\n[b $accent]{escape(PHASE_LABELS.get(st.phase, st.phase))}[/]"))
        self.query_one(Briefing).update_state(st)
        self.query_one(Dashboard).update_state(st)
        self.query_one("#proj-status", Static).update(Content.from_markup(room_status_markup(st)))
        outcome = st.phase in ("outcome", "ended")
        self.query_one(OutcomeView).display = outcome
        self.query_one(Briefing).display = not outcome
        self.query_one(OutcomeView).update_state(st)

    def action_close(self) -> None:
        self.app.pop_screen()

"""The turn/phase header: scenario, turn N of M, in-game date, phase and adjudication mode."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from wargame.tui.format import PHASE_LABELS, escape


class TurnHeader(Static):
    """One line that tells the room where the game is. Rendered from the state only."""

    DEFAULT_CLASSES = "turn-header"

    def __init__(self, state=None, **kw):
        super().__init__("", **kw)
        self.state = state

    def on_mount(self) -> None:
        self.update_state(self.state)

    def update_state(self, state) -> None:
        self.state = state
        if state is None:
            self.update("")
            return
        cs = state.cs
        count = cs.scenario.turns.count
        phase = PHASE_LABELS.get(state.phase, state.phase)
        turn = max(state.turn, 1)
        # Where the game is comes first; the scenario title last, so a narrow terminal cuts the title
        # (with an ellipsis) rather than the phase.
        text = (f"[b $accent]Turn {turn} of {count}[/]  ·  [b]{escape(phase)}[/]  ·  {escape(state.date(turn))}  ·  "
                f"[$foreground-muted]{escape(state.mode)}[/]  ·  {escape(cs.scenario.title)}")
        self.update(Content.from_markup(text))
        self.tooltip = f"{cs.scenario.title}: turn {turn} of {count}, {state.date(turn)}, {phase}, {state.mode} adjudication"

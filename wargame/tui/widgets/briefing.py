"""The inject briefing: each active inject's narrative (Markdown) with the sources it rests on.

For the `control` viewer, and only when asked, Control's notes and expected actions follow;
the `room` viewer never gets them.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from wargame.tui.format import delegation_name


def briefing_markdown(state, viewer: str = "room", control_notes: bool = False) -> str:
    cs = state.cs
    if not state.active:
        if state.phase == "ended":
            return "# The game is over\n\nSee the assessment and the debrief questions."
        return "# No inject this turn\n\nNo event calls for a decision this turn; Control may move on."
    parts = []
    los = {lo.id: lo.text for lo in cs.scenario.learning_objectives}
    for iid in state.active:
        ci = cs.injects[iid]
        inj = ci.inject
        to = ", ".join(delegation_name(d) for d in ci.to)
        parts.append(f"## {inj.title}\n")
        parts.append(f"*For: {to}*\n")
        parts.append(inj.narrative.strip() + "\n")
        if inj.sources:
            parts.append("**Sources:** " + ", ".join(f"`{s}`" for s in inj.sources) + "\n")
        if inj.objectives and viewer == "control":
            parts.append("**Serves:** " + "; ".join(f"{o} — {los.get(o, '')}" for o in inj.objectives) + "\n")
        if viewer == "control" and control_notes and (inj.control_notes or inj.expected_actions):
            parts.append("> **Control only — not for the room**\n>")
            if inj.control_notes:
                parts.extend("> " + line for line in inj.control_notes.strip().splitlines())
                parts.append(">")
            for a in inj.expected_actions:
                parts.append(f"> - expected: {a}")
            parts.append("")
    return "\n".join(parts)


class Briefing(VerticalScroll):
    """Scrollable Markdown briefing of the injects active this turn."""

    DEFAULT_CLASSES = "briefing"

    def __init__(self, state=None, viewer: str = "room", **kw):
        super().__init__(**kw)
        self.state, self.viewer = state, viewer
        self.control_notes = False
        self._text = None

    def compose(self):
        yield Markdown("", open_links=False)

    def on_mount(self) -> None:
        self.update_state(self.state)

    def update_state(self, state) -> None:
        self.state = state
        if state is None:
            return
        text = briefing_markdown(state, self.viewer, self.control_notes)
        if text != self._text:
            self._text = text
            self.query_one(Markdown).update(text)

    def show_control_notes(self, on: bool) -> None:
        self.control_notes = on
        self.update_state(self.state)

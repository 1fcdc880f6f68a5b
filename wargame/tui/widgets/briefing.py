"""The inject briefing: each active inject's narrative (Markdown) with the sources it rests on.

For the `control` viewer, and only when asked, Control's notes and expected actions follow;
the `room` viewer never gets them.

Sources are shown resolved through the source register ("Alsaied (2023), Introduction ¶3" and the
claim's paraphrase, shortened; clicking the citation shows it whole) once the register is loaded
(off the UI thread, once per app); until then, and for unknown ids, the raw `doc-id#claim-id`.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from wargame.text import safe
from wargame.tui.format import delegation_name
from wargame.tui.sources import shorten, sources_for

#: Plain text made safe inside Markdown (no emphasis, links or HTML from a paraphrase).
md_escape = safe.md


def sources_markdown(refs, sources=None) -> str:
    """The sources an inject rests on: resolved ones as a list (citation and paraphrase), else raw ids."""
    if sources is None or not sources.loaded:
        return "**Sources:** " + ", ".join(safe.md_code(s) for s in refs) + "\n"
    lines = ["**Sources**", ""]
    for ref in refs:
        label = sources.label(ref)
        if label == ref:
            lines.append(f"- {safe.md_code(ref)} *(not in the source register)*")
            continue
        text = shorten(sources.paraphrase(ref))
        lines.append(f"- [{md_escape(label)}](cite:{ref})" + (f" — {md_escape(text)}" if text else ""))
    return "\n".join(lines) + "\n"


def briefing_markdown(state, viewer: str = "room", control_notes: bool = False, sources=None) -> str:
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
        parts.append(f"## {md_escape(inj.title)}\n")
        parts.append(f"*For: {to}*\n")
        parts.append(inj.narrative.strip() + "\n")
        if inj.sources:
            parts.append(sources_markdown(inj.sources, sources))
        if inj.objectives and viewer == "control":
            parts.append("**Serves:** " + "; ".join(f"{md_escape(o)} — {md_escape(los.get(o, ''))}"
                                                    for o in inj.objectives) + "\n")
        if viewer == "control" and control_notes and (inj.control_notes or inj.expected_actions):
            parts.append("> **Control only — not for the room**\n>")
            if inj.control_notes:
                parts.extend("> " + line for line in inj.control_notes.strip().splitlines())
                parts.append(">")
            for a in inj.expected_actions:
                parts.append(f"> - expected: {md_escape(a)}")
            parts.append("")
    return safe.clean("\n".join(parts))


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
        # Read once per app (~50 ms), before the first render: a briefing never flickers from raw
        # ids to resolved citations, and screenshots of it are deterministic.
        sources_for(self.app).load()
        self.update_state(self.state)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        if event.href.startswith("cite:"):
            event.stop()
            # Plain text: the href and the register's paraphrase are untrusted (no markup, no actions).
            self.notify(safe.clean(sources_for(self.app).detail(event.href[5:])), title="Source", timeout=20,
                        markup=False)

    def update_state(self, state) -> None:
        self.state = state
        if state is None:
            return
        text = briefing_markdown(state, self.viewer, self.control_notes, sources_for(self.app))
        if text != self._text:
            self._text = text
            self.query_one(Markdown).update(text)

    def show_control_notes(self, on: bool) -> None:
        self.control_notes = on
        self.update_state(self.state)

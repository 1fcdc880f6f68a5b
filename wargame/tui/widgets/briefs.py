"""Role briefs and the scenario's premises: assumptions, learning objectives, each delegation's
interests, red lines and constraints, and the non-player actors' intent cards."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from wargame.text import safe
from wargame.text.safe import md
from wargame.tui.format import delegation_name


def briefs_markdown(cs, state=None) -> str:
    s = cs.scenario
    out = [f"# {md(s.title)}\n", s.summary.strip() + "\n"]
    if s.assumptions:
        out.append("## Assumptions (stipulated for this game)\n")
        out.extend(f"- {a}" for a in s.assumptions)
        out.append("")
    if s.learning_objectives:
        out.append("## Learning objectives\n")
        out.extend(f"{i}. **{md(lo.id)}** {lo.text}" for i, lo in enumerate(s.learning_objectives, 1))
        out.append("")
    for code, b in s.delegations.items():
        team = (state.players or {}).get(code, "") if state is not None else ""
        out.append(f"## {delegation_name(code)}" + (f" — {md(team)}" if team else "") + "\n")
        out.append(b.role.strip() + "\n")
        for title, items in (("Interests", b.interests), ("Red lines", b.red_lines), ("Constraints", b.constraints)):
            if items:
                out.append(f"**{title}:**\n")
                out.extend(f"- {x}" for x in items)
                out.append("")
        if b.objectives:
            out.append("**Objectives:** " + "; ".join(md(o.text) for o in b.objectives) + "\n")
    if s.actors:
        out.append("## Non-player actors (voiced by Control)\n")
        for aid, a in s.actors.items():
            out.append(f"### {md(a.name)} ({md(aid)})\n")
            out.append(a.intent.strip() + "\n")
            if a.provoked_by:
                out.append("*Provoked by:* " + "; ".join(md(p) for p in a.provoked_by) + "\n")
    return safe.clean("\n".join(out))


class Briefs(VerticalScroll):
    DEFAULT_CLASSES = "briefs"

    def __init__(self, state=None, **kw):
        super().__init__(**kw)
        self.state = state

    def compose(self):
        yield Markdown(briefs_markdown(self.state.cs, self.state) if self.state else "", open_links=False)

"""The turn's outcome as a narrative: each move's outcome narrative (from the option's `outcomes`),
the combined-move rules that applied, the non-player responses, and the track changes."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from wargame.text import safe
from wargame.text.safe import md
from wargame.tui.format import (
    actor_name,
    combined_rule,
    delegation_name,
    goodness,
    move_choice,
    num,
    response_rule,
    signed,
    slot_label,
)


def effects_md(cs, lines) -> str:
    if not lines:
        return "no change to the tracks"
    return "; ".join(f"{md(slot_label(cs, k))} {signed(d)} ({num(b)}→{num(a)})" for k, d, b, a in lines)


def turn_summary_markdown(state) -> str:
    cs = state.cs
    out = [f"# Turn {state.turn} — what happened\n"]
    moves = [state.moves[k] for k in state.expected if k in state.moves]
    for m in moves:
        if m.status != "resolved":
            continue
        level = cs.outcome_label(m.outcome)
        out.append(f"### {delegation_name(m.delegation)}: {md(move_choice(cs, m))} — {md(level)}\n")
        if not m.is_free:
            co = cs.injects[m.inject].options[m.delegation][m.option]
            story = co.option.outcomes.get(m.outcome, "")
            if story:
                out.append(story.strip() + "\n")
        elif m.argument:
            out.append(f"*Argument:* {md(m.argument)}\n")
        extra = f" Control decided: {md(m.reason)}" if m.by == "control" and m.reason else ""
        out.append(f"*Roll {m.roll if m.roll is not None else '—'} against {m.target if m.target is not None else '—'}"
                   f"; {effects_md(cs, m.effects or [])}.{extra}*\n")
    for ev in state.turn_combined:
        rule = combined_rule(cs, ev["inject"], ev["rule"])
        if rule is None:
            continue
        out.append(f"### Together: {md(rule.rule.label)}\n")
        if rule.rule.narrative:
            out.append(rule.rule.narrative.strip() + "\n")
        out.append(f"*{effects_md(cs, ev['effects'])}.*\n")
    for ev in state.turn_responses:
        name = md(actor_name(cs, ev["actor"]))
        rule = response_rule(cs, state, ev["actor"], ev["response"])
        if rule is None:
            out.append(f"### {name} does not respond\n")
        else:
            out.append(f"### {name}: {md(rule.rule.label)}\n")
            if rule.rule.narrative:
                out.append(rule.rule.narrative.strip() + "\n")
        why = f" Control chose this: {md(ev['reason'])}" if ev["by"] == "control" and ev.get("reason") else ""
        out.append(f"*{effects_md(cs, ev['effects'])}.{why}*\n")
    changes = state.changes_this_turn()
    out.append("## Track changes this turn\n")
    if changes:
        for k, d in changes.items():
            g = goodness(cs, k, d)
            mark = "good news" if g > 0 else "bad news" if g < 0 else ""
            out.append(f"- **{md(slot_label(cs, k))}**: {signed(d)} → {num(state.tracks[k])}"
                       + (f" ({mark})" if mark else ""))
    else:
        out.append("No track changed this turn.")
    notes = [n for n in state.notes if n["turn"] == state.turn]
    if notes:
        out.append("\n## Notes\n")
        out.extend(f"- *{md(n['kind'])}*: {md(n['text'])}" for n in notes)
    return safe.clean("\n".join(out))


class OutcomeView(VerticalScroll):
    DEFAULT_CLASSES = "outcome"

    def __init__(self, state=None, **kw):
        super().__init__(**kw)
        self.state = state
        self._text = None

    def compose(self):
        yield Markdown("", open_links=False)

    def on_mount(self) -> None:
        self.update_state(self.state)

    def update_state(self, state) -> None:
        self.state = state
        if state is None or state.phase not in ("outcome", "ended"):
            return
        text = turn_summary_markdown(state)
        if text != self._text:
            self._text = text
            self.query_one(Markdown).update(text)

"""The timeline: one line per logged event, written so the whole room may read it.

It renders the log's records (the durable record of the game), so it is rebuilt exactly on
resume. A sealed move appears only as "sealed" — never its choice.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wargame.tui.format import actor_name, any_response, combined_rule, effect_markup, escape, inject_title, pct, signed


def event_line(cs, ev: dict) -> str | None:
    t = ev.get("type")
    # Every field may come from a log file, which is as untrusted as a scenario: all escaped.
    d = escape(str(ev.get("delegation", "")))
    e = lambda key: escape(str(ev.get(key, "")))  # noqa: E731 - a short local alias reads best here
    if t == "game-started":
        return f"[b]Game started[/] — seed {e('seed')}, {e('mode')} adjudication"
    if t == "turn-started":
        titles = ", ".join(escape(inject_title(cs, i)) for i in ev["injects"]) or "no inject"
        return f"[b $accent]Turn {e('turn')}[/] ({e('date')}): {titles}"
    if t == "move-submitted":
        return f"{d} sealed its move"
    if t == "move-reopened":
        return f"Control reopened {d}'s move: {escape(ev.get('reason', ''))}"
    if t == "moves-revealed":
        return "[b]Moves revealed[/]"
    if t == "roll-made":
        how = "die entered" if ev["physical"] else "rolled"
        return (f"{d}: {escape(pct(ev['probability']))} (target {e('target')}) — {how} {e('roll')} → "
                f"{escape(cs.outcome_label(ev['proposed']))} proposed")
    if t == "move-resolved":
        by = "rules" if ev["by"] == "rules" else "[b $warning]Control[/]"
        why = f" — {escape(ev['reason'])}" if ev.get("reason") else ""
        return f"{d}: [b]{escape(cs.outcome_label(ev['outcome']))}[/] ({by}{why}); {effect_markup(cs, ev['effects'])}"
    if t == "combined-applied":
        rule = combined_rule(cs, ev["inject"], ev["rule"])
        label = rule.rule.label if rule else ev["rule"]
        return f"Combined move — {escape(label)}: {effect_markup(cs, ev['effects'])}"
    if t == "responses-proposed":
        return None
    if t == "response-applied":
        name = actor_name(cs, ev["actor"])
        if ev["response"] is None:
            what = "no response"
        else:
            rule = any_response(cs, ev["actor"], ev["response"])
            what = rule.rule.label if rule else ev["response"]
        by = "" if ev["by"] == "rules" else f" ([b $warning]Control[/] — {escape(ev.get('reason', ''))})"
        return f"{escape(name)}: {escape(what)}{by}; {effect_markup(cs, ev['effects'])}"
    if t == "track-adjusted":
        asked = f" (asked {signed(ev['requested'])}, held by the track's range)" if "requested" in ev else ""
        return f"[b $warning]Control adjusted[/] {effect_markup(cs, ev['effects'])}{asked} — {escape(ev['reason'])}"
    if t == "note-added":
        return f"[i]Note ({e('kind')}): {escape(ev['text'])}[/]"
    if t == "turn-ended":
        return f"Turn {e('turn')} ended"
    if t == "game-ended":
        return f"[b]Game ended[/] — {escape(ev['reason'])}"
    return None


class Timeline(VerticalScroll):
    """What has happened so far, newest at the bottom."""

    DEFAULT_CLASSES = "timeline"

    def __init__(self, cs=None, events: list[dict] | None = None, **kw):
        super().__init__(**kw)
        self.cs = cs
        self.events = events or []

    def compose(self):
        yield Static("", classes="timeline-body")

    def on_mount(self) -> None:
        self.update_events(self.cs, self.events)

    def update_events(self, cs, events: list[dict]) -> None:
        self.cs, self.events = cs, events
        if cs is None:
            return
        lines = [line for ev in events if (line := event_line(cs, ev)) is not None]
        self.query_one(".timeline-body", Static).update(Content.from_markup("\n".join(lines)))
        self.scroll_end(animate=False)

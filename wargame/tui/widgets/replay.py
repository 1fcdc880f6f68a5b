"""Widgets of the replay viewer: the record itself, the sealed moves as submitted (analyst view),
the timeline up to the current record, and the adjudication boards without the live game's key hints.

Like every widget here they render what they are given (a state, a record) and hold no game facts.
"""

from __future__ import annotations

import json

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wargame.tui.format import escape, inject_title, move_choice, team_label
from wargame.tui.widgets.board import MoveBoard
from wargame.tui.widgets.timeline import Timeline, event_line

#: Fields of a move-submitted record that stay sealed outside the analyst's view.
SEALED_FIELDS = ("option", "action", "argument", "rationale")
#: The envelope (chain) fields, shown apart from the payload.
ENVELOPE = ("seq", "ts", "type", "prev", "hash")


def value_text(v) -> str:
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))


def record_markup(data: dict, line: int, *, analyst: bool, note: str = "", key_width: int = 11) -> str:
    """A log record as `field value` lines, its sealed choice hidden unless `analyst`."""
    kind = data.get("type", "?")
    head = f"[b $accent]{escape(str(kind))}[/]  [$foreground-muted]seq {escape(str(data.get('seq', '?')))} · line {line}[/]"
    if note:
        head += f"  [b $warning]{escape(note)}[/]"
    out = [head]
    if data.get("ts"):
        out.append(f"[$foreground-muted]{'ts':<{key_width}}[/] {escape(str(data['ts']))}")
    sealed = kind == "move-submitted" and not analyst
    for k, v in data.items():
        if k in ENVELOPE or (sealed and k in SEALED_FIELDS):
            continue
        out.append(f"[b]{escape(k):<{key_width}}[/] {escape(value_text(v))}")
    if sealed:
        hidden = ", ".join(k for k in SEALED_FIELDS if k in data)
        out.append(f"[b]{'choice':<{key_width}}[/] [b $success]■ sealed[/] [$foreground-muted]({hidden}; press a for the "
                   f"analyst's view)[/]")
    return "\n".join(out)


class RecordPanel(VerticalScroll):
    """The current log record: its type, sequence number, line and every field."""

    DEFAULT_CLASSES = "record-panel"

    def compose(self):
        yield Static("", classes="record-body")

    def on_mount(self) -> None:
        self.border_title = "Record"

    def show(self, data: dict | None, line: int = 0, *, analyst: bool = False, note: str = "") -> None:
        body = self.query_one(".record-body", Static)
        if data is None:
            body.update("")
            return
        body.update(Content.from_markup(record_markup(data, line, analyst=analyst, note=note)))
        self.scroll_home(animate=False)


def sealed_markup(state, viewer: str) -> str:
    """This turn's moves as `viewer` may see them: for the analyst, the sealed choice and rationale."""
    cs = state.cs
    lines = ["[b $accent]Moves as submitted[/] [$foreground-muted]— analyst view: the room saw only “sealed” until the "
             "reveal[/]"]
    if not state.expected:
        lines.append("[$foreground-muted]No delegation has a move this turn.[/]")
    several = len(state.active) > 1
    for iid, d in state.expected:
        m = state.move_for(iid, d, viewer)
        who = escape(team_label(state, d)) + (f" [$foreground-muted]on {escape(inject_title(cs, iid))}[/]" if several else "")
        if m is None and state.status_of(iid, d) == "waiting":
            lines.append(f"[$warning]… {who}[/] [$foreground-muted]has not submitted yet[/]")
        elif m is None:
            lines.append(f"[b $success]■ {who}[/] [$foreground-muted]sealed[/]")
        else:
            lines.append(f"[b $success]■ {who}[/]: [b]{escape(move_choice(cs, m))}[/]")
            if m.is_free and m.argument:
                lines.append(f"    [i]Argument:[/] {escape(m.argument)}")
            if m.rationale:
                lines.append(f"    [i]Rationale:[/] {escape(m.rationale)}")
    return "\n".join(lines)


class SealedMoves(Static):
    """The turn's sealed moves for the analyst (shown during deliberation when the analyst view is on)."""

    DEFAULT_CLASSES = "sealed-moves"

    def update_state(self, state, viewer: str) -> None:
        self.update(Content.from_markup(sealed_markup(state, viewer)) if state is not None else "")


def _no_hints(markup: str) -> str:
    return "\n".join(line for line in markup.split("\n") if not line.startswith("[$warning]▸"))


class ReplayBoard(MoveBoard):
    """The adjudication/response cards as Control saw them, minus the live game's key hints."""

    def markup_for(self, state, key) -> str:
        return _no_hints(super().markup_for(state, key))


def plain_line(ev: dict) -> str:
    """A record as a timeline line when the scenario cannot name its parts."""
    t = ev.get("type", "?")
    bits = [f"{k}={value_text(ev[k])}" for k in ("turn", "delegation", "option", "actor", "response", "outcome")
            if ev.get(k) is not None and not (t == "move-submitted" and k == "option")]
    return f"[b]{escape(str(t))}[/] " + escape(" ".join(bits))


class ReplayTimeline(Timeline):
    """The timeline up to the current record (the newest line is the current record, marked ▶).

    Lines are formatted once per record and only the last `WINDOW` are laid out, so stepping
    through a long game stays instant.
    """

    WINDOW = 200

    def __init__(self, cs, records: list[dict], **kw):
        super().__init__(cs, [], **kw)
        self.all = records
        self._markup: list[str | None] = [None] * len(records)
        self._content: dict[int, Content] = {}
        self.position = -1

    def on_mount(self) -> None:
        self.show(self.position)

    def line(self, i: int) -> Content | None:
        c = self._content.get(i)
        if c is None and i not in self._content:
            ev = self.all[i]
            text = None
            if self.cs is not None:
                try:
                    text = event_line(self.cs, ev)
                except (KeyError, TypeError, ValueError, AttributeError):
                    text = plain_line(ev)
            else:
                text = plain_line(ev)
            c = Content.from_markup(text) if text is not None else None
            self._content[i] = c
        return c

    def show(self, position: int) -> None:
        self.position = position
        if not self.is_mounted:
            return
        parts: list[Content] = []
        i = position
        while i >= 0 and len(parts) < self.WINDOW:
            c = self.line(i)
            if c is not None:
                parts.append(Content.from_markup("[b $accent]▶[/] ") + c if i == position else Content("  ") + c)
            i -= 1
        if i >= 0:
            parts.append(Content.from_markup(f"[$foreground-muted]  … {i + 1} earlier record(s); PgUp/Home to go back[/]"))
        parts.reverse()
        if position >= 0 and self.line(position) is None:
            parts.append(Content.from_markup(f"[b $accent]▶[/] [$foreground-muted]{escape(self.all[position].get('type', ''))}[/]"))
        self.query_one(".timeline-body", Static).update(Content("\n").join(parts))
        self.scroll_end(animate=False)

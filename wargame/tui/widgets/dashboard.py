"""The state dashboard: global tracks as bars, per-delegation tracks and pair relations.

Bars are coloured by what the value means (`higher_is`): green is good news for the room,
red is bad; the change since the end of last turn is shown beside each value.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from wargame.tui.format import delegation_name, escape, goodness, num, signed


def bar(value: float, lo: float, hi: float, width: int) -> tuple[str, str]:
    span = (hi - lo) or 1
    frac = min(max((value - lo) / span, 0.0), 1.0)
    full = round(frac * width)
    return "█" * full, "░" * (width - full)


def level_colour(slot, value: float) -> str:
    span = (slot.max - slot.min) or 1
    frac = (value - slot.min) / span
    way = slot.track.higher_is
    if way == "neutral":
        return "$accent"
    good = frac if way == "better" else 1 - frac
    if good >= 0.6:
        return "$success"
    if good <= 0.3:
        return "$error"
    return "$warning"


def change_markup(cs, key: str, delta: float) -> str:
    if not delta:
        return "[$foreground-muted]  ·[/]"
    g = goodness(cs, key, delta)
    colour = "$success" if g > 0 else "$error" if g < 0 else "$foreground"
    arrow = "▲" if delta > 0 else "▼"
    return f"[b {colour}]{arrow}{signed(delta)}[/]"


def track_lines(state, keys: list[str], label_width: int, bar_width: int, labels: dict | None = None) -> list[str]:
    cs = state.cs
    base = state.history[-1]
    out = []
    for key in keys:
        slot = cs.slots[key]
        value = state.tracks[key]
        label = (labels or {}).get(key, slot.label)
        if len(label) > label_width:
            label = label[: label_width - 1] + "…"
        full, empty = bar(value, slot.min, slot.max, bar_width)
        colour = level_colour(slot, value)
        delta = value - base.get(key, value)
        out.append(f"{escape(label):<{label_width}} [{colour}]{full}[/][$foreground-muted]{empty}[/] "
                   f"[b]{num(value):>2}[/][$foreground-muted]/{slot.max}[/] {change_markup(cs, key, delta)}")
    return out


class Dashboard(Static):
    """Tracks of the game, grouped by scope. Safe for the room: tracks are public."""

    DEFAULT_CLASSES = "dashboard"

    def __init__(self, state=None, *, bar_width: int = 10, label_width: int = 18, **kw):
        super().__init__("", **kw)
        self.state = state
        self.bar_width, self.label_width = bar_width, label_width

    def on_mount(self) -> None:
        self.update_state(self.state)

    def update_state(self, state) -> None:
        self.state = state
        if state is None:
            return
        self.update(Content.from_markup("\n".join(self.lines(state))))
        # Labels are cut with an ellipsis to fit the side panel; hovering shows every track in full.
        self.tooltip = "\n".join(f"{slot.label}{' (' + key.partition('.')[2] + ')' if '.' in key else ''}: "
                                 f"{num(state.tracks[key])} of {num(slot.max)}" for key, slot in state.cs.slots.items())

    def lines(self, state) -> list[str]:
        cs = state.cs
        glob = [k for k, s in cs.slots.items() if s.track.scope == "global"]
        per = [k for k, s in cs.slots.items() if s.track.scope == "delegation"]
        pairs = [k for k, s in cs.slots.items() if s.track.scope == "pair"]
        lw, bw = self.label_width, self.bar_width
        out = ["[b $accent]Situation[/]"] + track_lines(state, glob, lw, bw)
        if pairs:
            labels = {}
            for k in pairs:
                slot = cs.slots[k]
                a, _, b = k.partition(".")[2].partition("-")
                labels[k] = f"{a}–{b} {slot.track.label.lower()}"
            out += ["", "[b $accent]Relations[/]"] + track_lines(state, pairs, lw, bw, labels)
        if per:
            tracks = []
            for k in per:
                t = cs.slots[k].track
                if t not in tracks:
                    tracks.append(t)
            for t in tracks:
                keys = [k for k in per if cs.slots[k].track is t]
                labels = {k: "  " + (delegation_name(k.partition(".")[2]) if lw >= 18 else k.partition(".")[2])
                          for k in keys}
                out += ["", f"[b $accent]{escape(t.label)}[/]"] + track_lines(state, keys, lw, bw, labels)
        return out

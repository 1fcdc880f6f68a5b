"""Control adjusts a track by hand (`AdjustTrack`): which track, by how much, and why.

The adjustment is an override: it needs a written reason (the ruleset's `override.min_reason_chars`),
it is logged as a `track-adjusted` record, shown on the timeline and listed among the overrides in
the after-action report. The engine's refusal is shown in the dialog.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Select, Static

from wargame.text import safe
from wargame.engine.adjudication import clamp_lines
from wargame.engine.commands import AdjustTrack
from wargame.model.limits import parse_change
from wargame.tui.dialogs.base import CommandDialog
from wargame.tui.format import effect_markup, escape, num, signed


def parse_delta(text: str) -> float | int:
    """A signed change such as `+2`, `-1` or `0.5`; raises ValueError with a message for the dialog."""
    return parse_change(text)


class AdjustTrackDialog(CommandDialog):
    """Pick a track value, a signed change and a reason; sends `AdjustTrack`."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Adjust", tooltip="Log the adjustment")]
    ENTER_MOVES_TO = {"delta": "reason"}

    def __init__(self, state):
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        st = self.state
        cs = st.cs
        minimum = cs.ruleset.override.min_reason_chars
        choices = [(safe.content(f"{slot.label}  ·  now {num(st.tracks[key])}  ({num(slot.min)}..{num(slot.max)})",
                                 multiline=False), key)
                   for key, slot in cs.slots.items()]
        with Vertical(classes="dialog dialog-wide"):
            yield Static("Adjust a track", classes="dialog-title")
            yield Static(f"Control changes a track directly. This is an override: it needs a written reason of at "
                         f"least {minimum} characters and is listed in the after-action report.",
                         classes="dialog-body", markup=False)
            yield Select(choices, value=next(iter(cs.slots)), allow_blank=False, id="track")
            yield Input(placeholder="Change, e.g. +1 or -2", id="delta", type="number")
            yield Static("", id="preview", classes="dialog-hint")
            yield Input(placeholder="Reason (recorded in the log and the report)", id="reason")
            yield self.error_widget()
            yield self.buttons("Adjust (Ctrl+S)")

    def on_mount(self) -> None:
        super().on_mount()
        self._preview()
        self.query_one("#track", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "delta":
            self._preview()

    def _preview(self) -> None:
        st = self.state
        key = self.query_one("#track", Select).value
        slot = st.cs.slots.get(key)
        if slot is None:
            return
        try:
            delta = parse_delta(self.query_one("#delta", Input).value)
        except ValueError:
            text = f"{slot.label} is {num(st.tracks[key])} (range {num(slot.min)}..{num(slot.max)})."
            self.query_one("#preview", Static).update(safe.content(text))
            return
        [[_k, _d, before, after]] = clamp_lines(st, {key: delta})
        effective = after - before
        preview = self.query_one("#preview", Static)
        if effective == 0:
            edge = "maximum" if delta > 0 else "minimum"
            preview.update(Content.from_markup(
                f"[b $error]No change:[/] {escape(slot.label)} is already at its {edge} ({num(before)})."))
            return
        line = [[key, effective, before, after]]
        text = "Result: " + effect_markup(st.cs, line)
        if effective != delta:  # shown before Control confirms: the range holds the change back
            text += (f"\n[b $warning]Held within {num(slot.min)}..{num(slot.max)}:[/] you asked {signed(delta)}, "
                     f"the track moves {signed(effective)}, and {signed(effective)} is what the log records.")
        preview.update(Content.from_markup(text))

    def action_submit(self) -> None:
        key = self.query_one("#track", Select).value
        try:
            delta = parse_delta(self.query_one("#delta", Input).value)
        except ValueError as e:
            self.show_error(f"Refused: {e}")
            self.query_one("#delta", Input).focus()
            return
        st = self.state
        [[_k, _d, before, after]] = clamp_lines(st, {key: delta})
        if after == before:  # the engine would log a change of 0; say so instead of logging nothing useful
            edge = "maximum" if delta > 0 else "minimum"
            self.show_error(f"Refused: {st.cs.slots[key].label} is already at its {edge} ({num(before)}): "
                            f"a change of {signed(delta)} would change nothing.")
            self.query_one("#delta", Input).focus()
            return
        self.send(AdjustTrack(key, delta, self.query_one("#reason", Input).value.strip()))

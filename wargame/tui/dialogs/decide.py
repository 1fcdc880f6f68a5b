"""Control's decision on a move: override the rules' proposal (semi-rigid), decide it (free), or
set the outcome and effects of a free-form action. A reason is required where the ruleset says so;
the engine's refusal (e.g. a reason that is too short) is shown in the dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from wargame.text import safe
from wargame.engine.adjudication import evaluate_effects
from wargame.engine.commands import Resolve, Respond
from wargame.model.limits import parse_change
from wargame.tui.dialogs.base import CommandDialog
from wargame.tui.format import actor_name, effect_markup, move_choice, responses_for, team_label

NONE = "__none__"


def parse_effects(text: str, cs) -> dict:
    """`mda +1, escalation -2` -> {"mda": 1, "escalation": -2}; raises ValueError with a message."""
    out: dict = {}
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        bits = part.split()
        if len(bits) != 2:
            raise ValueError(f"'{part}': write a track key and a change, e.g. 'mda +1'")
        key, amount = bits
        if key not in cs.slots:
            raise ValueError(f"unknown track '{key}' (expected one of: {', '.join(cs.slots)})")
        try:
            out[key] = parse_change(amount, allow_zero=True)
        except ValueError as e:
            raise ValueError(f"{key}: {e}") from None
    return out


class DecideDialog(CommandDialog):
    """Resolve a move with Control's outcome (and, for a free-form action, its effects)."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Confirm", tooltip="Log Control's decision")]

    def __init__(self, state, inject: str, delegation: str):
        super().__init__()
        self.state, self.inject, self.delegation = state, inject, delegation

    def compose(self) -> ComposeResult:
        st = self.state
        cs = st.cs
        m = st.moves[(self.inject, self.delegation)]
        minimum = cs.ruleset.override.min_reason_chars
        proposed = m.proposed if m.status == "rolled" else None
        if proposed:
            what = (f"The rules propose {cs.outcome_label(proposed)} (roll {m.roll} against {m.target}). "
                    f"Choosing another outcome is an override: it needs a written reason of at least {minimum} "
                    f"characters and is listed in the after-action report.")
        else:
            what = (f"Control decides the outcome (free adjudication). A written reason of at least {minimum} "
                    f"characters is required.")
        with Vertical(classes="dialog dialog-wide"):
            yield Static(safe.content(f"Decide: {team_label(st, self.delegation)} — {move_choice(cs, m)}"),
                         classes="dialog-title")
            yield Static(safe.content(what), classes="dialog-body")
            yield Select([(safe.content(o.label, multiline=False), o.id) for o in cs.outcomes],
                         value=proposed or cs.outcomes[0].id,
                         allow_blank=False, id="outcome")
            yield Static("", id="preview", classes="dialog-body")
            if m.is_free:
                yield Static("Effects of this free-form action (track key and change, comma-separated). Tracks: "
                             + ", ".join(cs.slots), classes="dialog-hint", markup=False)  # ids: [a-z0-9_.-]
                yield Input(placeholder="e.g. mda +1, escalation -1", id="effects")
            yield Input(placeholder="Reason (recorded in the log and the report)", id="reason")
            yield self.error_widget()
            yield self.buttons("Confirm (Ctrl+S)")

    def on_mount(self) -> None:
        super().on_mount()
        self._preview()
        self.query_one("#outcome", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._preview()

    def _preview(self) -> None:
        st = self.state
        m = st.moves[(self.inject, self.delegation)]
        if m.is_free:
            self.query_one("#preview", Static).display = False
            return
        level = self.query_one("#outcome", Select).value
        co = st.cs.injects[self.inject].options[self.delegation][m.option]
        lines = evaluate_effects(st, co.effects.get(level, ()))
        from textual.content import Content

        self.query_one("#preview", Static).update(Content.from_markup("Effects: " + effect_markup(st.cs, lines)))

    def action_submit(self) -> None:
        st = self.state
        m = st.moves[(self.inject, self.delegation)]
        outcome = self.query_one("#outcome", Select).value
        reason = self.query_one("#reason", Input).value.strip()
        effects = None
        if m.is_free:
            try:
                effects = parse_effects(self.query_one("#effects", Input).value, st.cs)
            except ValueError as e:
                self.show_error(f"Refused: {e}")
                return
        self.send(Resolve(self.inject, self.delegation, outcome=outcome, reason=reason, effects=effects))


class RespondDialog(CommandDialog):
    """Control chooses a non-player actor's response other than the table's, with a reason."""

    BINDINGS = CommandDialog.BINDINGS + [Binding("ctrl+s", "submit", "Confirm", tooltip="Log Control's choice")]

    def __init__(self, state, actor: str):
        super().__init__()
        self.state, self.actor = state, actor

    def compose(self) -> ComposeResult:
        st = self.state
        cs = st.cs
        minimum = cs.ruleset.override.min_reason_chars
        choices = [(safe.content(r.rule.label, multiline=False), r.rule.id)
                   for r in responses_for(cs, st, self.actor)]
        choices.append(("No response this turn", NONE))
        proposed = st.proposals.get(self.actor)
        with Vertical(classes="dialog dialog-wide"):
            yield Static(safe.content(f"Response of {actor_name(cs, self.actor)}"), classes="dialog-title")
            yield Static(f"A choice other than the table's needs a written reason of at least {minimum} characters.",
                         classes="dialog-body", markup=False)
            yield Select(choices, value=proposed or NONE, allow_blank=False, id="response")
            yield Static("", id="preview", classes="dialog-body")
            yield Input(placeholder="Reason (recorded in the log and the report)", id="reason")
            yield self.error_widget()
            yield self.buttons("Confirm (Ctrl+S)")

    def on_mount(self) -> None:
        super().on_mount()
        self._preview()
        self.query_one("#response", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._preview()

    def _preview(self) -> None:
        from textual.content import Content

        st = self.state
        rid = self.query_one("#response", Select).value
        rule = next((r for r in responses_for(st.cs, st, self.actor) if r.rule.id == rid), None)
        lines = evaluate_effects(st, rule.effects) if rule else []
        text = (rule.rule.narrative.strip() + "\n" if rule and rule.rule.narrative else "")
        self.query_one("#preview", Static).update(Content.from_markup(
            safe.markup(text) + "Effects: " + effect_markup(st.cs, lines)))

    def action_submit(self) -> None:
        rid = self.query_one("#response", Select).value
        reason = self.query_one("#reason", Input).value.strip()
        self.send(Respond(self.actor, None if rid == NONE else rid, reason))

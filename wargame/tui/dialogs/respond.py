"""A further non-player response in the outcome phase, at Control's choice (`Respond` for an actor
the table proposed nothing for): choose the actor, then one of its responses (the active injects'
and the scenario's standing ones) or none, with a written reason. Logged with by=control."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from wargame.text import safe
from wargame.tui.dialogs.decide import NONE, RespondDialog
from wargame.tui.format import actor_name, responses_for


class ExtraResponseDialog(RespondDialog):
    """Like the override of a proposed response, with the actor chosen too."""

    def __init__(self, state):
        actors = list(state.cs.scenario.actors)
        # Start on the first actor that has a response to choose this turn.
        first = next((a for a in actors if responses_for(state.cs, state, a)), actors[0] if actors else "")
        super().__init__(state, first)

    def response_choices(self) -> list[tuple[str, str]]:
        st = self.state
        choices = [(safe.content(r.rule.label, multiline=False), r.rule.id)
                   for r in responses_for(st.cs, st, self.actor)]
        choices.append(("No response this turn", NONE))
        return choices

    def compose(self) -> ComposeResult:
        st = self.state
        cs = st.cs
        minimum = cs.ruleset.override.min_reason_chars
        choices = self.response_choices()
        with Vertical(classes="dialog dialog-wide"):
            yield Static("Non-player response (Control's choice)", classes="dialog-title")
            yield Static(f"A response the table did not propose. It is logged as Control's, with a written reason "
                         f"of at least {minimum} characters, and listed in the after-action report.",
                         classes="dialog-body", markup=False)
            yield Select([(safe.content(actor_name(cs, a), multiline=False), a) for a in cs.scenario.actors],
                         value=self.actor, allow_blank=False,
                         id="actor")
            yield Select(choices, value=choices[0][1], allow_blank=False, id="response")
            yield Static("", id="preview", classes="dialog-body")
            yield Input(placeholder="Reason (recorded in the log and the report)", id="reason")
            yield self.error_widget()
            yield self.buttons("Confirm (Ctrl+S)")

    def on_mount(self) -> None:
        # Textual also runs the base classes' on_mount (RespondDialog focuses the response): after them.
        self.call_after_refresh(self.query_one("#actor", Select).focus)

    def on_select_changed(self, event: Select.Changed) -> None:
        # (RespondDialog's handler runs too and refreshes the preview.)
        if event.select.id == "actor" and event.value != self.actor:
            self.actor = event.value
            choices = self.response_choices()
            response = self.query_one("#response", Select)
            response.set_options(choices)
            response.value = choices[0][1]
            self._preview()

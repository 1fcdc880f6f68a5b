"""Move entry for one delegation: its options as readable cards, or a free-form action with its
argument (matrix-game style), and the delegation's rationale. Sealing logs the move; from then
on the screens show only "sealed" for the delegation until the reveal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wargame.text import safe
from wargame.engine.commands import SubmitMove
from wargame.sim.policies import available_options
from wargame.tui.dialogs.base import CommandDialog
from wargame.tui.format import escape, inject_title, pct, team_label

FREE = "__free__"


def option_prompt(co, available: bool) -> Content:
    o = co.option
    head = f"[b]{escape(o.label)}[/]  [$foreground-muted]·[/] {o.stance}  [$foreground-muted]·[/] base odds [b]{pct(o.odds)}[/]"
    body = f"\n  {escape(o.description.strip())}"
    if not available:
        why = o.unmet or "its requirement is not met"
        return Content.from_markup(f"[$foreground-muted]{head}{body}\n  Unavailable: {escape(why)}[/]")
    return Content.from_markup(head + body)


class MoveDialog(CommandDialog):
    """Enter and seal one delegation's move."""

    BINDINGS = CommandDialog.BINDINGS + [
        Binding("ctrl+s", "submit", "Seal move", tooltip="Seal this move (it stays hidden until the reveal)"),
    ]
    ENTER_MOVES_TO = {"action": "argument", "argument": "rationale"}

    def __init__(self, state, inject: str, delegation: str):
        super().__init__()
        self.state, self.inject, self.delegation = state, inject, delegation

    def compose(self) -> ComposeResult:
        cs = self.state.cs
        opts = cs.injects[self.inject].options.get(self.delegation, {})
        open_ = set(available_options(self.state, self.inject, self.delegation))
        items = [Option(option_prompt(co, oid in open_), id=oid, disabled=oid not in open_) for oid, co in opts.items()]
        items.append(Option(Content.from_markup(
            "[b]Free-form action[/]  [$foreground-muted]·[/] matrix-game argument; Control sets the odds at adjudication"), id=FREE))
        with Vertical(classes="dialog dialog-wide"):
            yield Static(safe.content(f"Move for {team_label(self.state, self.delegation)} — "
                                      f"{inject_title(cs, self.inject)}"), classes="dialog-title")
            hint = ("Choose an option (↑/↓, Enter), or a free-form action." if open_ else
                    "No option is open to this delegation here: describe a free-form action and argue for it.")
            yield Static(hint + " Nobody else sees it until the reveal.", classes="dialog-hint")
            yield OptionList(*items, id="options")
            yield Static("", id="chosen", classes="dialog-body")
            with Vertical(id="free"):
                yield Input(placeholder="Action: what the delegation does", id="action")
                yield Input(placeholder="Argument: why it would work (reasons)", id="argument")
            required = self.state.cs.ruleset.moves.rationale_required
            yield Input(placeholder="Rationale: why the delegation chose this" + ("" if required else " (optional)"),
                        id="rationale")
            yield self.error_widget()
            yield self.buttons("Seal move (Ctrl+S)")

    #: The option chosen with Enter or a click (None until then): the highlight alone chooses nothing,
    #: so Ctrl+S on a dialog just opened cannot seal the first option by accident.
    chosen: str | None = None

    def on_mount(self) -> None:
        super().on_mount()
        ol = self.query_one("#options", OptionList)
        first = next((i for i, o in enumerate(ol.options) if not o.disabled), 0)
        ol.highlighted = first
        ol.focus()
        if self.highlighted() == FREE:  # no option is open: the free-form action is the only choice
            self.chosen = FREE
            self.query_one("#action", Input).focus()
        self._sync_chosen()

    def highlighted(self) -> str | None:
        ol = self.query_one("#options", OptionList)
        if ol.highlighted is None:
            return None
        return ol.get_option_at_index(ol.highlighted).id

    def choice(self) -> str | None:
        """The option explicitly chosen (or FREE); None while nothing has been chosen."""
        return self.chosen

    def _sync_chosen(self) -> None:
        self.query_one("#free").display = self.chosen == FREE
        label = self.query_one("#chosen", Static)
        if self.chosen is None:
            label.update(Content.from_markup("[b]Chosen:[/] nothing yet: highlight an option and press Enter."))
        elif self.chosen == FREE:
            label.update(Content.from_markup("[b]Chosen:[/] a free-form action (describe it and argue for it)."))
        else:
            co = self.state.cs.injects[self.inject].options[self.delegation][self.chosen]
            label.update(Content.from_markup(f"[b]Chosen:[/] {escape(co.option.label)}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen = event.option.id
        self._sync_chosen()
        target = "#action" if event.option.id == FREE else "#rationale"
        self.query_one(target, Input).focus()

    def missing(self) -> list[str]:
        """What still stops the move from being sealed, in the order the dialog asks for it."""
        out = []
        if self.chosen is None:
            out.append("choose an option (↑/↓ then Enter) or the free-form action")
        elif self.chosen == FREE and not self.query_one("#action", Input).value.strip():
            out.append("describe the free-form action")
        if self.state.cs.ruleset.moves.rationale_required and not self.query_one("#rationale", Input).value.strip():
            out.append("write the delegation's rationale")
        return out

    def action_submit(self) -> None:
        missing = self.missing()
        if missing:
            self.show_error("Not sealed yet: " + "; ".join(missing) + ".")
            target = ("#options" if self.chosen is None else
                      "#action" if missing[0].startswith("describe") else "#rationale")
            self.query_one(target).focus()
            return
        choice = self.chosen
        rationale = self.query_one("#rationale", Input).value.strip()
        if choice == FREE:
            action = self.query_one("#action", Input).value.strip()
            argument = self.query_one("#argument", Input).value.strip()
            cmd = SubmitMove(self.inject, self.delegation, action=action, argument=argument or None,
                             rationale=rationale)
        else:
            cmd = SubmitMove(self.inject, self.delegation, option=choice, rationale=rationale)
        self.send(cmd)

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
    head = f"[b]{escape(o.label)}[/]  [dim]·[/] {o.stance}  [dim]·[/] base odds [b]{pct(o.odds)}[/]"
    body = f"\n  {escape(o.description.strip())}"
    if not available:
        why = o.unmet or "its requirement is not met"
        return Content.from_markup(f"[dim]{head}{body}\n  Unavailable: {escape(why)}[/]")
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
            "[b]Free-form action[/]  [dim]·[/] matrix-game argument; Control sets the odds at adjudication"), id=FREE))
        with Vertical(classes="dialog dialog-wide"):
            yield Static(safe.content(f"Move for {team_label(self.state, self.delegation)} — "
                                      f"{inject_title(cs, self.inject)}"), classes="dialog-title")
            hint = ("Choose an option (↑/↓, Enter), or a free-form action." if open_ else
                    "No option is open to this delegation here: describe a free-form action and argue for it.")
            yield Static(hint + " Nobody else sees it until the reveal.", classes="dialog-hint")
            yield OptionList(*items, id="options")
            with Vertical(id="free"):
                yield Input(placeholder="Action: what the delegation does", id="action")
                yield Input(placeholder="Argument: why it would work (reasons)", id="argument")
            yield Input(placeholder="Rationale: why the delegation chose this", id="rationale")
            yield self.error_widget()
            yield self.buttons("Seal move (Ctrl+S)")

    def on_mount(self) -> None:
        super().on_mount()
        ol = self.query_one("#options", OptionList)
        first = next((i for i, o in enumerate(ol.options) if not o.disabled), 0)
        ol.highlighted = first
        ol.focus()
        self._sync_free()
        if self.choice() == FREE:  # no option is open: straight to the free-form action
            self.query_one("#action", Input).focus()

    def choice(self) -> str | None:
        ol = self.query_one("#options", OptionList)
        if ol.highlighted is None:
            return None
        return ol.get_option_at_index(ol.highlighted).id

    def _sync_free(self) -> None:
        self.query_one("#free").display = self.choice() == FREE

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._sync_free()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._sync_free()
        target = "#action" if event.option.id == FREE else "#rationale"
        self.query_one(target, Input).focus()

    def action_submit(self) -> None:
        choice = self.choice()
        rationale = self.query_one("#rationale", Input).value.strip()
        if choice is None:
            self.show_error("Refused: choose an option or a free-form action.")
            return
        if choice == FREE:
            action = self.query_one("#action", Input).value.strip()
            argument = self.query_one("#argument", Input).value.strip()
            cmd = SubmitMove(self.inject, self.delegation, action=action, argument=argument or None,
                             rationale=rationale)
        else:
            cmd = SubmitMove(self.inject, self.delegation, option=choice, rationale=rationale)
        self.send(cmd)

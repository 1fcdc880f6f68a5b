"""The Seats panel: Control's eyes only, never the projector. Per delegation its join link, short
join code and a QR code, whether a device is connected, and whether its move is waiting or sealed
(never what it is); the room and observer links; revoke and reissue a link, give a seat to a bot,
enter a move for a table without a device, and the deliberation timer.

Move statuses come from the room's view (`view_for(state, "room")`), which holds no move content
before the reveal, so nothing on this screen can show a sealed move.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from wargame.engine.views import view_for
from wargame.tui.format import delegation_name, escape
from wargame.tui.widgets.qr import QRCode

VIEWER_NAMES = {"room": "Room (projector)", "observer": "Observers"}
#: Names that fit the table at 80 columns.
SHORT = {"USA": "USA", "JPN": "Japan", "KOR": "Korea", "AUS": "Australia", "GBR": "UK", "room": "Room",
         "observer": "Observers"}


def seat_name(viewer: str) -> str:
    return VIEWER_NAMES.get(viewer) or delegation_name(viewer)


def move_status(view: dict, code: str) -> str:
    """`sealed`, `waiting`, `1/2` (sealed of owed) or `—` for one delegation, from the room's statuses."""
    mine = [s["status"] for s in view["status"] if s["delegation"] == code]
    if not mine:
        return "—"
    done = sum(1 for s in mine if s != "waiting")
    if done == len(mine):
        return "sealed" if view["phase"] == "deliberation" else mine[0]
    return "waiting" if done == 0 else f"{done}/{len(mine)}"


class SeatsScreen(Screen):
    BINDINGS = [
        Binding("escape,f4", "close", "Back", tooltip="Back to the game"),
        Binding("s", "start_server", "Start seats", tooltip="Start the seat server (delegation devices)"),
        Binding("r", "reissue", "Reissue link", tooltip="Revoke the selected link and issue a new one and a new code"),
        Binding("b", "bot", "Bot…", tooltip="Give the selected delegation to a policy bot, or back to its team"),
        Binding("m", "move", "Enter move", tooltip="Enter the selected delegation's move here (a table without a device)"),
        Binding("t", "app.set_timer", "Timer…", tooltip="Set this turn's deliberation countdown"),
        Binding("x", "app.extend_timer", "Extend timer", tooltip="Add time to the running countdown"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[str] = []
        self._ready = False

    @property
    def link(self):
        return self.app.seats

    def compose(self) -> ComposeResult:
        yield Static("", id="seats-head")
        with Horizontal(id="seats-body"):
            with Vertical(id="seats-left"):
                yield DataTable(id="seats-table", cursor_type="row", zebra_stripes=False)
                yield Static("", id="seats-url")
                yield Static("", id="seats-timer")
            with Vertical(id="seats-right"):
                yield QRCode(id="seats-qr")
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self.seats_changed()
        self.set_interval(1.0, self._tick)
        self.query_one(DataTable).focus()

    # ------------------------------------------------------------------ rendering
    def update_state(self, state=None) -> None:
        self.seats_changed()

    def seats_changed(self) -> None:
        if not self._ready or self.app.session is None:
            return
        link = self.link
        running = link is not None and link.running
        head = "[b]Seats[/] — Control's eyes only (never on the projector)\n"
        if running:
            base = next((l["url"] for l in link.links() if l["viewer"] == "room"), "")
            root = base.split("/room/")[0] if "/room/" in base else ""
            head += (f"Students open [b]{escape(root)}/[/] and type their table's code, or scan its QR code."
                     if root else "")
        else:
            problem = link.problem if link is not None else ""
            head += (f"[$error]{escape(problem)}[/] " if problem else "") + \
                "[dim]The seat server is off: press [b]s[/] to start it (Control enters moves as before).[/]"
        self.query_one("#seats-head", Static).update(Content.from_markup(head))
        table = self.query_one(DataTable)
        row = table.cursor_row
        # At 80 columns the QR code takes 37; the table gets the rest, with short names.
        wide = self.size.width >= 110
        widths = (18, 7, 13, 11) if wide else (10, 6, 10, 8)
        if [c.width for c in table.columns.values()] != list(widths):
            table.clear(columns=True)
            for label, width in zip(("Seat", "Code", "Device", "Move"), widths):
                table.add_column(label, key=label.lower(), width=width)
        table.clear()
        view = view_for(self.app.session.state, "room")
        bots = {d["code"]: d["bot"] for d in view["delegations"]}
        links = {l["viewer"]: l for l in link.links()} if running else {}
        self._rows = [d["code"] for d in view["delegations"]] + ["room", "observer"]
        for viewer in self._rows:
            n = link.connected(viewer) if running else 0
            if bots.get(viewer):
                device = f"bot:{bots[viewer]}"
                style = "$accent"
            elif not running:
                device, style = "—", "$foreground"
            elif n:
                device, style = ("online" if n == 1 else f"{n} online"), "b $success"
            else:
                device, style = "offline", "$warning"
            status = move_status(view, viewer) if viewer in bots else ""
            name = seat_name(viewer) if wide else SHORT.get(viewer, viewer)
            status_style = "$warning" if status in ("waiting",) or "/" in status else \
                "b $success" if status == "sealed" else ""
            table.add_row(Content(name[: widths[0]]), Content(links.get(viewer, {}).get("code", "—")),
                          Content.from_markup(f"[{style}]{escape(device[: widths[2]])}[/]"),
                          Content.from_markup(f"[{status_style}]{escape(status)}[/]" if status_style else escape(status)),
                          key=viewer)
        if self._rows:
            table.move_cursor(row=min(max(row, 0), len(self._rows) - 1))
        self._show_selected()
        self._tick()

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row < 0:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]

    def on_resize(self, event) -> None:
        self.seats_changed()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        viewer = self._selected()
        link = self.link
        found = None
        if viewer is not None and link is not None and link.running:
            found = next((l for l in link.links() if l["viewer"] == viewer), None)
        self.query_one(QRCode).show(found["url"] if found else "")
        text = (f"[b]{escape(seat_name(viewer))}[/]\n{escape(found['url'])}\ncode [b]{escape(found['code'])}[/]"
                if found else "")
        self.query_one("#seats-url", Static).update(Content.from_markup(text))

    def _tick(self) -> None:
        session = self.app.session
        if session is None:
            return
        left = session.timer_remaining()
        w = self.query_one("#seats-timer", Static)
        if session.state.phase != "deliberation":
            w.update("")
        elif left is None:
            w.update(Content.from_markup("[dim]No deliberation timer: [b]t[/] sets one.[/]"))
        elif left <= 0 or session.state.timer["expired"]:
            w.update(Content.from_markup("[b $error]Time is up.[/] [dim]x adds time.[/]"))
        else:
            from wargame.tui.screens.projector import clock

            w.update(Content.from_markup(f"Timer [b]{clock(left)}[/] left [dim](x extends)[/]"))

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        running = self.link is not None and self.link.running
        if action == "start_server":
            return not running
        if action == "reissue":
            return running
        if action == "move":
            return self.app.session is not None and self.app.session.state.phase == "deliberation"
        return True

    def action_close(self) -> None:
        self.app.pop_screen()

    async def action_start_server(self) -> None:
        await self.app.start_seats()
        self.seats_changed()
        self.refresh_bindings()

    def action_reissue(self) -> None:
        viewer = self._selected()
        if viewer is None or self.link is None:
            return
        from wargame.tui.dialogs.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.link.revoke(viewer)
                self.notify(f"New link and code for {seat_name(viewer)}; the old ones no longer work.", timeout=5)
                self.seats_changed()

        self.app.push_screen(ConfirmDialog(
            f"Reissue {seat_name(viewer)}'s link?",
            "The current link and join code stop working at once (a device that has it is disconnected). "
            "Give the table the new code or QR code.", yes="Reissue", no="Keep"), answer)

    def action_bot(self) -> None:
        viewer = self._selected()
        session = self.app.session
        if viewer not in session.state.cs.delegations:
            self.notify("Only a delegation's seat can be given to a bot.", severity="warning", timeout=4)
            return
        from wargame.sim.seatbots import policy_names
        from wargame.tui.dialogs.timer import BotDialog

        def chosen(policy: str | None) -> None:
            if policy is None:
                return
            self.app.assign_bot(viewer, policy or None)
            self.seats_changed()

        self.app.push_screen(BotDialog(viewer, session.state.bots.get(viewer), policy_names()), chosen)

    def action_move(self) -> None:
        viewer = self._selected()
        st = self.app.session.state
        pending = [(i, d) for i, d in st.pending_moves() if d == viewer]
        if not pending:
            self.notify(f"{seat_name(viewer)} has no move to enter now.", severity="warning", timeout=4)
            return
        self.app.enter_move_for(*pending[0])

"""Who still has to move: each addressed delegation's status, never its choice before the reveal."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import DataTable

from wargame.text import safe
from wargame.tui.format import STATUS_ICONS, STATUS_LABELS, clip, delegation_name, escape, inject_title


class DelegationStatus(DataTable):
    """One row per (inject, delegation) expected this turn: its status, and its outcome once
    resolved. Choices are never shown here (the adjudication cards show them after the reveal)."""

    DEFAULT_CLASSES = "delegation-status"

    def __init__(self, state=None, viewer: str = "room", **kw):
        super().__init__(cursor_type="row", zebra_stripes=False, **kw)
        self.state = state
        self.viewer = viewer
        #: Column widths; the game screen narrows them below 110 columns.
        self.widths = {"Delegation": 20, "Inject": 14, "Status": 18}

    def on_mount(self) -> None:
        self.update_state(self.state)

    def update_state(self, state) -> None:
        self.state = state
        if state is None:
            return
        row = self.cursor_row
        cs = state.cs
        several = len(state.active) > 1
        columns = ["Delegation"] + (["Inject"] if several else []) + ["Status"]
        wide = self.widths["Delegation"] >= 20
        if several:  # codes, to make room for the inject
            widths = [5, 16, 14] if wide else [4, 10, 13]
        else:
            widths = [self.widths[c] for c in columns]
        columns = [c if len(c) <= w else {"Delegation": "Who"}.get(c, clip(c, w)) for c, w in zip(columns, widths)]
        if [(str(c.label), c.width) for c in self.columns.values()] != list(zip(columns, widths)):
            self.clear(columns=True)
            for c, w in zip(columns, widths):
                self.add_column(c, key=c.lower(), width=w)
        else:
            self.clear()
        for iid, d in state.expected:
            status = state.status_of(iid, d)
            team = (state.players or {}).get(d, "")
            name = f"{d} · {team}" if team else delegation_name(d)
            if several:  # the code alone fits the narrow column; the tooltip has the name and team
                name = d
            elif not wide or len(name) > self.widths["Delegation"]:
                name = f"{d} · {team}" if team else d
            policy = getattr(state, "bots", {}).get(d)
            if policy:  # a bot seat is flagged wherever the delegation is named
                name = f"{d} · bot:{policy}" if len(f"{d} · bot:{policy}") <= widths[0] else f"{d} · bot"
            # Content, not str: a DataTable reads a str cell as markup, and a team name is typed at the table.
            cells = [safe.content(clip(name, widths[0]), multiline=False)]
            if several:
                cells.append(safe.content(clip(inject_title(cs, iid), widths[1]), multiline=False))
            style = {"waiting": "$warning", "sealed": "b $success"}.get(status, "$foreground")
            label = STATUS_LABELS[status]
            m = state.move_for(iid, d, self.viewer)
            if m is not None and m.status == "resolved" and m.outcome:
                label = cs.outcome_label(m.outcome)
                style = "b $success" if cs.is_success(m.outcome) else "b $error"
            icon = STATUS_ICONS[status]
            cells.append(Content.from_markup(f"[{style}]{icon} {escape(clip(label, widths[-1] - len(icon) - 1))}[/]"))
            self.add_row(*cells, key=f"{iid}/{d}")
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1))
            self._row_tooltip()

    def _row_tooltip(self) -> None:
        """The whole text of the highlighted row (cells are cut with an ellipsis to fit)."""
        sel = self.selected()
        if sel is None or self.state is None:
            self.tooltip = None
            return
        iid, d = sel
        st = self.state
        status = STATUS_LABELS[st.status_of(iid, d)]
        m = st.move_for(iid, d, self.viewer)
        if m is not None and m.status == "resolved" and m.outcome:
            status = st.cs.outcome_label(m.outcome)
        team = (st.players or {}).get(d, "")
        self.tooltip = (f"{delegation_name(d)}{' · ' + team if team else ''} — {inject_title(st.cs, iid)}: {status}")

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        self._row_tooltip()

    def selected(self) -> tuple[str, str] | None:
        """The (inject, delegation) under the cursor."""
        if self.state is None or not self.row_count:
            return None
        i = self.cursor_row
        if 0 <= i < len(self.state.expected):
            return tuple(self.state.expected[i])
        return None

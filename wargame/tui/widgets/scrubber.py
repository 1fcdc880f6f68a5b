"""The replay scrubber: where the viewer is in the log ("record N of M · turn T · phase") over a
position bar with the turn starts marked by their numbers. A click on the bar jumps there."""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from wargame.tui.format import PHASE_LABELS, escape


class Scrubber(Widget):
    """Two lines: the position in words, then the bar. Holds positions only, never game facts."""

    DEFAULT_CLASSES = "scrubber"

    class Jump(Message):
        """The user clicked the bar: go to `position`."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, total: int, turn_starts: list[tuple[int, int]] | None = None, **kw):
        super().__init__(**kw)
        self.total = max(total, 1)
        #: (turn, position of its turn-started record)
        self.turn_starts = list(turn_starts or [])
        self.position = 0
        self.label = ""

    @property
    def plain(self) -> str:
        """The position line as plain text."""
        return Content.from_markup(self.label).plain

    def show(self, position: int, label: str) -> None:
        self.position, self.label = position, label
        self.refresh()

    @staticmethod
    def describe(position: int, total: int, turn: int, turns: int, phase: str | None, kind: str,
                 extra: str = "") -> str:
        """`record N of M · turn T of TT · phase · record type` as Content markup."""
        parts = [f"[b]record {position + 1}[/] of {total}"]
        if turn:
            parts.append(f"[b $accent]turn {turn}[/]" + (f" of {turns}" if turns else ""))
        else:
            parts.append("before turn 1")
        if phase:
            parts.append(f"[b]{escape(PHASE_LABELS.get(phase, phase))}[/]")
        parts.append(f"[$foreground-muted]{escape(kind)}[/]")
        text = "  ·  ".join(parts)
        return text + (f"  {extra}" if extra else "")

    def column_of(self, position: int, width: int) -> int:
        if self.total <= 1 or width <= 1:
            return 0
        return round(position * (width - 1) / (self.total - 1))

    def position_at(self, x: int, width: int) -> int:
        if self.total <= 1 or width <= 1:
            return 0
        return min(max(round(x * (self.total - 1) / (width - 1)), 0), self.total - 1)

    def bar(self, width: int) -> Content:
        width = max(width, 1)
        here = self.column_of(self.position, width)
        cells = ["━" if i <= here else "─" for i in range(width)]
        marks: dict[int, str] = {}
        taken = -1
        for turn, pos in self.turn_starts:
            col = self.column_of(pos, width)
            label = str(turn)
            if col > taken and col + len(label) <= width:
                for j, ch in enumerate(label):
                    marks[col + j] = ch
                taken = col + len(label)
            elif col not in marks:
                marks[col] = "┼"
        out = []
        for i, ch in enumerate(cells):
            if i == here:
                out.append("[b $accent]●[/]")
            elif i in marks:
                out.append(f"[b]{marks[i]}[/]")
            elif i < here:
                out.append(f"[$accent]{ch}[/]")
            else:
                out.append(f"[$foreground-muted]{ch}[/]")
        return Content.from_markup("".join(out))

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        return Content("\n").join([Content.from_markup(self.label), self.bar(width)])

    def on_click(self, event: Click) -> None:
        width = self.content_size.width or self.size.width
        self.post_message(self.Jump(self.position_at(event.x - self.gutter.left, width)))

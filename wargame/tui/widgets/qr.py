"""A QR code drawn with block characters, two modules per text row, dark on light whatever the
terminal's theme (an inverted code does not scan on every phone)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

#: (top dark, bottom dark) -> the character for one text cell.
_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
#: The module colours are fixed: black modules on a white quiet zone.
QR_STYLE = "#000000 on #ffffff"


def qr_lines(text: str, border: int = 2) -> list[str]:
    """The QR code of `text` as lines of `█ ▀ ▄` and spaces (dark modules drawn)."""
    import segno  # only when a code is drawn: the seats panel is the one user

    rows = [[bool(m) for m in row] for row in segno.make(text, error="l").matrix_iter(border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return ["".join(_CELLS[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1]))
            for i in range(0, len(rows), 2)]


class QRCode(Static):
    """A scannable code for a link; the link itself is shown beside it by the caller."""

    DEFAULT_CSS = "QRCode { width: auto; height: auto; }"

    def __init__(self, text: str = "", **kw):
        super().__init__(**kw)
        self.text = text

    def on_mount(self) -> None:
        self.show(self.text)

    def show(self, text: str) -> None:
        self.text = text
        if not text:
            self.update("")
            return
        body = "\n".join(qr_lines(text))
        self.update(Content(body).stylize(QR_STYLE))

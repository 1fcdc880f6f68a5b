"""The one set of helpers every output path uses for untrusted text.

A scenario is shared between classes and a team name is typed at the table, so neither may
steer what shows it: no terminal control sequence (retitling the window, clearing the screen,
hiding output), no Textual markup (`[reverse]`, `[@click=app.screenshot(...)]`), no spreadsheet
formula (`=HYPERLINK(...)`). Stdlib only: the commands that show no screen import this too.

    clean(text)      control characters made visible or removed (terminal output, logs to screen)
    line(text)       the same, and on one line (tabs and newlines become spaces)
    markup(text)     clean, then escaped for insertion into Textual content markup
    content(text)    a Textual `Content` of the clean text (never parsed as markup)
    md(text)         clean, then escaped for insertion into Markdown (no links, emphasis, HTML)
    md_code(text)    clean, as a Markdown code span
    cell(value)      clean, then neutralised for a CSV or XLSX cell (no formula)
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls. ESC, BEL, NUL, CSI (U+009B) and OSC (U+009D)
# are all here: any of them reaching a terminal can start an escape sequence.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters): they reorder
# what a reader sees without changing what is stored. Line and paragraph separators too, which
# some terminals treat as newlines.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"}  # ␀ ␇ ␛ ... ␡


def _visible(m: re.Match) -> str:
    c = ord(m.group())
    return _PICTURES.get(c, "\ufffd")  # C1 controls have no picture: the replacement character


def clean(text: object, multiline: bool = True) -> str:
    """`text` with every control character shown as its Unicode picture (ESC as ␛, BEL as ␇) and
    bidirectional overrides removed; newlines (and tabs) kept when `multiline`."""
    s = "" if text is None else str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n")
    if not multiline:
        s = s.replace("\n", " ").replace("\t", " ")
    s = _CONTROL.sub(_visible, s)
    return _BIDI.sub("", s)


def line(text: object) -> str:
    """`clean(text)` on a single line."""
    return clean(text, multiline=False)


def markup(text: object, multiline: bool = True) -> str:
    """`text` for insertion into Textual content markup, where it reads exactly as written.

    Textual treats `[` as the start of a tag unless a backslash precedes it, and has no escape for
    a backslash itself: a backslash at the very end would escape the `[` of whatever tag follows
    (e.g. the closing `[/]`), so it is followed by a zero-width space.
    """
    s = clean(text, multiline).replace("[", "\\[")
    return s + "\u200b" if s.endswith("\\") else s


def content(text: object, multiline: bool = True):
    """A Textual `Content` showing `text` as plain text (imports Textual: only for the TUI)."""
    from textual.content import Content

    return Content(clean(text, multiline))


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|!~&"})


def md(text: object, multiline: bool = False) -> str:
    """`text` for insertion into Markdown as plain text: no emphasis, links, images or HTML."""
    return clean(text, multiline).translate(_MD_SPECIAL)


def md_code(text: object) -> str:
    """`text` as a Markdown code span, backticks included: inside one, escapes are not read, so the
    fence is made longer than any run of backticks in the text instead."""
    s = line(text)
    runs = [len(r) for r in re.findall("`+", s)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


# A leading = + - @ makes spreadsheet programs read a formula; tab and CR are read as cell
# separators or stripped, revealing one of those characters. Full-width forms are normalised
# to the ASCII ones by some programs, so they count too.
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def cell(value: object) -> object:
    """A value for a CSV or XLSX cell: text is cleaned and a would-be formula gets a leading `'`
    (the OWASP remedy: shown as text, the apostrophe visible in plain CSV readers); numbers,
    booleans and None pass unchanged."""
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" ")
    if stripped.startswith(_FORMULA_START):
        value = "'" + value
    return clean(value)


# ------------------------------------------------------------------------------ terminal streams
# What a command prints may echo untrusted text anywhere (a key name in a message, a title in a
# summary, a whole Markdown report with `-o -`): the streams of the commands that show no screen
# pass every write through this, keeping only the program's own tab, newline and carriage return.
_STREAM_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f"
                            "\u061c\u2028\u2029]")


def _stream_visible(m: re.Match) -> str:
    c = ord(m.group())
    return _PICTURES.get(c, "\ufffd") if c < 0xA0 else ""


class TerminalStream:
    """A text stream that shows control characters instead of sending them to the terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_STREAM_UNSAFE.sub(_stream_visible, text))
        return len(text)

    def writelines(self, lines) -> None:
        for item in lines:
            self.write(item)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class terminal_streams:
    """`with terminal_streams():` makes sys.stdout and sys.stderr TerminalStreams, then restores them."""

    def __enter__(self):
        import sys

        self._saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
        return self

    def __exit__(self, *exc) -> None:
        import sys

        sys.stdout, sys.stderr = self._saved

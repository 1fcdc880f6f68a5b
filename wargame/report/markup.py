"""A small, safe Markdown subset for narratives in the HTML report.

Everything is HTML-escaped first; then paragraphs, `-`/`*`/`1.` lists, `#` headings, **bold**,
*italic*/_italic_ and `code` are recognised. Links become their text with the address in brackets
(never an `href`), so the report stays a single file with no external references.
"""

from __future__ import annotations

import re
from html import escape

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")


def inline(text: str) -> str:
    s = escape(text, quote=True)
    codes: list[str] = []

    def keep(m):
        codes.append(f"<code>{m.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    s = _CODE.sub(keep, s)
    s = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) != m.group(1) else m.group(1), s)
    s = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", s)
    s = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", s)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], s)


def block(text: str) -> str:
    """Markdown text as HTML blocks."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(_BULLET.match(ln) or ln.startswith("  ") for ln in lines) and _BULLET.match(lines[0]):
            out.append("<ul>" + "".join(f"<li>{inline(x)}</li>" for x in _items(lines, _BULLET)) + "</ul>")
        elif all(_NUMBER.match(ln) or ln.startswith("  ") for ln in lines) and _NUMBER.match(lines[0]):
            out.append("<ol>" + "".join(f"<li>{inline(x)}</li>" for x in _items(lines, _NUMBER)) + "</ol>")
        elif len(lines) == 1 and _HEADING.match(lines[0]):
            out.append(f"<p><strong>{inline(_HEADING.match(lines[0]).group(1))}</strong></p>")
        else:
            out.append("<p>" + inline(" ".join(ln.strip() for ln in lines)) + "</p>")
    return "".join(out)


def _items(lines: list[str], pattern: re.Pattern) -> list[str]:
    items: list[str] = []
    for ln in lines:
        m = pattern.match(ln)
        if m:
            items.append(m.group(1).strip())
        elif items:
            items[-1] += " " + ln.strip()
    return items

"""Scenario Markdown in the HTML report, rendered by markdown-it-py: the parser the TUI's Markdown
widget uses, so a blockquote or a table looks the same in both.

Raw HTML is off (it is shown as text), and links become their text with the address in brackets
(never an `href`), so the report stays a single file with no external references. Images are
replaced by their description for the same reason.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


def _link_open(self, tokens, idx, options, env):
    href = tokens[idx].attrGet("href") or ""
    # Remember the address on the matching close token; the text between is rendered as usual.
    depth = 0
    for tok in tokens[idx + 1:]:
        if tok.type == "link_open":
            depth += 1
        elif tok.type == "link_close":
            if depth == 0:
                tok.meta["href"] = href
                break
            depth -= 1
    return ""


def _link_close(self, tokens, idx, options, env):
    href = tokens[idx].meta.get("href", "")
    return f" ({escape(href)})" if href else ""


def _image(self, tokens, idx, options, env):
    tok = tokens[idx]
    alt = "".join(c.content for c in (tok.children or ()))
    return f"[image: {escape(alt)}]"


_MD.add_render_rule("link_open", _link_open)
_MD.add_render_rule("link_close", _link_close)
_MD.add_render_rule("image", _image)


def block(text: str) -> str:
    """Markdown text as HTML blocks."""
    return _MD.render(text or "")


def inline(text: str) -> str:
    """One line of Markdown as inline HTML (no paragraph around it)."""
    return _MD.renderInline(text or "")

"""The untrusted-text helpers: what each output path gets is shown as written, never obeyed."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.text import safe

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")
HOSTILE = ["[/]", "[reverse]x[/reverse]", "[@click=app.screenshot('/tmp/x')]click[/]", "a\\", "\\[b]x",
           "$accent", "[b", "]", "\x1b]0;title\x07", "\x1b[2J", "nul\x00", "\x9b31m", "\u202eevil", "=1+1"]
texts = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(HOSTILE + ["", " ", "\\", "[", "\n", "\r"]),
                                                 max_size=6).map("".join))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_clean_leaves_no_control_character(text):
    out = safe.clean(text)
    assert not UNSAFE.search(out)
    assert "\r" not in out and not UNSAFE.search(safe.line(text)) and "\n" not in safe.line(text)


def test_clean_shows_what_it_replaced():
    assert safe.clean("a\x1b[31mb\x07\x00") == "a\u241b[31mb\u2407\u2400"
    assert safe.clean("x\u202ey") == "xy"
    assert safe.clean("one\r\ntwo\rthree") == "one\ntwo\u240dthree"
    assert safe.line("a\nb\tc") == "a b c"


@settings(max_examples=400, deadline=None)
@given(texts)
def test_markup_reads_back_exactly_as_written_and_applies_no_style(text):
    from textual.content import Content

    c = Content.from_markup(f"[b]{safe.markup(text)}[/b] and [i]after[/i]")
    assert c.plain.replace("\u200b", "") == safe.clean(text).replace("\u200b", "") + " and after"
    # Exactly the two styles of the template, each on its own text: nothing from `text` applied.
    n = len(c.plain) - len(" and after")
    assert sorted((s.start, s.end, str(s.style)) for s in c.spans) == [(0, n, "b"), (n + 5, n + 10, "i")] or n == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_content_is_plain(text):
    c = safe.content(text)
    assert c.plain == safe.clean(text) and not c.spans


def test_markdown_fields_make_no_link_emphasis_or_html():
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(safe.md("[x](cite:[@click=app.quit()]) **b** <script> `c` # h"))
    assert "<a" not in html and "<strong>" not in html and "<script>" not in html and "<code>" not in html
    assert "<h1>" not in html


@pytest.mark.parametrize("text", ["plain", "a`b", "``x``", "`", "tail\\"])
def test_code_spans_hold_any_text(text):
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(safe.md_code(text))
    assert html.count("<code>") == 1
    assert html.split("<code>")[1].split("</code>")[0].strip() == text.strip().replace("&", "&amp;")


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\u240d=1"), ("  =1", "'  =1"), ("\uff1d1", "'\uff1d1"),
    ("fine", "fine"), ("a=b", "a=b"), (3, 3), (-3, -3), (None, None), (True, True),
])
def test_cells_never_start_a_formula(value, shown):
    assert safe.cell(value) == shown


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_cell_text_survives_csv_and_is_not_a_formula(text):
    buf = io.StringIO()
    csv.writer(buf).writerow([safe.cell(text)])
    (back,) = next(csv.reader(io.StringIO(buf.getvalue())))
    assert not back.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not UNSAFE.search(back)


def test_terminal_stream_shows_controls_and_keeps_layout():
    buf = io.StringIO()
    out = safe.TerminalStream(buf)
    out.write("a\x1b]0;x\x07\tb\n\rc\x9b\u202ed")
    assert buf.getvalue() == "a\u241b]0;x\u2407\tb\n\rc\ufffdd"
    assert out.getvalue() == buf.getvalue()  # everything else is the wrapped stream's

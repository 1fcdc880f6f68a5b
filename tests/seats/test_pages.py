"""The page templates: every string from a scenario, a log or a person is shown as text, never as
HTML, on every page and pushed fragment, in every phase; and every phase renders for every viewer."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.engine import commands as C
from wargame.engine.fold import apply
from wargame.engine.rules import handle
from wargame.engine.state import GameState
from wargame.engine.views import view_for
from wargame.seats.render import Renderer, with_clock
from wargame.sim.autoplay import Driver

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
            "{{ 7*7 }}{% raw %}", "&lt;b&gt;", "</textarea><b>x</b>"]
RENDERER = Renderer()


def do(state, cmd):
    for ev in handle(state, cmd):
        apply(state, ev)


def pages(state) -> dict[str, str]:
    """Every first page and pushed fragment, for every viewer, as the server sends them."""
    out = {}
    for viewer in [*state.cs.delegations, "room", "observer"]:
        view = with_clock(view_for(state, viewer), 0)
        out[f"{viewer} page"] = RENDERER.page(view, "TOKEN")
        out[f"{viewer} body"] = RENDERER.body(view, "TOKEN")
    return out


def play(mini, text: str, team: str) -> list[GameState]:
    """A whole game with `text` in every free-form field and note and `team` as Japan's team name;
    the state at each phase it passes through."""
    state = GameState(mini)
    do(state, C.StartGame(seed=3, mode="semi", players={"JPN": team}))
    driver = Driver("first", 3)
    seen = []
    while state.phase != "ended":
        if state.phase == "deliberation":
            do(state, C.AddNote(text, kind="observation", inject=state.active[0], by="observer")) \
                if state.active else None
            for inject, d in state.pending_moves():
                if d == "JPN":
                    do(state, C.SubmitMove(inject, d, action=text, argument=text, rationale=text, by=d))
                else:
                    do(state, driver.next_command(state))
            seen.append(_copy(state))
            do(state, C.Reveal())
        elif state.phase == "adjudication" and state.first_unresolved().is_free \
                and state.first_unresolved().status == "rolled":
            m = state.first_unresolved()
            do(state, C.Resolve(m.inject, m.delegation, "success", text + " because it is so", {}))
        else:
            do(state, driver.next_command(state))
        if state.phase in ("outcome",):
            seen.append(_copy(state))
    seen.append(state)
    return seen


def _copy(state):
    import copy

    return copy.deepcopy(state)


class _Elements(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


#: The only elements the templates make (a payload's <script>, <img> or <svg> would show up here).
ALLOWED = {"html", "head", "meta", "title", "link", "script", "body", "div", "main", "noscript", "p", "header", "h1",
           "h2", "h3", "strong", "span", "section", "ul", "ol", "li", "article", "form", "input", "label", "button",
           "fieldset", "legend", "textarea", "details", "summary", "table", "tr", "th", "td", "meter", "select",
           "option", "a"}


def assert_text_only(rendered: dict[str, str], text: str) -> None:
    for where, page in rendered.items():
        parsed = _Elements()
        parsed.feed(page)
        for tag, attrs in parsed.tags:
            assert tag in ALLOWED, f"{where}: a <{tag}> element from untrusted text"
            assert not any(a.startswith("on") for a in attrs), f"{where}: an event handler attribute {attrs}"
            if tag == "script":
                assert attrs == {"src": "/static/seats.js", "defer": None}, f"{where}: a script {attrs}"
        if "<" in text or ">" in text:
            assert text not in page, f"{where}: untrusted text rendered raw"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_shown_escaped_on_every_page(mini, payload):
    states = play(mini, payload, team=payload)
    for state in states:
        rendered = pages(state)
        assert_text_only(rendered, payload)
    # And it is there, as text, once public: after the reveal every page shows Japan's move.
    room = _Elements()
    room.feed(pages(states[-2])["room body"])
    assert payload in "".join(room.text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip))
def test_any_text_renders_on_every_page(mini, text):
    for state in play(mini, text, team=text.strip()[:20]):
        rendered = pages(state)
        assert all(page.strip() for page in rendered.values())
        assert_text_only(rendered, text)

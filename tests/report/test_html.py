"""The HTML report: one self-contained file that parses, escapes player text and charts every track."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest

from tests.report.games import (ADJUST_REASON, ARGUMENT, FREE_REASON, NOTES, OVERRIDE_REASON, RATIONALES,
                                REOPEN_REASON, RESPONSE_REASON, records)
from wargame.report.html import render
from wargame.report.model import build
from wargame.report.sources import load_register


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(scripted_log):
    html = render(build(scripted_log), load_register())
    p = _Collect()
    p.feed(html)
    p.close()
    return html, p


def test_html_parses_and_is_self_contained(page):
    html, p = page
    assert html.startswith("<!DOCTYPE html>")
    names = [t for t, _a in p.tags]
    assert names.count("html") == names.count("body") == names.count("style") == 1
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in p.tags:
        for key in ("src", "href", "action", "srcset"):
            v = attrs.get(key)
            if v is not None:
                assert v.startswith("#"), f"<{tag} {key}={v!r}> points outside the file"
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html)
    assert "@import" not in html and "url(" not in html


def test_player_text_is_escaped_and_present(page):
    html, p = page
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    text = " ".join(p.text)
    assert "Team <Eagle>" in text
    for expected in (*RATIONALES.values(), ARGUMENT, OVERRIDE_REASON, FREE_REASON, RESPONSE_REASON, ADJUST_REASON,
                     REOPEN_REASON, *NOTES.values()):
        assert expected in text, expected


def test_every_roll_and_probability_is_shown(page, scripted_log):
    html, p = page
    text = " ".join(p.text)
    timeline = html[html.index('id="timeline"'):]
    for rec in records(scripted_log):
        if rec["type"] == "roll-made":  # in Appendix A's move table, a physical die marked as such
            cell = f"{rec['roll']} / {rec['target']}" + (" die" if rec["physical"] else "")
            assert f"<td class='num'>{cell}</td>" in timeline, cell
            assert f"<td class='num'>{round(rec['probability'] * 100)}%</td>" in timeline
    assert "physical die entered by Control" in text and "seeded generator" in text
    assert "Shared picture helps" in text  # a modifier of the odds breakdown


def test_one_chart_per_track(page, mini):
    html, p = page
    svgs = [a for t, a in p.tags if t == "svg"]
    assert len(svgs) == len(mini.scenario.tracks)
    figure_ids = [a.get("id") for t, a in p.tags if t == "figure"]
    assert figure_ids == [f"chart-{t.id}" for t in mini.scenario.tracks]
    # per-delegation track: one line per member
    support = html[html.index('id="chart-support"'):]
    support = support[:support.index("</figure>")]
    assert support.count("<polyline") == len([k for k in mini.slots if k.startswith("support.")])


def test_overrides_are_flagged_and_sources_resolve(page):
    html, p = page
    timeline = html[html.index('id="timeline"'):]
    assert '<span class="tag override">override</span> rules proposed' in timeline
    text = " ".join(p.text)
    assert "Jasmin Alsaied (2023)" in text and "An AUKUS-Japan-ROK Framework for the Indo-Pacific" in text
    c = load_register().resolve("alsaied-2023#tf59-incubator")
    assert c.resolved and c.short() == "Alsaied (2023)"
    entry = html[html.index('id="src-1"'):]
    entry = entry[:entry.index("</li>")]
    assert escape(c.location()) in entry and escape(c.claim.text) in entry and "alsaied-2023#tf59-incubator" in entry
    assert "not found in the source register" not in text
    # every footnote number used in the timeline points at a source entry
    for n in set(re.findall(r'href="#src-(\d+)"', html)):
        assert f'id="src-{n}"' in html


def test_unverified_report_has_a_banner(scripted_log, tmp_path):
    from tests.report.games import tamper

    bad = tmp_path / "bad.jsonl"
    tamper(scripted_log, bad, OVERRIDE_REASON, "Control felt like it")
    html = render(build(bad, allow_unverified=True), load_register())
    assert 'class="banner"' in html and "UNVERIFIED LOG" in html and "tag unverified" in html

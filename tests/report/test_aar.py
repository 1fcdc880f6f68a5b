"""The after-action report's HSEEP shape: overview, executive summary, a rated analysis of each learning
objective with evidence, strengths and areas for improvement, Control's decisions audited under one
definition of an intervention (the same count as the end screen), the improvement plan filled from the
hot-wash notes marked as improvement items, then the appendices; scenario Markdown via markdown-it-py."""

from __future__ import annotations

import re

import pytest

from tests.report.games import HOTWASH_ITEM, NOTES, records
from wargame.engine.interventions import count_text, intervention_kind
from wargame.log.replay import replay
from wargame.report import aar, markup
from wargame.report.html import render
from wargame.report.markdown import render as render_md
from wargame.report.model import build
from wargame.report.sources import load_register
from wargame.tui.screens.end import end_markdown


@pytest.mark.parametrize("ok, done, overridden, rating", [
    (0, 0, 0, None), (3, 4, 0, "P"), (3, 4, 1, "S"), (4, 4, 1, "S"), (2, 4, 0, "S"), (1, 4, 0, "M"),
    (0, 4, 0, "U"), (5, 6, 0, "P"), (2, 5, 0, "M")])
def test_rating_bands(ok, done, overridden, rating):
    assert aar.rate(ok, done, overridden) == rating


def test_html_report_has_the_hseep_sections_in_order(scripted_log):
    report = build(scripted_log)
    html = render(report, load_register())
    order = ["Exercise overview", "Executive summary", "Analysis of learning objectives", "Objectives by delegation",
             "Control's decisions (audit)", "Hot wash and debrief", "Improvement plan", "Appendix A. Timeline",
             "Appendix B. Tracks over the game", "Appendix C. Sources"]
    heads = [re.sub("<[^>]+>", "", h).replace("&#x27;", "'") for h in re.findall(r"<h2>(.*?)</h2>", html)]
    assert [h.split(". ", 1)[1] if h[0].isdigit() else h for h in heads] == order
    # Each learning objective: one of the ratings, the evidence and (here) strengths or areas.
    for a in aar.analyse(report):
        block = html[html.index(f"<h3>{a.id}. "):]
        block = block[:block.index("</div>")]
        assert a.rating_label in aar.RATINGS.values() and 'class="rating' in block and a.rating_label in block
        assert "Evidence:" in block or "No inject serving this objective" in block
    # The short report stops before the appendices.
    short = render(build(scripted_log), load_register(), appendices=False)
    assert "Improvement plan" in short and "Appendix A" not in short and 'id="timeline"' not in short


def test_improvement_plan_is_filled_from_the_marked_hot_wash_notes(scripted_log):
    [marked] = [r for r in records(scripted_log) if r["type"] == "note-added" and r.get("improvement")]
    assert marked["kind"] == "hotwash" and marked["text"] == HOTWASH_ITEM
    assert replay(scripted_log).ok  # the mark is re-derived like everything else
    report = build(scripted_log)
    items = [n["text"] for n in aar.improvement_items(report)]
    assert items == [NOTES["improvement"], HOTWASH_ITEM]
    html = render(report, load_register())
    plan = html[html.index('id="plan"'):]
    plan = plan[:plan.index("</section>")]
    assert HOTWASH_ITEM in plan and NOTES["improvement"] in plan
    assert NOTES["hotwash"] not in plan  # an unmarked hot-wash note stays in the hot wash only
    md = render_md(report, load_register(), [])
    assert f"| {HOTWASH_ITEM} (turn 1) |" in md


def test_one_count_of_control_interventions_everywhere(scripted_log):
    from wargame.log.replay import replay as rp

    recs = records(scripted_log)
    kinds = [k for r in recs if (k := intervention_kind(r))]
    # Turn 1 of the scripted game: a reopened move, an override, a free-form action's ruling, a response
    # held back against the table's proposal and a track adjustment; in turn 2 Control settles the
    # free-form actions the automatic policy makes (rulings too, even without a reason).
    assert kinds[:5] == ["move reopened", "outcome override", "Control ruling", "response override",
                         "track adjustment"]
    assert set(kinds[5:]) <= {"Control ruling"}
    expected = count_text(kinds)
    end = end_markdown(rp(scripted_log).state, str(scripted_log), recs)
    report = build(scripted_log)
    html = render(report, load_register())
    md = render_md(report, load_register(), [])
    assert expected in end
    assert f'<div class="figure"><b>{len(kinds)}</b><span>Control interventions</span></div>' in html
    audit = html[html.index('id="control"'):]
    assert expected in audit[:audit.index("</section>")]
    assert audit.count("<tr><td>") >= len(kinds)
    assert f"{len(kinds)} Control interventions" in md and expected in md
    assert len(report.interventions) == len(kinds)


def test_scenario_markdown_is_rendered_like_the_tui_with_raw_html_off():
    source = "> A quote from the cable.\n\n| Port | Days |\n|---|---|\n| Subic | 3 |\n\n<b>bold?</b> *yes*"
    html = markup.block(source)
    assert "<blockquote>" in html and "<table>" in html and "<td>Subic</td>" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html and "<em>yes</em>" in html
    assert "href" not in markup.block("[a link](https://example.org)")
    # The same parser as the TUI's Markdown widget: the same blocks come out of it.
    from markdown_it import MarkdownIt

    tui_blocks = [t.type for t in MarkdownIt("commonmark").enable("table").parse(source) if t.nesting == 1]
    assert "blockquote_open" in tui_blocks and "table_open" in tui_blocks

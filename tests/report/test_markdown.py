"""The Markdown report: the same content as the HTML, with SVG charts written beside it and linked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tests.report.games import NOTES, OVERRIDE_REASON, RATIONALES, RESPONSE_REASON, records
from wargame.cli import main


def test_markdown_links_existing_svg_charts(scripted_log, tmp_path, mini, capsys):
    out = tmp_path / "aar.md"
    assert main(["report", str(scripted_log), "--format", "md", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(links) == len(mini.scenario.tracks)
    for name in links:
        f = out.parent / name
        assert f.is_file() and "/" not in name
        root = ET.fromstring(f.read_bytes())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in tmp_path.glob("*.svg")) == sorted(links)
    assert "4 chart(s)" in capsys.readouterr().out


def test_markdown_holds_rationales_rolls_and_overrides(scripted_log, tmp_path):
    out = tmp_path / "aar.md"
    assert main(["report", str(scripted_log), "-o", str(out)]) == 0  # format from the suffix
    md = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in md and "<script>" not in md
    for d in ("JPN", "KOR"):
        assert RATIONALES[d] in md
    for rec in records(scripted_log):
        if rec["type"] == "roll-made":
            assert f"roll {rec['roll']} against target {rec['target']}" in md
    assert OVERRIDE_REASON in md and RESPONSE_REASON in md and "**OVERRIDE**" in md
    for text in NOTES.values():
        assert text.replace("'", "'") in md
    assert "## Appendix C. Sources" in md and '<a id="src-1"></a>' in md


def test_text_typed_at_the_table_is_not_read_as_markdown():
    from wargame.report.markdown import user

    assert user("*not* italic, <b> not html, [x](y)") == r"\*not\* italic, &lt;b&gt; not html, \[x\](y)"

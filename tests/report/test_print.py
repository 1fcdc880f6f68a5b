"""A 6-turn game's HTML report prints on A4 (Chromium, as a browser's Print would) in at most 15 pages
with its appendices and 4 without: the print stylesheet keeps the report one a director reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wargame.engine import commands as C
from wargame.report.html import render
from wargame.report.model import build
from wargame.report.sources import load_register
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.xdist_group("browser"),
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                                 reason="needs Chromium")]


def classroom_game(path: Path) -> Path:
    """incubator-at-sea played to the end: random choices, a hot-wash note every turn (every other one
    marked as an improvement item), an override and a track adjustment, like a class would leave it."""
    cs = load_scenario(ROOT / "scenarios" / "incubator-at-sea.yaml")
    s = Session.new(cs, path, seed=11, mode="semi", players={"USA": "Team Blue", "JPN": "Team Sakura"},
                    fsync=False)
    driver = Driver("random", 11)
    st = s.state
    overridden = noted = 0
    while not st.ended:
        if st.phase == "adjudication" and not overridden:
            m = next((m for m in st.moves.values() if m.status == "rolled" and not m.is_free), None)
            if m is not None:
                other = next(o.id for o in cs.outcomes if o.id != m.proposed)
                s.do(C.Resolve(m.inject, m.delegation, other, "The room argued this one convincingly"))
                overridden += 1
                continue
        if st.phase == "outcome" and noted < st.turn:
            s.do(C.AddNote(f"Turn {st.turn}: the delegations argued over what to share, and why it mattered",
                           "hotwash", improvement=st.turn % 2 == 0))
            if st.turn == 3:
                s.do(C.AdjustTrack("escalation", 2, "A collision at sea reported in the press"))
            noted = st.turn
            continue
        s.do(driver.next_command(st))
    s.close()
    return path


def pages(html: str, folder: Path, name: str) -> int:
    src = folder / f"{name}.html"
    pdf = folder / f"{name}.pdf"
    src.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={pdf}", src.as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = pdf.read_bytes()
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert box and round(float(box[1])) == 595 and round(float(box[2])) == 842  # A4 in points
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_six_turn_report_prints_in_15_pages_and_4_without_appendices(tmp_path):
    log = classroom_game(tmp_path / "game.jsonl")
    report = build(log)
    assert len(report.turns) == 6 and len(report.moves) >= 50 and report.interventions
    full = pages(render(report, load_register()), tmp_path, "full")
    short = pages(render(build(log), load_register(), appendices=False), tmp_path, "short")
    assert short <= 4, short
    assert full <= 15, full
    assert full > short  # the appendices are there, each from a new page

"""Headless commands never pass a control character to the terminal, and exports never carry a
spreadsheet formula: checked on the real `wargame` process with hostile scenario and typed text."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.commands.test_cli import wargame
from tests.conftest import MINI

RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = r'"\e]0;PWNED\a\e[2J\0\x9b31m\u202eX"'  # YAML escapes: OSC title, clear screen, NUL, CSI, bidi
BASE = MINI.read_text()


def _hostile(tmp_path):
    f = tmp_path / "esc.yaml"
    f.write_text(BASE.replace("title: Mini exercise", f"title: {ESCAPES}")
                 .replace("label: Escalation risk", f"label: {ESCAPES}"))
    return f


def _assert_clean(r):
    assert "Traceback" not in r.stderr
    for stream in (r.stdout, r.stderr):
        assert not RAW.search(stream), RAW.findall(stream)


def test_validate_and_lint_show_echoed_keys_without_control_characters(tmp_path):
    f = tmp_path / "key.yaml"
    f.write_text(BASE.replace("purpose: education", f"purpose: education\n{ESCAPES}: 1"))
    for command in ("validate", "lint"):
        r = wargame(command, f)
        assert r.returncode == 1
        _assert_clean(r)
        assert "\u241b]0;PWNED\u2407" in r.stderr  # shown, as pictures: the author can find them


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_run_and_report_to_stdout_show_titles_without_control_characters(tmp_path, fmt):
    f = _hostile(tmp_path)
    log = tmp_path / "g.jsonl"
    r = wargame("run", f, "--policy", "random", "--seed", 3, "--log", log)
    assert r.returncode == 0, r.stderr
    _assert_clean(r)
    assert "\u241b]0;PWNED" in r.stdout
    r = wargame("report", log, "--format", fmt, "-o", "-")
    assert r.returncode == 0, r.stderr
    _assert_clean(r)
    assert "PWNED" in r.stdout
    r = wargame("replay", log, "--verify")
    assert r.returncode == 0
    _assert_clean(r)


FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


def test_csv_exports_neutralise_formulas_and_controls(tmp_path):
    f = _hostile(tmp_path)
    script = tmp_path / "s.yaml"
    q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'  # noqa: E731
    script.write_text(f"""
format: 1
default: first
turns:
  1:
    - {{delegation: USA, option: wait, rationale: {q(FORMULAS[0])}}}
    - {{delegation: JPN, option: join, roll: 99, outcome: success, reason: {q(FORMULAS[1] + ' reason')},
       rationale: {q(FORMULAS[2])}}}
    - {{delegation: KOR, action: {q(FORMULAS[3])}, argument: {q(FORMULAS[4])}, odds: 0.6,
       effects: {{escalation: -1}}, reason: {q(FORMULAS[5] + ' control reason')}, rationale: {ESCAPES}}}
""")
    log = tmp_path / "g.jsonl"
    r = wargame("run", f, "--policy", f"script:{script}", "--seed", 1, "--log", log)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "moves.csv"
    r = wargame("report", log, "--format", "csv", "-o", out)
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert not RAW.search(text.replace("\r\n", "\n"))
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [v for row in rows for v in row.values() if v]
    for v in cells:
        assert not v.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), v
    typed = {r["delegation"]: r for r in rows if r["turn"] == "1"}
    assert typed["USA"]["rationale"] == "'" + FORMULAS[0]
    assert typed["JPN"]["rationale"] == "'" + FORMULAS[2] and typed["JPN"]["reason"].startswith("'+1+cmd")
    assert typed["KOR"]["free_action"] == "'" + FORMULAS[3] and typed["KOR"]["argument"] == "'\t=1"
    assert typed["KOR"]["reason"] == "'=1 control reason"  # the engine strips the typed reason
    assert "\u241b]0;PWNED" in typed["KOR"]["rationale"]
    tracks = list(csv.DictReader(io.StringIO((tmp_path / "moves-tracks.csv").read_text())))
    assert all(not RAW.search(t["label"]) for t in tracks)

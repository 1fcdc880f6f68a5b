"""The `wargame` command as a user runs it: exit codes, located messages, no tracebacks, no Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT
from tests.logtools import content


def wargame(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wargame", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=60)


def test_help_lists_every_command():
    r = wargame("--help")
    assert r.returncode == 0
    for name in ("play", "resume", "replay", "run", "validate", "list", "report", "simulate", "graph", "schema"):
        assert name in r.stdout


def test_unknown_command_is_a_usage_error():
    r = wargame("frobnicate")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_validate_ok_and_bad(tmp_path):
    ok = wargame("validate", MINI, ROOT / "rules")
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("label: Escalation risk", "lable: Escalation risk")
                   .replace("odds: 0.7", "odds: high"))
    r = wargame("validate", bad)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert any(f"{bad}:31:22: tracks[0].lable: unknown key 'lable'" in x and "did you mean 'label'" in x
               for x in lines), r.stderr
    assert any("injects[0].options.USA[0].odds: got the text 'high' (expected a number)" in x for x in lines)
    # semantic problems are all collected too, once the structure is sound
    bad.write_text(MINI.read_text().replace('track("escalation") <= 5', 'track("escalaton") <= 5')
                   .replace("trust.JPN-KOR: 1, mda: 1", "trust.JPN-AUS: 1, mda: 1"))
    r = wargame("validate", bad)
    assert r.returncode == 1
    assert "unknown track 'escalaton'" in r.stderr and "did you mean 'escalation'" in r.stderr
    assert "'trust.JPN-AUS' does not name a value of the pair track 'trust'" in r.stderr


def test_run_twice_gives_identical_records_and_verifies(tmp_path):
    for name in ("a", "b"):
        r = wargame("run", MINI, "--policy", "random", "--seed", 7, "--log", tmp_path / f"{name}.jsonl")
        assert r.returncode == 0, r.stderr
        assert "Final tracks" in r.stdout and "Objectives" in r.stdout
    assert content(tmp_path / "a.jsonl") == content(tmp_path / "b.jsonl")
    v = wargame("replay", tmp_path / "a.jsonl", "--verify")
    assert v.returncode == 0 and "ok" in v.stdout


def test_verify_names_the_edited_line(tmp_path):
    log = tmp_path / "a.jsonl"
    wargame("run", MINI, "--seed", 3, "--log", log, "--no-fsync")
    lines = log.read_text().splitlines(keepends=True)
    lines[6] = lines[6].replace('"turn":1', '"turn":2', 1)
    log.write_text("".join(lines))
    r = wargame("replay", log, "--verify")
    assert r.returncode == 1 and f"{log}:7:" in r.stderr and "Traceback" not in r.stderr


def test_run_refuses_existing_log_and_script_errors_are_located(tmp_path):
    log = tmp_path / "a.jsonl"
    wargame("run", MINI, "--log", log, "--no-fsync")
    r = wargame("run", MINI, "--log", log)
    assert r.returncode == 1 and "already exists" in r.stderr
    script = tmp_path / "s.yaml"
    script.write_text("format: 1\nturns:\n  1:\n    - {delegation: USA, optoin: convene}\n")
    r = wargame("run", MINI, "--policy", f"script:{script}", "--log", tmp_path / "b.jsonl")
    assert r.returncode == 1 and f"{script}:4:" in r.stderr and "optoin" in r.stderr


def test_script_policy_plays_the_written_moves_with_overrides(tmp_path):
    script = tmp_path / "s.yaml"
    script.write_text("""
format: 1
default: first
turns:
  1:
    - {delegation: USA, option: wait, rationale: "hold back"}
    - {delegation: JPN, option: join, roll: 99, outcome: success, reason: "Control judges the port call worked"}
    - {delegation: KOR, action: "Quiet diplomacy", argument: "keeps Beijing calm", odds: 0.6,
       effects: {escalation: -1}, reason: "Backchannel contacts lower tension"}
responses:
  1: [{actor: PRC, response: null, reason: "Control holds the PRC back this turn"}]
notes:
  1: ["Hot wash: the room debated Korea's exposure"]
""")
    log = tmp_path / "s.jsonl"
    r = wargame("run", MINI, "--policy", f"script:{script}", "--seed", 1, "--log", log, "--no-fsync")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in log.read_text().splitlines()]
    jpn = next(x for x in recs if x["type"] == "move-resolved" and x["delegation"] == "JPN")
    assert jpn["overridden"] and jpn["by"] == "control" and jpn["reason"].startswith("Control judges")
    kor = next(x for x in recs if x["type"] == "move-submitted" and x["delegation"] == "KOR")
    assert kor["action"] == "Quiet diplomacy" and kor["option"] is None
    prc = next(x for x in recs if x["type"] == "response-applied")
    assert prc["response"] is None and prc["overridden"]
    assert any(x["type"] == "note-added" and "Korea" in x["text"] for x in recs)
    assert wargame("replay", log, "--verify").returncode == 0


def test_list_json_describes_scenarios(tmp_path):
    folder = tmp_path / "sc"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI.read_text())
    r = wargame("list", "--json", "--dir", folder)
    assert r.returncode == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert row["id"] == "mini" and row["turns"] == 2 and row["injects"] == 3
    assert row["delegations"] == ["USA", "JPN", "KOR"] and "alsaied-2023" in row["sources"]


def _headless_modules() -> list[str]:
    """Every module outside wargame/tui (the import wall of the architecture)."""
    pkg = ROOT / "wargame"
    mods = []
    for f in sorted(pkg.rglob("*.py")):
        rel = f.relative_to(ROOT).with_suffix("")
        if "tui" in rel.parts or rel.name == "__main__":
            continue
        mods.append(".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts))
    return mods


def test_headless_packages_never_import_textual():
    mods = _headless_modules()
    assert len(mods) > 40 and "wargame.report.html" in mods and "wargame.commands.play" in mods
    code = ("import importlib, sys\n"
            f"for m in {mods!r}:\n    importlib.import_module(m)\n"
            "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("argv", [["validate", str(MINI)], ["--help"], ["list"]])
def test_headless_commands_never_import_textual(argv):
    code = ("import sys, runpy; sys.argv=['wargame', *%r]\n"
            "try:\n    runpy.run_module('wargame', run_name='__main__')\nexcept SystemExit: pass\n"
            "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)") % (argv,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stderr.strip().endswith("CLEAN"), out.stderr


def test_missing_files_are_named_plainly(tmp_path):
    r = wargame("validate", tmp_path / "nope.yaml")
    assert r.returncode == 1 and "0 of 1 file(s) valid" in r.stderr
    r = wargame("replay", tmp_path / "nope.jsonl", "--verify")
    assert r.returncode == 1 and f"{tmp_path / 'nope.jsonl'}: cannot open the log" in r.stderr

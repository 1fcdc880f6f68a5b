"""`wargame report` as a user runs it: formats, output paths, refusal of logs that do not verify."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.report.games import OVERRIDE_REASON, RATIONALES, scripted_game, tamper
from wargame.cli import main


@pytest.fixture(scope="module")
def log(tmp_path_factory, mini):
    return scripted_game(tmp_path_factory.mktemp("report") / "game.jsonl", mini)


def test_html_report_is_written(log, tmp_path, capsys):
    out = tmp_path / "aar.html"
    assert main(["report", str(log), "--format", "html", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert OVERRIDE_REASON in html and RATIONALES["JPN"] in html


def test_default_output_is_beside_the_log(log, tmp_path, capsys):
    copy = tmp_path / "class-3.jsonl"
    copy.write_bytes(log.read_bytes())
    assert main(["report", str(copy)]) == 0
    assert (tmp_path / "class-3-report.html").is_file()
    assert main(["report", str(copy), "--format", "csv"]) == 0
    assert (tmp_path / "class-3-moves.csv").is_file() and (tmp_path / "class-3-moves-tracks.csv").is_file()


def test_markdown_to_stdout(log, capsys):
    assert main(["report", str(log), "--format", "md", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# After-action report: Mini exercise")


def test_a_tampered_log_is_refused_located_and_nothing_written(log, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    line = tamper(log, bad, OVERRIDE_REASON, "Control felt like it today")
    out = tmp_path / "aar.html"
    assert main(["report", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:{line}: record does not match its hash" in err and "--allow-unverified" in err
    assert not out.exists()
    assert main(["report", str(bad), "-o", str(out), "--allow-unverified"]) == 0
    assert "UNVERIFIED" in capsys.readouterr().err
    assert "UNVERIFIED LOG" in out.read_text() and "Control felt like it today" in out.read_text()


def test_bad_input_is_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.jsonl")]) == 1
    assert "no such log file" in capsys.readouterr().err
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n")
    assert main(["report", str(junk), "-o", str(tmp_path / "x.html")]) == 1
    assert f"{junk}:1:" in capsys.readouterr().err
    assert main(["report", str(junk), "-o", str(tmp_path / "x.html"), "--allow-unverified"]) == 1
    assert main(["report", str(junk), "--format", "csv", "-o", "-"]) == 2


def test_report_and_stats_never_import_textual(log, tmp_path):
    code = ("import sys, runpy; sys.argv=['wargame', 'report', %r, '-o', %r]\n"
            "try:\n    runpy.run_module('wargame', run_name='__main__')\nexcept SystemExit: pass\n"
            "import wargame.report.markdown, wargame.report.export, wargame.report.stats, wargame.commands.stats\n"
            "bad = 'textual' in sys.modules or 'rich' in sys.modules\n"
            "print('TEXTUAL' if bad else 'CLEAN', file=sys.stderr)") % (str(log), str(tmp_path / "a.html"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stderr.strip().endswith("CLEAN"), out.stderr
    assert (tmp_path / "a.html").is_file()


@pytest.mark.parametrize("find,replace", [
    ('"roll":', '"roll":"six","x":'),
    ('"effects":[[', '"effects":[["nope",'),
    ('"probability":', '"probability":"high","y":'),
    ('"breakdown":[[', '"breakdown":[[null,"a"],['),
    ('"tracks":{', '"tracks":{"ghost":"x",'),
    ('"assessment":{"USA":{"objectives":[[', '"assessment":{"USA":{"objectives":[1,['),
    ('"assessment":{"USA":{', '"assessment":{"USA":7,"x":{'),
    ('"turn":2', '"turn":"two"'),
])
def test_allow_unverified_survives_forged_fields(log, tmp_path, find, replace, capsys):
    bad = tmp_path / "forged.jsonl"
    tamper(log, bad, find, replace)
    for fmt in ("html", "md", "csv"):
        code = main(["report", str(bad), "--allow-unverified", "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")])
        assert code == 0
    assert "Traceback" not in capsys.readouterr().err

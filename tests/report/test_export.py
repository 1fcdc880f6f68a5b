"""Data export: one row per adjudicated move, one row per track value per turn; CSV and JSON Lines."""

from __future__ import annotations

import csv
import datetime as dt
import json

from tests.report.games import OVERRIDE_REASON, RATIONALES, records
from wargame.cli import main
from wargame.report.export import MOVE_FIELDS, TRACK_FIELDS, tracks_path


def test_tracks_path_puts_the_suffix_last(tmp_path):
    assert tracks_path(tmp_path / "game.csv").name == "game-tracks.csv"
    assert tracks_path(tmp_path / "game.v2.jsonl").name == "game.v2-tracks.jsonl"
    assert tracks_path(tmp_path / "game").name == "game-tracks"


def test_csv_has_a_row_per_move_and_per_track_value(scripted_log, tmp_path, mini, capsys):
    out = tmp_path / "moves.csv"
    assert main(["report", str(scripted_log), "--format", "csv", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and str(tmp_path / "moves-tracks.csv") in printed
    recs = records(scripted_log)
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == MOVE_FIELDS
    assert len(rows) == sum(1 for x in recs if x["type"] == "move-resolved")
    assert {r["game_id"] for r in rows} == {recs[0]["hash"]}
    jpn = next(r for r in rows if r["delegation"] == "JPN" and r["turn"] == "1")
    assert jpn["overridden"] == "true" and jpn["reason"] == OVERRIDE_REASON and jpn["physical"] == "true"
    assert jpn["roll"] == "99" and jpn["rationale"] == RATIONALES["JPN"] and jpn["by"] == "control"
    usa = next(r for r in rows if r["delegation"] == "USA" and r["turn"] == "1")
    assert usa["rationale"] == RATIONALES["USA"] and float(usa["probability"]) == 0.7
    kor = next(r for r in rows if r["delegation"] == "KOR" and r["turn"] == "1")
    assert kor["option"] == "" and kor["free_action"] and kor["control_odds"] == "0.6"
    for r in rows:
        dt.date.fromisoformat(r["date"])
        dt.datetime.fromisoformat(r["resolved_at"].replace("Z", "+00:00"))
        assert r["success"] in ("true", "false")
    with tracks_path(out).open(newline="", encoding="utf-8") as fh:
        trows = list(csv.DictReader(fh))
    turns = sum(1 for x in recs if x["type"] == "turn-ended")
    assert tuple(trows[0]) == TRACK_FIELDS
    assert len(trows) == (turns + 1) * len(mini.slots)
    ended = next(x for x in recs if x["type"] == "game-ended")
    last = {r["track"]: float(r["value"]) for r in trows if r["turn"] == str(turns)}
    assert last == ended["tracks"]


def test_jsonl_export_keeps_native_types(scripted_log, tmp_path, mini):
    out = tmp_path / "moves.jsonl"
    assert main(["report", str(scripted_log), "-o", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == sum(1 for x in records(scripted_log) if x["type"] == "move-resolved")
    assert all(isinstance(r["success"], bool) and isinstance(r["turn"], int) for r in rows)
    assert tuple(rows[0]) == MOVE_FIELDS
    trows = [json.loads(x) for x in tracks_path(out).read_text().splitlines()]
    assert len(trows) == 3 * len(mini.slots) and all(isinstance(r["value"], (int, float)) for r in trows)


def test_the_log_itself_is_never_overwritten(scripted_log, tmp_path):
    before = scripted_log.read_bytes()
    assert main(["report", str(scripted_log), "--format", "jsonl", "-o", str(scripted_log)]) == 1
    assert scripted_log.read_bytes() == before

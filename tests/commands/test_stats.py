"""`wargame stats` over many logs: per-inject choice tables, skipped bad logs, versions, long-form CSV."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import MINI
from tests.report.games import auto_game, records, tamper
from wargame.cli import main
from wargame.report.stats import CSV_FIELDS


@pytest.fixture(scope="module")
def folder(tmp_path_factory, mini):
    f = tmp_path_factory.mktemp("games")
    for seed in range(1, 21):
        auto_game(f / f"g{seed:02d}.jsonl", mini, seed)
    return f


def test_stats_prints_per_inject_choice_tables(folder, capsys):
    assert main(["stats", str(folder), "-q"]) == 0
    out = capsys.readouterr().out
    assert "20 game(s), 20 ended" in out
    assert "  incubator — An incubator at sea (reached in 20 of 20 games)" in out
    for label in ("Convene", "Wait", "Join", "Observe", "Abstain", "Extend"):
        assert label in out
    assert "Major" in out and "Setback" in out and "distinct inject sequences" in out
    assert max(len(x) for x in out.splitlines()) <= 100


def test_choice_counts_in_csv_sum_to_the_moves(folder, capsys):
    assert main(["stats", str(folder), "--format", "csv", "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_FIELDS
    moves = sum(1 for p in folder.glob("*.jsonl") for x in records(p) if x["type"] == "move-resolved")
    assert sum(int(r["value"]) for r in rows if r["section"] == "choice" and r["statistic"] == "count") == moves
    assert any(r["section"] == "track" and r["statistic"] == "p50" for r in rows)
    assert any(r["section"] == "objective" and r["statistic"] == "rate" for r in rows)


def test_tampered_logs_are_skipped_with_a_located_warning(folder, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    line = tamper(folder / "g01.jsonl", bad, '"turn":2', '"turn":3')
    assert main(["stats", str(folder), str(bad), "-q"]) == 0
    captured = capsys.readouterr()
    assert f"warning: skipped (does not verify): {bad}:{line}:" in captured.err
    assert "20 game(s)" in captured.out
    assert main(["stats", str(bad), "-q"]) == 1
    assert "no usable log" in capsys.readouterr().err


def test_scenario_versions_are_reported_apart_with_a_warning(folder, tmp_path, capsys):
    from wargame.scenario.load import load_scenario

    changed = tmp_path / "mini.yaml"
    changed.write_text(MINI.read_text().replace("title: Mini exercise", "title: Mini exercise, revised"))
    other = auto_game(tmp_path / "v2.jsonl", load_scenario(changed), 3)
    assert main(["stats", str(folder / "g01.jsonl"), str(other), "-q"]) == 0
    captured = capsys.readouterr()
    assert "played in 2 different versions" in captured.err
    assert "Mini exercise, revised" in captured.out and captured.out.count("1 game(s), 1 ended") == 2


def test_missing_inputs(tmp_path, capsys):
    assert main(["stats", str(tmp_path / "nope.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "no such log file or folder" in err and "Traceback" not in err

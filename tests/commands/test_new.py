"""`wargame new`: the scaffold validates, lints clean, plays headless to the end and replays."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wargame.cli import main
from wargame.scenario.lint import lint
from wargame.scenario.load import load_scenario

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_new_scaffold_validates_lints_runs_and_replays(tmp_path, capsys):
    assert main(["new", "Strait Crisis", "-o", str(tmp_path)]) == 0
    path = tmp_path / "strait-crisis.yaml"
    assert f"created {path}" in capsys.readouterr().out
    text = path.read_text()
    first = text.splitlines()[0]
    # the modeline names a schema written beside the file, identical to the committed one
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    written = tmp_path / "scenario.schema.json"
    assert json.loads(written.read_text()) == json.loads((ROOT / "docs/schema/scenario.schema.json").read_text())
    cs = load_scenario(path)
    s = cs.scenario
    assert s.id == "strait-crisis"
    # what the scaffold promises: commented sections, 2+ turns, 3+ injects incl. a triggered one, all stances,
    # a combined rule, a response, objectives and a debrief
    assert text.count("\n# ") >= 10
    assert s.turns.count >= 2 and len(s.injects) >= 3 and any(i.turn is None for i in s.injects)
    assert any(i.combined for i in s.injects) and (s.responses or any(i.responses for i in s.injects))
    assert all(b.objectives for b in s.delegations.values()) and s.debrief
    for inj in s.injects:
        for opts in inj.options.values():
            assert {"cautious", "cooperative", "national"} <= {o.stance for o in opts}
    assert lint(cs) == []
    assert main(["validate", "--strict", str(path)]) == 0
    capsys.readouterr()
    log = tmp_path / "game.jsonl"
    assert main(["run", str(path), "--policy", "random", "--seed", "5", "--log", str(log), "--json",
                 "--no-fsync"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["turns"] == s.turns.count and summary["assessment"]
    assert main(["replay", str(log), "--verify"]) == 0


def test_new_from_a_shipped_scenario_copies_it_under_a_new_id(tmp_path):
    if not SHIPPED:
        pytest.skip("no shipped scenario yet")
    source = SHIPPED[0]
    assert main(["new", "my-copy", "--from", source.stem, "-o", str(tmp_path)]) == 0
    copy = tmp_path / "my-copy.yaml"
    cs = load_scenario(copy)
    original = load_scenario(source)
    assert cs.id == "my-copy" and cs.scenario.title == original.scenario.title
    assert list(cs.injects) == list(original.injects)
    assert copy.read_text().count("\n") == source.read_text().count("\n")  # only the id and $schema lines changed


def test_new_refuses_to_overwrite_and_unknown_sources(tmp_path, capsys):
    assert main(["new", "twice", "-o", str(tmp_path)]) == 0
    assert main(["new", "twice", "-o", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "twice", "-o", str(tmp_path), "--force"]) == 0
    assert main(["new", "other", "--from", "no-such-template", "-o", str(tmp_path)]) == 1
    assert main(["new", "!!!", "-o", str(tmp_path)]) == 2
    capsys.readouterr()
    assert main(["new", "--list"]) == 0
    assert "basic" in capsys.readouterr().out


def test_retarget_replaces_only_the_top_level_id():
    from wargame.commands.new import retarget

    text = "# c\nid: old  # comment\ninjects:\n  - id: old\n"
    out = retarget(text, "new", "../docs/schema/scenario.schema.json")
    assert out == ("# yaml-language-server: $schema=../docs/schema/scenario.schema.json\n# c\n"
                   "id: new  # comment\ninjects:\n  - id: old\n")


def test_new_output_survives_being_moved(tmp_path, capsys):
    import shutil

    from wargame.scenario.lint import lint

    made = tmp_path / "wip"
    assert main(["new", "strait-watch", "-o", str(made)]) == 0
    # moved together with its schema: loads, lints clean, and the modeline still names a real file
    moved = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(made, moved)
    shutil.rmtree(made)
    cs = load_scenario(moved / "strait-watch.yaml")
    assert lint(cs) == []
    assert (moved / "scenario.schema.json").is_file()
    # moved alone: it still loads and plays, and lint says how to restore the editor's schema
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.move(str(moved / "strait-watch.yaml"), alone / "strait-watch.yaml")
    found = [p for p in lint(load_scenario(alone / "strait-watch.yaml")) if p.rule == "schema-modeline"]
    assert len(found) == 1 and (found[0].line, found[0].col) == (1, 1)
    assert "wargame schema > scenario.schema.json" in found[0].message
    assert main(["run", str(alone / "strait-watch.yaml"), "--policy", "random", "--log", str(tmp_path / "g.jsonl")]) == 0

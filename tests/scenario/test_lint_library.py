"""`wargame lint --library`: the shipped-library limits, located, shared with tests/scenarios/test_library.py."""

from __future__ import annotations

import collections
import re
import shutil

from tests.conftest import ROOT
from wargame.cli import main
from wargame.scenario.lint import RULES, lint, render
from wargame.scenario.lint.rules.library import LIMITS
from wargame.scenario.load import load_scenario

SHIPPED = ROOT / "scenarios" / "incubator-at-sea.yaml"


def _library(found):
    return [p for p in found if p.rule.startswith("library-")]


def test_library_rules_run_only_when_asked(tmp_path, capsys):
    assert main(["new", "tiny", "-o", str(tmp_path)]) == 0
    cs = load_scenario(tmp_path / "tiny.yaml")
    assert _library(lint(cs)) == []
    found = _library(lint(cs, library=True, played={}))
    lines = [render(p) for p in found]
    text = (tmp_path / "tiny.yaml").read_text().splitlines()
    size = [p for p in found if p.rule == "library-size"]
    assert {p.where for p in size} == {"turns.count", "injects"}
    count = next(p for p in size if p.where == "turns.count")
    assert text[count.line - 1][count.col - 1:].startswith("2,")  # located at the value itself
    assert any(f"injects (expected at least {LIMITS.min_injects})" in ln for ln in lines)
    assert any(f"turns (expected {LIMITS.min_turns}..{LIMITS.max_turns})" in ln for ln in lines)
    assert all(re.match(r".+:\d+:\d+: error\[library-[a-z-]+\]: ", ln) for ln in lines)


def test_shipped_scenario_meets_the_limits_and_the_cli_agrees(capsys):
    assert main(["lint", "--library", "--no-info", str(SHIPPED)]) == 0
    assert "0 library limit(s) not met" in capsys.readouterr().err


def test_cli_fails_a_small_scenario_with_located_messages(tmp_path, capsys):
    main(["new", "tiny", "-o", str(tmp_path)])
    capsys.readouterr()
    assert main(["lint", str(tmp_path / "tiny.yaml")]) == 0  # lint-clean ...
    assert main(["lint", "--library", str(tmp_path / "tiny.yaml")]) == 1  # ... but too small to ship
    out = capsys.readouterr()
    assert f"{tmp_path / 'tiny.yaml'}:" in out.out and "error[library-size]" in out.out
    assert "library limit(s) not met" in out.err


def test_menu_and_balance_rules_locate_the_option(tmp_path):
    # one option fewer on the first inject: the menu rule names delegation and inject
    text = SHIPPED.read_text()
    copy = tmp_path / "incubator-at-sea.yaml"
    copy.write_text(text)
    cs = load_scenario(copy)
    iid, ci = next(iter(cs.injects.items()))
    d, opts = next(iter(ci.options.items()))
    oid = next(iter(opts))
    played = {"games": 7, "reached": collections.Counter({i: 1 for i in cs.injects if i != iid}),
              "chosen": collections.Counter({(i, dd, o): 1 for i, c in cs.injects.items()
                                             for dd, os_ in c.options.items() for o in os_ if o != oid}),
              "at_bound": collections.Counter({next(iter(cs.slots)): 7})}
    found = {p.rule: p for p in _library(lint(cs, library=True, played=played))}
    assert set(found) == {"library-unfired", "library-unchosen", "library-pinned"}
    lines = copy.read_text().splitlines()
    assert f"id: {iid}" in lines[found["library-unfired"].line - 1]
    assert oid in lines[found["library-unchosen"].line - 1]
    assert "in 100% of 7 random games" in found["library-pinned"].message


def test_moved_into_the_library_the_modeline_is_named(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    target = folder / "incubator-at-sea.yaml"
    shutil.copy(SHIPPED, target)
    target.write_text("\n".join(target.read_text().splitlines()[1:]) + "\n")
    found = [p for p in lint(load_scenario(target), library=True, played={}) if p.rule == "library-modeline"]
    assert len(found) == 1 and (found[0].line, found[0].col) == (1, 1)
    assert LIMITS.modeline in found[0].message


def test_every_library_rule_is_documented_with_its_limit():
    guide = (ROOT / "docs" / "authoring.md").read_text()
    section = guide[guide.index("## Shipping a scenario"):]
    for rule in (r for r in RULES if r.startswith("library-")):
        assert f"`{rule}`" in section
    for figure in (LIMITS.min_injects, LIMITS.min_turns, LIMITS.max_turns, LIMITS.min_options, LIMITS.games):
        assert str(figure) in section
    assert "wargame lint --library" in section

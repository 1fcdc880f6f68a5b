"""Lint: one test per rule (each with a small scenario that triggers it), plus soundness checks.

Every scenario here starts from BASE, which is lint-clean, and changes one thing.
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from tests.conftest import MINI, ROOT
from wargame.scenario.lint import RULES, Analysis, Iv, lint, lint_ruleset, render
from wargame.scenario.load import load_scenario
from wargame.scenario.errors import InputError

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
TEMPLATES = sorted((ROOT / "wargame" / "scenario" / "templates").glob("*.yaml"))


def _opt(oid, stance, odds=0.6, **extra):
    return {"id": oid, "label": oid.title(), "description": f"Does {oid}.", "stance": stance, "odds": odds,
            "effects": {"success": {"trust.JPN-KOR": 1}, "setback": {"escalation": 1}},
            "sources": ["choi-2024#korea-japan-weak-link"], **extra}


def _options(prefix=""):
    return [_opt(f"{prefix}coop", "cooperative"), _opt(f"{prefix}wait", "cautious", 0.8),
            _opt(f"{prefix}own", "national", 0.7)]


BASE = {
    "format": 1, "id": "lint-base", "title": "Lint base", "summary": "A lint-clean scenario.",
    "sources": ["choi-2024"],
    "learning_objectives": [{"id": "LO1", "text": "Trust matters."}],
    "delegations": {
        "JPN": {"role": "Japan.", "objectives": [
            {"id": "trust", "text": "Trust", "when": 'track("trust", JPN, KOR) >= 5'}]},
        "KOR": {"role": "Korea.", "objectives": [
            {"id": "calm", "text": "Calm", "when": 'track("escalation") <= 4'}]},
    },
    "actors": {"PRC": {"name": "China", "intent": "Divide."}},
    "tracks": [
        {"id": "escalation", "label": "Escalation", "min": 0, "max": 10, "start": 3, "higher_is": "worse"},
        {"id": "trust", "label": "Trust", "scope": "pair", "min": 0, "max": 10, "start": 3},
    ],
    "turns": {"count": 2, "step": "1 month", "start": "2027-03-01"},
    "injects": [
        {"id": "first", "turn": 1, "title": "First", "narrative": "One.", "sources": ["choi-2024#korea-japan-weak-link"],
         "options": {"JPN": _options(), "KOR": _options()}},
        {"id": "second", "turn": 2, "title": "Second", "narrative": "Two.", "sources": ["choi-2024#korea-japan-weak-link"],
         "options": {"JPN": _options("b-"), "KOR": _options("b-")}},
    ],
    "responses": [{"id": "protest", "actor": "PRC", "label": "Protest", "when": 'track("trust", JPN, KOR) >= 6',
                   "effects": {"escalation": 1}}],
}


def scenario(**changes):
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def triggered(iid="third", when='track("escalation") >= 5', **extra):
    return {"id": iid, "when": when, "title": iid.title(), "narrative": "Three.", "to": ["JPN", "KOR"],
            "sources": ["choi-2024#korea-japan-weak-link"], "options": {"JPN": _options("t-"), "KOR": _options("t-")},
            **extra}


def run_lint(tmp_path, data, **kw):
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return lint(load_scenario(path), **kw)


def found(problems, rule):
    return [p for p in problems if p.rule == rule]


# ------------------------------------------------------------------------------ baseline

def test_base_is_lint_clean(tmp_path):
    assert [render(p) for p in run_lint(tmp_path, scenario())] == []


@pytest.mark.parametrize("path", [MINI, *SHIPPED, *TEMPLATES], ids=lambda p: p.name)
def test_shipped_scenarios_and_mini_give_warnings_never_errors(path):
    problems = lint(load_scenario(path))  # load_scenario raises on any error
    assert all(p.severity in ("warning", "info") and p.rule in RULES for p in problems)
    assert all(p.line >= 1 and p.col >= 1 for p in problems)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_are_lint_clean(path):
    assert [render(p) for p in lint(load_scenario(path))] == []


def test_every_rule_is_documented():
    doc = (ROOT / "docs" / "lint-rules.md").read_text()
    for rule in RULES:
        assert re.search(rf"^## `{re.escape(rule)}`", doc, re.M), f"docs/lint-rules.md has no section for {rule}"


# ------------------------------------------------------------------------------ reachability

def test_unreachable_inject_beyond_a_track_range(tmp_path):
    data = scenario()
    data["injects"].append(triggered(when='track("escalation") > 10'))
    (p,) = found(run_lint(tmp_path, data), "unreachable-inject")
    assert "inject 'third' can never fire" in p.message and p.where == "injects[2].when"
    assert str(p).startswith(f"{tmp_path / 'lint-base.yaml'}:") and "warning[unreachable-inject]" in str(p)


def test_unreachable_inject_by_contradiction_schedule_and_chain(tmp_path):
    data = scenario()
    data["injects"] += [
        triggered("contradiction", when='track("escalation") >= 6 and not (track("escalation") > 4)'),
        triggered("too-early", when="turn == 1", earliest=2),
        triggered("chained", when='fired("contradiction") or chose(JPN, "t-coop", "contradiction")'),
        {**triggered("wrong-turn", when="turn >= 2"), "turn": 1},
        triggered("fine", when='track("escalation") >= 10 and turn == 2'),
    ]
    flagged = {p.message.split("'")[1] for p in found(run_lint(tmp_path, data), "unreachable-inject")}
    assert flagged == {"contradiction", "too-early", "chained", "wrong-turn"}


def test_unreachable_inject_when_earliest_is_after_the_last_turn(tmp_path):
    data = scenario()
    data["injects"].append(triggered(earliest=3))
    (p,) = found(run_lint(tmp_path, data), "unreachable-inject")
    assert "`earliest: 3` is after the last turn (2)" in p.message


def test_unreached_inject_in_simulated_games(tmp_path):
    data = scenario()
    data["injects"].append(triggered(when='track("escalation") >= 10'))  # possible, but nothing raises it that far
    problems = run_lint(tmp_path, data, simulate=12, seed=3)
    (p,) = found(problems, "unreached-inject")
    assert "fired in none of 12 simulated games" in p.message
    assert not found(problems, "unreachable-inject")
    assert not found(run_lint(tmp_path, data), "unreached-inject")  # only with simulate=N


def test_unreachable_option_by_requirement_and_by_timing(tmp_path):
    data = scenario()
    opts = data["injects"][0]["options"]["JPN"]
    opts[0]["requires"] = 'track("escalation") < 0'
    opts[1]["requires"] = 'chose(KOR, "b-coop")'  # only offered in turn 2, so never chosen before turn 1
    opts[2]["requires"] = 'track("escalation") <= 0'  # possible: Control may adjust any track
    problems = found(run_lint(tmp_path, data), "unreachable-option")
    assert [p.where for p in problems] == ["injects[0].options.JPN[0].requires", "injects[0].options.JPN[1].requires"]
    assert "JPN can never choose 'coop' on 'first'" in problems[0].message


def test_unreachable_modifier(tmp_path):
    data = scenario()
    data["injects"][0]["options"]["JPN"][0]["modifiers"] = [
        {"when": "turn == 2", "add": 0.1, "why": "Later"},
        {"when": 'chose(JPN, "coop", "first")', "add": 0.1, "why": "Own choice counts at the roll"}]
    (p,) = found(run_lint(tmp_path, data), "unreachable-modifier")
    assert p.where == "injects[0].options.JPN[0].modifiers[0].when" and "'Later'" in p.message


def test_unreachable_combined_rule_and_response(tmp_path):
    data = scenario()
    data["injects"][0]["combined"] = [
        {"id": "never", "label": "Never", "when": 'chose(JPN, "b-coop", "second")', "effects": {"escalation": -1}},
        {"id": "same-turn", "label": "Both", "when": 'chose(JPN, "coop") and chose(KOR, "coop")',
         "effects": {"escalation": -1}}]
    data["responses"].append({"id": "impossible", "actor": "PRC", "label": "No", "when": 'track("trust", JPN, KOR) > 10'})
    problems = found(run_lint(tmp_path, data), "unreachable-rule")
    assert [p.where for p in problems] == ["injects[0].combined[0].when", "responses[1].when"]


# ------------------------------------------------------------------------------ tracks and objectives

def test_unread_track_is_informational(tmp_path):
    data = scenario()
    data["tracks"].append({"id": "morale", "label": "Morale", "start": 5})
    data["tracks"].append({"id": "unused", "label": "Unused", "start": 5})
    data["injects"][0]["options"]["JPN"][0]["effects"]["success"]["morale"] = 1
    problems = found(run_lint(tmp_path, data), "unread-track")
    assert [p.severity for p in problems] == ["info", "info"]
    assert "'morale' is changed by 1 effect" in problems[0].message
    assert "'unused' is never changed" in problems[1].message
    assert "info[unread-track]" in render(problems[0])


def test_missing_track_value_is_a_load_error(tmp_path):
    data = scenario()
    data["delegations"]["USA"] = {"role": "USA."}
    data["tracks"][1]["pairs"] = ["JPN-KOR"]
    for inj in data["injects"]:
        inj["options"]["USA"] = _options("u-")
    data["delegations"]["USA"]["objectives"] = [{"id": "x", "text": "X", "when": 'track("trust", USA, JPN) >= 1'}]
    # no longer a warning: the loader refuses it with a location (it would stop the game mid-turn)
    with pytest.raises(InputError, match="has no value for USA-JPN"):
        run_lint(tmp_path, data)


def test_objective_unattainable(tmp_path):
    data = scenario()
    data["delegations"]["JPN"]["objectives"][0]["when"] = 'track("trust", JPN, KOR) >= 11'
    (p,) = found(run_lint(tmp_path, data), "objective-unattainable")
    assert p.where == "delegations.JPN.objectives[0].when" and "can never be met" in p.message


def test_objective_certain(tmp_path):
    data = scenario()
    data["delegations"]["KOR"]["objectives"][0]["when"] = 'track("escalation") <= 10 or track("escalation") > 3'
    data["delegations"]["JPN"]["objectives"][0]["when"] = 'fired("first")'  # scheduled, unconditional: always
    problems = found(run_lint(tmp_path, data), "objective-certain")
    assert {p.where for p in problems} == {"delegations.KOR.objectives[0].when", "delegations.JPN.objectives[0].when"}


# ------------------------------------------------------------------------------ schedule

def test_idle_delegation_names_the_turns(tmp_path):
    data = scenario(turns={"count": 4, "step": "1 month", "start": "2027-03-01"})
    data["injects"][1]["to"] = ["JPN"]
    data["injects"][1]["options"].pop("KOR")
    data["injects"].append(triggered(when="turn >= 3"))  # triggered injects do not count
    problems = found(run_lint(tmp_path, data), "idle-delegation")
    assert sorted(p.message for p in problems) == [
        "JPN is addressed by no scheduled inject in turns 3-4 (it sits idle unless a triggered inject fires)",
        "KOR is addressed by no scheduled inject in turns 2-4 (it sits idle unless a triggered inject fires)"]
    assert problems[0].where.startswith("delegations.")


def test_no_options_for_an_addressed_delegation(tmp_path):
    data = scenario()
    data["injects"][1]["options"].pop("KOR")
    (p,) = found(run_lint(tmp_path, data), "no-options")
    assert "inject 'second' addresses KOR but gives it no options" in p.message


# ------------------------------------------------------------------------------ citations

def test_uncited_option(tmp_path):
    data = scenario()
    data["injects"][0]["options"]["KOR"][2]["sources"] = []
    (p,) = found(run_lint(tmp_path, data), "uncited-option")
    assert p.where == "injects[0].options.KOR[2].id" and "'own' on 'first' cites no sources" in p.message


def test_uncited_inject(tmp_path):
    data = scenario()
    data["injects"][1]["sources"] = []
    (p,) = found(run_lint(tmp_path, data), "uncited-inject")
    assert p.where == "injects[1].id"
    text = (tmp_path / "lint-base.yaml").read_text().splitlines()
    assert "id: second" in text[p.line - 1]


def test_unknown_claim(tmp_path):
    data = scenario(sources=["choi-2024", "nobody-2020"])
    data["injects"][0]["sources"] = ["choi-2024#korea-japan-weak-lnk", "nobody-2020#x"]
    problems = found(run_lint(tmp_path, data), "unknown-claim")
    messages = sorted(p.message for p in problems)
    assert len(problems) == 3
    assert any("did you mean 'choi-2024#korea-japan-weak-link'" in m for m in messages)
    assert any("'nobody-2020#x' cites 'nobody-2020', which is not in the source register" in m for m in messages)
    assert any(m.startswith("'nobody-2020' is not a document of the source register") for m in messages)
    # an explicit register replaces seeds/
    assert found(run_lint(tmp_path, data, register={"nobody-2020": frozenset({"x"}), "choi-2024": frozenset()}),
                 "unknown-claim")


# ------------------------------------------------------------------------------ options

def test_odds_range(tmp_path):
    data = scenario()
    jpn = data["injects"][0]["options"]["JPN"]
    jpn[0]["odds"] = 0.9
    jpn[0]["modifiers"] = [{"when": 'track("escalation") >= 2', "add": 0.2, "why": "Up"}]
    jpn[1]["odds"] = 0.1
    jpn[1]["modifiers"] = [{"when": "turn == 2", "add": -0.5, "why": "Never applies in turn 1"}]
    (p,) = found(run_lint(tmp_path, data), "odds-range")
    assert p.where == "injects[0].options.JPN[0].odds" and "0.90..1.10" in p.message


def test_ambiguous_chose(tmp_path):
    data = scenario()
    # both injects give KOR an option "coop" once the second uses the same ids
    data["injects"][1]["options"]["KOR"] = _options()
    data["delegations"]["JPN"]["objectives"].append(
        {"id": "coop", "text": "Korea cooperates", "when": 'chose(KOR, "coop")'})
    (p,) = found(run_lint(tmp_path, data), "ambiguous-chose")
    assert p.where == "delegations.JPN.objectives[1].when"
    assert "matches 'coop' on 2 injects (first, second)" in p.message
    data["delegations"]["JPN"]["objectives"][1]["when"] = 'chose(KOR, "coop", "second")'
    assert not found(run_lint(tmp_path, data), "ambiguous-chose")


def test_stance_coverage(tmp_path):
    data = scenario()
    for o in data["injects"][0]["options"]["KOR"]:
        o["stance"] = "cooperative"
    (p,) = found(run_lint(tmp_path, data), "stance-coverage")
    assert "KOR's options on 'first' have no cautious or national option (stances: cooperative)" in p.message


# ------------------------------------------------------------------------------ rulesets

STANDARD_LEVELS = [
    {"id": "major-success", "label": "Major", "when": "roll <= target * 0.3", "success": True},
    {"id": "success", "label": "Success", "when": "roll <= target", "success": True},
    {"id": "partial", "label": "Partial", "when": "roll <= target + 15", "success": False},
    {"id": "setback", "label": "Setback", "when": "true", "success": False},
]


def _ruleset(tmp_path, levels, name="odd"):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"format": 1, "id": name, "title": name, "outcomes": levels}, sort_keys=False))
    return path


def test_last_level_not_true(tmp_path):
    levels = copy.deepcopy(STANDARD_LEVELS)
    levels[-1]["when"] = "roll <= 90"
    (p,) = found(lint_ruleset(_ruleset(tmp_path, levels)), "last-level")
    assert p.where == "outcomes[3].when" and "matches no level" in p.message
    levels[-1]["when"] = "roll >= 1"  # always true, but not written `true`: still flagged, no example
    (p,) = found(lint_ruleset(_ruleset(tmp_path, levels)), "last-level")
    assert "not `true`" in p.message and "e.g." not in p.message


def test_unreachable_level_in_the_scenarios_ruleset(tmp_path):
    levels = copy.deepcopy(STANDARD_LEVELS)
    levels[0], levels[1] = levels[1], levels[0]  # "roll <= target" first hides the major success
    _ruleset(tmp_path, levels)
    data = scenario(ruleset="odd")
    data["injects"][0]["options"]["JPN"][0]["effects"] = {"success": {"trust.JPN-KOR": 1}}
    problems = found(run_lint(tmp_path, data), "unreachable-level")
    assert [p.where for p in problems] == ["outcomes[1].when"] and "'major-success'" in problems[0].message
    assert problems[0].file.endswith("odd.yaml")
    assert lint_ruleset(ROOT / "rules" / "standard.yaml") == []


# ------------------------------------------------------------------------------ the command

def test_lint_and_validate_strict_commands(tmp_path, capsys):
    from wargame.cli import main

    data = scenario()
    data["injects"][1]["sources"] = []
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["lint", str(path)]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: warning\[uncited-inject\]: injects\[1\]\.id: ", out, re.M)
    assert main(["lint", "--strict", str(path)]) == 1
    assert main(["lint", "--strict", "--ignore", "uncited-inject", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert main(["validate", str(path)]) == 0
    assert main(["lint", str(tmp_path / "missing.yaml")]) == 1
    assert main(["lint", "--ignore", "no-such-rule", str(path)]) == 2
    capsys.readouterr()
    assert main(["lint", "--rules"]) == 0
    listing = capsys.readouterr().out
    assert all(rule in listing for rule in RULES)


def test_infos_do_not_fail_strict(tmp_path, capsys):
    from wargame.cli import main

    data = scenario()
    data["tracks"].append({"id": "morale", "label": "Morale", "start": 5})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["lint", "--strict", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 0
    assert "info[unread-track]" in capsys.readouterr().err


# ------------------------------------------------------------------------------ soundness

def test_intervals_follow_strict_and_closed_bounds():
    from wargame.scenario.lint.intervals import _can

    a, b = Iv(5, 10), Iv(0, 5)
    assert _can("<=", a, b) and not _can("<", a, b) and _can("==", a, b) and _can("!=", a, b)
    assert not _can("<=", a, Iv(0, 5, hi_open=True)) and not _can("!=", Iv(5, 5), Iv(5, 5))
    assert Iv(3, 3, lo_open=True).empty and not Iv(3, 3).empty
    assert Iv(2.5, 7.5, True, True).integral() == Iv(3, 7)
    assert Iv(2, 7, True, True).integral() == Iv(3, 6)


@pytest.mark.parametrize("path", [MINI, *SHIPPED], ids=lambda p: p.name)
def test_injects_fire_only_in_turns_the_analysis_allows(path):
    """Soundness on real games: every inject that fires does so in a turn the analysis said it could."""
    from wargame.engine.commands import StartGame
    from wargame.engine.game import Game
    from wargame.sim.autoplay import Driver, play_to_end

    cs = load_scenario(path)
    an = Analysis(cs)
    for seed in range(12):
        game = Game(cs)
        game.do(StartGame(seed=seed, mode="rigid"))
        play_to_end(game, Driver("random" if seed % 3 else "first", seed))
        for ev in game.events:
            if ev["type"] == "turn-started":
                for iid in ev["injects"]:
                    assert ev["turn"] in an.fire[iid], (iid, ev["turn"], sorted(an.fire[iid]))
        for m in game.state.past_moves:
            if m.option is not None:
                assert an.choose[(m.inject, m.delegation, m.option)], (m.inject, m.delegation, m.option)


def test_if_and_count_are_analysed(tmp_path):
    data = scenario()
    data["injects"] += [
        triggered("counted", when='count(track("escalation") > 11, fired("first"), turn == 2) >= 3'),
        triggered("counted-ok", when='count(track("escalation") > 5, fired("first"), turn == 2) >= 3'),
        triggered("branch", when='if(turn == 2, track("escalation") > 10, track("escalation") < 0)'),
        triggered("branch-ok", when='if(turn == 2, track("escalation") >= 10, false) and if(turn > 1, 1, 0) == 1'),
    ]
    flagged = {p.message.split("'")[1] for p in found(run_lint(tmp_path, data), "unreachable-inject")}
    assert flagged == {"counted", "branch"}


# ------------------------------------------------------------------------------ succeeded(...) trap

def test_option_blind_succeeded_in_a_trigger(tmp_path):
    data = scenario()
    data["injects"].append(triggered(when='succeeded("first", KOR)', earliest=2))
    (p,) = found(run_lint(tmp_path, data), "option-blind-succeeded")
    assert p.where == "injects[2].when"
    assert "holds whichever of KOR's 3 options on 'first' succeeded (coop, wait, own)" in p.message
    assert 'succeeded("first", KOR, "coop")' in p.message
    # the option-specific form, or a chose() of the same inject in the trigger, says which
    for when in ('succeeded("first", KOR, "coop")', 'chose(KOR, "coop", "first") and succeeded("first", KOR)'):
        data["injects"][2]["when"] = when
        assert not found(run_lint(tmp_path, data), "option-blind-succeeded"), when


def test_option_blind_succeeded_leaves_objectives_alone(tmp_path):
    data = scenario()
    data["delegations"]["JPN"]["objectives"].append(
        {"id": "any", "text": "Korea succeeds", "when": 'succeeded("first", KOR)'})
    assert not found(run_lint(tmp_path, data), "option-blind-succeeded")


def test_succeeded_option_is_type_checked_at_load(tmp_path):
    data = scenario()
    data["injects"].append(triggered(when='succeeded("first", KOR, "b-coop")', earliest=2))
    path = tmp_path / "lint-base.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError) as e:
        load_scenario(path)
    msg = str(e.value)
    assert "unknown option 'b-coop' for KOR on 'first', did you mean 'coop'?" in msg
    assert re.search(r"lint-base\.yaml:\d+:\d+: injects\[2\]\.when", msg)


def test_succeeded_with_option_needs_that_option(tmp_path):
    from wargame.engine.commands import StartGame
    from wargame.engine.game import Game
    from wargame.expr import compile_expr
    from wargame.sim.autoplay import Driver, play_to_end

    path = tmp_path / "lint-base.yaml"
    path.write_text(yaml.safe_dump(scenario(), sort_keys=False))
    cs = load_scenario(path)
    seen = set()
    for seed in range(40):
        g = Game(cs)
        g.do(StartGame(seed=seed, mode="semi"))
        play_to_end(g, Driver("random", seed))
        st = g.state
        picked = next(m.option for m in st.past_moves if (m.inject, m.delegation) == ("first", "KOR"))
        blind = compile_expr('succeeded("first", KOR)', cs.names, "bool").evaluate(st)
        for oid in ("coop", "wait", "own"):
            got = compile_expr(f'succeeded("first", KOR, "{oid}")', cs.names, "bool").evaluate(st)
            assert got == (blind and oid == picked)
        seen.add((picked, blind))
    assert len({p for p, _ in seen}) == 3 and {b for _, b in seen} == {True, False}

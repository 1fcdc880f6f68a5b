"""Every class of bad scenario input gets a located message (path:line:col: where: what (expected …))."""

from __future__ import annotations

import pytest

from tests.conftest import MINI
from wargame.scenario.errors import InputError
from wargame.scenario.load import load_ruleset, load_scenario

BASE = MINI.read_text()


def problems(tmp_path, text: str, name="s.yaml") -> list[str]:
    p = tmp_path / name
    p.write_text(text) if isinstance(text, str) else p.write_bytes(text)
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    out = [str(x) for x in exc.value.problems]
    assert all(x.startswith(f"{p}:") for x in out), out
    return out


def one(tmp_path, text, needle) -> str:
    found = [x for x in problems(tmp_path, text) if needle in x]
    assert found, needle
    return found[0]


def test_the_base_scenario_is_valid():
    assert load_scenario(MINI).id == "mini"


def test_syntax_error_is_located(tmp_path):
    msg = problems(tmp_path, BASE.replace("title: Mini exercise", "title: [Mini exercise"))[0]
    assert ":7:" in msg or ":8:" in msg


def test_top_level_must_be_a_mapping(tmp_path):
    assert "1:1" in one(tmp_path, "- a\n- b\n", "top level")


def test_missing_key(tmp_path):
    msg = one(tmp_path, BASE.replace("title: Mini exercise\n", ""), "missing key 'title'")
    assert msg.split(":")[1] == "1"


def test_wrong_type_is_named_with_expected(tmp_path):
    msg = one(tmp_path, BASE.replace("duration_minutes: 20", "duration_minutes: twenty"), "duration_minutes")
    assert msg.endswith("s.yaml:8:19: duration_minutes: got the text 'twenty' (expected a whole number)")


def test_yaml_1_1_surprises_stay_strings(tmp_path):
    # 1:20 is sexagesimal 80 in YAML 1.1; here it stays text and is refused where a number is meant
    msg = one(tmp_path, BASE.replace("duration_minutes: 20", "duration_minutes: 1:20"), "duration_minutes")
    assert "'1:20'" in msg
    # NO would be the boolean false in YAML 1.1; as a title it is simply the text "NO"
    assert load_scenario_text(tmp_path, BASE.replace("title: Mini exercise", "title: NO")).scenario.title == "NO"
    msg = one(tmp_path, BASE.replace("purpose: education", "purpose: yes"), "purpose")
    assert "not allowed" in msg


def load_scenario_text(tmp_path, text):
    p = tmp_path / "ok.yaml"
    p.write_text(text)
    return load_scenario(p)


def test_duplicate_key(tmp_path):
    one(tmp_path, BASE.replace("purpose: education", "purpose: education\npurpose: research"), "duplicate key")


def test_duplicate_ids(tmp_path):
    text = BASE.replace("  - id: flare\n", "  - id: incubator\n")
    one(tmp_path, text, "duplicate inject id 'incubator'")


def test_dangling_references(tmp_path):
    out = problems(tmp_path, BASE.replace("objectives: [LO1]\n    sources", "objectives: [LO9]\n    sources")
                   .replace("actor: PRC, label: Protest", "actor: DPRK, label: Protest")
                   .replace("to: [JPN, KOR]", "to: [JPN, AUS]"))
    text = "\n".join(out)
    assert "unknown learning objective 'LO9'" in text
    assert "unknown actor 'DPRK'" in text
    assert "'AUS' does not play in this scenario" in text


def test_expression_errors_are_located_with_the_character(tmp_path):
    out = problems(tmp_path, BASE.replace('chose(KOR, "join", "incubator")', 'chose(KOR, "joinn", "incubator")')
                   .replace('track("escalation") >= 5', 'track("escalation") >= ')
                   .replace('track("mda") >= 2', 'track("mda") + 2'))
    text = "\n".join(out)
    assert "unknown option" in text or "'joinn'" in text
    assert "at character" in text
    assert len(out) >= 3


def test_python_object_tags_are_refused(tmp_path):
    one(tmp_path, BASE.replace("title: Mini exercise", "title: !!python/object/apply:os.system [echo hi]"),
        "tags are not allowed")


def test_alias_bomb_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    assert "alias" in problems(tmp_path, bomb)[0]


def test_huge_empty_and_binary_files(tmp_path):
    assert "larger than" in problems(tmp_path, "x: " + "a" * 3_000_000)[0]
    assert "empty" in problems(tmp_path, "\n# nothing\n")[0]
    assert "binary" in problems(tmp_path, b"\x00\x01\x02title: x")[0]


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    out = problems(tmp_path, BASE.replace("odds: 0.7", "odds: 7").replace("odds: 0.9", "odds: -1")
                   .replace("min: 0, max: 10, start: 2", "min: 0, max: 10, start: 2, colour: red"))
    assert len(out) == 4  # odds 0.9 appears twice


def test_ruleset_checks(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("format: 1\nid: r\ntitle: R\noutcomes:\n  - {id: win, label: Win, when: 'roll <= target',"
                 " success: true}\n  - {id: win, label: Lose, when: 'roll > target', success: false}\n")
    with pytest.raises(InputError) as exc:
        load_ruleset(p)
    text = str(exc.value)
    assert "duplicate outcome id 'win'" in text and "must always match" in text


def test_pair_track_value_that_does_not_exist_is_a_load_error(tmp_path):
    # trust is tracked for JPN-KOR only; USA-JPN type-checks but has no value
    msg = one(tmp_path, BASE.replace('track("trust", JPN, KOR) >= 4', 'track("trust", USA, JPN) >= 4'),
              "has no value for USA-JPN")
    assert "expected one of: JPN-KOR" in msg and "delegations.JPN.objectives[0].when" in msg

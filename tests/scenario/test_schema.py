"""The JSON Schema is generated from the model, committed, valid, and accepts every shipped file."""

from __future__ import annotations

import json

import attrs
import pytest
from jsonschema import Draft202012Validator

from tests.conftest import MINI, ROOT
from wargame.scenario.schema import FILES, dumps, ruleset_schema, scenario_schema
from wargame.scenario.yamlsrc import load_yaml_file

SCHEMA_DIR = ROOT / "docs" / "schema"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml")) + [MINI]
RULES = sorted((ROOT / "rules").glob("*.yaml"))


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text()))


@pytest.mark.parametrize("file_name", sorted(FILES))
def test_committed_schema_is_current(file_name):
    committed = (SCHEMA_DIR / file_name).read_text()
    assert committed == dumps(FILES[file_name]()), "run: python -m wargame.scenario.schema docs/schema"


@pytest.mark.parametrize("make", [scenario_schema, ruleset_schema])
def test_schema_passes_the_meta_schema(make):
    Draft202012Validator.check_schema(make())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenarios_validate_against_the_schema(path):
    data = load_yaml_file(path).data
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator("scenario").iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_rulesets_validate_against_the_schema(path):
    data = load_yaml_file(path).data
    assert list(_validator("ruleset").iter_errors(data)) == []


def test_shipped_scenarios_point_editors_at_the_schema():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/schema/scenario.schema.json", path


def test_every_model_class_has_a_def_with_descriptions_and_closed_keys():
    from wargame.model.ruleset import Ruleset
    from wargame.model.scenario import Scenario
    from wargame.scenario.reference import classes

    for root, doc in ((Scenario, scenario_schema()), (Ruleset, ruleset_schema())):
        assert doc["$ref"] == f"#/$defs/{root.__name__}"
        for cls in classes(root):
            d = doc["$defs"][cls.__name__]
            assert d["additionalProperties"] is False
            assert d["description"]
            required = {a.metadata.get("key") or a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING}
            assert set(d.get("required", [])) == required
            for key, prop in d["properties"].items():
                assert prop["description"], f"{cls.__name__}.{key} has no description"


def test_literals_become_enums_and_constraints_carry_over():
    defs = scenario_schema()["$defs"]
    assert defs["Option"]["properties"]["stance"]["enum"] == ["cautious", "cooperative", "national", "assertive",
                                                              "other"]
    assert defs["Track"]["properties"]["scope"]["enum"] == ["global", "delegation", "pair"]
    assert defs["Scenario"]["properties"]["delegations"]["propertyNames"]["enum"] == ["USA", "JPN", "KOR", "AUS",
                                                                                      "GBR"]
    odds = defs["Option"]["properties"]["odds"]
    assert (odds["type"], odds["minimum"], odds["maximum"]) == ("number", 0, 1)
    assert defs["Inject"]["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    assert "condition" in defs["Inject"]["properties"]["when"]["description"]
    assert ruleset_schema()["$defs"]["Ruleset"]["properties"]["default_mode"]["enum"] == ["rigid", "semi", "free"]


def test_schema_rejects_what_the_loader_rejects():
    v = _validator("scenario")
    data = load_yaml_file(MINI).data
    data["tracks"][0]["lable"] = "typo"
    data["injects"][0]["options"]["USA"][0]["odds"] = 1.5
    data["injects"][0]["options"]["USA"][0]["stance"] = "bold"
    data["delegations"]["FRA"] = {"role": "x"}
    data["injects"][0]["sources"] = ["not a citation"]
    messages = " | ".join(e.message for e in v.iter_errors(data))
    assert "'lable' was unexpected" in messages
    assert "1.5 is greater than the maximum of 1" in messages
    assert "'bold' is not one of" in messages
    assert "'FRA' is not one of" in messages
    assert "does not match" in messages


def test_schema_command_writes_the_same_text(tmp_path):
    from wargame.cli import main

    out = tmp_path / "s.json"
    assert main(["schema", "--ruleset", "-o", str(out)]) == 0
    assert out.read_text() == dumps(ruleset_schema())

"""Numbers are finite and bounded and dates are real: refused at load (and by the schema) with a
located message, so nothing that validates can crash `run`, `graph` or `simulate` later."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import MINI, ROOT
from wargame.engine.state import turn_date
from wargame.scenario.load import load_scenario
from wargame.scenario.yamlsrc import load_yaml_file

from .test_load import BASE, problems

TRACK = "{id: mda, label: Maritime domain awareness, min: 0, max: 10, start: 2}"
EFFECT = "effects: {success: {mda: 2}"
LOCATED = re.compile(r"^.+\.yaml:\d+:\d+: ")


def _track(text: str) -> str:
    assert TRACK in BASE
    return BASE.replace(TRACK, text)


def _effect(amount: str) -> str:
    assert EFFECT in BASE
    return BASE.replace(EFFECT, f"effects: {{success: {{mda: {amount}}}")


CASES = {
    "infinite max": (_track("{id: mda, label: M, min: 0, max: 1e999, start: 2}"), "tracks[1].max", "inf"),
    "infinite effect": (_effect("1e999"), "effects.success.mda", "not a finite number"),
    "negative infinite effect": (_effect("-1e999"), "effects.success.mda", "not a finite number"),
    "4000-digit range": (_track("{id: mda, label: M, min: -" + "9" * 3999 + ", max: " + "9" * 3999 + ", start: 2}"),
                         "tracks[1].min", "a negative number of 3,999 digits is too large"),
    "huge effect": (_effect("9" * 30), "effects.success.mda", "number of 30 digits is too large"),
    "effect past the bound": (_effect("1000001"), "effects.success.mda", "1000001 is too large"),
    "decimal effect past the bound": (_effect("1.5e6"), "effects.success.mda", "1500000.0 is too large"),
    "start past the bound": (_track("{id: mda, label: M, min: 0, max: 10, start: 12345678}"), "tracks[1].start",
                             "too large"),
    "overflowing expression": (
        _effect("'(track(\"mda\")+1) * 999999999999999 * 999999999999999 / 3'"), "effects.success.mda",
        "can reach 1.1e+16 in play"),
    "constant overflow": (_effect("'999999999999999 * 999999999999999'"), "effects.success.mda", "too large"),
    "overflowing condition": (BASE.replace("when: 'track(\"escalation\") >= 5'",
                                           "when: 'track(\"escalation\") * 999999999999999 * 99 >= 5'"),
                              "injects[1].when", "can reach"),
    "February 30": (BASE.replace("start: 2027-03-01", "start: 2027-02-30"), "turns.start",
                    "February 2027 has 28 days"),
    "29 February of a common year": (BASE.replace("start: 2027-03-01", "start: 2100-02-29"), "turns.start",
                                     "February 2100 has 28 days"),
    "month 13": (BASE.replace("start: 2027-03-01", "start: 2027-13-01"), "turns.start", "no month 13"),
    "year 0": (BASE.replace("start: 2027-03-01", "start: 0000-01-01"), "turns.start", "year from 0001"),
    "off the calendar": (BASE.replace("turns: {count: 2, step: 1 month", "turns: {count: 30, step: 9999 years"),
                         "turns.step", "after the year 9999"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_at_load_with_a_located_message(tmp_path, name):
    text, where, what = CASES[name]
    found = problems(tmp_path, text)
    hits = [p for p in found if where in p and what in p]
    assert hits, found
    assert all(LOCATED.match(p) for p in found)
    assert all(len(p) < 2000 for p in found)  # a 4000-digit number is described, not printed


def test_leap_days_and_month_ends_are_real_dates(tmp_path):
    p = tmp_path / "leap.yaml"
    p.write_text(BASE.replace("start: 2027-03-01", "start: 2028-02-29"))
    cs = load_scenario(p)
    assert cs.scenario.turns.start == "2028-02-29"
    # 31 January plus a month is the last day of February, in leap and common years and in 2100.
    assert turn_date("2028-01-31", "1 month", 2) == "2028-02-29"
    assert turn_date("2100-01-31", "1 month", 2) == "2100-02-28"
    assert turn_date("2000-01-31", "1 month", 2) == "2000-02-29"
    assert turn_date("2027-12-15", "2 months", 2) == "2028-02-15"


def test_numbers_within_the_bound_still_load(tmp_path):
    p = tmp_path / "ok.yaml"
    text = _track("{id: mda, label: M, min: -1000000, max: 1000000, start: 2}")
    p.write_text(text.replace(EFFECT, "effects: {success: {mda: '999999 / (track(\"mda\") - 2) * 99'}"))
    cs = load_scenario(p)
    assert cs.slots["mda"].max == 1_000_000


# ------------------------------------------------------------------------------------- the schema

def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads((ROOT / "docs" / "schema" / "scenario.schema.json").read_text()))


@pytest.mark.parametrize("start, ok", [
    ("2027-03-01", True), ("2028-02-29", True), ("2000-02-29", True), ("2027-12-31", True), ("2027-04-30", True),
    ("2027-02-30", False), ("2027-02-29", False), ("2100-02-29", False), ("2027-04-31", False),
    ("2027-13-01", False), ("2027-00-10", False), ("0000-01-01", False), ("2027-3-1", False),
])
def test_schema_accepts_exactly_the_real_dates(start, ok):
    data = load_yaml_file(MINI).data
    data["turns"]["start"] = start
    assert (not list(_validator().iter_errors(data))) is ok


@pytest.mark.parametrize("value", [1e999, -1e999, 10**4000 - 1, 1_000_001, -1_000_001])
def test_schema_refuses_unbounded_numbers(value):
    data = load_yaml_file(MINI).data
    data["tracks"][1]["max"] = value
    assert list(_validator().iter_errors(data))
    data = load_yaml_file(MINI).data
    data["injects"][0]["options"]["USA"][0]["effects"]["success"]["mda"] = value
    assert list(_validator().iter_errors(data))

"""The parsed-YAML cache: same results warm and cold, positions still exact, bad files never cached."""

from __future__ import annotations

import pytest

from tests.conftest import MINI
from wargame.scenario.cache import CachedDoc, load_yaml_cached
from wargame.scenario.errors import InputError
from wargame.scenario.load import load_scenario


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WARGAME_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_load_comes_from_the_cache_with_identical_data(tmp_path, cache):
    p = tmp_path / "s.yaml"
    p.write_text(MINI.read_text())
    cold = load_yaml_cached(p)
    warm = load_yaml_cached(p)
    assert not isinstance(cold, CachedDoc) and isinstance(warm, CachedDoc)
    assert warm.data == cold.data
    assert warm.mark(("injects", 0, "options", "USA", 0)) == cold.mark(("injects", 0, "options", "USA", 0))
    assert load_scenario(p).scenario == load_scenario(p).scenario


def test_cached_file_with_semantic_errors_still_reports_exact_positions(tmp_path, cache):
    p = tmp_path / "s.yaml"
    p.write_text(MINI.read_text().replace('track("escalation") <= 5', 'track("escalaton") <= 5'))
    messages = []
    for _ in range(2):  # cold, then warm
        with pytest.raises(InputError) as exc:
            load_scenario(p)
        messages.append(str(exc.value))
    assert messages[0] == messages[1] and "s.yaml:17:63: delegations.USA.objectives[0].when" in messages[0]


def test_edited_file_is_parsed_again(tmp_path, cache):
    p = tmp_path / "s.yaml"
    p.write_text(MINI.read_text())
    load_scenario(p)
    p.write_text(MINI.read_text().replace("title: Mini exercise", "title: Changed"))
    assert load_scenario(p).scenario.title == "Changed"


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("WARGAME_CACHE", "off")
    p = tmp_path / "s.yaml"
    p.write_text(MINI.read_text())
    assert not isinstance(load_yaml_cached(p), CachedDoc)
    assert not isinstance(load_yaml_cached(p), CachedDoc)

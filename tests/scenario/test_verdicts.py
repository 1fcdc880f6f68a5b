"""Remembered validation verdicts: only an unchanged file with an unchanged ruleset skips loading."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT
from wargame.scenario.verdicts import known_valid, remember_valid


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("WARGAME_CACHE", str(tmp_path / "cache"))
    scen, rules = tmp_path / "s.yaml", tmp_path / "r.yaml"
    scen.write_text(MINI.read_text())
    rules.write_text((ROOT / "rules" / "standard.yaml").read_text())
    return scen, rules


def test_verdict_holds_only_while_both_files_are_unchanged(files):
    scen, rules = files
    assert not known_valid(scen)
    remember_valid(scen, rules)
    assert known_valid(scen)
    rules.write_text(rules.read_text() + "\n# edited\n")
    assert not known_valid(scen)
    remember_valid(scen, rules)
    scen.write_text(scen.read_text().replace("Mini exercise", "Mini"))
    assert not known_valid(scen)


def test_validate_reports_a_broken_edit_after_a_remembered_success(files, tmp_path):
    scen, _ = files
    env_cmd = [sys.executable, "-m", "wargame", "validate", str(scen)]
    assert subprocess.run(env_cmd, capture_output=True, cwd=ROOT).returncode == 0
    second = subprocess.run(env_cmd, capture_output=True, text=True, cwd=ROOT)
    assert second.returncode == 0 and "ok" in second.stdout
    scen.write_text(scen.read_text().replace("odds: 0.7", "odds: 7"))
    third = subprocess.run(env_cmd, capture_output=True, text=True, cwd=ROOT)
    assert third.returncode == 1 and "above the maximum" in third.stderr


def test_cache_off_remembers_nothing(files, monkeypatch):
    scen, rules = files
    monkeypatch.setenv("WARGAME_CACHE", "off")
    remember_valid(scen, rules)
    assert not known_valid(scen)

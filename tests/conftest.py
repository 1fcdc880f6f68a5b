"""Shared fixtures: the small test scenario, compiled once, and isolated per-user folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "scenarios" / "mini.yaml"


def pytest_configure(config):
    """Parsed-YAML cache of the test run: shared by the tests, kept out of the developer's own cache."""
    import os
    import tempfile

    os.environ.setdefault("WARGAME_CACHE", tempfile.mkdtemp(prefix="wargame-cache-"))


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path, monkeypatch):
    """Logs and settings of the tests never land in the developer's own data folder."""
    monkeypatch.setenv("WARGAME_DATA", str(tmp_path / "wargame-data"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="session")
def mini():
    from wargame.scenario.load import load_scenario

    return load_scenario(MINI)

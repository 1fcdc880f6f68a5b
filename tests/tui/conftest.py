"""TUI test set-up: no animations, no blinking cursors, per-test data folders (the parent
conftest points WARGAME_DATA at tmp_path)."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"  # read by textual.constants at import

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(scope="session")
def incubator():
    """The long default scenario, compiled once: the worst case for fitting text on screen."""
    from wargame.scenario.load import load_scenario

    from .helpers import INCUBATOR

    return load_scenario(INCUBATOR)

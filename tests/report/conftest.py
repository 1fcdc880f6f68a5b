"""Logs shared by the report tests: one scripted game and a few automatic ones, made once per module."""

from __future__ import annotations

import pytest

from tests.report.games import auto_game, scripted_game


@pytest.fixture(scope="module")
def scripted_log(tmp_path_factory, mini):
    return scripted_game(tmp_path_factory.mktemp("scripted") / "game.jsonl", mini)


@pytest.fixture(scope="module")
def auto_logs(tmp_path_factory, mini):
    folder = tmp_path_factory.mktemp("auto")
    return [auto_game(folder / f"g{seed:02d}.jsonl", mini, seed) for seed in range(1, 21)]

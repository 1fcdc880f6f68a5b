"""Where shipped content and per-user data live."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root holding `scenarios/`, `rules/` and `seeds/` (the package is installed editable).
ROOT = Path(os.environ.get("WARGAME_HOME") or Path(__file__).resolve().parent.parent)
SCENARIOS = ROOT / "scenarios"
RULES = ROOT / "rules"
SEEDS = ROOT / "seeds"


def data_dir() -> Path:
    """Per-user folder for game logs and reports (XDG on Linux, the usual places elsewhere)."""
    override = os.environ.get("WARGAME_DATA")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME")
    if base:
        return Path(base) / "wargame"
    return Path.home() / ".local" / "share" / "wargame"

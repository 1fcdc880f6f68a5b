"""Where shipped content and per-user data live."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root holding `scenarios/`, `rules/` and `seeds/` (the package is installed editable).
ROOT = Path(os.environ.get("WARGAME_HOME") or Path(__file__).resolve().parent.parent)
SCENARIOS = ROOT / "scenarios"
RULES = ROOT / "rules"
SEEDS = ROOT / "seeds"
#: The scenario a new user meets first: listed first in the picker and highlighted.
DEFAULT_SCENARIO = "incubator-at-sea"


def data_dir() -> Path:
    """Per-user folder for game logs and reports (XDG on Linux, the usual places elsewhere)."""
    override = os.environ.get("WARGAME_DATA")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME")
    if base:
        return Path(base) / "wargame"
    return Path.home() / ".local" / "share" / "wargame"


def cache_dir(kind: str) -> Path | None:
    """Per-user cache folder for `kind` (e.g. "yaml"); None when WARGAME_CACHE=off.

    WARGAME_CACHE may also name a folder to use instead of the XDG cache.
    """
    setting = os.environ.get("WARGAME_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wargame" / kind


def yaml_files(target: Path) -> list[Path]:
    """A file, or every .yaml/.yml file below a folder, sorted."""
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [target]

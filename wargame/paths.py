"""Where shipped content and per-user data live.

Shipped content (scenarios, rulesets, the source register) is part of the installed package
(`wargame.content.*`, mapped from the repository's top-level folders by setup.py), so a wheel,
`pipx install .` and an editable checkout all find it the same way. `WARGAME_HOME` names a content
folder of one's own instead: any of its `scenarios/`, `rules/` and `seeds/` that exist replace the
shipped ones. Per-user data and caches go where `platformdirs` says on each OS, unless
`WARGAME_DATA` / `WARGAME_CACHE` name other folders.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def _shipped(name: str) -> Path:
    spec = importlib.util.find_spec(f"wargame.content.{name}")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a broken install
        raise RuntimeError(f"the installed wargame package lacks its {name} folder; reinstall it")
    return Path(list(spec.submodule_search_locations)[0])


def _content(name: str) -> Path:
    home = os.environ.get("WARGAME_HOME")
    if home and (Path(home) / name).is_dir():
        return Path(home) / name
    return _shipped(name)


SCENARIOS = _content("scenarios")
RULES = _content("rules")
SEEDS = _content("seeds")
#: The scenario a new user meets first: listed first in the picker and highlighted.
DEFAULT_SCENARIO = "incubator-at-sea"


def data_dir() -> Path:
    """Per-user folder for game logs and reports (platformdirs' user data folder)."""
    override = os.environ.get("WARGAME_DATA")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("wargame", appauthor=False))


def cache_dir(kind: str) -> Path | None:
    """Per-user cache folder for `kind` (e.g. "yaml"); None when WARGAME_CACHE=off.

    WARGAME_CACHE may also name a folder to use instead of platformdirs' user cache folder.
    """
    setting = os.environ.get("WARGAME_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting) / kind
    import platformdirs

    return Path(platformdirs.user_cache_dir("wargame", appauthor=False)) / kind


def yaml_files(target: Path) -> list[Path]:
    """A file, or every .yaml/.yml file below a folder, sorted."""
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [target]

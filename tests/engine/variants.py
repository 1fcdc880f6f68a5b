"""Variants of the mini scenario, written next to a test, for rules the mini scenario alone cannot show."""

from __future__ import annotations

from pathlib import Path

import yaml

from wargame.scenario.load import load_scenario

MINI = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "mini.yaml"


def variant(tmp_path: Path, change) -> object:
    """Load mini.yaml, let `change(doc)` edit the parsed document, and compile the result."""
    # libyaml's safe loader, as the scenario loader uses: mini.yaml has plain scalars ending in '?'
    doc = yaml.load(MINI.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    change(doc)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_scenario(path)


def inject(doc: dict, iid: str) -> dict:
    return next(i for i in doc["injects"] if i["id"] == iid)

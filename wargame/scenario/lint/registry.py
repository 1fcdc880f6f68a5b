"""The rule registry: one module per rule family under `wargame.scenario.lint.rules`.

A family module declares `RULES = {rule id: (severity, one-line summary)}` and any of the hooks
`check(ctx)` (a scenario, with its analysis), `simulated(ctx, games, seed, jobs)` (after
automatic games), `check_ruleset(doc, rules, compiled, warn)` (a ruleset file) and
`check_library(...)` (shipped-library limits, see `rules/library.py`). Adding a rule is adding it
to its family's `RULES` and hook, and a section to docs/lint-rules.md; nothing else changes.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: family modules, in the order their rules are listed (`wargame lint --rules`, docs/lint-rules.md)
FAMILIES = ("reachability", "tracks", "objectives", "schedule", "citations", "odds", "expressions", "stances",
            "document", "ruleset", "library")


def families() -> list[ModuleType]:
    return [importlib.import_module(f"wargame.scenario.lint.rules.{name}") for name in FAMILIES]


def rules() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for fam in families():
        for rule, meta in fam.RULES.items():
            if rule in out:  # pragma: no cover - a programming error caught by the tests
                raise AssertionError(f"lint rule {rule} declared twice")
            out[rule] = meta
    return out


def hooks(name: str) -> list:
    return [getattr(fam, name) for fam in families() if hasattr(fam, name)]

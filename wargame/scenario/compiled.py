"""A scenario checked and compiled for play: expressions compiled once, effects resolved to track keys.

The engine only ever sees this form, so nothing is parsed or re-validated during a game.
"""

from __future__ import annotations

from typing import Any

import attrs

from wargame.model.ruleset import Ruleset
from wargame.model.scenario import Combined, Inject, Modifier, Objective, Option, Response, Scenario, Track

#: One effect: (track key, constant amount or compiled expression).
Effect = tuple[str, Any]


@attrs.frozen
class CompiledOption:
    option: Option
    requires: Any  # compiled condition or None
    modifiers: tuple[tuple[Modifier, Any], ...]
    effects: dict[str, tuple[Effect, ...]]  # outcome level id -> effects


@attrs.frozen
class CompiledRule:
    """A combined-move rule or a non-player response with its compiled condition and effects."""

    rule: Combined | Response
    when: Any
    effects: tuple[Effect, ...]


@attrs.frozen
class CompiledInject:
    inject: Inject
    when: Any  # compiled condition or None
    to: tuple[str, ...]  # addressed delegations, resolved
    options: dict[str, dict[str, CompiledOption]]  # delegation -> option id -> option
    combined: tuple[CompiledRule, ...]
    responses: tuple[CompiledRule, ...]


@attrs.frozen
class CompiledOutcome:
    id: str
    label: str
    when: Any
    success: bool


@attrs.frozen
class TrackSlot:
    """One tracked value: a global track, or one delegation's or pair's value of a track."""

    key: str
    track: Track
    label: str
    min: int
    max: int
    start: int


@attrs.frozen
class CompiledScenario:
    scenario: Scenario
    ruleset: Ruleset
    path: str  # as the user named it, for messages
    ruleset_path: str
    file: str  # absolute path, recorded in game logs
    scenario_sha256: str
    ruleset_sha256: str
    slots: dict[str, TrackSlot]
    injects: dict[str, CompiledInject]
    outcomes: tuple[CompiledOutcome, ...]
    objectives: dict[str, tuple[tuple[Objective, Any], ...]]
    responses: tuple[CompiledRule, ...]  # standing responses
    names: Any  # wargame.expr.Names
    #: Results the engine derives from this scenario alone (outcome level of a roll against a
    #: target, ...), filled as they are first needed; never part of equality.
    memo: dict = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def delegations(self) -> tuple[str, ...]:
        return tuple(self.scenario.delegations)

    def outcome_label(self, level: str) -> str:
        for o in self.outcomes:
            if o.id == level:
                return o.label
        return level

    def is_success(self, level: str | None) -> bool:
        return any(o.id == level and o.success for o in self.outcomes)

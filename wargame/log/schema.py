"""What each record of a game log must hold: one table of event types and their fields.

The reader checks every record against it before anything uses the record, so a log whose chain
verifies but whose fields have the wrong shape (a deleted `type`, `seed: "7"`, a list where an id
belongs) is a located message, never a KeyError or TypeError deep in replay, a report or the TUI.

To add an event type or a field: add it to `EVENTS` below (a field the older logs lack goes in as
`Optional(...)`); the engine's fold table (`wargame.engine.fold._APPLY`) is checked against this
table by a test, so the two cannot drift apart silently.
"""

from __future__ import annotations

import json
import math

_INT_LIMIT = 2 ** 63  # seeds, turns and indices are machine integers; a 4000-digit one is damage


class Spec:
    """A field's shape; `problem(value, where)` names the first place it does not fit, or None:
    (where, value, expected), or a whole message from a nested object."""

    expected = "?"

    def problem(self, value, where: str):
        return None if self.fits(value) else (where, value, self.expected)

    def fits(self, value) -> bool:
        raise NotImplementedError


class _Str(Spec):
    expected = "text"

    def fits(self, v) -> bool:
        return isinstance(v, str)


class _Int(Spec):
    expected = "an integer"

    def fits(self, v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and -_INT_LIMIT < v < _INT_LIMIT


class _Num(Spec):
    expected = "a finite number"

    def fits(self, v) -> bool:
        if isinstance(v, bool):
            return False
        if isinstance(v, int):
            return -_INT_LIMIT < v < _INT_LIMIT
        return isinstance(v, float) and math.isfinite(v)


class _Bool(Spec):
    expected = "true or false"

    def fits(self, v) -> bool:
        return isinstance(v, bool)


class _Hex(Spec):
    def __init__(self, digits: int):
        self.digits = digits
        self.expected = f"{digits} hex digits"

    def fits(self, v) -> bool:
        return isinstance(v, str) and len(v) == self.digits and all(c in "0123456789abcdef" for c in v)


class OrNull(Spec):
    def __init__(self, inner: Spec):
        self.inner = inner
        self.expected = f"{inner.expected} or null"

    def problem(self, value, where):
        return None if value is None else self.inner.problem(value, where)


class Optional(Spec):
    """A field older logs may lack; when present it must fit `inner`."""

    def __init__(self, inner: Spec):
        self.inner = inner
        self.expected = inner.expected

    def problem(self, value, where):
        return self.inner.problem(value, where)


class ListOf(Spec):
    def __init__(self, item: Spec):
        self.item = item
        self.expected = f"a list of {item.expected}"

    def problem(self, value, where):
        if not isinstance(value, list):
            return (where, value, self.expected)
        for i, v in enumerate(value):
            p = self.item.problem(v, f"{where}[{i}]")
            if p:
                return p
        return None


class Row(Spec):
    """A fixed-length list, e.g. an effect line [track, delta, before, after]."""

    def __init__(self, *items: Spec, name: str):
        self.items = items
        self.expected = name

    def problem(self, value, where):
        if not isinstance(value, list) or len(value) != len(self.items):
            return (where, value, self.expected)
        for i, (spec, v) in enumerate(zip(self.items, value)):
            p = spec.problem(v, f"{where}[{i}]")
            if p:
                return p
        return None


class MapOf(Spec):
    def __init__(self, value: Spec):
        self.value = value
        self.expected = f"an object of {value.expected}"

    def problem(self, value, where):
        if not isinstance(value, dict):
            return (where, value, self.expected)
        for k, v in value.items():
            p = self.value.problem(v, f"{where}.{k}")
            if p:
                return p
        return None


class Fields(Spec):
    """An object with exactly these fields (Optional ones may be absent)."""

    def __init__(self, fields: dict[str, Spec], name: str = "an object"):
        self.fields = fields
        self.expected = name

    def problem(self, value, where):
        if not isinstance(value, dict):
            return (where, value, self.expected)
        return _fields_problem(self.fields, value, where + ".")


STR, INT, NUM, BOOL = _Str(), _Int(), _Num(), _Bool()
HASH = _Hex(64)
EFFECTS = ListOf(Row(STR, NUM, NUM, NUM, name="an effect [track, change, before, after]"))
TRACKS = MapOf(NUM)

#: Fields every record has, around its event: written by the log, not the engine.
ENVELOPE: dict[str, Spec] = {"seq": INT, "ts": STR, "type": STR, "prev": HASH, "hash": HASH}

#: Event type -> its fields (besides the envelope). The one place to declare a new event type.
EVENTS: dict[str, dict[str, Spec]] = {
    "game-started": {
        "format": INT, "program": STR, "version": Optional(STR), "scenario": STR, "scenario_title": STR,
        "scenario_path": Optional(STR), "scenario_sha256": STR, "ruleset": STR, "ruleset_sha256": STR,
        "seed": INT, "rng": STR, "mode": STR, "players": MapOf(STR),
        "parent": OrNull(Fields({"log": STR, "hash": HASH, "seq": INT, "turn": INT}, "a parent log reference")),
    },
    "turn-started": {"turn": INT, "date": STR, "injects": ListOf(STR),
                     "expected": ListOf(Row(STR, STR, name="an [inject, delegation] pair"))},
    # `by`: who submitted, for a seat or a bot seat; absent when Control entered it.
    "move-submitted": {"turn": INT, "inject": STR, "delegation": STR, "option": OrNull(STR),
                       "action": OrNull(STR), "argument": OrNull(STR), "rationale": STR, "by": Optional(STR)},
    "move-reopened": {"turn": INT, "inject": STR, "delegation": STR, "reason": STR, "by": Optional(STR)},
    "moves-revealed": {"turn": INT},
    "roll-made": {"turn": INT, "inject": STR, "delegation": STR, "odds": OrNull(NUM), "probability": NUM,
                  "breakdown": ListOf(Row(STR, NUM, name="a [reason, amount] line")), "sides": INT,
                  "target": INT, "roll": INT, "physical": BOOL, "index": OrNull(INT), "proposed": STR},
    "move-resolved": {"turn": INT, "inject": STR, "delegation": STR, "outcome": STR, "proposed": OrNull(STR),
                      "by": STR, "overridden": BOOL, "reason": STR, "effects": EFFECTS},
    "combined-applied": {"turn": INT, "inject": STR, "rule": STR, "effects": EFFECTS},
    "responses-proposed": {"turn": INT, "proposals": ListOf(Row(STR, STR, name="an [actor, response] pair"))},
    "response-applied": {"turn": INT, "actor": STR, "response": OrNull(STR), "proposed": OrNull(STR),
                         "by": STR, "overridden": BOOL, "reason": STR, "effects": EFFECTS},
    # `requested`: what Control typed, when the track's range held the change back.
    "track-adjusted": {"turn": INT, "reason": STR, "effects": EFFECTS, "requested": Optional(NUM)},
    # `inject`/`by`: an observer's note about an inject; `improvement`: marked for the improvement plan.
    "note-added": {"turn": INT, "phase": STR, "kind": STR, "text": STR, "inject": Optional(STR),
                   "by": Optional(STR), "improvement": Optional(BOOL)},
    "timer-set": {"turn": INT, "seconds": INT, "deadline": STR},
    "timer-extended": {"turn": INT, "seconds": INT, "deadline": STR},
    "timer-expired": {"turn": INT, "late": ListOf(Row(STR, STR, name="an [inject, delegation] pair"))},
    "bot-assigned": {"turn": INT, "delegation": STR, "policy": OrNull(STR)},
    "turn-ended": {"turn": INT, "tracks": TRACKS},
    "game-ended": {"turn": INT, "reason": STR, "tracks": TRACKS,
                   "assessment": MapOf(Fields({
                       "objectives": ListOf(Row(STR, BOOL, NUM, name="an [objective, met, weight] row")),
                       "score": NUM, "of": NUM}, "a delegation's assessment"))},
}


def record_problem(data) -> str | None:
    """What is wrong with a decoded record's shape (envelope and its type's fields), or None."""
    if not isinstance(data, dict):
        return f"the record is {_describe(data)} (expected an object)"
    kind = data.get("type")
    fields = EVENTS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        if "type" not in data:
            return f"'type' is missing (expected one of: {', '.join(EVENTS)})"
        return f"'type' is {_describe(kind)} (expected one of: {', '.join(EVENTS)})"
    p = _fields_problem(ENVELOPE, data, "", extra_ok=True) or _fields_problem(fields, data, "", known=ENVELOPE)
    return f"{kind} record: {p}" if p else None


def _fields_problem(fields: dict[str, Spec], data: dict, prefix: str, *, extra_ok: bool = False,
                    known: dict | None = None):
    for name, spec in fields.items():
        if name not in data:
            if isinstance(spec, Optional):
                continue
            return f"'{prefix}{name}' is missing (expected {spec.expected})"
        p = spec.problem(data[name], prefix + name)
        if isinstance(p, str):  # from a nested object: already a message
            return p
        if p:
            where, value, expected = p
            return f"'{where}' is {_describe(value)} (expected {expected})"
    if not extra_ok:
        for name in data:
            if name not in fields and (known is None or name not in known):
                shown = _clip(json.dumps(name)[1:-1])
                return f"unexpected field '{prefix}{shown}' (expected only: {', '.join(fields)})"
    return None


def _describe(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f"the text {_clip(json.dumps(v))}"
    if isinstance(v, (int, float)):
        return f"the number {_clip(json.dumps(v))}"
    if isinstance(v, list):
        return f"a list of {len(v)}"
    return "an object"


def _clip(s: str, n: int = 40) -> str:
    """Short; callers pass text already escaped by json.dumps (ASCII only, no control characters)."""
    return s if len(s) <= n else s[: n - 3] + "..."

"""Game state: the fold of the events so far. Only `engine.apply` changes it."""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from wargame.scenario.compiled import CompiledScenario
from wargame.scenario.trackref import track_key

#: Phases of a turn, in order. `deliberation` includes the briefing; `ended` closes the game.
PHASES = ("setup", "deliberation", "adjudication", "responses", "outcome", "ended")


class Move:
    """One delegation's move on one inject this turn, from sealed submission to resolution."""

    __slots__ = ("inject", "delegation", "option", "action", "argument", "rationale", "status",
                 "probability", "breakdown", "target", "roll", "physical", "proposed", "outcome",
                 "by", "reason", "effects")

    def __init__(self, inject: str, delegation: str, option, action, argument, rationale: str):
        self.inject, self.delegation = inject, delegation
        self.option, self.action, self.argument, self.rationale = option, action, argument, rationale
        self.status = "sealed"  # sealed -> revealed -> rolled -> resolved
        self.probability = self.breakdown = self.target = self.roll = self.physical = None
        self.proposed = self.outcome = self.by = self.reason = self.effects = None

    @property
    def is_free(self) -> bool:
        return self.option is None


class GameState:
    """Everything needed to continue a game; also the evaluation context of expressions."""

    def __init__(self, cs: CompiledScenario):
        self.cs = cs
        self.seed = 0
        self.mode = "semi"
        self.players: dict[str, str] = {}
        self.header: dict = {}
        self.turn = 0
        self.phase = "setup"
        self.tracks: dict[str, float] = {k: s.start for k, s in cs.slots.items()}
        #: Track values at the end of each finished turn (index 0: the start of the game).
        self.history: list[dict[str, float]] = [dict(self.tracks)]
        self.active: list[str] = []
        self.fired_injects: set[str] = set()
        self.moves: dict[tuple[str, str], Move] = {}
        self.resolved = 0  # moves resolved this turn
        self.expected: list[tuple[str, str]] = []
        self.past_moves: list[Move] = []
        self.chosen: set[tuple[str, str]] = set()
        self.chosen_in: set[tuple[str, str, str]] = set()
        self.outcomes: dict[tuple[str, str], str] = {}
        self.responses_made: set[tuple[str, str]] = set()
        self.proposals: dict[str, str | None] = {}  # actor -> proposed response id (pending)
        self.turn_responses: list[dict] = []
        self.turn_combined: list[dict] = []
        self.rolls = 0
        self.notes: list[dict] = []
        self.overrides: list[dict] = []
        self.assessment: dict | None = None
        self.end_reason = ""
        self.events = 0

    # ------------------------------------------------------------ expression context
    def var(self, name: str):
        raise KeyError(name)

    def track(self, track_id: str, a: str | None = None, b: str | None = None):
        return self.tracks[track_key(track_id, a, b)]

    def chose(self, delegation: str, option: str, inject: str | None = None) -> bool:
        if inject is None:
            return (delegation, option) in self.chosen
        return (delegation, option, inject) in self.chosen_in

    def outcome(self, inject: str, delegation: str) -> str:
        return self.outcomes.get((inject, delegation), "")

    def succeeded(self, inject: str, delegation: str) -> bool:
        return self.cs.is_success(self.outcomes.get((inject, delegation)))

    def fired(self, inject: str) -> bool:
        return inject in self.fired_injects

    def responded(self, actor: str, response: str) -> bool:
        return (actor, response) in self.responses_made

    def snapshot(self) -> dict:
        """Everything that defines the game position, as plain data (for comparisons and exports)."""
        return {
            "turn": self.turn, "phase": self.phase, "mode": self.mode, "seed": self.seed,
            "tracks": dict(self.tracks), "history": [dict(h) for h in self.history],
            "active": list(self.active), "fired": sorted(self.fired_injects),
            "expected": [list(k) for k in self.expected],
            "moves": {f"{i}/{d}": {s: getattr(m, s) for s in Move.__slots__} for (i, d), m in self.moves.items()},
            "chosen": sorted(self.chosen_in), "outcomes": {f"{i}/{d}": o for (i, d), o in self.outcomes.items()},
            "responded": sorted(self.responses_made), "proposals": dict(self.proposals),
            "rolls": self.rolls, "notes": len(self.notes), "overrides": len(self.overrides),
            "assessment": self.assessment, "events": self.events,
        }

    # ------------------------------------------------------------ derived views
    @property
    def ended(self) -> bool:
        return self.phase == "ended"

    def date(self, turn: int | None = None) -> str:
        return turn_date(self.cs.scenario.turns.start, self.cs.scenario.turns.step, turn or max(self.turn, 1))

    def changes_this_turn(self) -> dict[str, float]:
        base = self.history[-1]
        return {k: v - base[k] for k, v in self.tracks.items() if v != base[k]}

    def pending_moves(self) -> list[tuple[str, str]]:
        return [k for k in self.expected if k not in self.moves]

    def first_unresolved(self) -> Move | None:
        for key in self.expected:
            m = self.moves.get(key)
            if m is not None and m.status != "resolved":
                return m
        return None

    def unresolved(self) -> list[Move]:
        return [self.moves[k] for k in self.expected if k in self.moves and self.moves[k].status != "resolved"]

    def move_for(self, inject: str, delegation: str, viewer: str | None = None) -> Move | None:
        """A move as `viewer` may see it: another delegation's sealed move is hidden (None)."""
        m = self.moves.get((inject, delegation))
        if m is None:
            return None
        if m.status == "sealed" and viewer != delegation and viewer != "analyst":
            return None
        return m

    def status_of(self, inject: str, delegation: str) -> str:
        m = self.moves.get((inject, delegation))
        return "waiting" if m is None else m.status


_STEP = re.compile(r"^([0-9]+) (day|week|month|year)s?$")


def turn_date(start: str, step: str, turn: int) -> str:
    """In-game date of a turn: the start date plus (turn - 1) steps."""
    m = _STEP.match(step)
    d = _dt.date.fromisoformat(start)
    if not m:
        return d.isoformat()
    n, unit = int(m.group(1)) * (turn - 1), m.group(2)
    if unit == "day":
        d += _dt.timedelta(days=n)
    elif unit == "week":
        d += _dt.timedelta(weeks=n)
    else:
        months = n * (12 if unit == "year" else 1)
        y, mo = divmod(d.month - 1 + months, 12)
        # a month-end start stays at the month's end (Jan 31 -> Feb 28 or 29 -> Mar 31 is not kept)
        day = min(d.day, calendar.monthrange(d.year + y, mo + 1)[1])
        d = d.replace(year=d.year + y, month=mo + 1, day=day)
    return d.isoformat()

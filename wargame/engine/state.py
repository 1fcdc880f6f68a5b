"""Game state: the fold of the events so far. Only `engine.apply` changes it."""

from __future__ import annotations

import datetime as _dt
import functools
import re

from wargame.model.limits import add_months
from wargame.scenario.compiled import CompiledScenario
from wargame.scenario.trackref import track_key

#: Phases of a turn, in order. `deliberation` includes the briefing; `ended` closes the game.
PHASES = ("setup", "deliberation", "adjudication", "responses", "outcome", "ended")


class Move:
    """One delegation's move on one inject this turn, from sealed submission to resolution."""

    __slots__ = ("inject", "delegation", "option", "action", "argument", "rationale", "status",
                 "probability", "breakdown", "target", "roll", "physical", "proposed", "outcome",
                 "by", "reason", "effects", "submitted_by")

    def __init__(self, inject: str, delegation: str, option, action, argument, rationale: str):
        self.inject, self.delegation = inject, delegation
        self.option, self.action, self.argument, self.rationale = option, action, argument, rationale
        self.status = "sealed"  # sealed -> revealed -> rolled -> resolved
        self.probability = self.breakdown = self.target = self.roll = self.physical = None
        self.proposed = self.outcome = self.by = self.reason = self.effects = None
        #: Who sealed it: a delegation's seat, `bot:POLICY`, or None for Control at the keyboard.
        self.submitted_by = None

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
        self.expected_keys: set[tuple[str, str]] = set()
        # Where the scans for the first pending and first unresolved move resume: every expected
        # move before them is known to be sealed (resp. resolved). Reset when a turn starts or a
        # move is reopened, so finding the next move is amortised O(1) instead of O(moves).
        self.pending_from = 0
        self.unresolved_from = 0
        self.past_moves: list[Move] = []
        self.chosen: set[tuple[str, str]] = set()
        self.chosen_in: set[tuple[str, str, str]] = set()
        self.outcomes: dict[tuple[str, str], str] = {}
        self.responses_made: set[tuple[str, str]] = set()
        self.proposals: dict[str, str | None] = {}  # actor -> proposed response id (pending)
        self.turn_responses: list[dict] = []
        self.turn_combined: list[dict] = []
        self.rolls = 0
        # This turn's notes and Control decisions, with running counts of the whole game: a state
        # holds what the next command needs, so a long replay's memory does not grow with its log
        # (the log and the report keep every note).
        self.notes: list[dict] = []
        self.overrides: list[dict] = []
        self.note_count = 0
        self.override_count = 0
        #: Every observer note of the game, oldest first: observers keep seeing their own notes
        #: after the turn ends (they are typed by people, so few).
        self.observer_notes: tuple[dict, ...] = ()
        self.assessment: dict | None = None
        self.end_reason = ""
        self.events = 0
        #: Delegation -> policy name, for seats played by a bot.
        self.bots: dict[str, str] = {}
        #: This turn's deliberation countdown: {"seconds", "deadline", "expired", "late"}, or None.
        self.timer: dict | None = None
        #: Events anyone may read once they happen (for the views' timeline), newest first, as an
        #: immutable chain of (event, move, rest) so a scratch copy of the state can extend its own
        #: chain without touching the original's.
        self.timeline: tuple | None = None

    # ------------------------------------------------------------ expression context
    def var(self, name: str):
        raise KeyError(name)

    def track(self, track_id: str, a: str | None = None, b: str | None = None):
        return self.tracks[_track_key(track_id, a, b)]

    def chose(self, delegation: str, option: str, inject: str | None = None) -> bool:
        if inject is None:
            return (delegation, option) in self.chosen
        return (delegation, option, inject) in self.chosen_in

    def outcome(self, inject: str, delegation: str) -> str:
        return self.outcomes.get((inject, delegation), "")

    def succeeded(self, inject: str, delegation: str, option: str | None = None) -> bool:
        if option is not None and (delegation, option, inject) not in self.chosen_in:
            return False
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
            "rolls": self.rolls, "notes": self.note_count, "overrides": self.override_count,
            "assessment": self.assessment, "events": self.events,
            "bots": dict(self.bots), "timer": dict(self.timer) if self.timer else None,
        }

    # ------------------------------------------------------------ derived views
    @property
    def ended(self) -> bool:
        return self.phase == "ended"

    def date(self, turn: int | None = None) -> str:
        turns = self.cs.scenario.turns
        return turn_date(turns.start, turns.step, turn or max(self.turn, 1))

    def changes_this_turn(self) -> dict[str, float]:
        base = self.history[-1]
        return {k: v - base[k] for k, v in self.tracks.items() if v != base[k]}

    def pending_moves(self) -> list[tuple[str, str]]:
        return [k for k in self.expected if k not in self.moves]

    def first_pending(self) -> tuple[str, str] | None:
        """The first expected move not sealed yet (what `pending_moves()[0]` would be), or None."""
        expected, moves, i = self.expected, self.moves, self.pending_from
        n = len(expected)
        while i < n and expected[i] in moves:
            i += 1
        self.pending_from = i  # a memo of this query, not game state: it only skips known-sealed moves
        return expected[i] if i < n else None

    def first_unresolved(self) -> Move | None:
        expected, moves, i = self.expected, self.moves, self.unresolved_from
        n = len(expected)
        while i < n:
            m = moves.get(expected[i])
            if m is None or m.status != "resolved":
                break
            i += 1
        self.unresolved_from = i  # resolved moves stay resolved until the turn ends
        for j in range(i, n):
            m = moves.get(expected[j])
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


#: Track references resolved once: expressions ask for the same few keys over and over.
_track_key = functools.lru_cache(maxsize=4096)(track_key)

_STEP = re.compile(r"^([0-9]+) (day|week|month|year)s?$")


@functools.lru_cache(maxsize=1024)
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
        d = add_months(d, n * (12 if unit == "year" else 1))
    return d.isoformat()

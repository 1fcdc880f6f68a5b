"""The replay viewer's model: a verified log as positions (one per record) and the game state at
any position, computed fast enough to step through a 2,000-record game key by key.

The state at position `p` is the fold of records 0..p. The log is verified once, by
`wargame.log.replay.replay`; during that pass a copy of the state is kept every `EVERY` records
(a checkpoint). Any position is then at most `EVERY - 1` `apply` calls away from a checkpoint, and
stepping forward by one record is a single `apply` on the viewer's own copy.

A log that does not verify is still viewable up to its last verified record (read-only). A log
played with another version of its scenario (content hash differs) cannot be re-derived; its
chain-checked records are folded as logged (rolls, outcomes and effects as recorded) and named
with the file at hand, as far as that file can follow them; the rest is shown without a state.

Pure: no Textual; nothing here writes a file.
"""

from __future__ import annotations

from pathlib import Path

from wargame.engine.engine import apply
from wargame.engine.state import GameState, Move
from wargame.log.reader import LogProblem, Record, iter_records
from wargame.log.replay import ScenarioMismatch, load_for_log, replay

#: A checkpoint every this many records (memory: one state copy each; time: at most this many applies).
EVERY = 32

_MOVE_SLOTS = Move.__slots__


def clone_state(state: GameState) -> GameState:
    """An independent copy of a state that `apply` may advance without touching the original.

    Containers are copied one level deep; the records' own dicts are shared (nothing mutates
    them). Moves of the current turn are copied, since later records change their status.
    """
    new = GameState.__new__(GameState)
    d = new.__dict__
    for k, v in state.__dict__.items():
        t = type(v)
        d[k] = t(v) if t in (list, dict, set) else v
    copies = {}
    for key, m in state.moves.items():
        c = Move.__new__(Move)
        for s in _MOVE_SLOTS:
            setattr(c, s, getattr(m, s))
        copies[id(m)] = c
        d["moves"][key] = c
    if copies:
        d["past_moves"] = [copies.get(id(m), m) for m in state.past_moves]
    return new


class ReplayModel:
    """Positions 0..total-1 of a logged game; `state_at(p)` gives the state after record p."""

    def __init__(self, path: Path, scenario: Path | None = None, every: int = EVERY):
        self.path = Path(path)
        self.scenario_arg = Path(scenario) if scenario else None
        self.every = max(1, every)
        #: Records viewable, in order (verified ones first; after a scenario mismatch, the rest as logged).
        self.records: list[Record] = []
        #: How many of `records` have a state (the verified prefix).
        self.verified = 0
        self.cs = None
        self.header: dict | None = None
        self.warnings: list[str] = []
        #: Why the log stops verifying, with its line (None: the whole log verified).
        self.problem: LogProblem | None = None
        #: The scenario file differs from the one the game was played with (the message says how).
        self.mismatch: str | None = None
        #: The scenario could not be loaded at all (records only).
        self.scenario_error: str | None = None
        #: After a mismatch, where the file at hand stopped following the records (None: it followed all).
        self.fold_error: str | None = None
        #: Positions of the turn-started records, and (turn, phase) after each verified record.
        self.turn_starts: list[int] = []
        self.meta: list[tuple[int, str]] = []
        self._checkpoints: dict[int, GameState] = {}
        self._pos = -1
        self._state: GameState | None = None
        self._load()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        try:
            first = next(iter_records(self.path), None)
        except LogProblem as e:
            self.problem = e
            return
        if first is None:
            self.problem = LogProblem(str(self.path), 1, "the log is empty (expected a game-started record)")
            return
        self.header = first.data
        cs = self._scenario(first.data)
        if cs is None:
            self._records_only(0)
            return
        self.cs = cs
        records, meta, checkpoints, turn_starts = self.records, self.meta, self._checkpoints, self.turn_starts
        every = self.every

        def keep(rec: Record, state: GameState) -> None:
            i = len(records)
            records.append(rec)
            meta.append((state.turn, state.phase))
            if rec.data.get("type") == "turn-started":
                turn_starts.append(i)
            if i % every == 0:
                checkpoints[i] = clone_state(state)

        if self.mismatch is not None:
            self._fold_as_logged(cs, keep)
            return
        try:
            result = replay(self.path, cs=cs, on_record=keep)
        except Exception as e:  # never a traceback for a strange log
            line = records[-1].line + 1 if records else 1
            self.problem = LogProblem(str(self.path), line, f"this record cannot be replayed "
                                                            f"({type(e).__name__}: {e})")
        else:
            self.warnings.extend(result.warnings)
            self.problem = result.problem
        self.verified = len(records)

    def _fold_as_logged(self, cs, keep) -> None:
        """After a scenario mismatch: the states are the fold of the records as logged (rolls, outcomes and
        effects as recorded, names from the file at hand), not re-derived. Where the file at hand cannot
        even fold a record, the rest is shown as records only."""
        state = GameState(cs)
        torn: list = []
        folding = True
        try:
            for rec in iter_records(self.path, None, torn):
                if folding:
                    try:
                        apply(state, rec.data)
                    except Exception as e:  # a record naming what the file at hand lacks
                        folding = False
                        self.fold_error = (f"{self.path}:{rec.line}: the scenario file at hand cannot follow this "
                                           f"{rec.data.get('type')} record ({type(e).__name__}: {e}); from here "
                                           f"on the records are shown as logged")
                if folding:
                    keep(rec, state)
                else:
                    self.records.append(rec)
        except LogProblem as e:
            self.problem = e
        if torn:
            self.warnings.append(f"{self.path}:{torn[0].line}: the last line is incomplete (torn write); "
                                 f"it was dropped")
        self.verified = len(self.meta)

    def _scenario(self, header: dict):
        """The scenario of the game; after a content-hash mismatch, the file at hand (with `mismatch` set)."""
        from wargame.scenario.errors import InputError
        from wargame.scenario.load import load_scenario, resolve_scenario

        try:
            return load_for_log(header, self.scenario_arg)
        except ScenarioMismatch as e:
            self.mismatch = str(e)
        except InputError as e:
            self.scenario_error = "the scenario of this game does not load:\n" + str(e)
            return None
        except OSError as e:
            self.scenario_error = f"the scenario of this game cannot be read: {e}"
            return None
        path = self.scenario_arg or Path(header.get("scenario_path", ""))
        try:
            if not path.is_file():
                path = resolve_scenario(str(header.get("scenario", "")))
            return load_scenario(path)
        except (InputError, OSError) as e:
            self.scenario_error = f"the scenario file at hand does not load either: {e}"
            return None

    def _records_only(self, start: int) -> None:
        """Append the chain-verified records from `start` on, without states."""
        try:
            for i, rec in enumerate(iter_records(self.path)):
                if i >= start:
                    self.records.append(rec)
        except LogProblem as e:
            if self.problem is None:
                self.problem = e

    # ------------------------------------------------------------------ positions
    @property
    def total(self) -> int:
        return len(self.records)

    @property
    def ok(self) -> bool:
        """The whole log verified against its own scenario."""
        return self.problem is None and self.mismatch is None and self.scenario_error is None

    @property
    def scenario_path(self) -> Path | None:
        return self.scenario_arg

    def has_state(self, pos: int) -> bool:
        return 0 <= pos < self.verified

    def state_at(self, pos: int) -> GameState | None:
        """The state after record `pos` (None past the verified prefix). The returned object is the
        model's working copy: it is advanced in place by the next call, so copy it to keep it."""
        if not self.has_state(pos):
            return None
        cur = self._pos
        if self._state is None or pos < cur or pos - cur >= self.every:
            base = pos - pos % self.every
            self._state = clone_state(self._checkpoints[base])
            cur = base
        records = self.records
        state = self._state
        for i in range(cur + 1, pos + 1):
            apply(state, records[i].data)
        self._pos = pos
        return state

    def turn_of(self, pos: int) -> int:
        """The turn a position belongs to (0 before the first turn starts)."""
        if 0 <= pos < len(self.meta):
            return self.meta[pos][0]
        turn = 0
        for rec in self.records[: pos + 1]:
            if rec.data.get("type") == "turn-started":
                turn = rec.data.get("turn", turn)
        return turn

    def phase_of(self, pos: int) -> str | None:
        return self.meta[pos][1] if 0 <= pos < len(self.meta) else None

    def turn_start(self, turn: int) -> int | None:
        """Position of turn `turn`'s turn-started record."""
        for p in self._all_turn_starts():
            if self.records[p].data.get("turn") == turn:
                return p
        return None

    def _all_turn_starts(self) -> list[int]:
        if self.verified == self.total:
            return self.turn_starts
        extra = [i for i in range(self.verified, self.total) if self.records[i].data.get("type") == "turn-started"]
        return self.turn_starts + extra

    def next_turn(self, pos: int) -> int:
        """The next turn start after `pos`, or the last position."""
        for p in self._all_turn_starts():
            if p > pos:
                return p
        return self.total - 1

    def previous_turn(self, pos: int) -> int:
        """The start of the turn `pos` is in, or of the turn before when `pos` is that start."""
        best = 0
        for p in self._all_turn_starts():
            if p < pos:
                best = p
        return best

    def turns(self) -> list[tuple[int, int]]:
        """(turn, position of its start) for every turn in the log."""
        return [(self.records[p].data.get("turn", 0), p) for p in self._all_turn_starts()]

    def fork_turn(self, pos: int) -> int:
        """The turn a fork at `pos` starts from: the turn `pos` is in (turn 1 before any turn)."""
        return max(self.turn_of(pos), 1)

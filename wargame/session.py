"""A live game: the pure engine plus the log, so every acknowledged command is on disk first.

Used by the headless runner and the TUI alike; neither touches state or files any other way.
"""

from __future__ import annotations

from pathlib import Path

from wargame import __version__
from wargame.engine import commands as C
from wargame.engine.engine import apply, command_for, handle
from wargame.engine.state import GameState
from wargame.log.lock import LogFileError, WriterLock
from wargame.log.reader import LogProblem
from wargame.log.replay import replay
from wargame.log.writer import LogWriter
from wargame.scenario.compiled import CompiledScenario


class Session:
    """Holds the log's writer lock from creation to `close()`: one writer per log, ever."""

    def __init__(self, state: GameState, log: LogWriter, warnings: list[str] | None = None,
                 lock: WriterLock | None = None):
        self.state = state
        self.log = log
        self.lock = lock
        self.warnings = warnings or []
        #: (turn, fingerprint) after the last command that ended a turn (EndTurn or EndGame).
        self.turn_witness: tuple[int, str] | None = None
        #: Called after each acknowledged command with its events (the TUI refreshes from it).
        self.listeners: list = []

    @property
    def cs(self) -> CompiledScenario:
        return self.state.cs

    @property
    def path(self) -> Path:
        return self.log.path

    @property
    def fingerprint(self) -> str:
        """The witness of the log as it stands (see wargame.log.seal.fingerprint)."""
        from wargame.log.seal import fingerprint

        return fingerprint(self.log.public_key, self.log.prev)

    @property
    def witness_text(self) -> str:
        """What the room is shown: the fingerprint when the last turn ended (reports list the same)."""
        if self.turn_witness is None:
            return ""
        turn, fp = self.turn_witness
        return f"Log fingerprint at the end of turn {turn}: {fp}"

    @classmethod
    def new(cls, cs: CompiledScenario, path: Path, *, seed: int, mode: str | None = None,
            players: dict | None = None, parent: dict | None = None, fsync: bool = True,
            lock: WriterLock | None = None) -> "Session":
        """A new game in a new, signed log. Raises LogFileError (nothing written) or Rejected."""
        path = Path(path)
        state = GameState(cs)
        start = C.StartGame(seed=seed, mode=mode or cs.ruleset.default_mode, players=players or {},
                            parent=parent, version=__version__)
        events = handle(state, start)  # rejected before any file is created
        return cls._started(state, path, events, fsync, lock)

    @classmethod
    def _started(cls, state: GameState, path: Path, events: list[dict], fsync: bool,
                 lock: WriterLock | None) -> "Session":
        lock = lock or WriterLock.acquire(path)
        try:
            log = LogWriter.create(path, fsync=fsync)
        except BaseException:
            lock.release()
            raise
        session = cls(state, log, lock=lock)
        try:
            session._commit(events)
        except BaseException:
            # Not one record acknowledged: leave no empty log or orphan key behind.
            from wargame.log.seal import key_path

            log.close()
            for p in (path, key_path(path)):
                try:
                    p.unlink()
                except OSError:
                    pass
            lock.release()
            raise
        return session

    @classmethod
    def resume(cls, path: Path, *, scenario: Path | None = None, fsync: bool = True,
               lock: WriterLock | None = None) -> "Session":
        """Continue a logged game; raises LogProblem if the log does not verify, LogFileError if it is
        open in another wargame or cannot be written. The log is verified, and a torn tail cut off,
        only with the writer lock held, so no other writer's records can be cut."""
        path = Path(path)
        lock = lock or WriterLock.acquire(path)
        try:
            result = replay(path, scenario=scenario)
            if not result.ok:
                raise result.problem
            key = None
            if result.public_key is not None:
                from wargame.log.seal import load_key

                key = load_key(path, result.public_key)
            log = LogWriter.reopen(path, result.count, result.last_hash, result.good_bytes, fsync=fsync, key=key)
        except BaseException:
            lock.release()
            raise
        session = cls(result.state, log, result.warnings, lock=lock)
        if result.turn_heads:
            turn, head = result.turn_heads[-1]
            session.turn_witness = (turn, result.fingerprint(head))
        return session

    @classmethod
    def fork(cls, parent: Path, turn: int, path: Path, *, scenario: Path | None = None,
             fsync: bool = True, lock: WriterLock | None = None) -> "Session":
        """A new game continuing from the start of `turn` of a logged game ("what if we had chosen differently").

        The parent's commands up to that point are played again into a new log whose header names
        the parent log, the hash of its last record used, and the fork point; so the fork's first
        records reproduce the parent's state there, and the fork verifies on its own.
        """
        result = replay(Path(parent), scenario=scenario, keep=True)
        if not result.ok:
            raise result.problem
        records = result.records
        cut = None
        for i, r in enumerate(records):
            if r.data["type"] == "turn-started" and r.data["turn"] == turn:
                cut = i + 1
                break
        if cut is None:
            raise ValueError(f"the game never reached turn {turn} (it has {result.state.turn} turn(s))")
        state = GameState(result.state.cs)
        header = records[0].data
        anchor = records[cut - 1]
        start = C.StartGame(seed=header["seed"], mode=header["mode"], players=header["players"],
                            parent={"log": str(Path(parent).resolve()), "hash": anchor.hash, "seq": anchor.data["seq"],
                                    "turn": turn},
                            version=__version__)
        session = cls._started(state, Path(path), handle(state, start), fsync, lock)

        # Re-run every later command of the parent up to the fork point (its first record starts a batch).
        i = 2  # game-started and the first turn-started were produced by StartGame above
        try:
            while i < cut:
                cmd = command_for(state, records[i].data)
                events = session.do(cmd)
                i += len(events)
        except BaseException:
            session.close()
            raise
        return session

    def do(self, cmd) -> list[dict]:
        """Run a command: raises Rejected (nothing written), or logs its events durably, then applies them."""
        events = handle(self.state, cmd)
        self._commit(events)
        return events

    def _commit(self, events: list[dict]) -> None:
        self.log.append(events)
        if events[0]["type"] in ("turn-ended", "game-ended"):
            self.turn_witness = (events[0]["turn"], self.fingerprint)
        for ev in events:
            apply(self.state, ev)
        for listener in self.listeners:
            listener(events)

    def close(self) -> None:
        self.log.close()
        if self.lock is not None:
            self.lock.release()


__all__ = ["Session", "LogProblem", "LogFileError"]

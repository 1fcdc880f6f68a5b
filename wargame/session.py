"""A live game: the pure engine plus the log, so every acknowledged command is on disk first.

Used by the headless runner and the TUI alike; neither touches state or files any other way.
"""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path
from typing import Callable

from wargame import __version__
from wargame.engine import commands as C
from wargame.engine.engine import command_for, handle
from wargame.engine.fold import fold_into
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
        #: Called after each acknowledged command with its events (the TUI and the seat server
        #: refresh from it); see `subscribe`.
        self.listeners: list = []
        #: Seconds since the epoch; the deliberation timer's only clock (tests replace it).
        self.clock: Callable[[], float] = time.time
        #: Bot seats move as soon as they owe a move; off while a fork re-runs recorded commands.
        self.bots_play = True
        #: Event batches of staged commands, told to listeners once they are durable.
        self._unpublished: list[list[dict]] = []

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
        session.bots_play = False  # the parent's bot moves are among the records re-run below

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
        session.bots_play = True
        session.play_bots()
        return session

    def do(self, cmd) -> list[dict]:
        """Run a command: raises Rejected (nothing written), or logs its events durably, then applies them."""
        events = handle(self.state, cmd)
        self._commit(events)
        self.play_bots()
        return events

    def subscribe(self, callback: Callable[[list[dict]], None]) -> Callable[[], None]:
        """Call `callback(events)` after every committed command; returns the unsubscribe function."""
        self.listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self.listeners:
                self.listeners.remove(callback)
        return unsubscribe

    def _commit(self, events: list[dict]) -> None:
        self.log.append(events)  # fsynced: earlier staged records are durable now too
        self._witness(events)
        fold_into(self.state, events)
        batches, self._unpublished = self._unpublished + [events], []
        self._tell(batches)

    def _witness(self, events: list[dict]) -> None:
        if events[0]["type"] in ("turn-ended", "game-ended"):
            self.turn_witness = (events[0]["turn"], self.fingerprint)

    def _tell(self, batches: list[list[dict]]) -> None:
        # Every listener hears of every committed change even if one fails; the first failure is
        # raised afterwards (the commands themselves stand: they are on disk).
        failure = None
        for events in batches:
            for listener in list(self.listeners):
                try:
                    listener(events)
                except Exception as e:  # noqa: BLE001 - re-raised below
                    failure = failure or e
        if failure is not None:
            raise failure

    # ------------------------------------------------------------ group commit (the seat server)
    def stage(self, cmd) -> list[dict]:
        """Run a command and write its records without waiting for the disk.

        For a server answering many devices at once: stage each request, then `sync()` once (in a
        worker thread) for all of them, then `publish()`; acknowledge only after `sync()`. The state
        moves on at once, so the next command is checked against it.
        """
        events = handle(self.state, cmd)
        self.log.append(events, durable=False)
        self._witness(events)
        fold_into(self.state, events)
        self._unpublished.append(events)
        return events

    def sync(self) -> None:
        """Make every staged record durable (one fsync; touches no game state, so a worker thread may call it)."""
        self.log.sync()

    def publish(self) -> None:
        """After `sync()`: tell the listeners of the staged commands, then let bot seats move."""
        batches, self._unpublished = self._unpublished, []
        self._tell(batches)
        self.play_bots()

    # ------------------------------------------------------------ seats: bots and the timer
    def play_bots(self) -> int:
        """Seal the moves bot seats owe now; returns how many were sealed."""
        if not self.bots_play:
            return 0
        from wargame.sim.seatbots import pending_bot_moves

        n = 0
        while True:
            todo = pending_bot_moves(self.state)
            if not todo:
                return n
            self._commit(handle(self.state, todo[0]))
            n += 1

    def assign_bot(self, delegation: str, policy: str | None) -> list[dict]:
        """Give a delegation's seat to a named policy (None: back to its team); its moves follow at once."""
        if policy is not None:
            from wargame.sim.seatbots import policy_names

            if policy not in policy_names():
                raise C.Rejected(f"unknown policy '{policy}' (expected one of: {', '.join(policy_names())})")
        return self.do(C.AssignBot(delegation, policy))

    def bot_move(self, inject: str, delegation: str, policy: str) -> list[dict]:
        """Control's decision for a late delegation: a one-off move by a named policy."""
        from wargame.sim.seatbots import bot_move, policy_names

        if policy not in policy_names():
            raise C.Rejected(f"unknown policy '{policy}' (expected one of: {', '.join(policy_names())})")
        cmd = bot_move(self.state, inject, delegation, policy)
        if cmd is None:
            raise C.Rejected(f"no authored option is open to {delegation} on '{inject}': enter its move by hand")
        return self.do(cmd)

    def set_timer(self, seconds: int) -> list[dict]:
        """Start this turn's countdown from now."""
        from wargame.engine.seating import format_deadline

        deadline = _dt.datetime.fromtimestamp(self.clock(), _dt.timezone.utc) + _dt.timedelta(seconds=seconds)
        return self.do(C.SetTimer(seconds, format_deadline(deadline)))

    def extend_timer(self, seconds: int) -> list[dict]:
        return self.do(C.ExtendTimer(seconds))

    def timer_remaining(self) -> float | None:
        """Seconds left on this turn's countdown (negative once past), or None when none runs."""
        from wargame.engine.seating import parse_deadline

        t = self.state.timer
        if t is None or self.state.phase != "deliberation":
            return None
        return parse_deadline(t["deadline"]).timestamp() - self.clock()

    def check_timer(self) -> bool:
        """Log the countdown's expiry once its deadline has passed; True when it expired now."""
        left = self.timer_remaining()
        if left is None or left > 0 or self.state.timer["expired"]:
            return False
        self.do(C.ExpireTimer())
        return True

    def close(self) -> None:
        self.log.close()
        if self.lock is not None:
            self.lock.release()


__all__ = ["Session", "LogProblem", "LogFileError"]

"""A live game: the pure engine plus the log, so every acknowledged command is on disk first.

Used by the headless runner and the TUI alike; neither touches state or files any other way.
"""

from __future__ import annotations

from pathlib import Path

from wargame import __version__
from wargame.engine import commands as C
from wargame.engine.engine import command_for, handle
from wargame.engine.fold import fold_into
from wargame.engine.state import GameState
from wargame.log.reader import LogProblem
from wargame.log.replay import replay
from wargame.log.writer import LogWriter
from wargame.scenario.compiled import CompiledScenario


class Session:
    def __init__(self, state: GameState, log: LogWriter, warnings: list[str] | None = None):
        self.state = state
        self.log = log
        self.warnings = warnings or []
        #: Called after each acknowledged command with its events (the TUI refreshes from it).
        self.listeners: list = []

    @property
    def cs(self) -> CompiledScenario:
        return self.state.cs

    @property
    def path(self) -> Path:
        return self.log.path

    @classmethod
    def new(cls, cs: CompiledScenario, path: Path, *, seed: int, mode: str | None = None,
            players: dict | None = None, parent: dict | None = None, fsync: bool = True) -> "Session":
        state = GameState(cs)
        start = C.StartGame(seed=seed, mode=mode or cs.ruleset.default_mode, players=players or {},
                            parent=parent, version=__version__)
        events = handle(state, start)  # rejected before any file is created
        log = LogWriter.create(Path(path), fsync=fsync)
        session = cls(state, log)
        session._commit(events)
        return session

    @classmethod
    def resume(cls, path: Path, *, scenario: Path | None = None, fsync: bool = True) -> "Session":
        """Continue a logged game; raises LogProblem if the log does not verify."""
        result = replay(Path(path), scenario=scenario)
        if not result.ok:
            raise result.problem
        log = LogWriter.reopen(Path(path), result.count, result.last_hash, result.good_bytes, fsync=fsync)
        return cls(result.state, log, result.warnings)

    @classmethod
    def fork(cls, parent: Path, turn: int, path: Path, *, scenario: Path | None = None,
             fsync: bool = True) -> "Session":
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
        session = cls(state, LogWriter.create(Path(path), fsync=fsync))
        session._commit(handle(state, start))

        # Re-run every later command of the parent up to the fork point (its first record starts a batch).
        i = 2  # game-started and the first turn-started were produced by StartGame above
        while i < cut:
            cmd = command_for(state, records[i].data)
            events = session.do(cmd)
            i += len(events)
        return session

    def do(self, cmd) -> list[dict]:
        """Run a command: raises Rejected (nothing written), or logs its events durably, then applies them."""
        events = handle(self.state, cmd)
        self._commit(events)
        return events

    def _commit(self, events: list[dict]) -> None:
        self.log.append(events)
        fold_into(self.state, events)
        for listener in self.listeners:
            listener(events)

    def close(self) -> None:
        self.log.close()


__all__ = ["Session", "LogProblem"]

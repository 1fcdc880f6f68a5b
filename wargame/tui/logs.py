"""Recent game logs for the picker: newest first, with scenario, turn and phase.

Each log's records are chain- and schema-checked as they are read (no replay: that happens when
a game is resumed), so a damaged or foreign file in the folder is listed with its located problem
instead of stopping the picker.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import attrs

from wargame import paths

_PHASE_AFTER = {"game-started": "set-up", "turn-started": "deliberation", "moves-revealed": "adjudication",
                "responses-proposed": "responses", "response-applied": "responses", "turn-ended": "outcome",
                "game-ended": "ended"}


@attrs.frozen
class LogInfo:
    path: Path
    scenario: str
    title: str
    turn: int
    phase: str
    modified: float
    seed: int | None
    #: Why the log cannot be used (a located message), or None.
    problem: str | None = None

    @property
    def when(self) -> str:
        return _dt.datetime.fromtimestamp(self.modified).strftime("%Y-%m-%d %H:%M")


def logs_dir() -> Path:
    return paths.data_dir() / "logs"


def default_log_path(scenario_id: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return logs_dir() / f"{scenario_id}-{stamp}.jsonl"


def read_info(path: Path) -> LogInfo | None:
    from wargame.log.reader import LogProblem, iter_records

    scenario = title = ""
    turn, phase, seed = 0, "?", None
    problem = None
    try:
        for rec in iter_records(path, torn=[]):
            data = rec.data
            t = data["type"]
            if t == "game-started":
                scenario, title, seed = data["scenario"], data["scenario_title"], data["seed"]
            elif t == "turn-started":
                turn = data["turn"]
            elif t == "responses-proposed" and not data["proposals"]:
                phase = "outcome"
                continue
            if t in _PHASE_AFTER:
                phase = _PHASE_AFTER[t]
                if t == "turn-ended":
                    phase = "outcome"
    except LogProblem as e:
        problem = str(e)
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    if problem is not None:
        # Listed (so the facilitator sees why their game is not there), never resumable as it is.
        return LogInfo(path, scenario or path.name, f"Damaged log: {problem}", turn, "cannot be resumed as it is",
                       modified, seed, problem)
    if not scenario:
        return None
    return LogInfo(path, scenario, title, turn, phase, modified, seed)


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:  # a dangling link or a file removed meanwhile
        return 0.0


def recent_logs(limit: int = 30) -> list[LogInfo]:
    folder = logs_dir()
    try:
        files = sorted(folder.glob("*.jsonl"), key=_mtime, reverse=True)[:limit]
    except OSError:
        return []
    return [info for f in files if (info := read_info(f)) is not None]

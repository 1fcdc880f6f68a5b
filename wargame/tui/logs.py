"""Recent game logs for the picker: newest first, with scenario, turn and phase.

Reads only the records' types (no replay, no verification), so the list appears at once; the
log is verified when it is resumed.
"""

from __future__ import annotations

import datetime as _dt
import json
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

    @property
    def when(self) -> str:
        return _dt.datetime.fromtimestamp(self.modified).strftime("%Y-%m-%d %H:%M")


def logs_dir() -> Path:
    return paths.data_dir() / "logs"


def default_log_path(scenario_id: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return logs_dir() / f"{scenario_id}-{stamp}.jsonl"


def read_info(path: Path) -> LogInfo | None:
    scenario = title = ""
    turn, phase, seed = 0, "?", None
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                try:
                    rec = json.loads(raw)
                except ValueError:
                    return None
                t = rec.get("type")
                if t == "game-started":
                    scenario, title, seed = rec.get("scenario", ""), rec.get("scenario_title", ""), rec.get("seed")
                elif t == "turn-started":
                    turn = rec.get("turn", turn)
                elif t == "responses-proposed" and not rec.get("proposals"):
                    phase = "outcome"
                    continue
                if t in _PHASE_AFTER:
                    phase = _PHASE_AFTER[t]
                    if t == "turn-ended":
                        phase = "outcome"
        stat = path.stat()
    except OSError:
        return None
    if not scenario:
        return None
    return LogInfo(path, scenario, title, turn, phase, stat.st_mtime, seed)


def recent_logs(limit: int = 30) -> list[LogInfo]:
    folder = logs_dir()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
    return [info for f in files if (info := read_info(f)) is not None]

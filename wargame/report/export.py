"""Data export for analysis: one row per adjudicated move, and one row per track value per turn.

Both CSV and JSON Lines write two files: `OUT` (moves) and `OUT` with `-tracks` before the suffix
(`game.csv` -> `game-tracks.csv`). CSV has a header row, ISO dates, `true`/`false` booleans, empty
cells for missing values and plain numbers (no thousands separators); text that a spreadsheet would read
as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`; JSON Lines keeps native types
(numbers, booleans, null). Rows are ready for `pandas.read_csv` / `read.csv` and for concatenation
across games (the `game_id` column is the hash of the log's first record).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from wargame.report.model import GameReport
from wargame.text import safe

MOVE_FIELDS = (
    "game_id", "scenario", "scenario_sha256", "seed", "mode", "turn", "date", "inject", "delegation",
    "option", "option_label", "free_action", "argument", "stance", "rationale", "control_odds", "probability",
    "sides", "target", "roll", "physical", "proposed", "outcome", "success", "overridden", "by", "reason",
    "effects", "submitted_at", "resolved_at", "verified",
)
TRACK_FIELDS = ("game_id", "turn", "date", "point", "track", "label", "value")


def tracks_path(out: Path) -> Path:
    """`game.csv` -> `game-tracks.csv`; a name without a suffix gets `-tracks` appended."""
    return out.with_name(f"{out.stem}-tracks{out.suffix}") if out.suffix else out.with_name(out.name + "-tracks")


def move_rows(report: GameReport) -> list[dict]:
    base = {"game_id": report.game_id, "scenario": report.scenario_id, "scenario_sha256": report.scenario_sha256,
            "seed": report.seed, "mode": report.mode}
    rows = []
    for m in report.moves:
        if not m.resolved:
            continue
        rows.append(dict(
            base, turn=m.turn, date=m.date, inject=m.inject, delegation=m.delegation, option=m.option,
            option_label=None if m.is_free else m.option_label, free_action=m.action, argument=m.argument,
            stance=m.stance or None, rationale=m.rationale, control_odds=m.odds, probability=m.probability,
            sides=m.sides, target=m.target, roll=m.roll, physical=m.physical, proposed=m.proposed,
            outcome=m.outcome, success=m.success, overridden=m.overridden, by=m.by, reason=m.reason or None,
            effects=";".join(f"{k}:{'+' if d >= 0 else ''}{d:g}" for k, d, _b, _a in m.effects) or None,
            submitted_at=m.submitted_at, resolved_at=m.resolved_at, verified=m.verified))
    return rows


_POINT = {"start": "start", "end of game": "game-end", "now (game in progress)": "current"}


def track_rows(report: GameReport) -> list[dict]:
    rows = []
    for p in report.points:
        point = _POINT.get(p.label, "turn-end")
        for key, slot in report.cs.slots.items():
            rows.append({"game_id": report.game_id, "turn": p.turn, "date": p.date, "point": point, "track": key,
                         "label": slot.label, "value": p.values.get(key, slot.start)})
    return rows


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, int):
        return str(v)
    # Text (a typed rationale, a team name, a label) is never a formula in a spreadsheet.
    return safe.cell(str(v))


def to_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for r in rows:
        w.writerow([_cell(r.get(f)) for f in fields])
    return buf.getvalue()


def to_jsonl(rows: list[dict], fields: tuple[str, ...]) -> str:
    return "".join(json.dumps({f: r.get(f) for f in fields}, ensure_ascii=False) + "\n" for r in rows)


def write(report: GameReport, out: Path, fmt: str) -> tuple[Path, Path, int, int]:
    """Write moves to `out` and tracks beside it; returns both paths and the row counts."""
    moves, tracks = move_rows(report), track_rows(report)
    dump = to_csv if fmt == "csv" else to_jsonl
    tp = tracks_path(out)
    out.write_text(dump(moves, MOVE_FIELDS), encoding="utf-8", newline="")
    tp.write_text(dump(tracks, TRACK_FIELDS), encoding="utf-8", newline="")
    return out, tp, len(moves), len(tracks)

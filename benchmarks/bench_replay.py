"""Replay verification against plain reading and json.loads of the same file (memory: bench_memory)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from benchmarks.util import best, largest_scenario, line

TARGET_RECORDS = 100_000


def make_log(path: Path, records: int) -> int:
    """A real game on the largest scenario, with Control's notes and adjustments filling each turn's
    outcome phase until the log holds `records` records (a long, busy exercise)."""
    from wargame.engine import commands as C
    from wargame.scenario.load import load_scenario
    from wargame.session import Session
    from wargame.sim.autoplay import Driver

    cs = load_scenario(largest_scenario())
    s = Session.new(cs, path, seed=1, mode="semi", fsync=False)
    driver = Driver("random", 1)
    turns = cs.scenario.turns.count
    per_turn = max(0, (records - 400 * turns) // (2 * turns))
    key = next(iter(cs.slots))
    while not s.state.ended:
        if s.state.phase == "outcome" and per_turn:
            for i in range(per_turn):
                s.do(C.AddNote(f"Observation {i}: delegations debated the escalation ladder", "observation"))
                s.do(C.AdjustTrack(key, 1 if i % 2 else -1, "Control rebalances after table discussion"))
        s.do(driver.next_command(s.state))
    s.close()
    return s.log.seq


def _read_parse(path: Path) -> None:
    with open(path, "rb") as fh:
        for raw in fh:
            json.loads(raw)


def run() -> None:
    from wargame.log.replay import replay

    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "big.jsonl"
        n = make_log(big, TARGET_RECORDS)
        # Interleaved rounds, best of each: both sides see the same machine conditions.
        base, ver = float("inf"), float("inf")
        for _ in range(5):
            base = min(base, best(lambda: _read_parse(big), 1))
            ver = min(ver, best(lambda: replay(big), 1))
        line(f"replay.verify ({n} records)", n / ver, "records/s", base / ver, "read + json.loads",
             ">= 0.4x")

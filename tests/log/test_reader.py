"""The reader's memory bound: a line is never read past MAX_LINE bytes, whatever the file holds."""

from __future__ import annotations

import resource
import subprocess
import sys
import time

from tests.conftest import MINI, ROOT
from wargame.log import reader
from wargame.log.reader import MAX_LINE, LogProblem, iter_records
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

GIB = 1 << 30


def _game(path):
    s = Session.new(load_scenario(MINI), path, seed=2, fsync=False)
    play_to_end(s, Driver("first", 2), stop_after=5)
    s.close()


def _limit_memory(limit):
    def preexec():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return preexec


def test_a_gigabyte_tail_without_a_newline_is_refused_within_a_memory_limit(tmp_path):
    log = tmp_path / "g.jsonl"
    _game(log)
    good = log.stat().st_size
    with open(log, "r+b") as fh:  # a sparse 1 GiB tail: no disk used, no newline in it
        fh.truncate(good + GIB)
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "wargame", "replay", str(log), "--verify"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120, preexec_fn=_limit_memory(600 << 20))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "MemoryError" not in r.stderr, r.stderr
    n = len(log.read_bytes()[:good].splitlines()) + 1
    assert f"{log}:{n}: line is too long" in r.stderr
    assert time.monotonic() - start < 60  # it stopped reading at the limit instead of scanning the gigabyte


def test_no_read_asks_for_more_than_one_line_limit(tmp_path, monkeypatch):
    """Measured: every read the reader makes is bounded by MAX_LINE + 1 bytes, even on a huge line."""
    log = tmp_path / "g.jsonl"
    _game(log)
    with open(log, "ab") as fh:
        fh.write(b"x" * (3 * MAX_LINE) + b"\n")
    sizes = []
    real_open = reader.open_log

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def readline(self, size=-1):
            sizes.append(size)
            line = self.fh.readline(size)
            sizes.append(len(line))
            return line

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(reader, "open_log", lambda path, name: Spy(real_open(path, name)))
    problem = None
    try:
        list(iter_records(log))
    except LogProblem as e:
        problem = e
    assert problem is not None and "too long" in problem.message
    assert sizes and all(0 <= s <= MAX_LINE + 1 for s in sizes)


def test_a_torn_tail_within_the_limit_is_still_recovered(tmp_path):
    log = tmp_path / "g.jsonl"
    _game(log)
    with open(log, "ab") as fh:
        fh.write(b'{"seq":99,"ts":')
    r = replay(log)
    assert r.ok and any("torn" in w for w in r.warnings)

"""One writer per log, with real processes: a second writer is refused and writes nothing; a writer
killed with SIGKILL leaves no lock behind; racing resumes never corrupt or lose acknowledged records."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT
from tests.logtools import content
from wargame.log.lock import LogBusy, WriterLock
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)


def wargame(*args, **kw):
    return subprocess.run([sys.executable, "-m", "wargame", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, **kw)


def _partial(path, stop_after=6):
    s = Session.new(CS, path, seed=4, mode="semi", fsync=False)
    play_to_end(s, Driver("random", 4), stop_after=stop_after)
    s.close()


def _baseline(tmp_path):
    log = tmp_path / "baseline.jsonl"
    assert wargame("run", MINI, "--policy", "random", "--seed", 4, "--mode", "semi", "--log", log,
                   "--no-fsync").returncode == 0
    return content(log)


HOLDER = """
import sys, time
from pathlib import Path
from wargame.session import Session
s = Session.resume(Path(sys.argv[1]), fsync=False)
print("holding", flush=True)
time.sleep(120)
"""


def _hold(log):
    """A real process holding the log open as a writer (as a facilitator's `wargame resume` does)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(log)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_second_writer_is_refused_and_writes_nothing(tmp_path):
    log = tmp_path / "g.jsonl"
    _partial(log)
    before = log.read_bytes()
    holder = _hold(log)
    try:
        r = wargame("run", MINI, "--policy", "random", "--seed", 4, "--log", log, "--resume")
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "being written by another wargame" in r.stderr and f"(process {holder.pid})" in r.stderr
        assert log.read_bytes() == before
        # the same refusal for the other ways in: a fork onto it, a new game onto it, the TUI's resume
        with pytest.raises(LogBusy):
            Session.resume(log, fsync=False)
        with pytest.raises(LogBusy):
            Session.new(CS, log, seed=1)
        assert log.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_killed_with_sigkill_leaves_no_stale_lock(tmp_path):
    expected = _baseline(tmp_path)
    log = tmp_path / "g.jsonl"
    _partial(log)
    holder = _hold(log)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (tmp_path / "g.jsonl.lock").exists()  # the file stays; the kernel dropped the lock with the process
    r = wargame("run", MINI, "--policy", "random", "--seed", 4, "--mode", "semi", "--log", log, "--resume")
    assert r.returncode == 0, r.stderr
    assert content(log) == expected
    assert replay(log).ok


def test_racing_resumes_never_corrupt_the_log(tmp_path):
    """The reported failure: two `run --resume` on one log both appended. Now one waits its turn or is refused."""
    expected = _baseline(tmp_path)
    for attempt in range(4):
        log = tmp_path / f"race-{attempt}.jsonl"
        _partial(log, stop_after=3 + attempt)
        cmd = [sys.executable, "-m", "wargame", "run", str(MINI), "--policy", "random", "--seed", "4", "--mode",
               "semi", "--log", str(log), "--resume"]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert any(code == 0 for code, _ in results), results
        for code, err in results:
            assert "Traceback" not in err
            assert code == 0 or (code == 1 and "being written by another wargame" in err), err
        r = replay(log)
        assert r.ok and not r.warnings, r.problem
        assert content(log) == expected


def test_resume_measures_the_log_only_under_the_lock(tmp_path):
    """Resume verifies and cuts back to the verified size with the lock held: a writer that holds the
    lock is never cut short by a resume that measured the file earlier."""
    log = tmp_path / "g.jsonl"
    _partial(log)
    lock = WriterLock.acquire(log)
    s = Session.resume(log, fsync=False, lock=lock)  # the session takes over the lock it was given
    assert s.lock is lock and lock.held
    with pytest.raises(LogBusy):
        WriterLock.acquire(log)
    s.close()
    assert not lock.held
    WriterLock.acquire(log).release()  # free again once the writer closed

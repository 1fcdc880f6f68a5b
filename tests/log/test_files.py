"""What a log path may be, and a bad day on disk: only a regular file or a new path is ever used;
a read-only folder, a path under a file and a full disk are a message and exit 1, nothing acknowledged
is lost, and the game resumes once the cause is gone."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import uuid

import pytest

from tests.conftest import MINI, ROOT
from tests.logtools import content
from wargame.engine.commands import Rejected
from wargame.log import writer as writer_module
from wargame.log.lock import LogFileError
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)
RUN = ("run", MINI, "--policy", "random", "--seed", 4, "--mode", "semi")


def wargame(*args, timeout=60, **kw):
    return subprocess.run([sys.executable, "-m", "wargame", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, **kw)


def _special(kind, path):
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "char-device":
        os.symlink("/dev/null", path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling-link":
        os.symlink(path.with_name("nowhere.jsonl"), path)


@pytest.mark.parametrize("kind", ["fifo", "char-device", "folder", "dangling-link"])
def test_only_a_regular_file_or_a_new_path_is_a_log(tmp_path, kind):
    log = tmp_path / "g.jsonl"
    _special(kind, log)
    before = os.lstat(log)
    for args in [(*RUN, "--log", log, "--resume"), (*RUN, "--log", log), ("replay", log, "--verify"),
                 ("report", log, "-o", tmp_path / "r.html")]:
        r = wargame(*args, timeout=20)  # a FIFO must not block the reader
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr and str(log) in r.stderr, r.stderr
    after = os.lstat(log)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # never replaced or deleted
    assert not (tmp_path / "nowhere.jsonl").exists()


def test_verify_names_what_the_path_is(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    r = wargame("replay", fifo, "--verify", timeout=20)
    assert r.returncode == 1 and "a FIFO (named pipe), not a game log (expected a regular file)" in r.stderr
    os.symlink("/dev/null", tmp_path / "dev.jsonl")
    r = wargame("run", *RUN[1:], "--log", tmp_path / "dev.jsonl", "--resume", timeout=20)
    assert r.returncode == 1 and "is a character device" in r.stderr


def test_a_path_under_a_regular_file_is_a_message(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    r = wargame(*RUN, "--log", tmp_path / "notes.txt" / "g.jsonl")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "a part of the path is a file, not a folder" in r.stderr


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder no one may write to: a read-only mount when running as root (root ignores modes)."""
    d = tmp_path / "ro"
    d.mkdir()
    if os.geteuid() != 0:
        d.chmod(0o555)
        yield d
        d.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(d)], capture_output=True).returncode:
        pytest.skip("running as root without permission to mount a read-only tmpfs")
    try:
        yield d
    finally:
        subprocess.run(["umount", str(d)], check=True)


def test_a_read_only_folder_is_a_message(read_only_dir):
    r = wargame(*RUN, "--log", read_only_dir / "g.jsonl")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "cannot write a game log there" in r.stderr and "nothing was written" in r.stderr


def _limit_file_size(limit):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_a_write_that_fails_midway_loses_nothing_and_the_game_resumes(tmp_path):
    """A real process whose writes start failing (file size limit, the portable stand-in for a full disk)."""
    base = tmp_path / "base.jsonl"
    assert wargame(*RUN, "--log", base).returncode == 0
    expected = content(base)
    log = tmp_path / "g.jsonl"
    r = wargame(*RUN, "--log", log, preexec_fn=_limit_file_size(base.stat().st_size // 2))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "cannot write the log (the file has reached the size limit)" in r.stderr
    assert "--resume" in r.stderr
    partial = replay(log)
    assert partial.ok and not partial.warnings  # the failed batch was cut back: no torn tail left behind
    assert content(log) == expected[: partial.count]
    r = wargame(*RUN, "--log", log, "--resume")
    assert r.returncode == 0, r.stderr
    assert content(log) == expected and replay(log).ok


@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB tmpfs (needs root and mount permission; else skipped: the test above covers the same path)."""
    d = tmp_path / "disk"
    d.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(d)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield d
    finally:
        subprocess.run(["umount", str(d)], check=True)


def test_a_full_disk_loses_nothing_and_the_game_resumes_after_space_is_freed(tmp_path, small_disk):
    base = tmp_path / "base.jsonl"
    assert wargame(*RUN, "--log", base).returncode == 0
    expected = content(base)
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then give back about half a game's log (and pages for the key and lock files)
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    os.truncate(filler, filler.stat().st_size - base.stat().st_size // 2 - 8192)
    log = small_disk / "g.jsonl"
    r = wargame(*RUN, "--log", log)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "the disk is full" in r.stderr, r.stderr
    partial = replay(log)
    assert partial.ok and 0 < partial.count < len(expected)
    assert content(log) == expected[: partial.count]
    filler.unlink()
    r = wargame(*RUN, "--log", log, "--resume")
    assert r.returncode == 0, r.stderr
    assert content(log) == expected and replay(log).ok


def test_a_failed_append_is_cut_back_and_not_applied(tmp_path, monkeypatch):
    """In process: the write fails after half the batch is on disk (ENOSPC); the state and the file are
    as before, the command is not acknowledged, and the next one after space is freed succeeds."""
    log = tmp_path / "g.jsonl"
    s = Session.new(CS, log, seed=4, mode="semi", fsync=False)
    play_to_end(s, Driver("random", 4), stop_after=4)
    size, snapshot, events = log.stat().st_size, s.state.snapshot(), s.state.events
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writer_module.os, "write", half_then_full)
    with pytest.raises(LogFileError, match="the disk is full"):
        play_to_end(s, Driver("random", 4), stop_after=1)
    assert log.stat().st_size == size and s.state.snapshot() == snapshot and s.state.events == events
    monkeypatch.setattr(writer_module.os, "write", real_write)
    play_to_end(s, Driver("random", 4))
    s.close()
    r = replay(log)
    assert r.ok and r.state.ended and not r.warnings


def test_the_tui_sees_a_failed_append_as_a_refusal(tmp_path, monkeypatch):
    """The facilitator's screens handle Rejected; a log that cannot be written arrives as one."""
    from wargame.tui.app import WargameApp

    app = WargameApp(scenario=str(MINI), log=str(tmp_path / uuid.uuid4().hex))
    app.session = Session.new(CS, tmp_path / "g.jsonl", seed=4, fsync=False)
    monkeypatch.setattr(writer_module.os, "write",
                        lambda fd, data: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only file system")))
    from wargame.engine import commands as C

    inj, d = app.session.state.expected[0]
    option = next(iter(CS.injects[inj].options[d]))
    with pytest.raises(Rejected, match="read-only file system"):
        app.execute(C.SubmitMove(inj, d, option))
    app.session.close()

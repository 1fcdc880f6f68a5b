"""The only writer of game records: append-only, flushed and fsynced before an append returns."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from wargame.log.chain import GENESIS, encode


def now() -> str:
    """UTC timestamp; SOURCE_DATE_EPOCH pins it, for byte-identical logs in reproducibility checks."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    t = (_dt.datetime.fromtimestamp(int(fixed), _dt.timezone.utc) if fixed and fixed.isdigit()
         else _dt.datetime.now(_dt.timezone.utc))
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class LogWriter:
    def __init__(self, path: Path, fd: int, seq: int, prev: str, fsync: bool = True):
        self.path, self._fd, self.seq, self.prev, self.fsync = path, fd, seq, prev, fsync

    @classmethod
    def create(cls, path: Path, fsync: bool = True) -> "LogWriter":
        """A new log; refuses to overwrite an existing file (a game record is never replaced)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        return cls(path, fd, 0, GENESIS, fsync)

    @classmethod
    def reopen(cls, path: Path, seq: int, prev: str, good_bytes: int, fsync: bool = True) -> "LogWriter":
        """Continue a verified log after its last good record, cutting off a torn tail."""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        if os.fstat(fd).st_size != good_bytes:
            os.ftruncate(fd, good_bytes)
            os.fsync(fd)
        return cls(path, fd, seq, prev, fsync)

    def append(self, events: list[dict], durable: bool = True) -> list[str]:
        """Write one command's events as one write; return the lines. Durable when this returns,
        unless `durable=False`: then only once `sync()` has returned (one fsync for many appends)."""
        ts = now()
        lines = []
        seq, prev = self.seq, self.prev
        for ev in events:
            line, prev = encode(seq, ts, ev, prev)
            lines.append(line)
            seq += 1
        data = "".join(lines).encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        if self.fsync and durable:
            os.fsync(self._fd)
        self.seq, self.prev = seq, prev
        return lines

    def sync(self) -> None:
        """Make every record appended so far durable (safe from a worker thread: one fsync)."""
        if self.fsync and self._fd >= 0:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

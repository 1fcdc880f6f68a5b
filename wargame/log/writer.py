"""The only writer of game records: append-only, flushed and fsynced before an append returns.

A failed append (disk full, read-only, I/O error) cuts the file back to where the batch began and
raises LogWriteError: the command is then not acknowledged, the state is untouched, and the log
holds exactly the acknowledged commands, so the game resumes once the cause is fixed.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
from pathlib import Path

from wargame.log.chain import GENESIS, encode, seal
from wargame.log.lock import LogFileError, why


class LogWriteError(LogFileError):
    """An append that did not reach the disk; nothing of it is in the log."""


def now() -> str:
    """UTC timestamp; SOURCE_DATE_EPOCH pins it, for byte-identical logs in reproducibility checks."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    t = (_dt.datetime.fromtimestamp(int(fixed), _dt.timezone.utc) if fixed and fixed.isdigit()
         else _dt.datetime.now(_dt.timezone.utc))
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class LogWriter:
    """Appends batches to a log. The caller holds the log's WriterLock for the writer's whole life."""

    def __init__(self, path: Path, fd: int, seq: int, prev: str, fsync: bool = True, key=None, size: int = 0):
        self.path, self._fd, self.seq, self.prev, self.fsync = path, fd, seq, prev, fsync
        #: The game's SigningKey (None: an unsigned log, from before logs were signed).
        self.key = key
        self.size = size
        self._broken = False

    @property
    def public_key(self) -> str | None:
        return self.key.public_hex if self.key is not None else None

    @classmethod
    def create(cls, path: Path, fsync: bool = True, sign: bool = True) -> "LogWriter":
        """A new log; refuses to overwrite an existing file (a game record is never replaced)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0),
                         0o644)
        except FileExistsError:
            raise LogFileError(f"{path}: already exists (a game log is never replaced; choose a new path, or "
                               f"resume it)") from None
        except OSError as e:
            raise LogFileError(f"{path}: cannot create the log ({why(e)}; nothing was written)") from None
        key = None
        if sign:
            from wargame.log.seal import new_key

            try:
                key = new_key(path)
            except OSError as e:
                os.close(fd)
                os.unlink(path)
                raise LogFileError(f"{path}: cannot write the signing key beside the log ({why(e)}; nothing "
                                   f"was written)") from None
        return cls(path, fd, 0, GENESIS, fsync, key)

    @classmethod
    def reopen(cls, path: Path, seq: int, prev: str, good_bytes: int, fsync: bool = True, key=None) -> "LogWriter":
        """Continue a verified log after its last good record, cutting off a torn tail.

        `good_bytes` must have been measured with the writer lock held (no one else appends).
        """
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as e:
            raise LogFileError(f"{path}: cannot open the log to continue it ({why(e)}; nothing was written)") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise LogFileError(f"{path}: not a regular file (nothing was written)")
            if st.st_size != good_bytes:
                os.ftruncate(fd, good_bytes)
                os.fsync(fd)
        except OSError as e:
            os.close(fd)
            raise LogFileError(f"{path}: cannot cut off the torn last line ({why(e)})") from None
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, seq, prev, fsync, key, good_bytes)

    def append(self, events: list[dict], durable: bool = True) -> list[str]:
        """Write one command's events as one write; return the lines. Durable when this returns,
        unless `durable=False`: then only once `sync()` has returned (one fsync for many appends).

        The first line of a signed log carries the public key (and signs itself); the batch's last
        line a signature over its chain hash, which covers every record before it.
        """
        if self._broken:
            raise LogWriteError(f"{self.path}: an earlier write failed and could not be undone; close the game and "
                                f"continue it with: wargame resume {self.path}")
        ts = now()
        lines = []
        seq, prev = self.seq, self.prev
        for ev in events:
            line, prev = encode(seq, ts, ev, prev)
            lines.append(line)
            seq += 1
        if self.key is not None and lines:
            key = self.key
            if self.seq == 0:  # the header signs itself, so a changed key is caught on line 1
                header_hash = encode(0, ts, events[0], self.prev)[1]
                lines[0] = seal(lines[0], key=key.public_hex, sig=key.sign(header_hash))
            if self.seq != 0 or len(lines) > 1:
                lines[-1] = seal(lines[-1], sig=key.sign(prev))
        data = "".join(lines).encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.fsync and durable:
                os.fsync(self._fd)
        except OSError as e:
            self._cut_back()
            raise LogWriteError(f"{self.path}: cannot write the log ({why(e)}). The last command was not "
                                f"recorded and not applied; everything before it is safe. Fix the cause, then "
                                f"try again (or later: wargame resume {self.path})") from None
        self.seq, self.prev = seq, prev
        self.size += len(data)
        return lines

    def sync(self) -> None:
        """Make every record appended so far durable (safe from a worker thread: one fsync)."""
        if self.fsync and self._fd >= 0:
            try:
                os.fsync(self._fd)
            except OSError as e:
                raise LogWriteError(f"{self.path}: cannot make the last records durable ({why(e)}); "
                                    f"continue later with: wargame resume {self.path}") from None

    def _cut_back(self) -> None:
        """Remove a partly written batch; if even that fails, the reader drops it as a torn tail."""
        try:
            os.ftruncate(self._fd, self.size)
        except OSError:
            self._broken = True  # appending after a torn batch would bury it mid-log

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

"""One writer per log: an exclusive lock held for the whole life of a log writer.

The lock is an advisory `flock` on a sidecar file (`<log>.lock`), taken before the log is created,
verified or cut back, and released when the writer closes. The kernel drops a flock when its
process dies, however it dies (SIGKILL included), so a stale lock is never "recovered" by guessing:
the next writer simply gets it. The sidecar is never deleted: removing a lock file while another
process may be about to lock it would let two writers lock two different files.

On Windows `msvcrt.locking` on the sidecar's first byte plays the same part (the system also
releases it when the process ends). On network file systems the lock is only as good as the
server's lock support (NFSv4 and recent Linux NFS clients honour flock; some SMB setups do not).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class LogFileError(OSError):
    """A log that cannot be locked, created, opened or written; the message says why and what to do.

    An OSError, so every caller that already handles a file that cannot be written handles these."""


class LogBusy(LogFileError):
    """Another process is writing this log."""


def lock_path(log: Path) -> Path:
    return log.with_name(log.name + ".lock")


def why(e: OSError) -> str:
    """An OS error in words a facilitator can act on."""
    hints = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
             errno.EROFS: "the folder is on a read-only file system", errno.EACCES: "permission denied",
             errno.EPERM: "permission denied", errno.ENOTDIR: "a part of the path is a file, not a folder",
             errno.EFBIG: "the file has reached the size limit", errno.EIO: "the disk reported an input/output error"}
    return hints.get(e.errno, e.strerror or str(e))


def existing_size(log: Path) -> int | None:
    """The size of an existing log, None for a new path; refuses what a log must never be."""
    try:
        st = os.lstat(log)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise LogFileError(f"{log}: cannot use this path for a game log ({why(e)})") from None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(log)
        except OSError:
            raise LogFileError(f"{log}: is a symbolic link to a missing file (expected a regular file or a new "
                               f"path; nothing was written)") from None
    if not stat.S_ISREG(st.st_mode):
        from wargame.log.reader import file_kind

        raise LogFileError(f"{log}: is {file_kind(st.st_mode)}, not a game log (expected a regular file or a new "
                           f"path; nothing was written)")
    return st.st_size


class WriterLock:
    """Held by the one process writing a log; `acquire` refuses while another holds it."""

    def __init__(self, log: Path, fd: int):
        self.log, self._fd = log, fd

    @classmethod
    def acquire(cls, log: Path) -> "WriterLock":
        log = Path(log)
        existing_size(log)
        path = lock_path(log)
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as e:
            raise LogFileError(f"{log}: cannot write a game log there ({why(e)}; nothing was written)") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise LogFileError(f"{path}: the lock file is not a regular file (remove it; nothing was written)")
            if not _try_lock(fd):
                holder = _read_holder(fd)
                raise LogBusy(f"{log}: this game is being written by another wargame{holder}; close that one first "
                              f"(nothing was written)")
            try:  # who holds it, for the message the next one gets; the lock itself is the flock
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()}\n".encode())
            except OSError:
                pass
        except BaseException:
            os.close(fd)
            raise
        return cls(log, fd)

    def release(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)  # closing the last descriptor drops the flock

    @property
    def held(self) -> bool:
        return self._fd >= 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:  # pragma: no cover
        return False
    return True  # pragma: no cover


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {int(text)})" if text.isdigit() else ""

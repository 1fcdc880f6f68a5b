"""Reading a game log: chain, signature and schema checks line by line, streaming, with torn-tail
recovery. Memory stays bounded: no more than one line of MAX_LINE bytes is ever held.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterator

import attrs

from wargame.log.chain import GENESIS, raw_line_hash, split_seal
from wargame.log.schema import record_problem

MAX_LINE = 1_000_000
#: The C scanner without json.loads' per-call encoding detection (a measurable share of replay time).
_decode = json.JSONDecoder().raw_decode


class LogProblem(Exception):
    """A damaged or foreign log, at a 1-based line."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        # line 0: the file as a whole (it could not be opened)
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class Record:
    """A verified record: its 1-based line, data (envelope included), hash and end offset in bytes;
    `key` (first line of a signed log) and `sig` (a batch's last line) are outside the chain."""

    __slots__ = ("line", "data", "hash", "end", "key", "sig")

    def __init__(self, line: int, data: dict, hash: str, end: int, key: str | None = None, sig: str | None = None):
        self.line, self.data, self.hash, self.end, self.key, self.sig = line, data, hash, end, key, sig


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFDIR: "a folder", stat.S_IFSOCK: "a socket"}


def file_kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def open_log(path: Path, name: str):
    """The log opened for reading; refuses anything but a regular file without blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise LogProblem(name, 0, f"cannot open the log: {e.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise LogProblem(name, 0, f"this is {file_kind(mode)}, not a game log (expected a regular file)")
    return os.fdopen(fd, "rb")


@attrs.define
class TornTail:
    line: int
    start: int  # byte offset where the torn line begins


def iter_records(path: Path, display: str | None = None, torn: list | None = None) -> Iterator[Record]:
    """Yield verified records; a final line without its newline (a torn write) is reported in `torn`.

    Raises LogProblem at the first line that is damaged or out of chain.
    """
    name = display or str(path)
    prev = GENESIS
    offset = 0
    signed = False
    fh = open_log(path, name)
    with fh:
        readline = fh.readline
        n = 0
        while True:
            raw = readline(MAX_LINE + 1)  # bounded: a huge line is never read whole
            if not raw:
                return
            n += 1
            start = offset
            offset += len(raw)
            if len(raw) > MAX_LINE:
                raise LogProblem(name, n, f"line is too long (expected a wargame log record of at most "
                                          f"{MAX_LINE} bytes)")
            if not raw.endswith(b"\n"):
                if torn is not None:
                    torn.append(TornTail(n, start))
                return
            line, key, sig = split_seal(raw[:-1])
            digest = raw_line_hash(line)
            if digest is None:
                if n == 1 and not line.startswith(b'{"seq":0,'):
                    raise LogProblem(name, n, "not a wargame game log (expected a game-started record first)")
                raise LogProblem(name, n, "record does not match its hash (the line was altered or damaged)")
            try:
                text = line.decode("utf-8")
                data, end = _decode(text)
                if end != len(text):
                    raise ValueError("trailing data")
            except UnicodeDecodeError:
                raise LogProblem(name, n, "not UTF-8 text (the record is damaged)") from None
            except ValueError:
                raise LogProblem(name, n, "record is not valid JSON (the line was altered or damaged)") from None
            if not isinstance(data, dict) or data.get("seq") != n - 1:
                raise LogProblem(name, n, f"record out of sequence (expected seq {n - 1})")
            if data.get("prev") != prev:
                raise LogProblem(name, n, "record does not follow the previous one (a record was removed, "
                                          "inserted or reordered before this line)")
            if n == 1 and data.get("type") != "game-started":
                raise LogProblem(name, n, "not a wargame game log (expected a game-started record first)")
            problem = record_problem(data)
            if problem:
                raise LogProblem(name, n, problem)
            # The signatures themselves are checked by replay (wargame.log.replay), not line by line here.
            if key is not None and n != 1:
                raise LogProblem(name, n, "a public key after the first line (expected it only in the header)")
            if n == 1:
                signed = key is not None
                if signed and sig is None:
                    raise LogProblem(name, n, "the header names a key but is not signed (expected a signature)")
            if sig is not None and not signed:
                raise LogProblem(name, n, "a signature in a log whose header has no public key (expected an "
                                          "unsigned log to carry no signatures)")
            prev = digest
            yield Record(n, data, digest, offset, key, sig)

"""Reading a game log: chain checks line by line, streaming, with torn-tail recovery."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import attrs

from wargame.log.chain import GENESIS, raw_line_hash

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
    """A verified record: its 1-based line, data (envelope included), hash and end offset in bytes."""

    __slots__ = ("line", "data", "hash", "end")

    def __init__(self, line: int, data: dict, hash: str, end: int):
        self.line, self.data, self.hash, self.end = line, data, hash, end


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
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise LogProblem(name, 0, f"cannot open the log: {e.strerror}") from None
    with fh:
        for n, raw in enumerate(fh, start=1):
            start = offset
            offset += len(raw)
            if not raw.endswith(b"\n"):
                if torn is not None:
                    torn.append(TornTail(n, start))
                return
            if len(raw) > MAX_LINE:
                raise LogProblem(name, n, "line is too long (expected a wargame log record)")
            line = raw[:-1]
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
            prev = digest
            yield Record(n, data, digest, offset)

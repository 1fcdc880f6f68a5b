"""Seat secrets: one unguessable token and one short join code per viewer, in a sidecar file.

The sidecar (`GAME.jsonl.seats.json`, owner-only permissions) sits beside the log and never in it:
logs are handed to students after the class, seat links must not be. A resumed game reads the
same file, so every seat's link keeps working after Control's laptop restarts.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import time
from pathlib import Path

#: Join-code alphabet: no 0/O, 1/I/L, so a code read off a projector is typed right first time.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
#: 24 random bytes: a 192-bit token, 32 URL-safe characters.
TOKEN_BYTES = 24
FORMAT = 1


def sidecar_for(log: Path) -> Path:
    return Path(str(log) + ".seats.json")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class SeatBook:
    """viewer ("USA", ..., "room", "observer") -> {"token", "code"}, saved on every change."""

    def __init__(self, path: Path, entries: dict[str, dict]):
        self.path = path
        self.entries = entries

    @classmethod
    def open(cls, path: Path, viewers: list[str]) -> "SeatBook":
        """Read the sidecar (tightening its permissions if someone loosened them), adding any missing viewer."""
        entries: dict[str, dict] = {}
        if path.exists():
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                entries = {v: {"token": str(e["token"]), "code": str(e["code"])}
                           for v, e in doc.get("seats", {}).items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                raise SeatFileError(f"{path}: the seat file is damaged (delete it to issue new links)") from None
        book = cls(path, entries)
        missing = [v for v in viewers if v not in entries]
        for v in missing:
            book.entries[v] = {"token": new_token(), "code": book._new_code()}
        if missing or not path.exists():
            book.save()
        return book

    def _new_code(self) -> str:
        used = {e["code"] for e in self.entries.values()}
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in used:
                return code

    def save(self) -> None:
        """Atomically, created owner-only: the secrets are never readable by others, even briefly."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            data = json.dumps({"format": FORMAT, "seats": self.entries}, indent=1).encode("utf-8")
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)

    def viewer_of(self, token: str) -> str | None:
        """Whose token this is; compared in constant time so response timing says nothing."""
        found = None
        probe = (token or "").encode("utf-8", "replace")
        for viewer, e in self.entries.items():
            if hmac.compare_digest(probe, e["token"].encode()):
                found = viewer
        return found

    def token_for_code(self, code: str) -> tuple[str, str] | None:
        probe = normalise_code(code).encode()
        found = None
        for viewer, e in self.entries.items():
            if hmac.compare_digest(probe, e["code"].encode()):
                found = (viewer, e["token"])
        return found

    def token(self, viewer: str) -> str:
        return self.entries[viewer]["token"]

    def code(self, viewer: str) -> str:
        return self.entries[viewer]["code"]

    def reissue(self, viewer: str) -> dict:
        """A new token and code for one viewer; the old ones stop working at once."""
        if viewer not in self.entries:
            raise KeyError(viewer)
        self.entries[viewer] = {"token": new_token(), "code": self._new_code()}
        self.save()
        return dict(self.entries[viewer])


class SeatFileError(Exception):
    pass


class RateLimiter:
    """Token buckets per client key: `burst` requests at once, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic, max_keys: int = 10_000):
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        self._buckets: dict = {}

    def allow(self, key) -> bool:
        now = self.clock()
        level, last = self._buckets.get(key, (float(self.burst), now))
        level = min(self.burst, level + (now - last) * self.rate)
        if level < 1:
            self._buckets[key] = (level, now)
            return False
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._buckets.clear()  # a flood of new keys: forget old ones rather than grow without bound
        self._buckets[key] = (level - 1, now)
        return True

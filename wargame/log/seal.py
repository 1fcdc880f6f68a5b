"""Signing a game log: a per-game Ed25519 key, held in a 0600 file beside the log, never in it.

The public key goes on the log's first line; the last record of every committed batch carries a
signature over that record's chain hash, which covers every record before it. A fingerprint of
the key and a chain head is what the room is shown at each turn end and what reports print, so a
log can later be checked against what the class saw.

`cryptography` is imported only when a key is made, loaded or checked.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from wargame.log.lock import LogFileError

_DOMAIN = b"wargame log batch v1\x00"
_HEADER = "wargame signing key v1"


class KeyProblem(LogFileError):
    """The signing key beside a log is missing, unreadable or not the log's."""


def key_path(log: Path) -> Path:
    return log.with_name(log.name + ".key")


class SigningKey:
    def __init__(self, private):
        from cryptography.hazmat.primitives import serialization

        self._private = private
        self.public_hex = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()

    def sign(self, head: str) -> str:
        return self._private.sign(_DOMAIN + head.encode("ascii")).hex()


def new_key(log: Path) -> SigningKey:
    """A fresh key for a new game, written (0600, atomically) to the sidecar beside `log`.

    Called with the log's writer lock held, so a leftover sidecar without its log (a creation
    that died before the first record) is replaced, never one in use.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    path = key_path(log)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to a leftover file
        os.write(fd, f"{_HEADER}\n{raw.hex()}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return SigningKey(private)


def load_key(log: Path, public_hex: str) -> SigningKey:
    """The key that signed `log` (whose header names `public_hex`), to continue signing it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path(log)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise KeyProblem(f"{path}: the signing key of this signed game is missing; the game cannot be continued "
                         f"without it (the log still verifies as it is)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KeyProblem(f"{path}: cannot read the signing key ({getattr(e, 'strerror', None) or e})") from None
    lines = text.split("\n")
    try:
        if lines[0] != _HEADER:
            raise ValueError
        key = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(lines[1])))
    except (ValueError, IndexError):
        raise KeyProblem(f"{path}:1: not a wargame signing key (expected '{_HEADER}' and 64 hex digits)") from None
    if key.public_hex != public_hex:
        raise KeyProblem(f"{path}: this key did not sign {log} (its public key differs from the log's header)")
    return key


def verifier(public_hex: str):
    """A check `(head, sig_hex) -> bool` for signatures by `public_hex` (the key is parsed once per log)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
    except ValueError:
        return lambda head, sig_hex: False

    def check(head: str, sig_hex: str) -> bool:
        try:
            public.verify(bytes.fromhex(sig_hex), _DOMAIN + head.encode("ascii"))
        except (InvalidSignature, ValueError):
            return False
        return True

    return check


def verify(public_hex: str, head: str, sig_hex: str) -> bool:
    return verifier(public_hex)(head, sig_hex)


def fingerprint(public_hex: str | None, head: str) -> str:
    """The short witness of a log at a chain head: binds the head and (for a signed log) its key.

    Sixteen hex digits in four groups, e.g. `3f2a-9c01-be77-0d4e`: short enough to jot down, and
    64 bits, so finding a different history with the same fingerprint is out of reach.
    """
    material = b"wargame witness v1\x00" + (public_hex or "").encode() + b"\x00" + head.encode()
    digest = hashlib.sha256(material).hexdigest()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))

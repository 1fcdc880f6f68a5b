"""The record format of a game log: one JSON object per line, hash-chained.

A record is `{"seq", "ts", "type", ...payload, "prev", "hash"}` with `hash` always last, so the
hash is SHA-256 over the line's own bytes with the hash field cut off. Verifying a line is then a
slice and a digest, with no re-serialisation of the record.
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64
_HASH_TAIL = ',"hash":"'
_TAIL_LEN = len(_HASH_TAIL) + 64 + 2  # ,"hash":"<64 hex>"}


def encode(seq: int, ts: str, event: dict, prev: str) -> tuple[str, str]:
    """The log line (with newline) for an event, and its hash."""
    record = {"seq": seq, "ts": ts}
    record.update(event)
    record["prev"] = prev
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return f"{body[:-1]}{_HASH_TAIL}{digest}\"}}\n", digest


_HASH_TAIL_B = _HASH_TAIL.encode()


def raw_line_hash(raw: bytes) -> str | None:
    """The hash a line (bytes, without its newline) claims, if its bytes match it; None if damaged.

    Works on the undecoded bytes: a slice and a digest, no decoding or re-serialisation.
    """
    if len(raw) <= _TAIL_LEN or raw[-2:] != b'"}' or raw[-_TAIL_LEN:-66] != _HASH_TAIL_B:
        return None
    claimed = raw[-66:-2]
    if hashlib.sha256(raw[:-_TAIL_LEN] + b"}").hexdigest().encode() != claimed:
        return None
    return claimed.decode("ascii")


#: Fields the log adds around an engine event.
ENVELOPE = ("seq", "ts", "prev", "hash")


# A signed log carries two fields after the hash, outside what the hash covers: the game's public key
# on the first line and a signature on the last line of each committed batch. Keeping them outside
# the chain leaves the chain (and so the log apart from these fields) byte-identical for the same
# game; what binds the key to the history is the signature itself and the witnessed fingerprint.
_KEY_TAIL = b',"key":"'
_SIG_TAIL = b',"sig":"'
_HEX = frozenset(b"0123456789abcdef")


def seal(line: str, key: str | None = None, sig: str | None = None) -> str:
    """A log line (from `encode`) with the public key and/or a signature appended after its hash."""
    tail = (f',"key":"{key}"' if key else "") + (f',"sig":"{sig}"' if sig else "")
    return f"{line[:-2]}{tail}}}\n" if tail else line


def split_seal(raw: bytes) -> tuple[bytes, str | None, str | None]:
    """(the chained line, key, signature) of a line's bytes without its newline."""
    key = sig = None
    if raw.endswith(b'"}'):
        body = raw[:-1]
        if len(body) > 137 and body[-137:-129] == _SIG_TAIL and _HEX.issuperset(body[-129:-1]):
            sig, body = body[-129:-1].decode("ascii"), body[:-137]
        # the key's closing quote is checked too: after a signature nothing else guarantees it
        if len(body) > 73 and body[-73:-65] == _KEY_TAIL and _HEX.issuperset(body[-65:-1]) and body[-1:] == b'"':
            key, body = body[-65:-1].decode("ascii"), body[:-73]
        if key or sig:
            raw = body + b"}"
    return raw, key, sig

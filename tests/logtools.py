"""Comparing logs across runs: what must be identical apart from timestamps and signatures."""

from __future__ import annotations

import json
from pathlib import Path

from wargame.log.chain import split_seal


def unsealed(path: Path) -> bytes:
    """The log's bytes with each line's public key and signature (the only fields outside the chain) removed."""
    return b"".join(split_seal(line)[0] + b"\n" for line in Path(path).read_bytes().splitlines())


def content(path: Path) -> list[dict]:
    """Each record without its timestamp, chain fields, key and signature."""
    return [{k: v for k, v in json.loads(x).items() if k not in ("ts", "prev", "hash", "key", "sig")}
            for x in Path(path).read_text().splitlines()]

"""Track references: `escalation`, `support.USA`, `trust.JPN-KOR` (pairs in alphabetical order)."""

from __future__ import annotations


def pair_key(a: str, b: str) -> str:
    x, y = sorted((a, b))
    return f"{x}-{y}"


def track_key(track_id: str, a: str | None = None, b: str | None = None) -> str:
    if a is None:
        return track_id
    if b is None:
        return f"{track_id}.{a}"
    return f"{track_id}.{pair_key(a, b)}"


def split_ref(ref: str) -> tuple[str, tuple[str, ...]]:
    """`trust.KOR-JPN` -> ("trust", ("KOR", "JPN")); no validation."""
    track_id, _, rest = ref.partition(".")
    return track_id, tuple(rest.split("-")) if rest else ()

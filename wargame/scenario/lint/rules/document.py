"""The file itself: a `$schema` modeline that points at no file (a scenario moved without its schema)."""

from __future__ import annotations

import re
from pathlib import Path

RULES = {
    "schema-modeline": ("warning", "the first line's $schema names a file that does not exist beside the scenario"),
}

_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def check(ctx) -> None:
    path = Path(ctx.cs.file)
    try:
        with path.open(encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
    except OSError:
        return
    m = _MODELINE.match(first)
    if not m or re.match(r"^[a-z]+://", m.group(1)):
        return  # no modeline, or a URL the editor fetches itself
    target = (path.parent / m.group(1))
    if not target.is_file():
        ctx.warn("schema-modeline", (), f"the $schema line names '{m.group(1)}', which does not exist next to "
                                        f"this file (expected {target}; copy scenario.schema.json beside it, run "
                                        f"`wargame schema > {target.name}`, or point the line at "
                                        f"docs/schema/scenario.schema.json)")

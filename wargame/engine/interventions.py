"""What counts as a Control intervention: one definition, used by the end screen, the report's
header and its improvement section (they used to count three different things).

A Control intervention is a logged decision Control made instead of, or beyond, the rules:
an outcome or non-player response other than the rules' proposal (an override), an outcome or
response Control set itself (free adjudication, a free-form action's result, a further response),
a track adjusted by hand, or a sealed move reopened. Each is in the log with its reason.
"""

from __future__ import annotations

from collections import Counter

#: The kinds, in the order they are listed.
KINDS = ("outcome override", "Control ruling", "response override", "Control response", "track adjustment",
         "move reopened")

DEFINITION = ("A Control intervention is a decision Control made instead of, or beyond, the rules: an override "
              "of the rules' proposal, an outcome or response Control set itself, a track adjusted by hand, or a "
              "sealed move reopened. Each is logged with its reason.")


def intervention_kind(record: dict) -> str | None:
    """The kind of intervention a log record is, or None when it is not one."""
    t = record.get("type")
    if t == "move-resolved" and record.get("by") == "control":
        return "outcome override" if record.get("overridden") else "Control ruling"
    if t == "response-applied" and record.get("by") == "control":
        return "response override" if record.get("overridden") else "Control response"
    if t == "track-adjusted":
        return "track adjustment"
    if t == "move-reopened":
        return "move reopened"
    return None


def count_text(kinds) -> str:
    """`3 Control interventions (1 outcome override, 2 track adjustments)` for a list of kinds."""
    counts = Counter(kinds)
    total = sum(counts.values())
    if not total:
        return "No Control interventions"
    parts = [f"{n} {k}{'s' if n > 1 else ''}" for k in KINDS if (n := counts.get(k))]
    return f"{total} Control intervention{'s' if total > 1 else ''} ({', '.join(parts)})"

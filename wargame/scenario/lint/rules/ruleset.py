"""Ruleset files: outcome levels no roll reaches, and rolls no level matches."""

from __future__ import annotations

RULES = {
    "last-level": ("warning", "the ruleset's last outcome level is not `true` (some rolls match no level)"),
    "unreachable-level": ("warning", "a ruleset outcome level that no roll can produce"),
}


def check_ruleset(rules, compiled, warn) -> None:
    """`rules` is the leniently structured ruleset, `compiled` its levels' conditions."""
    last = len(rules.outcomes) - 1
    hits, unmatched = _level_hits(rules, compiled)
    if rules.outcomes[last].when.strip() != "true":
        example = f"; e.g. roll {unmatched[0][0]} against target {unmatched[0][1]} matches no level" if unmatched else ""
        warn("last-level", ("outcomes", last, "when"),
             f"the last outcome level '{rules.outcomes[last].id}' is `{rules.outcomes[last].when}`, not `true`"
             f"{example}")
    for k, level in enumerate(rules.outcomes):
        if hits[k] == 0:
            warn("unreachable-level", ("outcomes", k, "when"),
                 f"outcome level '{level.id}' is never proposed: every roll that satisfies `{level.when}` "
                 f"already matches an earlier level (or none does)")


def _level_hits(rules, compiled) -> tuple[list[int], list[tuple[int, int]]]:
    """How many (roll, target) pairs each level is the first match for, and pairs no level matches.

    Exhaustive over every roll and every target the probability bounds allow (sampled evenly
    for dice over 400 sides), so it is exact for the usual d100.
    """
    sides = rules.dice.sides
    lo_t = round(rules.probability.min * sides)
    hi_t = max(lo_t, round(rules.probability.max * sides))
    step = max(1, sides // 400)
    rolls = sorted(set(range(1, sides + 1, step)) | {sides})
    targets = sorted(set(range(lo_t, hi_t + 1, step)) | {hi_t})
    hits = [0] * len(compiled)
    unmatched = []

    class Ctx:
        turn = 0

        def __init__(self, roll, target):
            self.roll, self.target = roll, target

        def var(self, name):
            return self.roll if name == "roll" else self.target

    for t in targets:
        for r in rolls:
            ctx = Ctx(r, t)
            for k, c in enumerate(compiled):
                if c.evaluate(ctx):
                    hits[k] += 1
                    break
            else:
                unmatched.append((r, t))
    return hits, unmatched


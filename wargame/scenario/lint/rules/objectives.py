"""Objectives that can never be met, or never be missed, at the end of the game."""

from __future__ import annotations

from wargame.scenario.lint.context import short

RULES = {
    "objective-unattainable": ("warning", "an objective that can never be met"),
    "objective-certain": ("warning", "an objective that can never be missed"),
}


def check(ctx) -> None:
    an = ctx.an
    for d, objs in ctx.cs.objectives.items():
        for j, (obj, cond) in enumerate(objs):
            at = ("delegations", d, "objectives", j, "when")
            if not an.may(cond, True, an.count, "end"):
                ctx.warn("objective-unattainable", at,
                         f"{d}'s objective '{obj.id}' can never be met: `{short(obj.when, 80)}` cannot hold "
                         f"at the end of the game")
            elif not an.may(cond, False, an.count, "end"):
                ctx.warn("objective-certain", at,
                         f"{d}'s objective '{obj.id}' can never be missed: `{short(obj.when, 80)}` holds "
                         f"at the end of every game")

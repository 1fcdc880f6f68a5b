"""Stances: every option menu should offer a cautious, a cooperative and a national choice."""

from __future__ import annotations

from wargame.scenario.lint.context import words

STANCES = ("cautious", "cooperative", "national")

RULES = {
    "stance-coverage": ("warning", "a delegation's options on an inject lack a cautious, cooperative or national one"),
}


def check(ctx) -> None:
    for iid, ci in ctx.cs.injects.items():
        i = ctx.index[iid]
        for d, opts in ci.options.items():
            stances = {co.option.stance for co in opts.values()}
            lacking = [x for x in STANCES if x not in stances]
            if lacking:
                ctx.warn("stance-coverage", ("injects", i, "options", d),
                         f"{d}'s options on '{iid}' have no {words(lacking, 'or')} option "
                         f"(stances: {', '.join(sorted(stances))})", at_key=True)

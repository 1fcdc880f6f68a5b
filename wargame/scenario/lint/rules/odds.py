"""Odds: an option whose odds, with the modifiers that can apply, leave 0..1."""

from __future__ import annotations

RULES = {
    "odds-range": ("warning", "an option's odds can leave 0..1 once modifiers are added"),
}


def check(ctx) -> None:
    an = ctx.an
    for iid, ci in ctx.cs.injects.items():
        i = ctx.index[iid]
        for d, opts in ci.options.items():
            for j, co in enumerate(opts.values()):
                turns = an.choose[(iid, d, co.option.id)]
                live = [m for m, cond in co.modifiers if any(an.may(cond, True, t, "adjudication") for t in turns)]
                lo = co.option.odds + sum(min(0.0, m.add) for m in live)
                hi = co.option.odds + sum(max(0.0, m.add) for m in live)
                if lo < -1e-9 or hi > 1 + 1e-9:
                    p = ctx.cs.ruleset.probability
                    ctx.warn("odds-range", ("injects", i, "options", d, j, "odds"),
                             f"odds of {d}'s '{co.option.id}' on '{iid}' range over {lo:.2f}..{hi:.2f} with "
                             f"its modifiers (expected within 0..1; the ruleset will cut them to "
                             f"{p.min:g}..{p.max:g})")

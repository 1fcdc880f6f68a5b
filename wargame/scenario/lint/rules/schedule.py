"""The schedule: delegations left idle in some turns, injects that give a delegation no options."""

from __future__ import annotations

RULES = {
    "idle-delegation": ("warning", "a delegation addressed by no scheduled inject in some turns"),
    "no-options": ("warning", "an inject addresses a delegation but gives it no options"),
}


def check(ctx) -> None:
    cs, count = ctx.cs, ctx.an.count
    for d in cs.delegations:
        idle = [t for t in range(1, count + 1)
                if not any(ci.inject.turn == t and d in ci.to for ci in cs.injects.values())]
        if idle:
            ctx.warn("idle-delegation", ("delegations", d),
                     f"{d} is addressed by no scheduled inject in {ctx.turns(idle)} "
                     f"(it sits idle unless a triggered inject fires)", at_key=True)
    for iid, ci in cs.injects.items():
        missing = [d for d in ci.to if not ci.options.get(d)]
        if missing:
            i = ctx.index[iid]
            ctx.warn("no-options", ("injects", i, "options") if ci.inject.options else ("injects", i, "id"),
                     f"inject '{iid}' addresses {', '.join(missing)} but gives "
                     f"{'it' if len(missing) == 1 else 'them'} no options (only a free-form action)")

"""Tracks that nothing reads (informational: they only inform the players)."""

from __future__ import annotations

from wargame.expr.parser import Call, walk

RULES = {
    "unread-track": ("info", "a track that no condition, modifier, objective or amount reads"),
}


def _effect_counts(cs) -> dict[str, int]:
    counts: dict[str, int] = {}
    rules = list(cs.responses)
    for ci in cs.injects.values():
        rules += [*ci.combined, *ci.responses]
        for opts in ci.options.values():
            for co in opts.values():
                for effects in co.effects.values():
                    for key, _a in effects:
                        tid = key.split(".")[0]
                        counts[tid] = counts.get(tid, 0) + 1
    for rule in rules:
        for key, _a in rule.effects:
            tid = key.split(".")[0]
            counts[tid] = counts.get(tid, 0) + 1
    return counts


def check(ctx) -> None:
    read: set[str] = set()
    for _at, compiled in ctx.expressions():
        for n in walk(compiled.node):
            if isinstance(n, Call) and n.func == "track":
                read.add(n.args[0].value)
    counts = _effect_counts(ctx.cs)
    for j, t in enumerate(ctx.s.tracks):
        if t.id in read:
            continue
        n = counts.get(t.id, 0)
        changed = f"changed by {n} effect{'s' if n != 1 else ''}" if n else "never changed"
        ctx.warn("unread-track", ("tracks", j, "id"),
                 f"track '{t.id}' is {changed} but no condition, modifier, objective or amount reads it "
                 f"(it only informs the players)")

"""What a scenario must meet to ship in the library (`scenarios/`): `wargame lint --library`.

These are the limits tests/scenarios/test_library.py holds every shipped scenario to, kept here
once so that the test and the tool agree (docs/authoring.md, "Shipping a scenario", lists them).
They are errors under `--library` and are not checked otherwise: a work-in-progress scenario may
be small.
"""

from __future__ import annotations

import collections

import attrs

from wargame.scenario.lint.rules.stances import STANCES


@attrs.frozen
class Limits:
    min_injects: int = 12
    min_turns: int = 5
    max_turns: int = 8
    min_options: int = 3
    #: automatic random games (seeds 0..games-1, semi mode) behind the balance rules
    games: int = 200
    #: a track may end at its min or max in at most this share of those games
    max_bound_share: float = 0.5
    modeline: str = "# yaml-language-server: $schema=../docs/schema/scenario.schema.json"


LIMITS = Limits()

RULES = {
    "library-id": ("error", "a shipped scenario's id differs from its file name"),
    "library-modeline": ("error", "a shipped scenario's first line does not point editors at the schema"),
    "library-size": ("error", f"fewer than {LIMITS.min_injects} injects, or turns outside "
                              f"{LIMITS.min_turns}..{LIMITS.max_turns}"),
    "library-menu": ("error", f"an addressed delegation with fewer than {LIMITS.min_options} options or "
                              f"without a cautious, cooperative and national one"),
    "library-unfired": ("error", f"an inject that fires in none of {LIMITS.games} random games"),
    "library-unchosen": ("error", f"an option chosen in none of {LIMITS.games} random games"),
    "library-pinned": ("error", f"a track ending at its min or max in over {LIMITS.max_bound_share:.0%} "
                                f"of {LIMITS.games} random games"),
}


def balance(cs, games: int = LIMITS.games) -> dict:
    """Play `games` automatic random games: what fired, what was chosen, where tracks ended."""
    from wargame.engine import commands as C
    from wargame.engine.game import Game
    from wargame.sim.autoplay import Driver, play_to_end

    reached: collections.Counter = collections.Counter()
    chosen: collections.Counter = collections.Counter()
    at_bound: collections.Counter = collections.Counter()
    for seed in range(games):
        g = Game(cs)
        g.do(C.StartGame(seed=seed, mode="semi"))
        play_to_end(g, Driver("random", seed))
        reached.update(g.state.fired_injects)
        chosen.update((m.inject, m.delegation, m.option) for m in g.state.past_moves)
        for key, value in g.state.tracks.items():
            slot = cs.slots[key]
            at_bound[key] += value in (slot.min, slot.max)
    return {"games": games, "reached": reached, "chosen": chosen, "at_bound": at_bound}


def check_library(ctx, played: dict | None = None) -> None:
    """The static limits, then (unless `played` is `{}`) the balance over LIMITS.games random games."""
    from pathlib import Path

    cs, s, lim = ctx.cs, ctx.s, LIMITS
    stem = Path(cs.file).stem
    if cs.id != stem:
        ctx.warn("library-id", ("id",), f"scenario id '{cs.id}' differs from its file name (expected '{stem}')")
    first = Path(cs.file).read_text(encoding="utf-8").splitlines()[:1]
    if first != [lim.modeline]:
        ctx.warn("library-modeline", (), f"the first line is {first[0]!r} (expected {lim.modeline!r})"
                 if first else f"the file is empty (expected {lim.modeline!r})")
    if len(cs.injects) < lim.min_injects:
        ctx.warn("library-size", ("injects",), f"{len(cs.injects)} injects (expected at least {lim.min_injects})",
                 at_key=True)
    count = s.turns.count
    if not lim.min_turns <= count <= lim.max_turns:
        ctx.warn("library-size", ("turns", "count"), f"{count} turns (expected {lim.min_turns}..{lim.max_turns})")
    for iid, ci in cs.injects.items():
        i = ctx.index[iid]
        for d in ci.to:
            opts = ci.options.get(d, {})
            at = ("injects", i, "options", d) if opts else ("injects", i, "to")
            if len(opts) < lim.min_options:
                ctx.warn("library-menu", at, f"{d} has {len(opts)} option(s) on '{iid}' "
                                             f"(expected at least {lim.min_options})", at_key=bool(opts))
            missing = [x for x in STANCES if x not in {co.option.stance for co in opts.values()}]
            if missing:
                ctx.warn("library-menu", at, f"{d} has no {', '.join(missing)} option on '{iid}' "
                                             f"(expected one of each: {', '.join(STANCES)})", at_key=bool(opts))
    if played == {}:
        return
    played = played or balance(cs)
    n = played["games"]
    for iid in cs.injects:
        if not played["reached"][iid]:
            ctx.warn("library-unfired", ("injects", ctx.index[iid], "id"),
                     f"inject '{iid}' fired in none of {n} random games (expected it to fire in some)")
    for iid, ci in cs.injects.items():
        for d, opts in ci.options.items():
            for j, oid in enumerate(opts):
                if not played["chosen"][(iid, d, oid)]:
                    ctx.warn("library-unchosen", ("injects", ctx.index[iid], "options", d, j, "id"),
                             f"{d}'s '{oid}' on '{iid}' was chosen in none of {n} random games "
                             f"(expected it to be open and picked in some)")
    ids = {t.id: j for j, t in enumerate(s.tracks)}
    for key, hits in played["at_bound"].items():
        if hits / n > lim.max_bound_share:
            slot = cs.slots[key]
            ctx.warn("library-pinned", ("tracks", ids.get(key.split(".")[0], 0), "id"),
                     f"track {key} ends at its min or max ({slot.min:g}/{slot.max:g}) in {hits / n:.0%} of {n} "
                     f"random games (expected at most {lim.max_bound_share:.0%})")

"""Reachability: injects, options, modifiers and rules that can never apply (proved by the
analysis), and injects no simulated game reached (`--simulate N`, the empirical complement)."""

from __future__ import annotations

from wargame.scenario.lint.context import ranges, short

RULES = {
    "unreachable-inject": ("warning", "an inject whose condition can never hold when it is checked"),
    "unreached-inject": ("warning", "an inject that fired in none of N simulated games (--simulate N)"),
    "unreachable-option": ("warning", "an option whose requirement never holds while its inject is active"),
    "unreachable-modifier": ("warning", "a modifier whose condition never holds when the option is rolled"),
    "unreachable-rule": ("warning", "a combined-move rule or response whose condition can never hold"),
}


def check(ctx) -> None:
    an, cs = ctx.an, ctx.cs
    for iid, ci in cs.injects.items():
        i, inj = ctx.index[iid], ci.inject
        at = ("injects", i)
        if not an.fire[iid]:
            if inj.turn is None and inj.earliest > an.count:
                why = f"`earliest: {inj.earliest}` is after the last turn ({an.count})"
                ctx.warn("unreachable-inject", at + ("earliest",), f"inject '{iid}' can never fire: {why}")
            else:
                if inj.turn is not None or inj.earliest == an.count:
                    where = f"in turn {inj.turn or inj.earliest}"
                else:
                    where = f"in any turn from {inj.earliest} to {an.count}"
                ctx.warn("unreachable-inject", at + ("when",),
                         f"inject '{iid}' can never fire: `{short(ci.when.source, 80)}` cannot hold {where} "
                         f"(given the tracks' ranges and what can have happened by then)")
            continue
        for d, opts in ci.options.items():
            for j, (oid, co) in enumerate(opts.items()):
                o_at = at + ("options", d, j)
                chosen = an.choose[(iid, d, oid)]
                if not chosen:
                    ctx.warn("unreachable-option", o_at + ("requires",),
                             f"{d} can never choose '{oid}' on '{iid}': `{short(co.option.requires, 80)}` "
                             f"never holds while the inject is active ({ctx.turns(an.fire[iid])})")
                    continue
                for k, (mod, cond) in enumerate(co.modifiers):
                    if not any(an.may(cond, True, t, "adjudication") for t in chosen):
                        ctx.warn("unreachable-modifier", o_at + ("modifiers", k, "when"),
                                 f"modifier '{mod.why}' of {d}'s '{oid}' on '{iid}' never applies: "
                                 f"`{short(mod.when, 80)}` cannot hold when the option is rolled "
                                 f"({ctx.turns(chosen)})")
        for kind, rules in (("combined", ci.combined), ("responses", ci.responses)):
            for k, rule in enumerate(rules):
                if not any(an.may(rule.when, True, t, "after") for t in an.fire[iid]):
                    what = "combined-move rule" if kind == "combined" else f"{rule.rule.actor} response"
                    ctx.warn("unreachable-rule", at + (kind, k, "when"),
                             f"{what} '{rule.rule.id}' on '{iid}' can never apply: "
                             f"`{short(rule.rule.when, 80)}` cannot hold after adjudication "
                             f"({ctx.turns(an.fire[iid])})")
    for k, rule in enumerate(cs.responses):
        if not any(an.may(rule.when, True, t, "after") for t in range(1, an.count + 1)):
            ctx.warn("unreachable-rule", ("responses", k, "when"),
                     f"standing {rule.rule.actor} response '{rule.rule.id}' can never apply: "
                     f"`{short(rule.rule.when, 80)}` cannot hold in any turn")


def simulated(ctx, games: int, seed: int, jobs: int) -> None:
    from wargame.sim.simulate import simulate

    report = simulate(ctx.cs, games=games, seed=seed, policy="mixed", jobs=jobs)
    for iid, rate in report["injects"].items():
        if rate["reached"] == 0 and ctx.an.fire[iid]:
            ctx.warn("unreached-inject", ("injects", ctx.index[iid], "id"),
                     f"inject '{iid}' fired in none of {games} simulated games "
                     f"(mixed policy, seed {seed}; possible turns: {ranges(sorted(ctx.an.fire[iid]))})")

"""Expressions that load but likely mean something other than what their author meant."""

from __future__ import annotations

from wargame.expr.parser import Call, Name, Str, unparse, walk

RULES = {
    "ambiguous-chose": ("warning", "chose(DEL, \"option\") names an option id the delegation has on several injects"),
    "option-blind-succeeded": ("warning", "succeeded(\"inject\", DEL) in an inject's trigger, true whichever option DEL took"),
}


def check(ctx) -> None:
    _ambiguous_chose(ctx)
    _option_blind_succeeded(ctx)


def _option_blind_succeeded(ctx) -> None:
    """`succeeded("i", DEL)` is true when DEL's move on i succeeded, whatever the move was. In an
    inject's trigger it usually stands for one bold option, yet cautious options rarely fail, so
    the inject fires in nearly every game (one written so fired in 94%). Elsewhere (objectives,
    responses, modifiers) "any success on i" is a common, fair reading, so only triggers are
    checked. Naming DEL's option on i in a `chose` of the same trigger counts as saying which."""
    for at, compiled in ctx.expressions():
        if not (at[0] == "injects" and len(at) == 3 and at[2] == "when"):
            continue
        nodes = list(walk(compiled.node))
        guarded = {(n.args[0].name, n.args[2].value) for n in nodes
                   if isinstance(n, Call) and n.func == "chose" and len(n.args) == 3
                   and isinstance(n.args[0], Name) and isinstance(n.args[2], Str)}
        for n in nodes:
            if not (isinstance(n, Call) and n.func == "succeeded" and len(n.args) == 2
                    and isinstance(n.args[0], Str) and isinstance(n.args[1], Name)):
                continue
            iid, d = n.args[0].value, n.args[1].name
            opts = list(ctx.cs.injects[iid].options.get(d, {})) if iid in ctx.cs.injects else []
            if len(opts) < 2 or (d, iid) in guarded:
                continue
            ctx.warn("option-blind-succeeded", at,
                     f"`{unparse(n)}` holds whichever of {d}'s {len(opts)} options on '{iid}' succeeded "
                     f"({', '.join(opts)}); name the option: succeeded(\"{iid}\", {d}, \"{opts[0]}\"), "
                     f"or pair it with chose({d}, \"...\", \"{iid}\")")


def _ambiguous_chose(ctx) -> None:
    """Without its inject, `chose` matches the option on any inject; with reused ids that is
    rarely what the author meant (several authors were bitten by it)."""
    where: dict[tuple[str, str], list[str]] = {}
    for iid, ci in ctx.cs.injects.items():
        for d, opts in ci.options.items():
            for oid in opts:
                where.setdefault((d, oid), []).append(iid)
    for at, compiled in ctx.expressions():
        for n in walk(compiled.node):
            if not (isinstance(n, Call) and n.func == "chose" and len(n.args) == 2
                    and isinstance(n.args[0], Name) and isinstance(n.args[1], Str)):
                continue
            injects = where.get((n.args[0].name, n.args[1].value), [])
            if len(injects) > 1:
                ctx.warn("ambiguous-chose", at,
                         f"`{unparse(n)}` matches '{n.args[1].value}' on {len(injects)} injects "
                         f"({', '.join(injects)}); name the inject: "
                         f"chose({n.args[0].name}, \"{n.args[1].value}\", \"{injects[0]}\")")

"""Expressions that load but likely mean something other than what their author meant."""

from __future__ import annotations

from wargame.expr.parser import Call, Name, Str, unparse, walk

RULES = {
    "ambiguous-chose": ("warning", "chose(DEL, \"option\") names an option id the delegation has on several injects"),
}


def check(ctx) -> None:
    _ambiguous_chose(ctx)


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

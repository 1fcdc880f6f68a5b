"""Citations: injects and options that cite nothing, and citations the source register lacks."""

from __future__ import annotations

import difflib

RULES = {
    "uncited-option": ("warning", "an option without sources"),
    "uncited-inject": ("warning", "an inject without sources"),
    "unknown-claim": ("warning", "a citation or source id that is not in the source register (seeds/)"),
}


def citations(s):
    """(document path, citation) for every citation of the scenario model `s`."""
    for d, b in s.delegations.items():
        yield from ((("delegations", d, "sources", j), c) for j, c in enumerate(b.sources))
    for a, actor in s.actors.items():
        yield from ((("actors", a, "sources", j), c) for j, c in enumerate(actor.sources))
    for i, inj in enumerate(s.injects):
        at = ("injects", i)
        yield from (((*at, "sources", j), c) for j, c in enumerate(inj.sources))
        for d, opts in inj.options.items():
            for k, o in enumerate(opts):
                yield from (((*at, "options", d, k, "sources", j), c) for j, c in enumerate(o.sources))
        for kind in ("combined", "responses"):
            for k, r in enumerate(getattr(inj, kind)):
                yield from (((*at, kind, k, "sources", j), c) for j, c in enumerate(r.sources))
    for k, r in enumerate(s.responses):
        yield from ((("responses", k, "sources", j), c) for j, c in enumerate(r.sources))


def check(ctx) -> None:
    s, register = ctx.s, ctx.register
    for i, inj in enumerate(s.injects):
        if not inj.sources:
            ctx.warn("uncited-inject", ("injects", i, "id"), f"inject '{inj.id}' cites no sources")
        for d, opts in inj.options.items():
            for j, o in enumerate(opts):
                if not o.sources:
                    ctx.warn("uncited-option", ("injects", i, "options", d, j, "id"),
                             f"{d}'s option '{o.id}' on '{inj.id}' cites no sources")
    for j, doc_id in enumerate(s.sources):
        if doc_id not in register:
            ctx.warn("unknown-claim", ("sources", j), f"'{doc_id}' is not a document of the source register "
                                                      f"(expected one of: {', '.join(sorted(register))})")
    for at, cite in citations(s):
        doc_id, _, claim = cite.partition("#")
        if doc_id not in register:
            ctx.warn("unknown-claim", at, f"'{cite}' cites '{doc_id}', which is not in the source register "
                                          f"(expected one of: {', '.join(sorted(register))})")
        elif claim not in register[doc_id]:
            near = difflib.get_close_matches(claim, sorted(register[doc_id]), n=1, cutoff=0.6)
            hint = f" (did you mean '{doc_id}#{near[0]}'?)" if near else ""
            ctx.warn("unknown-claim", at, f"'{cite}': {doc_id} has no claim '{claim}'{hint}")

"""What every rule sees: the compiled scenario, its YAML document, the analysis, and `warn`."""

from __future__ import annotations

from typing import Any, Iterable

import attrs

from wargame.scenario.errors import Problem
from wargame.scenario.lint.analysis import Analysis


class Context:
    """One lint run over one scenario; rules report through `warn` (severity from the registry)."""

    def __init__(self, cs, doc, register: dict[str, frozenset[str]], severities: dict[str, str]):
        self.cs, self.doc, self.register = cs, doc, register
        self.s = cs.scenario
        self.severities = severities
        self.problems: list[Problem] = []
        self.an = Analysis(cs)
        self.index = {inj.id: i for i, inj in enumerate(self.s.injects)}

    def warn(self, rule: str, path: tuple, message: str, at_key: bool = False) -> None:
        p = self.doc.problem(path, message, at_key=at_key)
        self.problems.append(attrs.evolve(p, severity=self.severities[rule], rule=rule))

    def turns(self, turns: Iterable[int]) -> str:
        turns = sorted(turns)
        return ("turn " if len(turns) == 1 else "turns ") + ranges(turns) if turns else "no turn"

    def expressions(self):
        """Every compiled expression of the scenario with its location."""
        cs = self.cs
        for iid, ci in cs.injects.items():
            at = ("injects", self.index[iid])
            if ci.when is not None:
                yield at + ("when",), ci.when
            for d, opts in ci.options.items():
                for j, co in enumerate(opts.values()):
                    o_at = at + ("options", d, j)
                    if co.requires is not None:
                        yield o_at + ("requires",), co.requires
                    for k, (_m, cond) in enumerate(co.modifiers):
                        yield o_at + ("modifiers", k, "when"), cond
                    for level, effects in co.effects.items():
                        for ref, amount in effect_refs(co.option.effects.get(level, {}), effects):
                            if hasattr(amount, "node"):
                                yield o_at + ("effects", level, ref), amount
            for kind, rules in (("combined", ci.combined), ("responses", ci.responses)):
                for k, rule in enumerate(rules):
                    yield at + (kind, k, "when"), rule.when
                    for ref, amount in effect_refs(rule.rule.effects, rule.effects):
                        if hasattr(amount, "node"):
                            yield at + (kind, k, "effects", ref), amount
        for k, rule in enumerate(cs.responses):
            yield ("responses", k, "when"), rule.when
            for ref, amount in effect_refs(rule.rule.effects, rule.effects):
                if hasattr(amount, "node"):
                    yield ("responses", k, "effects", ref), amount
        for d, objs in cs.objectives.items():
            for j, (_o, cond) in enumerate(objs):
                yield ("delegations", d, "objectives", j, "when"), cond


def effect_refs(written: dict, compiled: tuple) -> list[tuple[str, Any]]:
    """Pairs (reference as written, compiled amount) for locating amounts in the document."""
    refs = list(written)
    return [(refs[n] if n < len(refs) else key, amount) for n, (key, amount) in enumerate(compiled)]


def ranges(turns: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    out, start = [], None
    for n, t in enumerate(turns):
        if start is None:
            start = t
        if n + 1 == len(turns) or turns[n + 1] != t + 1:
            out.append(str(start) if start == t else f"{start}-{t}")
            start = None
    return ", ".join(out)


def words(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"

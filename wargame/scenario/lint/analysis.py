"""Which injects can fire in which turns, and which options can be chosen when: a least fixpoint."""

from __future__ import annotations

from wargame.scenario.lint.abstract import Env, Evaluator, Facts
from wargame.scenario.lint.intervals import Iv, _point



#: phase -> (fired includes this turn's injects, moves/outcomes include this turn's)
PHASES = {"start": (False, False), "deliberation": (True, False), "adjudication": (True, True),
          "after": (True, True), "end": (True, True)}


class Analysis:
    """Which injects can fire in which turns, and which options can be chosen when (a least fixpoint)."""

    def __init__(self, cs):
        self.cs = cs
        s = cs.scenario
        self.count = s.turns.count
        self.base: Env = {k: Iv(slot.min, slot.max) for k, slot in cs.slots.items()}
        self.ev = Evaluator(self.base, cs.delegations, s.actors)
        self.levels = tuple(o.id for o in cs.outcomes)
        self.success_levels = tuple(o.id for o in cs.outcomes if o.success)
        self.fire: dict[str, set[int]] = {iid: set() for iid in cs.injects}
        self.choose: dict[tuple[str, str, str], set[int]] = {
            (iid, d, oid): set() for iid, ci in cs.injects.items() for d, opts in ci.options.items() for oid in opts}
        #: injects that certainly fire: id -> turn (scheduled, no condition)
        self.must = {iid: ci.inject.turn for iid, ci in cs.injects.items()
                     if ci.inject.turn is not None and ci.when is None and ci.inject.turn <= self.count}
        self.response_sources: dict[tuple[str, str], list[str | None]] = {}
        for rule in cs.responses:
            self.response_sources.setdefault((rule.rule.actor, rule.rule.id), []).append(None)
        for iid, ci in cs.injects.items():
            for rule in ci.responses:
                self.response_sources.setdefault((rule.rule.actor, rule.rule.id), []).append(iid)
        self._fixpoint()

    def candidate_turns(self, iid: str) -> list[int]:
        inj = self.cs.injects[iid].inject
        if inj.turn is not None:
            return [inj.turn] if inj.turn <= self.count else []
        return list(range(inj.earliest, self.count + 1))

    def env(self, t: int) -> Env:
        return {**self.base, "turn": _point(t)}

    def facts(self, t: int, phase: str) -> Facts:
        return Facts(self, t, *PHASES[phase])

    def may(self, compiled, want: bool, t: int, phase: str) -> bool:
        if compiled is None:
            return want
        return self.ev.may(compiled.node, want, self.env(t), self.facts(t, phase)) is not None

    def _fixpoint(self) -> None:
        for _ in range(10_000):
            changed = False
            for iid, ci in self.cs.injects.items():
                for t in self.candidate_turns(iid):
                    if t not in self.fire[iid] and self.may(ci.when, True, t, "start"):
                        self.fire[iid].add(t)
                        changed = True
                for d, opts in ci.options.items():
                    for oid, co in opts.items():
                        got = self.choose[(iid, d, oid)]
                        for t in sorted(self.fire[iid] - got):
                            if self.may(co.requires, True, t, "deliberation"):
                                got.add(t)
                                changed = True
            if not changed:
                return
        raise AssertionError("lint fixpoint did not converge")  # pragma: no cover - monotone, so it does

    def earliest(self, iid: str) -> int | None:
        turns = self.fire[iid]
        return min(turns) if turns else None


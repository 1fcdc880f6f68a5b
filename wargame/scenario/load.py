"""Load scenario and ruleset files: YAML -> model -> checked, compiled scenario.

All problems in a file are collected and raised together as one `InputError`.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any

from wargame import paths
import attrs

from wargame.expr import ExprError, Names, compile_expr
from wargame.expr.bounds import overflow
from wargame.model.limits import MAX_VALUE
from wargame.model.ruleset import Ruleset
from wargame.model.scenario import Scenario, Turns
from wargame.scenario.compiled import (
    CompiledInject,
    CompiledOption,
    CompiledOutcome,
    CompiledRule,
    CompiledScenario,
    TrackSlot,
)
from wargame.scenario.errors import InputError, Problem
from wargame.scenario.structure import FAILED, structure
from wargame.scenario.trackref import pair_key, split_ref, track_key
from wargame.scenario.cache import load_yaml_cached
from wargame.scenario.yamlsrc import YamlDoc


class _Collector:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[Problem] = []

    def __call__(self, path: tuple, message: str, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, at_key=at_key))

    def check(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _structure_doc(cls: type, path: Path, display: str | None) -> tuple[Any, YamlDoc, _Collector]:
    doc = load_yaml_cached(path, display)
    report = _Collector(doc)
    obj = structure(cls, doc.data, (), report)
    if obj is FAILED:
        report.check()
    return obj, doc, report


# ---------------------------------------------------------------- rulesets

RULESET_NAMES = Names(variables={"roll": "num", "target": "num"})


def load_ruleset(path: Path, display: str | None = None) -> tuple[Ruleset, tuple[CompiledOutcome, ...]]:
    rules, doc, report = _structure_doc(Ruleset, path, display)
    sides = rules.dice.sides
    ranges = {"turn": (0, _MAX_TURNS), "var:roll": (1, sides), "var:target": (0, sides)}
    outcomes = []
    seen: dict[str, int] = {}
    for i, level in enumerate(rules.outcomes):
        if level.id in seen:
            report(("outcomes", i, "id"), f"duplicate outcome id '{level.id}' (first at outcomes[{seen[level.id]}])")
        seen.setdefault(level.id, i)
        compiled = _compile(report, ("outcomes", i, "when"), level.when, RULESET_NAMES, "bool", ranges=ranges)
        outcomes.append(CompiledOutcome(level.id, level.label, compiled, level.success))
    if not rules.outcomes:
        report(("outcomes",), "no outcome levels (expected at least two, best first)")
    elif rules.outcomes[-1].when.strip() != "true":
        report(("outcomes", len(rules.outcomes) - 1, "when"),
               "the last outcome level must always match (expected `true`)")
    if not any(o.success for o in rules.outcomes):
        report(("outcomes",), "no outcome level counts as a success (expected at least one `success: true`)")
    if rules.probability.min > rules.probability.max:
        report(("probability",), "min is above max (expected min <= max)")
    report.check()
    return rules, tuple(outcomes)


def find_ruleset(ruleset_id: str, near: Path | None = None) -> Path | None:
    candidates = []
    if near is not None:
        candidates += [near.parent / "rules" / f"{ruleset_id}.yaml", near.parent.parent / "rules" / f"{ruleset_id}.yaml"]
    candidates.append(paths.RULES / f"{ruleset_id}.yaml")
    return next((c for c in candidates if c.is_file()), None)


# ---------------------------------------------------------------- scenarios

_MAX_TURNS = next(a.metadata["maximum"] for a in attrs.fields(Turns) if a.name == "count")


def _compile(report: _Collector, path: tuple, source: str, names: Names, expect: str,
             slots: dict | None = None, ranges: dict | None = None) -> Any:
    try:
        compiled = compile_expr(source, names, expect)
    except ExprError as e:
        report(path, f"{e.message} (in expression {source!r}, at character {e.offset + 1})")
        return None
    if slots is not None:
        _check_track_values(report, path, source, compiled, slots)
        ranges = {"turn": (0, _MAX_TURNS), **{f"track:{s.track.id}": (s.min, s.max) for s in slots.values()}}
    if ranges is not None:
        _check_magnitude(report, path, source, compiled, ranges)
    return compiled


def _check_magnitude(report: _Collector, path: tuple, source: str, compiled, ranges: dict) -> None:
    """Play saturates arithmetic at ±MAX_VALUE; a calculation that can get there is refused here."""
    found = overflow(compiled.node, ranges)
    if found is not None:
        pos, (lo, hi) = found
        worst = hi if abs(hi) >= abs(lo) else lo
        report(path, f"this calculation can reach {float(worst):.3g} in play, beyond the limit of "
                     f"±{MAX_VALUE:.0e} (expected smaller numbers; in expression {source!r}, "
                     f"at character {pos + 1})")


def _check_track_values(report: _Collector, path: tuple, source: str, compiled, slots: dict) -> None:
    """`track("trust", USA, JPN)` type-checks for any pair, but only the pairs a track lists exist."""
    from wargame.expr import walk
    from wargame.expr.parser import Call, Name, Str

    for node in walk(compiled.node):
        if not (isinstance(node, Call) and node.func == "track" and len(node.args) > 1
                and isinstance(node.args[0], Str) and all(isinstance(a, Name) for a in node.args[1:])):
            continue
        key = track_key(node.args[0].value, *(a.name for a in node.args[1:]))
        if key not in slots:
            members = sorted(k.partition(".")[2] for k in slots if k.startswith(node.args[0].value + "."))
            report(path, f"track '{node.args[0].value}' has no value for {'-'.join(a.name for a in node.args[1:])} "
                         f"(expected one of: {', '.join(members)}; in expression {source!r}, "
                         f"at character {node.pos + 1})")


def load_scenario(path: Path | str, display: str | None = None, ruleset_path: Path | None = None) -> CompiledScenario:
    path = Path(path)
    display = display or str(path)
    scen, doc, report = _structure_doc(Scenario, path, display)
    if ruleset_path is None:
        ruleset_path = find_ruleset(scen.ruleset, path)
    if ruleset_path is None:
        report(("ruleset",), f"unknown ruleset '{scen.ruleset}' (expected a file rules/{scen.ruleset}.yaml)")
        report.check()
    rules, outcomes = load_ruleset(ruleset_path)
    return _Checker(scen, rules, outcomes, report, display, ruleset_path, path).run()


def _dupes(report: _Collector, items: list, base: tuple, what: str, key=lambda x: x.id) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        k = key(item)
        if k in seen:
            report(base + (i, "id"), f"duplicate {what} id '{k}' (first at {base[-1]}[{seen[k]}]; expected unique ids)")
        else:
            seen[k] = i


class _Checker:
    """The semantic pass: cross-references, ranges, and expression compilation."""

    def __init__(self, scen: Scenario, rules: Ruleset, outcomes, report: _Collector, display: str,
                 ruleset_path: Path, path: Path):
        self.s, self.rules, self.outcomes, self.report = scen, rules, outcomes, report
        self.display, self.ruleset_path, self.path = display, ruleset_path, path
        self.dels = tuple(scen.delegations)
        self.levels = {o.id for o in rules.outcomes}

    def run(self) -> CompiledScenario:
        s, report = self.s, self.report
        if not s.delegations:
            report(("delegations",), "no delegations (expected at least one of USA, JPN, KOR, AUS, GBR)")
        self._calendar()
        slots = self._tracks()
        self.slots = slots
        self.names = self._names()
        lo_ids = {lo.id for lo in s.learning_objectives}
        _dupes(report, s.learning_objectives, ("learning_objectives",), "learning objective")
        _dupes(report, s.injects, ("injects",), "inject")
        for i, d in enumerate(s.debrief):
            self._objective_refs(d.objectives, ("debrief", i, "objectives"), lo_ids)
        for code, brief in s.delegations.items():
            self._citations(brief.sources, ("delegations", code, "sources"))
            _dupes(report, brief.objectives, ("delegations", code, "objectives"), "objective")
        for code, actor in s.actors.items():
            self._citations(actor.sources, ("actors", code, "sources"))
        self._citations_doc_ids()
        injects = {}
        for i, inj in enumerate(s.injects):
            injects[inj.id] = self._inject(inj, ("injects", i), lo_ids)
        objectives = {
            code: tuple((o, _compile(report, ("delegations", code, "objectives", j, "when"), o.when, self.names,
                                     "bool", self.slots))
                        for j, o in enumerate(brief.objectives))
            for code, brief in s.delegations.items()
        }
        standing = self._rules(s.responses, ("responses",), "response")
        report.check()
        return CompiledScenario(
            scenario=s, ruleset=self.rules, path=self.display, ruleset_path=str(self.ruleset_path),
            file=str(self.path.resolve()),
            scenario_sha256=sha256_file(self.path), ruleset_sha256=sha256_file(self.ruleset_path),
            slots=slots, injects=injects, outcomes=self.outcomes, objectives=objectives,
            responses=standing, names=self.names,
        )

    def _calendar(self) -> None:
        """The last turn's date must exist too: 30 steps of 9999 years would run off the calendar."""
        from wargame.engine.state import turn_date

        t = self.s.turns
        try:
            turn_date(t.start, t.step, t.count)
        except (ValueError, OverflowError):
            self.report(("turns", "step"), f"turn {t.count} would fall after the year 9999 "
                                           f"(expected a shorter step or fewer turns)")

    # -- tracks
    def _tracks(self) -> dict[str, TrackSlot]:
        s, report = self.s, self.report
        _dupes(report, s.tracks, ("tracks",), "track")
        slots: dict[str, TrackSlot] = {}
        all_pairs = [pair_key(a, b) for a, b in itertools.combinations(self.dels, 2)]
        for i, t in enumerate(s.tracks):
            at = ("tracks", i)
            if t.min >= t.max:
                report(at + ("max",), f"max {t.max} is not above min {t.min} (expected min < max)")
                continue
            if t.scope == "global":
                members: list[tuple[str, str]] = [("", "")]
                if t.pairs:
                    report(at + ("pairs",), "pairs given for a global track (expected scope: pair)")
            elif t.scope == "delegation":
                members = [(d, d) for d in self.dels]
            else:
                pairs = []
                for j, p in enumerate(t.pairs):
                    parts = p.split("-")
                    if len(parts) != 2 or any(x not in self.dels for x in parts) or parts[0] == parts[1]:
                        report(at + ("pairs", j), f"'{p}' is not a pair of this scenario's delegations "
                                                  f"(expected e.g. JPN-KOR from {', '.join(self.dels)})")
                        continue
                    pairs.append(pair_key(*parts))
                members = [(p, p) for p in (pairs or all_pairs)]
            starts = t.start
            if isinstance(starts, dict):
                if t.scope == "global":
                    report(at + ("start",), "a mapping of start values on a global track (expected a number)")
                    continue
                known = {m for m, _ in members}
                for k in starts:
                    canon = pair_key(*k.split("-")) if t.scope == "pair" and k.count("-") == 1 else k
                    if canon not in known:
                        report(at + ("start", k), f"'{k}' is not one of this track's members "
                                                  f"(expected one of: {', '.join(sorted(known))})", True)
            for member, _ in members:
                if isinstance(starts, dict):
                    start = next((v for k, v in starts.items()
                                  if k == member or (t.scope == "pair" and k.count("-") == 1
                                                     and pair_key(*k.split("-")) == member)), t.min)
                else:
                    start = starts
                if not t.min <= start <= t.max:
                    report(at + ("start",), f"start {start} is outside {t.min}..{t.max} (expected a value in range)")
                key = f"{t.id}.{member}" if member else t.id
                label = f"{t.label} ({member.replace('-', '–')})" if member else t.label
                slots[key] = TrackSlot(key, t, label, t.min, t.max, start)
        return slots

    def _names(self) -> Names:
        s = self.s
        options: dict[str, set[str]] = {d: set() for d in self.dels}
        for inj in s.injects:
            for d, opts in inj.options.items():
                options.setdefault(d, set()).update(o.id for o in opts)
        responses: dict[str, set[str]] = {a: set() for a in s.actors}
        for r in itertools.chain(s.responses, *(inj.responses for inj in s.injects)):
            responses.setdefault(r.actor, set()).add(r.id)
        return Names(
            delegations=frozenset(self.dels), actors=frozenset(s.actors),
            tracks={t.id: t.scope for t in s.tracks}, injects=frozenset(i.id for i in s.injects),
            options={d: frozenset(v) for d, v in options.items()},
            responses={a: frozenset(v) for a, v in responses.items()},
            outcomes=frozenset(self.levels), variables={},
            inject_options={(i.id, d): frozenset(o.id for o in opts) for i in s.injects for d, opts in i.options.items()},
        )

    # -- references
    def _objective_refs(self, ids: list[str], at: tuple, lo_ids: set[str]) -> None:
        for j, ref in enumerate(ids):
            if ref not in lo_ids:
                self.report(at + (j,), f"unknown learning objective '{ref}' "
                                       f"(expected one of: {', '.join(sorted(lo_ids)) or 'none defined'})")

    def _citations(self, cites: list[str], at: tuple) -> None:
        import re

        from wargame.model.scenario import CITATION_PATTERN

        for j, c in enumerate(cites):
            if not re.match(CITATION_PATTERN, c):
                self.report(at + (j,), f"'{c}' is not a citation (expected doc-id#claim-id)")

    def _citations_doc_ids(self) -> None:
        import re

        for j, d in enumerate(self.s.sources):
            if not re.match(r"^[a-z0-9][a-z0-9-]*$", d):
                self.report(("sources", j), f"'{d}' is not a source document id (expected e.g. alsaied-2023)")

    def _effects(self, effects: dict, at: tuple) -> tuple:
        out = []
        for ref, amount in effects.items():
            key = self._track_key(ref, at + (ref,))
            if key is None:
                continue
            if isinstance(amount, str):
                amount = _compile(self.report, at + (ref,), amount, self.names, "num", self.slots)
            out.append((key, amount))
        return tuple(out)

    def _track_key(self, ref: str, at: tuple) -> str | None:
        track_id, members = split_ref(ref)
        scope = self.names.tracks.get(track_id)
        if scope is None:
            import difflib

            near = difflib.get_close_matches(track_id, list(self.names.tracks), n=1, cutoff=0.7)
            hint = f"did you mean '{near[0]}'? " if near else ""
            self.report(at, f"unknown track '{track_id}' ({hint}expected one of: {', '.join(self.names.tracks)})", True)
            return None
        if scope == "global":
            key = track_id if not members else None
        elif scope == "delegation":
            key = f"{track_id}.{members[0]}" if len(members) == 1 else None
        else:
            key = f"{track_id}.{pair_key(*members)}" if len(members) == 2 else None
        if key is None or key not in self.slots:
            form = {"global": track_id, "delegation": f"{track_id}.USA",
                    "pair": f"{track_id}.JPN-KOR"}[scope]
            self.report(at, f"'{ref}' does not name a value of the {scope} track '{track_id}' (expected e.g. {form}"
                            f"{'' if scope == 'global' else ' with delegations of this scenario'})", True)
            return None
        return key

    def _rules(self, rules: list, at: tuple, what: str) -> tuple[CompiledRule, ...]:
        _dupes(self.report, rules, at, what)
        out = []
        for j, r in enumerate(rules):
            if what == "response":
                self._citations(r.sources, at + (j, "sources"))
                if r.actor not in self.s.actors:
                    self.report(at + (j, "actor"), f"unknown actor '{r.actor}' "
                                                    f"(expected one of: {', '.join(self.s.actors) or 'none defined'})")
            else:
                self._citations(r.sources, at + (j, "sources"))
            when = _compile(self.report, at + (j, "when"), r.when, self.names, "bool", self.slots)
            out.append(CompiledRule(r, when, self._effects(r.effects, at + (j, "effects"))))
        return tuple(out)

    def _inject(self, inj, at: tuple, lo_ids: set[str]) -> CompiledInject:
        s, report = self.s, self.report
        if inj.turn is None and inj.when is None:
            report(at, "inject has neither 'turn' nor 'when' (expected a scheduled turn, a trigger condition, or both)")
        if inj.turn is not None and inj.turn > s.turns.count:
            report(at + ("turn",), f"turn {inj.turn} is after the last turn (expected 1..{s.turns.count})")
        for j, d in enumerate(inj.to):
            if d not in self.dels:
                report(at + ("to", j), f"'{d}' does not play in this scenario (expected one of: {', '.join(self.dels)})")
        to = tuple(d for d in (inj.to or self.dels) if d in self.dels)
        self._objective_refs(inj.objectives, at + ("objectives",), lo_ids)
        self._citations(inj.sources, at + ("sources",))
        when = _compile(report, at + ("when",), inj.when, self.names, "bool", self.slots) if inj.when else None
        options: dict[str, dict[str, CompiledOption]] = {}
        for d, opts in inj.options.items():
            if d not in to:
                report(at + ("options", d), f"options for {d}, which this inject does not address "
                                            f"(expected one of: {', '.join(to)})", True)
                continue
            _dupes(report, opts, at + ("options", d), "option")
            options[d] = {o.id: self._option(o, at + ("options", d, j)) for j, o in enumerate(opts)}
        return CompiledInject(
            inject=inj, when=when, to=to, options=options,
            combined=self._rules(inj.combined, at + ("combined",), "combined-move rule"),
            responses=self._rules(inj.responses, at + ("responses",), "response"),
        )

    def _option(self, o, at: tuple) -> CompiledOption:
        report = self.report
        self._citations(o.sources, at + ("sources",))
        requires = _compile(report, at + ("requires",), o.requires, self.names, "bool", self.slots) if o.requires else None
        mods = tuple((m, _compile(report, at + ("modifiers", j, "when"), m.when, self.names, "bool", self.slots))
                     for j, m in enumerate(o.modifiers))
        effects = {}
        for level, eff in o.effects.items():
            if level not in self.levels:
                report(at + ("effects", level), f"unknown outcome level '{level}' "
                                                f"(expected one of: {', '.join(self.levels)})", True)
                continue
            effects[level] = self._effects(eff, at + ("effects", level))
        for level in o.outcomes:
            if level not in self.levels:
                report(at + ("outcomes", level), f"unknown outcome level '{level}' "
                                                 f"(expected one of: {', '.join(self.levels)})", True)
        return CompiledOption(o, requires, mods, effects)


# ---------------------------------------------------------------- discovery

def scenario_files(target: Path) -> list[Path]:
    return paths.yaml_files(target)


def resolve_scenario(ref: str) -> Path:
    """A scenario path, or the id of a shipped scenario."""
    p = Path(ref)
    if p.exists():
        return p
    for cand in (paths.SCENARIOS / f"{ref}.yaml", paths.SCENARIOS / f"{ref}.yml"):
        if cand.is_file():
            return cand
    raise InputError([Problem(ref, 1, 1, f"no scenario file or shipped scenario id '{ref}' "
                                         f"(expected a path or one of: {', '.join(shipped_ids())})")])


def shipped_ids() -> list[str]:
    return sorted(p.stem for p in paths.SCENARIOS.glob("*.yaml"))

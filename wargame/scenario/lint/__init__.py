"""Lint: warnings about scenarios that load but will not play as their author meant.

`lint(cs)` takes a compiled (so already valid) scenario and returns located `Problem`s with
`severity="warning"` (or `"info"` for the purely informational `unread-track`) and a `rule` id.
Every rule is documented in `docs/lint-rules.md`; `RULES` below is the list.

Reachability is decided by a *sound* abstract interpretation of the expression language:

- every track value is an interval, its slot's `min..max` (Control may adjust any track at any
  time, so nothing narrower is safe), and `turn` is the exact turn or turns where a condition is
  evaluated (the schedule);
- `fired(...)`, `chose(...)`, `outcome(...)`, `succeeded(...)` and `responded(...)` are true only if
  the inject, option or response could have happened by then; which injects can fire in which turns
  and which options can be chosen is itself computed, as the least fixpoint over the whole scenario;
- conditions narrow the intervals they test (`track("x") >= 6 and track("x") < 4` is empty), and
  `and`/`or`/`not` are followed exactly; arithmetic uses interval arithmetic.

Over-approximating every value means that "can never hold" and "can never fail" verdicts are
proofs: a warning of `unreachable-inject` is never a false alarm (the converse is not true: the
analysis does not track how effects move tracks, so some dead injects go unnoticed; the
`--simulate N` check, rule `unreached-inject`, is the softer empirical complement).

The rules live in a registry (`registry.py`), one module per rule family under `rules/`; this
module runs them and keeps the public names (`RULES`, `lint`, `lint_ruleset`, `render`, and the
analysis used by `wargame graph`).
"""

from __future__ import annotations

from pathlib import Path

import attrs

from wargame.scenario.errors import Problem
from wargame.scenario.lint.analysis import PHASES, Analysis
from wargame.scenario.lint.claims import load_claims
from wargame.scenario.lint.context import Context
from wargame.scenario.lint.intervals import Iv
from wargame.scenario.lint.registry import hooks, rules

# Analysis, PHASES and Iv are re-exported: `wargame graph` (flow.py) and the tests use them from here.
__all__ = ["PHASES", "RULES", "Analysis", "Iv", "lint", "lint_ruleset", "render"]

#: rule id -> (severity, one-line summary). docs/lint-rules.md has one section per rule.
RULES: dict[str, tuple[str, str]] = rules()


def lint(cs, doc=None, *, register: dict[str, frozenset[str]] | None = None, simulate: int = 0, seed: int = 1,
         jobs: int = 1, library: bool = False, played: dict | None = None) -> list[Problem]:
    """Warnings (and infos) about the compiled scenario `cs`, located in its YAML `doc`.

    `doc` is the scenario's `YamlDoc` (re-read from `cs.file` when not given); `register` maps source
    doc ids to claim ids (default: the project's `seeds/`); `simulate` > 0 adds the empirical rule
    `unreached-inject` over that many automatic games; `library` adds the shipped-library limits
    (errors, `rules/library.py`), with `played` the balance games if already played (`{}`: skip them).
    """
    from wargame.scenario.yamlsrc import load_yaml_file

    if doc is None:
        doc = load_yaml_file(Path(cs.file), display=cs.path)
    ctx = Context(cs, doc, load_claims() if register is None else register,
                  {rule: meta[0] for rule, meta in RULES.items()})
    for check in hooks("check"):
        check(ctx)
    if simulate > 0:
        for check in hooks("simulated"):
            check(ctx, simulate, seed, jobs)
    if library:
        for check in hooks("check_library"):
            check(ctx, played)
    problems = ctx.problems + lint_ruleset(Path(cs.ruleset_path))
    return sorted(set(problems), key=Problem.sort_key)


def lint_ruleset(path: Path, display: str | None = None) -> list[Problem]:
    """Warnings about a ruleset file: outcome levels no roll reaches, rolls no level matches.

    The file is structured leniently (without the loader's own checks) so that the reason for a
    bad last level can be shown as rolls; files that do not even structure give no warnings.
    """
    from wargame.expr import ExprError, compile_expr
    from wargame.model.ruleset import Ruleset
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import RULESET_NAMES
    from wargame.scenario.structure import FAILED, structure
    from wargame.scenario.yamlsrc import load_yaml_file

    try:
        doc = load_yaml_file(Path(path), display=display)
    except InputError:
        return []
    rules = structure(Ruleset, doc.data, (), lambda *a: None)
    if rules is FAILED or not rules.outcomes:
        return []
    compiled = []
    for level in rules.outcomes:
        try:
            compiled.append(compile_expr(level.when, RULESET_NAMES, "bool"))
        except ExprError:
            return []
    problems: list[Problem] = []

    def warn(rule: str, at: tuple, message: str) -> None:
        problems.append(attrs.evolve(doc.problem(at, message), severity=RULES[rule][0], rule=rule))

    for check in hooks("check_ruleset"):
        check(rules, compiled, warn)
    return problems


def render(p: Problem) -> str:
    """A problem as printed by `wargame lint`: `Problem.__str__`, with `info[rule]`/`error[rule]` for rule findings."""
    if p.severity in ("info", "error") and p.rule:
        where = f"{p.where}: " if p.where else ""
        return f"{p.file}:{p.line}:{p.col}: {p.severity}[{p.rule}]: {where}{p.message}"
    return str(p)

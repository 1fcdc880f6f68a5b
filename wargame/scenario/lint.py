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
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any, Iterable

import attrs

from wargame.expr.parser import And, Bool, Call, Compare, Name, Neg, Not, Num, Or, Product, Str, Sum, unparse, walk
from wargame.scenario.errors import Problem
from wargame.scenario.trackref import pair_key

#: rule id -> (severity, one-line summary). docs/lint-rules.md has one section per rule.
RULES: dict[str, tuple[str, str]] = {
    "unreachable-inject": ("warning", "an inject whose condition can never hold when it is checked"),
    "unreached-inject": ("warning", "an inject that fired in none of N simulated games (--simulate N)"),
    "unreachable-option": ("warning", "an option whose requirement never holds while its inject is active"),
    "unreachable-modifier": ("warning", "a modifier whose condition never holds when the option is rolled"),
    "unreachable-rule": ("warning", "a combined-move rule or response whose condition can never hold"),
    "unread-track": ("info", "a track that no condition, modifier, objective or amount reads"),
    "objective-unattainable": ("warning", "an objective that can never be met"),
    "objective-certain": ("warning", "an objective that can never be missed"),
    "idle-delegation": ("warning", "a delegation addressed by no scheduled inject in some turns"),
    "no-options": ("warning", "an inject addresses a delegation but gives it no options"),
    "uncited-option": ("warning", "an option without sources"),
    "uncited-inject": ("warning", "an inject without sources"),
    "unknown-claim": ("warning", "a citation or source id that is not in the source register (seeds/)"),
    "odds-range": ("warning", "an option's odds can leave 0..1 once modifiers are added"),
    "ambiguous-chose": ("warning", "chose(DEL, \"option\") names an option id the delegation has on several injects"),
    "stance-coverage": ("warning", "a delegation's options on an inject lack a cautious, cooperative or national one"),
    "last-level": ("warning", "the ruleset's last outcome level is not `true` (some rolls match no level)"),
    "unreachable-level": ("warning", "a ruleset outcome level that no roll can produce"),
}

STANCES = ("cautious", "cooperative", "national")
INF = math.inf


# ============================================================================ intervals

@attrs.frozen
class Iv:
    """A set of numbers: lo..hi, each end open or closed (open ends come from strict comparisons)."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def hull(self, other: "Iv") -> "Iv":
        lo, lo_open = min((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_neg_open = max((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Iv(lo, hi, lo_open, not hi_neg_open)

    def meet(self, other: "Iv") -> "Iv":
        lo, lo_open = max((self.lo, self.lo_open), (other.lo, other.lo_open))
        hi, hi_neg_open = min((self.hi, not self.hi_open), (other.hi, not other.hi_open))
        return Iv(lo, hi, lo_open, not hi_neg_open)

    def integral(self) -> "Iv":
        lo = self.lo + 1 if self.lo_open and float(self.lo).is_integer() else self.lo
        hi = self.hi - 1 if self.hi_open and float(self.hi).is_integer() else self.hi
        return Iv(math.ceil(lo) if lo != -INF else lo, math.floor(hi) if hi != INF else hi)

    def __str__(self) -> str:
        return f"{_fmt(self.lo)}..{_fmt(self.hi)}"


def _fmt(x: float) -> str:
    if x in (INF, -INF):
        return "∞" if x > 0 else "-∞"
    return f"{x:g}"


ANY = Iv(-INF, INF)


def _point(v: float) -> Iv:
    return Iv(v, v)


def _mul1(x: float, y: float) -> float:
    return 0.0 if x == 0 or y == 0 else x * y


def _add(a: Iv, b: Iv) -> Iv:
    return Iv(a.lo + b.lo, a.hi + b.hi)


def _sub(a: Iv, b: Iv) -> Iv:
    return Iv(a.lo - b.hi, a.hi - b.lo)


def _mul(a: Iv, b: Iv) -> Iv:
    c = [_mul1(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Iv(min(c), max(c))


def _div(a: Iv, b: Iv) -> Iv:
    if b.lo <= 0 <= b.hi:
        return ANY  # division by zero gives 0, anything else is unbounded
    return _mul(a, Iv(1 / b.hi if b.hi != INF else 0.0, 1 / b.lo if b.lo != -INF else 0.0))


def _can(op: str, a: Iv, b: Iv) -> bool:
    """Whether `x op y` holds for some x in a and y in b (both non-empty)."""
    if op == "<":
        return a.lo < b.hi
    if op == "<=":
        return a.lo < b.hi or (a.lo == b.hi and not a.lo_open and not b.hi_open)
    if op == ">":
        return _can("<", b, a)
    if op == ">=":
        return _can("<=", b, a)
    if op == "==":
        return not a.meet(b).empty
    # "!=": fails only when both are the same single point
    return not (a.lo == a.hi == b.lo == b.hi)


_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _constraint(op: str, b: Iv) -> Iv | None:
    """The values x for which `x op y` holds for some y in b (None: no useful narrowing)."""
    return {
        "<": Iv(-INF, b.hi, False, True),
        "<=": Iv(-INF, b.hi, False, b.hi_open),
        ">": Iv(b.lo, INF, True, False),
        ">=": Iv(b.lo, INF, b.lo_open, False),
        "==": b,
    }.get(op)


# ============================================================================ abstract values

@attrs.frozen
class Strs:
    """A set of possible texts; None means any text."""

    values: frozenset | None


BOTH = frozenset({True, False})
Env = dict  # key ("turn", a track slot key, or a ruleset variable) -> Iv


class Facts:
    """What may have happened by the point where a condition is evaluated (turn `t`, `phase`)."""

    def __init__(self, an: "Analysis", t: int, fired_incl: bool, moves_incl: bool):
        self.an, self.t, self.fired_incl, self.moves_incl = an, t, fired_incl, moves_incl

    def _by(self, turns: Iterable[int], inclusive: bool) -> bool:
        return any(x <= self.t if inclusive else x < self.t for x in turns)

    def fired(self, iid: str) -> frozenset:
        out = set()
        if self._by(self.an.fire[iid], self.fired_incl):
            out.add(True)
        must = self.an.must.get(iid)
        if not (must is not None and (must <= self.t if self.fired_incl else must < self.t)):
            out.add(False)
        return frozenset(out)

    def chose(self, code: str | None, oid: str, iid: str | None) -> frozenset:
        for (i, d, o), turns in self.an.choose.items():
            if o == oid and (code is None or d == code) and (iid is None or i == iid) \
                    and self._by(turns, self.moves_incl):
                return BOTH
        return frozenset({False})

    def resolved(self, iid: str, code: str | None) -> bool:
        ci = self.an.cs.injects[iid]
        return (code is None or code in ci.to) and self._by(self.an.fire[iid], self.moves_incl)

    def outcome(self, iid: str, code: str | None) -> Strs:
        return Strs(frozenset({""} | (set(self.an.levels) if self.resolved(iid, code) else set())))

    def succeeded(self, iid: str, code: str | None) -> frozenset:
        return BOTH if self.an.success_levels and self.resolved(iid, code) else frozenset({False})

    def responded(self, actor: str | None, rid: str) -> frozenset:
        for (a, r), where in self.an.response_sources.items():
            if r == rid and (actor is None or a == actor):
                if any(w is None or self._by(self.an.fire[w], self.moves_incl) for w in where):
                    return BOTH
        return frozenset({False})


class Evaluator:
    """Abstract evaluation of expression trees over an `Env` of intervals and the `Facts`."""

    def __init__(self, slots: dict, delegations: Iterable[str], actors: Iterable[str],
                 integral: Iterable[str] = ("turn",)):
        self.slots = slots  # slot key -> Iv (for variable-argument track reads)
        self.delegations = frozenset(delegations)
        self.actors = frozenset(actors)
        self.integral = frozenset(integral)
        #: track reads of values the scenario does not hold: (track id, args) seen
        self.missing: set[str] = set()

    # -- references that conditions can narrow
    def ref(self, node) -> str | None:
        if isinstance(node, Name) and node.name in self.integral:
            return node.name
        if isinstance(node, Call) and node.func == "track":
            key = self._track_key(node)
            if key is not None and key in self.slots:
                return key
        return None

    def _code(self, node) -> str | None:
        if isinstance(node, Name) and (node.name in self.delegations or node.name in self.actors):
            return node.name
        return None

    def _track_key(self, node: Call) -> str | None:
        tid = node.args[0].value
        codes = [self._code(a) for a in node.args[1:]]
        if any(c is None for c in codes):
            return None
        if len(codes) == 2:
            return f"{tid}.{pair_key(*codes)}"
        return f"{tid}.{codes[0]}" if codes else tid

    # -- values
    def ev(self, node, env: Env, f: Facts | None):
        match node:
            case Num(value=v):
                return _point(v)
            case Str(value=v):
                return Strs(frozenset({v}))
            case Bool(value=v):
                return frozenset({v})
            case Name(name=n):
                if n in env:
                    return env[n]
                if n in self.delegations or n in self.actors:
                    return Strs(frozenset({n}))
                return ANY
            case Neg(operand=x):
                v = self.ev(x, env, f)
                return Iv(-v.hi, -v.lo)
            case Sum(first=first, rest=rest):
                acc = self.ev(first, env, f)
                for op, x in rest:
                    acc = (_add if op == "+" else _sub)(acc, self.ev(x, env, f))
                return acc
            case Product(first=first, rest=rest):
                acc = self.ev(first, env, f)
                for op, x in rest:
                    acc = (_mul if op == "*" else _div)(acc, self.ev(x, env, f))
                return acc
            case Call():
                return self._call(node, env, f)
        # Not, And, Or, Compare: a condition used as a value
        return frozenset(w for w in (True, False) if self.may(node, w, env, f) is not None)

    def _call(self, node: Call, env: Env, f: Facts | None):
        fn, args = node.func, node.args
        if fn == "track":
            key = self._track_key(node)
            if key is not None:
                if key in env:
                    return env[key]
                self.missing.add(unparse(node))
                return ANY
            tid = args[0].value
            vals = [v for k, v in env.items() if k == tid or k.startswith(tid + ".")]
            return functools.reduce(Iv.hull, vals) if vals else ANY
        if fn in ("min", "max"):
            vals = [self.ev(a, env, f) for a in args]
            pick = min if fn == "min" else max
            return Iv(pick(v.lo for v in vals), pick(v.hi for v in vals))
        if fn == "abs":
            v = self.ev(args[0], env, f)
            if v.lo >= 0:
                return Iv(v.lo, v.hi)
            if v.hi <= 0:
                return Iv(-v.hi, -v.lo)
            return Iv(0, max(-v.lo, v.hi))
        if fn == "clamp":
            x, lo, hi = (self.ev(a, env, f) for a in args)
            # max(lo, min(x, hi))
            m = Iv(min(x.lo, hi.lo), min(x.hi, hi.hi))
            return Iv(max(lo.lo, m.lo), max(lo.hi, m.hi))
        if fn == "count":
            vals = [self.ev(a, env, f) for a in args]
            return Iv(sum(1 for v in vals if v == frozenset({True})), sum(1 for v in vals if True in v))
        if fn == "if":
            vals = []
            for want, branch in ((True, args[1]), (False, args[2])):
                narrowed = self.may(args[0], want, env, f)
                if narrowed is not None:
                    vals.append(self.ev(branch, narrowed, f))
            if not vals:
                return Iv(1, 0)  # empty: the condition itself is impossible here
            if all(isinstance(v, Iv) for v in vals):
                return functools.reduce(Iv.hull, vals)
            return frozenset().union(*vals) if all(isinstance(v, frozenset) for v in vals) else ANY
        if f is None:
            return Strs(None) if fn == "outcome" else BOTH
        code = self._code(args[0]) if fn in ("chose", "responded") else None
        if fn == "chose":
            iid = args[2].value if len(args) == 3 else None
            return f.chose(code, args[1].value, iid)
        if fn == "fired":
            return f.fired(args[0].value)
        if fn == "outcome":
            return f.outcome(args[0].value, self._code(args[1]))
        if fn == "succeeded":
            return f.succeeded(args[0].value, self._code(args[1]))
        if fn == "responded":
            return f.responded(code, args[1].value)
        return ANY  # pragma: no cover - a function added to the language but not here

    # -- conditions
    def may(self, node, want: bool, env: Env, f: Facts | None) -> Env | None:
        """`env` narrowed to where `node` can evaluate to `want`, or None if it never can."""
        match node:
            case Bool(value=v):
                return env if v == want else None
            case Not(operand=x):
                return self.may(x, not want, env, f)
            case And(items=items) | Or(items=items):
                if want == isinstance(node, And):  # all items must give `want`
                    for item in items:
                        env = self.may(item, want, env, f)
                        if env is None:
                            return None
                    return env
                return _join(self.may(item, want, env, f) for item in items)
            case Compare():
                return self._compare(node, want, env, f)
            case Call(func="if", args=(cond, then, other)):
                return _join((self.may(branch, want, e, f) if e is not None else None)
                             for e, branch in ((self.may(cond, True, env, f), then),
                                               (self.may(cond, False, env, f), other)))
        v = self.ev(node, env, f)
        if not isinstance(v, frozenset):
            return env  # a value this analysis does not model: anything is possible
        return env if want in v else None

    def _compare(self, node: Compare, want: bool, env: Env, f: Facts | None) -> Env | None:
        op = node.op if want else _NEGATE[node.op]
        a, b = self.ev(node.left, env, f), self.ev(node.right, env, f)
        if isinstance(a, Iv) and isinstance(b, Iv):
            if a.empty or b.empty or not _can(op, a, b):
                return None
            for side, other, o in ((node.left, b, op), (node.right, a, _FLIP[op])):
                key = self.ref(side)
                c = _constraint(o, other)
                if key is not None and c is not None:
                    got = env[key].meet(c)
                    if key in self.integral:
                        got = got.integral()
                    if got.empty:
                        return None
                    env = {**env, key: got}
            return env
        eq = _may_equal(a, b)
        ne = _may_differ(a, b)
        return env if (eq if op == "==" else ne) else None


def _join(envs: Iterable[Env | None]) -> Env | None:
    out = None
    for e in envs:
        if e is None:
            continue
        out = e if out is None else {k: out[k].hull(v) for k, v in e.items()}
    return out


def _set_of(v) -> frozenset | None:
    if isinstance(v, Strs):
        return v.values
    if isinstance(v, frozenset):
        return v
    return None


def _may_equal(a, b) -> bool:
    sa, sb = _set_of(a), _set_of(b)
    return sa is None or sb is None or bool(sa & sb)


def _may_differ(a, b) -> bool:
    sa, sb = _set_of(a), _set_of(b)
    return sa is None or sb is None or not (len(sa) == len(sb) == 1 and sa == sb)


# ============================================================================ the analysis

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


# ============================================================================ the source register

def load_claims(seeds: Path | None = None) -> dict[str, frozenset[str]]:
    """doc id -> claim ids, from `seeds/*.yaml` (files that do not load are skipped)."""
    from wargame import paths

    return dict(_load_claims(str(seeds or paths.SEEDS)))


@functools.lru_cache(maxsize=4)
def _load_claims(folder: str) -> tuple:
    try:  # the project's register module, when present, is the reference reader
        from wargame.scenario.register import load_register
    except ImportError:  # pragma: no cover - depends on the checkout
        load_register = None
    if load_register is not None:
        try:
            return tuple((doc_id, frozenset(claims)) for doc_id, claims in load_register(folder).items())
        except Exception:  # a broken register file: fall back to the tolerant reader below
            pass
    from wargame.scenario.errors import InputError
    from wargame.scenario.yamlsrc import load_yaml_file

    out = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = load_yaml_file(path).data
        except InputError:
            continue
        if not isinstance(data, dict):
            continue
        doc_id = data.get("id") if isinstance(data.get("id"), str) else path.stem
        claims = data.get("claims") if isinstance(data.get("claims"), list) else []
        out.append((doc_id, frozenset(c["id"] for c in claims if isinstance(c, dict) and isinstance(c.get("id"), str))))
    return tuple(out)


# ============================================================================ lint

def lint(cs, doc=None, *, register: dict[str, frozenset[str]] | None = None, simulate: int = 0, seed: int = 1,
         jobs: int = 1) -> list[Problem]:
    """Warnings (and infos) about the compiled scenario `cs`, located in its YAML `doc`.

    `doc` is the scenario's `YamlDoc` (re-read from `cs.file` when not given); `register` maps source
    doc ids to claim ids (default: the project's `seeds/`); `simulate` > 0 adds the empirical rule
    `unreached-inject` over that many automatic games.
    """
    from wargame.scenario.yamlsrc import load_yaml_file

    if doc is None:
        doc = load_yaml_file(Path(cs.file), display=cs.path)
    linter = _Linter(cs, doc, load_claims() if register is None else register)
    linter.run()
    if simulate > 0:
        linter.simulated(simulate, seed, jobs)
    problems = linter.problems + lint_ruleset(Path(cs.ruleset_path))
    return sorted(set(problems), key=Problem.sort_key)


class _Linter:
    def __init__(self, cs, doc, register: dict[str, frozenset[str]]):
        self.cs, self.doc, self.register = cs, doc, register
        self.s = cs.scenario
        self.problems: list[Problem] = []
        self.an = Analysis(cs)
        self.index = {inj.id: i for i, inj in enumerate(self.s.injects)}

    def warn(self, rule: str, path: tuple, message: str, at_key: bool = False) -> None:
        p = self.doc.problem(path, message, at_key=at_key)
        self.problems.append(attrs.evolve(p, severity=RULES[rule][0], rule=rule))

    def run(self) -> None:
        self._reachability()
        self._objectives()
        self._tracks()
        self._schedule()
        self._citations()
        self._options()
        self._ambiguous_chose()

    def _ambiguous_chose(self) -> None:
        """Without its inject, `chose` matches the option on any inject; with reused ids that is
        rarely what the author meant (several authors were bitten by it)."""
        where: dict[tuple[str, str], list[str]] = {}
        for iid, ci in self.cs.injects.items():
            for d, opts in ci.options.items():
                for oid in opts:
                    where.setdefault((d, oid), []).append(iid)
        for at, compiled in self._expressions():
            for n in walk(compiled.node):
                if not (isinstance(n, Call) and n.func == "chose" and len(n.args) == 2
                        and isinstance(n.args[0], Name) and isinstance(n.args[1], Str)):
                    continue
                injects = where.get((n.args[0].name, n.args[1].value), [])
                if len(injects) > 1:
                    self.warn("ambiguous-chose", at,
                              f"`{unparse(n)}` matches '{n.args[1].value}' on {len(injects)} injects "
                              f"({', '.join(injects)}); name the inject: "
                              f"chose({n.args[0].name}, \"{n.args[1].value}\", \"{injects[0]}\")")

    # -- reachability of injects, options, modifiers, rules
    def _turns(self, turns: Iterable[int]) -> str:
        turns = sorted(turns)
        return ("turn " if len(turns) == 1 else "turns ") + _ranges(turns) if turns else "no turn"

    def _reachability(self) -> None:
        an, cs = self.an, self.cs
        for iid, ci in cs.injects.items():
            i, inj = self.index[iid], ci.inject
            at = ("injects", i)
            if not an.fire[iid]:
                if inj.turn is None and inj.earliest > an.count:
                    why = f"`earliest: {inj.earliest}` is after the last turn ({an.count})"
                    self.warn("unreachable-inject", at + ("earliest",), f"inject '{iid}' can never fire: {why}")
                else:
                    if inj.turn is not None or inj.earliest == an.count:
                        where = f"in turn {inj.turn or inj.earliest}"
                    else:
                        where = f"in any turn from {inj.earliest} to {an.count}"
                    self.warn("unreachable-inject", at + ("when",),
                              f"inject '{iid}' can never fire: `{_short(ci.when.source, 80)}` cannot hold {where} "
                              f"(given the tracks' ranges and what can have happened by then)")
                continue
            for d, opts in ci.options.items():
                for j, (oid, co) in enumerate(opts.items()):
                    o_at = at + ("options", d, j)
                    chosen = an.choose[(iid, d, oid)]
                    if not chosen:
                        self.warn("unreachable-option", o_at + ("requires",),
                                  f"{d} can never choose '{oid}' on '{iid}': `{_short(co.option.requires, 80)}` "
                                  f"never holds while the inject is active ({self._turns(an.fire[iid])})")
                        continue
                    for k, (mod, cond) in enumerate(co.modifiers):
                        if not any(an.may(cond, True, t, "adjudication") for t in chosen):
                            self.warn("unreachable-modifier", o_at + ("modifiers", k, "when"),
                                      f"modifier '{mod.why}' of {d}'s '{oid}' on '{iid}' never applies: "
                                      f"`{_short(mod.when, 80)}` cannot hold when the option is rolled "
                                      f"({self._turns(chosen)})")
            for kind, rules in (("combined", ci.combined), ("responses", ci.responses)):
                for k, rule in enumerate(rules):
                    if not any(an.may(rule.when, True, t, "after") for t in an.fire[iid]):
                        what = "combined-move rule" if kind == "combined" else f"{rule.rule.actor} response"
                        self.warn("unreachable-rule", at + (kind, k, "when"),
                                  f"{what} '{rule.rule.id}' on '{iid}' can never apply: "
                                  f"`{_short(rule.rule.when, 80)}` cannot hold after adjudication "
                                  f"({self._turns(an.fire[iid])})")
        for k, rule in enumerate(cs.responses):
            if not any(an.may(rule.when, True, t, "after") for t in range(1, an.count + 1)):
                self.warn("unreachable-rule", ("responses", k, "when"),
                          f"standing {rule.rule.actor} response '{rule.rule.id}' can never apply: "
                          f"`{_short(rule.rule.when, 80)}` cannot hold in any turn")

    def _objectives(self) -> None:
        an = self.an
        for d, objs in self.cs.objectives.items():
            for j, (obj, cond) in enumerate(objs):
                at = ("delegations", d, "objectives", j, "when")
                if not an.may(cond, True, an.count, "end"):
                    self.warn("objective-unattainable", at,
                              f"{d}'s objective '{obj.id}' can never be met: `{_short(obj.when, 80)}` cannot hold "
                              f"at the end of the game")
                elif not an.may(cond, False, an.count, "end"):
                    self.warn("objective-certain", at,
                              f"{d}'s objective '{obj.id}' can never be missed: `{_short(obj.when, 80)}` holds "
                              f"at the end of every game")

    # -- tracks
    def _expressions(self):
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
                        for ref, amount in _effect_refs(co.option.effects.get(level, {}), effects):
                            if hasattr(amount, "node"):
                                yield o_at + ("effects", level, ref), amount
            for kind, rules in (("combined", ci.combined), ("responses", ci.responses)):
                for k, rule in enumerate(rules):
                    yield at + (kind, k, "when"), rule.when
                    for ref, amount in _effect_refs(rule.rule.effects, rule.effects):
                        if hasattr(amount, "node"):
                            yield at + (kind, k, "effects", ref), amount
        for k, rule in enumerate(cs.responses):
            yield ("responses", k, "when"), rule.when
            for ref, amount in _effect_refs(rule.rule.effects, rule.effects):
                if hasattr(amount, "node"):
                    yield ("responses", k, "effects", ref), amount
        for d, objs in cs.objectives.items():
            for j, (_o, cond) in enumerate(objs):
                yield ("delegations", d, "objectives", j, "when"), cond

    def _effect_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        cs = self.cs
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

    def _tracks(self) -> None:
        read: set[str] = set()
        for at, compiled in self._expressions():
            for n in walk(compiled.node):
                if isinstance(n, Call) and n.func == "track":
                    read.add(n.args[0].value)
        counts = self._effect_counts()
        for j, t in enumerate(self.s.tracks):
            if t.id in read:
                continue
            n = counts.get(t.id, 0)
            changed = f"changed by {n} effect{'s' if n != 1 else ''}" if n else "never changed"
            self.warn("unread-track", ("tracks", j, "id"),
                      f"track '{t.id}' is {changed} but no condition, modifier, objective or amount reads it "
                      f"(it only informs the players)")

    # -- schedule
    def _schedule(self) -> None:
        cs, count = self.cs, self.an.count
        for d in cs.delegations:
            idle = [t for t in range(1, count + 1)
                    if not any(ci.inject.turn == t and d in ci.to for ci in cs.injects.values())]
            if idle:
                self.warn("idle-delegation", ("delegations", d),
                          f"{d} is addressed by no scheduled inject in {self._turns(idle)} "
                          f"(it sits idle unless a triggered inject fires)", at_key=True)
        for iid, ci in cs.injects.items():
            missing = [d for d in ci.to if not ci.options.get(d)]
            if missing:
                i = self.index[iid]
                self.warn("no-options", ("injects", i, "options") if ci.inject.options else ("injects", i, "id"),
                          f"inject '{iid}' addresses {', '.join(missing)} but gives "
                          f"{'it' if len(missing) == 1 else 'them'} no options (only a free-form action)")

    # -- citations
    def _citations(self) -> None:
        s = self.s
        for i, inj in enumerate(s.injects):
            if not inj.sources:
                self.warn("uncited-inject", ("injects", i, "id"), f"inject '{inj.id}' cites no sources")
            for d, opts in inj.options.items():
                for j, o in enumerate(opts):
                    if not o.sources:
                        self.warn("uncited-option", ("injects", i, "options", d, j, "id"),
                                  f"{d}'s option '{o.id}' on '{inj.id}' cites no sources")
        for j, doc_id in enumerate(s.sources):
            if doc_id not in self.register:
                self.warn("unknown-claim", ("sources", j), f"'{doc_id}' is not a document of the source register "
                                                           f"(expected one of: {', '.join(sorted(self.register))})")
        for at, cite in _citations(s):
            doc_id, _, claim = cite.partition("#")
            if doc_id not in self.register:
                self.warn("unknown-claim", at, f"'{cite}' cites '{doc_id}', which is not in the source register "
                                               f"(expected one of: {', '.join(sorted(self.register))})")
            elif claim not in self.register[doc_id]:
                import difflib

                near = difflib.get_close_matches(claim, sorted(self.register[doc_id]), n=1, cutoff=0.6)
                hint = f" (did you mean '{doc_id}#{near[0]}'?)" if near else ""
                self.warn("unknown-claim", at, f"'{cite}': {doc_id} has no claim '{claim}'{hint}")

    # -- options: odds and stances
    def _options(self) -> None:
        an = self.an
        for iid, ci in self.cs.injects.items():
            i = self.index[iid]
            for d, opts in ci.options.items():
                stances = {co.option.stance for co in opts.values()}
                lacking = [x for x in STANCES if x not in stances]
                if lacking:
                    self.warn("stance-coverage", ("injects", i, "options", d),
                              f"{d}'s options on '{iid}' have no {_words(lacking, 'or')} option "
                              f"(stances: {', '.join(sorted(stances))})", at_key=True)
                for j, co in enumerate(opts.values()):
                    turns = an.choose[(iid, d, co.option.id)]
                    live = [m for m, cond in co.modifiers if any(an.may(cond, True, t, "adjudication") for t in turns)]
                    lo = co.option.odds + sum(min(0.0, m.add) for m in live)
                    hi = co.option.odds + sum(max(0.0, m.add) for m in live)
                    if lo < -1e-9 or hi > 1 + 1e-9:
                        p = self.cs.ruleset.probability
                        self.warn("odds-range", ("injects", i, "options", d, j, "odds"),
                                  f"odds of {d}'s '{co.option.id}' on '{iid}' range over {lo:.2f}..{hi:.2f} with "
                                  f"its modifiers (expected within 0..1; the ruleset will cut them to "
                                  f"{p.min:g}..{p.max:g})")

    # -- simulation
    def simulated(self, games: int, seed: int, jobs: int) -> None:
        from wargame.sim.simulate import simulate

        report = simulate(self.cs, games=games, seed=seed, policy="mixed", jobs=jobs)
        for iid, rate in report["injects"].items():
            if rate["reached"] == 0 and self.an.fire[iid]:
                self.warn("unreached-inject", ("injects", self.index[iid], "id"),
                          f"inject '{iid}' fired in none of {games} simulated games "
                          f"(mixed policy, seed {seed}; possible turns: {_ranges(sorted(self.an.fire[iid]))})")


def _effect_refs(written: dict, compiled: tuple) -> list[tuple[str, Any]]:
    """Pairs (reference as written, compiled amount) for locating amounts in the document."""
    refs = list(written)
    return [(refs[n] if n < len(refs) else key, amount) for n, (key, amount) in enumerate(compiled)]


def _citations(s):
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


def _ranges(turns: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    out, start = [], None
    for n, t in enumerate(turns):
        if start is None:
            start = t
        if n + 1 == len(turns) or turns[n + 1] != t + 1:
            out.append(str(start) if start == t else f"{start}-{t}")
            start = None
    return ", ".join(out)


def _words(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ============================================================================ rulesets

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
        problems.append(attrs.evolve(doc.problem(at, message), severity="warning", rule=rule))

    last = len(rules.outcomes) - 1
    hits, unmatched = _level_hits(rules, compiled)
    if rules.outcomes[last].when.strip() != "true":
        example = f"; e.g. roll {unmatched[0][0]} against target {unmatched[0][1]} matches no level" if unmatched else ""
        warn("last-level", ("outcomes", last, "when"),
             f"the last outcome level '{rules.outcomes[last].id}' is `{rules.outcomes[last].when}`, not `true`"
             f"{example}")
    for k, level in enumerate(rules.outcomes):
        if hits[k] == 0:
            warn("unreachable-level", ("outcomes", k, "when"),
                 f"outcome level '{level.id}' is never proposed: every roll that satisfies `{level.when}` "
                 f"already matches an earlier level (or none does)")
    return problems


def _level_hits(rules, compiled) -> tuple[list[int], list[tuple[int, int]]]:
    """How many (roll, target) pairs each level is the first match for, and pairs no level matches.

    Exhaustive over every roll and every target the probability bounds allow (sampled evenly
    for dice over 400 sides), so it is exact for the usual d100.
    """
    sides = rules.dice.sides
    lo_t = round(rules.probability.min * sides)
    hi_t = max(lo_t, round(rules.probability.max * sides))
    step = max(1, sides // 400)
    rolls = sorted(set(range(1, sides + 1, step)) | {sides})
    targets = sorted(set(range(lo_t, hi_t + 1, step)) | {hi_t})
    hits = [0] * len(compiled)
    unmatched = []

    class Ctx:
        turn = 0

        def __init__(self, roll, target):
            self.roll, self.target = roll, target

        def var(self, name):
            return self.roll if name == "roll" else self.target

    for t in targets:
        for r in rolls:
            ctx = Ctx(r, t)
            for k, c in enumerate(compiled):
                if c.evaluate(ctx):
                    hits[k] += 1
                    break
            else:
                unmatched.append((r, t))
    return hits, unmatched


# ============================================================================ output

def render(p: Problem) -> str:
    """A problem as printed by `wargame lint`: `Problem.__str__`, with `info[rule]` for infos."""
    if p.severity == "info":
        where = f"{p.where}: " if p.where else ""
        return f"{p.file}:{p.line}:{p.col}: info[{p.rule}]: {where}{p.message}"
    return str(p)


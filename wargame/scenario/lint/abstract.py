"""Abstract evaluation of the expression language over intervals and what may have happened.

`Evaluator.may(node, want, env, facts)` narrows `env` to where `node` can evaluate to `want`
(None: it never can); `Facts` answers `fired`/`chose`/`outcome`/`succeeded`/`responded` from the
`Analysis` fixpoint.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Iterable

import attrs

from wargame.expr.parser import And, Bool, Call, Compare, Name, Neg, Not, Num, Or, Product, Str, Sum, unparse
from wargame.scenario.lint.intervals import (_FLIP, _NEGATE, ANY, Iv, _add, _can, _constraint, _div, _mul,
                                             _point, _sub)
from wargame.scenario.trackref import pair_key

if TYPE_CHECKING:
    from wargame.scenario.lint.analysis import Analysis


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

    def succeeded(self, iid: str, code: str | None, oid: str | None = None) -> frozenset:
        if oid is not None and self.chose(code, oid, iid) == frozenset({False}):
            return frozenset({False})
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
            return f.succeeded(args[0].value, self._code(args[1]), args[2].value if len(args) == 3 else None)
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


"""Compiler from checked trees to nested Python closures, and the evaluation `Context` protocol.

Conditions are evaluated for every option, response and objective on every refresh, so all
dispatch on node kinds happens once here; evaluation is only calls of closures (or C-level
`operator` helpers) with no type tests. Constant sub-expressions are folded at compile time.

Semantics worth knowing as an author:
- division by zero evaluates to 0 (a scenario should not crash mid-game on `a / track("x")`);
- arithmetic saturates at ±MAX_VALUE (10**15): no result goes beyond it, so nothing overflows,
  becomes infinite or grows without limit in play; a constant calculation beyond it is a load error;
- `/` always gives a decimal, the other operators keep whole numbers whole;
- `and`/`or` stop at the first operand that decides the result;
- `clamp(x, lo, hi)` is `max(lo, min(x, hi))`, so it gives `lo` if `lo > hi`;
- delegation and actor names evaluate to their code, e.g. "KOR".
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Protocol

import attrs

from wargame.model.limits import MAX_VALUE

from .checker import Names, check, mismatch
from .lexer import ExprError
from .parser import MAX_DEPTH, And, Bool, Call, Compare, Name, Neg, Node, Not, Num, Or, Product, Str, Sum, parse

Fn = Callable[[Any], Any]


class Context(Protocol):
    """What an evaluation needs from the game state (duck-typed; the engine's state implements it)."""

    @property
    def turn(self) -> int: ...

    def var(self, name: str) -> Any:
        """Value of an extra variable declared in `Names.variables` (e.g. `roll`)."""

    def track(self, track_id: str, a: str | None, b: str | None) -> float | int:
        """Track value; `a`, `b` are delegation codes for per-delegation and pair tracks, else None."""

    def chose(self, delegation: str, option_id: str, inject_id: str | None) -> bool:
        """Whether the delegation chose the option so far (on that inject only, if given)."""

    def outcome(self, inject_id: str, delegation: str) -> str:
        """Outcome level id of the delegation's move on the inject, "" if none."""

    def succeeded(self, inject_id: str, delegation: str, option_id: str | None = None) -> bool:
        """Whether the delegation's move on the inject succeeded (and was that option, if given)."""

    def fired(self, inject_id: str) -> bool: ...

    def responded(self, actor: str, response_id: str) -> bool: ...


@attrs.frozen
class Compiled:
    """A checked, compiled expression: call `evaluate(ctx)` as often as needed."""

    source: str
    #: "bool" or "num"
    type: str
    node: Node = attrs.field(repr=False)
    evaluate: Callable[[Context], Any] = attrs.field(eq=False, repr=False)


def compile_expr(source: str, names: Names, expect: str) -> Compiled:
    """Parse, check and compile `source`, which must be of type `expect` ("bool" or "num").

    Raises ExprError for any problem in the source (ValueError only for a bad `expect`).
    """
    if expect not in ("bool", "num"):
        raise ValueError(f"expect must be 'bool' or 'num', not {expect!r}")
    node = parse(source)
    got = check(node, names)
    if got != expect:
        raise mismatch(node, expect, got)
    try:
        fn = _as_fn(_compile(node, names))
    except RecursionError:
        raise ExprError(f"the expression is nested too deeply (the limit is {MAX_DEPTH} levels)", 0) from None
    return Compiled(source, got, node, fn)


@attrs.frozen
class _Const:
    value: Any


def _as_fn(c: _Const | Fn) -> Fn:
    if isinstance(c, _Const):
        value = c.value
        return lambda ctx: value
    return c


def _compile(node: Node, names: Names) -> _Const | Fn:
    return _COMPILERS[type(node)](node, names)


def _fold(op: Callable, pos: int, *values: Any) -> _Const:
    """A constant calculation done once at compile time; beyond ±MAX_VALUE it is the author's error."""
    raw = _RAW.get(op, op)
    try:
        value = raw(*values)
    except (ArithmeticError, ValueError):
        value = None
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)
                         and not -MAX_VALUE <= value <= MAX_VALUE):
        raise ExprError(f"this calculation gives a number too large to work with "
                        f"(expected results within -{MAX_VALUE:,} to {MAX_VALUE:,})", pos) from None
    return _Const(value)


def _saturate(x):
    # Reached only for a result beyond the bound, or infinity (a tiny divisor); never NaN, since
    # every operand is itself finite and bounded.
    if x > MAX_VALUE:
        return MAX_VALUE if isinstance(x, int) else float(MAX_VALUE)
    if x < -MAX_VALUE:
        return -MAX_VALUE if isinstance(x, int) else -float(MAX_VALUE)
    return x


# Each saturating operator tests the common case inline: one chained comparison per operation.
def _add(a, b):
    r = a + b
    return r if -MAX_VALUE <= r <= MAX_VALUE else _saturate(r)


def _sub(a, b):
    r = a - b
    return r if -MAX_VALUE <= r <= MAX_VALUE else _saturate(r)


def _mul(a, b):
    r = a * b
    return r if -MAX_VALUE <= r <= MAX_VALUE else _saturate(r)


def _div(a, b):
    if not b:
        return 0
    r = a / b  # operands within ±MAX_VALUE, so int / int cannot raise OverflowError
    return r if -MAX_VALUE <= r <= MAX_VALUE else _saturate(r)


def _raw_div(a, b):
    return a / b if b else 0


_OPS = {"+": _add, "-": _sub, "*": _mul, "/": _div,
        "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}
#: The plain operators behind the saturating ones, for constant folding (which refuses instead).
_RAW = {_add: operator.add, _sub: operator.sub, _mul: operator.mul, _div: _raw_div}


def _binary(op: Callable, a: _Const | Fn, b: _Const | Fn, pos: int) -> _Const | Fn:
    # Specialised on which side is constant: it saves a call per evaluation on the common `turn >= 3`.
    if isinstance(a, _Const) and isinstance(b, _Const):
        return _fold(op, pos, a.value, b.value)
    if isinstance(b, _Const):
        k = b.value
        return lambda ctx: op(a(ctx), k)
    if isinstance(a, _Const):
        k = a.value
        return lambda ctx: op(k, b(ctx))
    return lambda ctx: op(a(ctx), b(ctx))


def _name(node: Name, names: Names) -> _Const | Fn:
    if node.name == "turn":
        return operator.attrgetter("turn")
    if node.name in names.variables:
        return operator.methodcaller("var", node.name)
    return _Const(node.name)  # a delegation or actor code


def _neg(node: Neg, names: Names) -> _Const | Fn:
    x = _compile(node.operand, names)
    if isinstance(x, _Const):
        return _fold(operator.neg, node.pos, x.value)
    return lambda ctx: -x(ctx)


def _not(node: Not, names: Names) -> _Const | Fn:
    x = _compile(node.operand, names)
    if isinstance(x, _Const):
        return _Const(not x.value)
    return lambda ctx: not x(ctx)


def _logic(node: And | Or, names: Names) -> _Const | Fn:
    # `and` stops at the first false operand, `or` at the first true one: `decisive` is that value.
    decisive = isinstance(node, Or)
    fns = []
    for item in node.items:
        c = _compile(item, names)
        if isinstance(c, _Const):
            if bool(c.value) == decisive:
                return _Const(decisive)  # conditions have no side effects, so skipping the rest is safe
            continue
        fns.append(c)
    if not fns:
        return _Const(not decisive)
    if len(fns) == 1:
        return fns[0]
    if len(fns) == 2:
        a, b = fns
        return (lambda ctx: a(ctx) or b(ctx)) if decisive else (lambda ctx: a(ctx) and b(ctx))
    funcs = tuple(fns)
    if decisive:
        def any_of(ctx):
            for f in funcs:
                if f(ctx):
                    return True
            return False
        return any_of

    def all_of(ctx):
        for f in funcs:
            if not f(ctx):
                return False
        return True
    return all_of


def _arith(node: Sum | Product, names: Names) -> _Const | Fn:
    acc = _compile(node.first, names)
    steps = [(_OPS[op], _compile(x, names), x.pos) for op, x in node.rest]
    # Fold the constant prefix; what remains is evaluated left to right.
    while steps and isinstance(acc, _Const) and isinstance(steps[0][1], _Const):
        op, c, pos = steps.pop(0)
        acc = _fold(op, pos, acc.value, c.value)
    if len(steps) <= 3:
        for op, c, pos in steps:
            acc = _binary(op, acc, c, pos)
        return acc
    # A long chain becomes one loop rather than a closure per operator, keeping evaluation flat.
    first = _as_fn(acc)
    funcs = tuple((op, _as_fn(c)) for op, c, _ in steps)

    def chain(ctx):
        value = first(ctx)
        for op, f in funcs:
            value = op(value, f(ctx))
        return value
    return chain


def _compare(node: Compare, names: Names) -> _Const | Fn:
    return _binary(_OPS[node.op], _compile(node.left, names), _compile(node.right, names), node.op_pos)


# ------------------------------------------------------------------------------- functions

def _query(method: str, args: list) -> _Const | Fn:
    """A call of a Context method; arguments are usually all constant, which needs no closure."""
    if all(isinstance(a, _Const) for a in args):
        return operator.methodcaller(method, *(a.value for a in args))
    fns = tuple(_as_fn(a) for a in args)
    return lambda ctx: getattr(ctx, method)(*[f(ctx) for f in fns])


def _call(node: Call, names: Names) -> _Const | Fn:
    args = [_compile(a, names) for a in node.args]
    f = node.func
    if f == "track":
        return _query("track", (args + [_Const(None), _Const(None)])[:3])
    if f == "chose":
        return _query("chose", (args + [_Const(None)])[:3])
    if f == "succeeded" and len(args) == 3:
        return _query("succeeded", args)
    if f in ("outcome", "succeeded", "fired", "responded"):
        return _query(f, args)
    if f == "if":
        return _if(*args)
    if f == "count":
        if all(isinstance(a, _Const) for a in args):
            return _Const(sum(1 for a in args if a.value))
        fns = tuple(_as_fn(a) for a in args)
        return lambda ctx: sum(1 for fn in fns if fn(ctx))
    return _pure(_PURE[f], args, node.pos)


def _if(cond, then, other) -> _Const | Fn:
    """Only the chosen branch is evaluated."""
    if isinstance(cond, _Const):
        return then if cond.value else other
    c, a, b = cond, _as_fn(then), _as_fn(other)
    return lambda ctx: a(ctx) if c(ctx) else b(ctx)


def _clamp(x, lo, hi):
    return max(lo, min(x, hi))


_PURE = {"min": min, "max": max, "abs": abs, "clamp": _clamp}


def _pure(fn: Callable, args: list, pos: int) -> _Const | Fn:
    if all(isinstance(a, _Const) for a in args):
        return _fold(fn, pos, *(a.value for a in args))
    fns = [_as_fn(a) for a in args]
    if len(fns) == 1:
        (a,) = fns
        return lambda ctx: fn(a(ctx))
    if len(fns) == 2:
        a, b = fns
        return lambda ctx: fn(a(ctx), b(ctx))
    if len(fns) == 3:
        a, b, c = fns
        return lambda ctx: fn(a(ctx), b(ctx), c(ctx))
    funcs = tuple(fns)
    return lambda ctx: fn(*[f(ctx) for f in funcs])


_COMPILERS: dict[type, Callable[[Any, Names], _Const | Fn]] = {
    Num: lambda node, names: _Const(node.value),
    Str: lambda node, names: _Const(node.value),
    Bool: lambda node, names: _Const(node.value),
    Name: _name,
    Neg: _neg,
    Not: _not,
    And: _logic,
    Or: _logic,
    Sum: _arith,
    Product: _arith,
    Compare: _compare,
    Call: _call,
}

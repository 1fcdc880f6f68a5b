"""Type checker: every name, function, argument and id in an expression is verified at load time.

The point is that a scenario with a typo fails when it is loaded, with a message naming the
alternatives, rather than silently evaluating to false in the middle of a game.
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable

import attrs

from .lexer import ExprError
from .parser import MAX_DEPTH, And, Bool, Call, Compare, Name, Neg, Node, Not, Num, Or, Product, Str, Sum

TYPES = ("num", "bool", "str", "delegation", "actor")
SCOPES = {"global": 0, "delegation": 1, "pair": 2}

DESCRIBE = {
    "num": "a number",
    "bool": "a condition (true/false)",
    "str": "text",
    "delegation": "a delegation code",
    "actor": "an actor id",
}

# Long lists stop being helpful in a one-line message.
_MAX_LISTED = 30


def _frozen_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _dict_of_sets(value: dict) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in value.items()}


def _check_scopes(_inst, _attr, value: dict) -> None:
    bad = {k: v for k, v in value.items() if v not in SCOPES}
    if bad:
        raise ValueError(f"track scopes must be one of {sorted(SCOPES)}: {bad}")


def _check_types(_inst, _attr, value: dict) -> None:
    bad = {k: v for k, v in value.items() if v not in TYPES}
    if bad:
        raise ValueError(f"variable types must be one of {list(TYPES)}: {bad}")


@attrs.frozen
class Names:
    """Everything an expression may refer to, as declared by the scenario and ruleset."""

    delegations: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_set)
    actors: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_set)
    #: track id -> "global" | "delegation" | "pair"
    tracks: dict[str, str] = attrs.field(factory=dict, converter=dict, validator=_check_scopes)
    injects: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_set)
    #: delegation -> option ids it has anywhere in the scenario
    options: dict[str, frozenset[str]] = attrs.field(factory=dict, converter=_dict_of_sets)
    #: actor -> response ids
    responses: dict[str, frozenset[str]] = attrs.field(factory=dict, converter=_dict_of_sets)
    #: the ruleset's outcome level ids (empty: outcome comparisons are not checked)
    outcomes: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_set)
    #: extra variables, name -> type (e.g. a ruleset's `roll` and `target`, both "num")
    variables: dict[str, str] = attrs.field(factory=dict, converter=dict, validator=_check_types)
    #: (inject, delegation) -> option ids offered there; checks `succeeded("inject", DEL, "option")`
    #: (empty: the option is checked against the delegation's options anywhere)
    inject_options: dict[tuple[str, str], frozenset[str]] = attrs.field(factory=dict, converter=_dict_of_sets)


def check(node: Node, names: Names) -> str:
    """The type of `node` ("num", "bool", "str", "delegation" or "actor"); raises ExprError."""
    try:
        return _type(node, names)
    except RecursionError:
        raise ExprError(f"the expression is nested too deeply (the limit is {MAX_DEPTH} levels)", 0) from None


def _type(node: Node, names: Names) -> str:
    return _CHECKS[type(node)](node, names)


def mismatch(node: Node, want: str, got: str, lead: str | None = None) -> ExprError:
    lead = lead or f"expected {DESCRIBE[want]}"
    return ExprError(f"{lead} but this is {DESCRIBE[got]}", node.pos, expected=DESCRIBE[want])


def _want(node: Node, names: Names, want: str, lead: str) -> None:
    got = _type(node, names)
    if got != want:
        raise mismatch(node, want, got, lead)


def suggest(value: str, allowed: Iterable[str]) -> str | None:
    allowed = sorted(allowed)
    folded = [a for a in allowed if a.lower() == value.lower()]
    if folded:
        return folded[0]
    close = difflib.get_close_matches(value, allowed, n=1)
    return close[0] if close else None


def unknown(what: str, value: str, allowed: Iterable[str], pos: int, owner: str | None = None) -> ExprError:
    allowed = sorted(allowed)
    what = f"{what} '{value}'" + (f" for {owner}" if owner else "")
    if not allowed:
        return ExprError(f"unknown {what} (there are none in this scenario)", pos)
    listing = ", ".join(allowed[:_MAX_LISTED])
    if len(allowed) > _MAX_LISTED:
        listing += f", and {len(allowed) - _MAX_LISTED} more"
    close = suggest(value, allowed)
    hint = f", did you mean '{close}'?" if close else ""
    return ExprError(f"unknown {what}{hint} (expected one of: {listing})", pos, expected=listing)


# --------------------------------------------------------------------------- node checks

def _name(node: Name, names: Names) -> str:
    n = node.name
    if n == "turn":
        return "num"
    if n in names.variables:
        return names.variables[n]
    if n in names.delegations:
        return "delegation"
    if n in names.actors:
        return "actor"
    if n in FUNCTIONS:
        raise ExprError(f"'{n}' is a function (expected {n}(...))", node.pos, expected=f"{n}(...)")
    if n.lower() in ("true", "false"):
        raise ExprError(f"unknown name '{n}' (expected '{n.lower()}', in lower case)", node.pos,
                        expected=f"'{n.lower()}'")
    allowed = {"turn", *names.variables, *names.delegations, *names.actors}
    raise unknown("name", n, allowed, node.pos)


def _neg(node: Neg, names: Names) -> str:
    _want(node.operand, names, "num", "'-' works on numbers,")
    return "num"


def _not(node: Not, names: Names) -> str:
    _want(node.operand, names, "bool", "'not' works on conditions (true/false),")
    return "bool"


def _logic(node: And | Or, names: Names) -> str:
    op = "and" if isinstance(node, And) else "or"
    for item in node.items:
        _want(item, names, "bool", f"'{op}' joins conditions (true/false),")
    return "bool"


def _arith(node: Sum | Product, names: Names) -> str:
    first_op = node.rest[0][0]
    _want(node.first, names, "num", f"'{first_op}' works on numbers,")
    for op, operand in node.rest:
        _want(operand, names, "num", f"'{op}' works on numbers,")
    return "num"


def _compare(node: Compare, names: Names) -> str:
    if node.op not in ("==", "!="):
        _want(node.left, names, "num", f"'{node.op}' compares numbers,")
        _want(node.right, names, "num", f"'{node.op}' compares numbers,")
        return "bool"
    left, right = _type(node.left, names), _type(node.right, names)
    if left != right:
        raise ExprError(f"cannot compare {DESCRIBE[left]} with {DESCRIBE[right]} "
                        f"(expected the same kind of value on both sides of '{node.op}')", node.op_pos,
                        expected=DESCRIBE[left])
    for a, b in ((node.left, node.right), (node.right, node.left)):
        if (isinstance(a, Call) and a.func == "outcome" and isinstance(b, Str) and b.value
                and names.outcomes and b.value not in names.outcomes):
            raise unknown("outcome level", b.value, names.outcomes, b.pos)
    return "bool"


def _call(node: Call, names: Names) -> str:
    spec = FUNCTIONS.get(node.func)
    if spec is None:
        close = suggest(node.func, FUNCTIONS)
        hint = f", did you mean '{close}'?" if close else ""
        listing = ", ".join(sorted(FUNCTIONS))
        raise ExprError(f"unknown function '{node.func}'{hint} (expected one of: {listing})", node.pos,
                        expected=listing)
    lo, hi, usage, check_fn = spec
    n = len(node.args)
    if n < lo or (hi is not None and n > hi):
        count = f"{lo}" if lo == hi else (f"{lo} or more" if hi is None else f"{lo} to {hi}")
        where = node.args[hi].pos if hi is not None and n > hi else node.pos
        plural = "" if count == "1" else "s"
        raise ExprError(f"{node.func}() takes {count} argument{plural}, not {n} (expected {usage})", where,
                        expected=usage)
    return check_fn(node, names)


# ------------------------------------------------------------------------- function checks

def _id_arg(node: Call, i: int, what: str, usage: str) -> str:
    arg = node.args[i]
    if not isinstance(arg, Str):
        # Ids must be literal so the checker can verify them at load time.
        raise ExprError(f"the {what} must be written in quotes (expected {usage})", arg.pos, expected=usage)
    return arg.value


_CODE_WORDS = {"delegation": "delegation code", "actor": "actor id"}


def _code_arg(node: Call, i: int, names: Names, kind: str) -> str | None:
    """Check a delegation/actor argument; its code when it is written out, None for a variable."""
    arg = node.args[i]
    if isinstance(arg, Name) and arg.name not in names.variables and arg.name != "turn":
        pool = names.delegations if kind == "delegation" else names.actors
        if arg.name not in pool:
            other = names.actors if kind == "delegation" else names.delegations
            if arg.name in other:
                raise mismatch(arg, kind, "actor" if kind == "delegation" else "delegation",
                               f"argument {i + 1} of {node.func}() must be {DESCRIBE[kind]},")
            raise unknown(_CODE_WORDS[kind], arg.name, pool, arg.pos)
        return arg.name
    _want(arg, names, kind, f"argument {i + 1} of {node.func}() must be {DESCRIBE[kind]},")
    return None


def _example(names: Names, count: int) -> str:
    codes = sorted(names.delegations)[:count] or ["USA", "JPN"][:count]
    while len(codes) < count:
        codes.append(codes[-1])
    return "".join(f", {c}" for c in codes)


_SCOPE_WORDS = {
    "global": "a global track, so it takes no delegation",
    "delegation": "a per-delegation track, so it needs one delegation",
    "pair": "a pair track, so it needs two delegations",
}


def _track(node: Call, names: Names) -> str:
    tid = _id_arg(node, 0, "track id", 'track("escalation")')
    if tid not in names.tracks:
        raise unknown("track", tid, names.tracks, node.args[0].pos)
    scope = names.tracks[tid]
    need = SCOPES[scope]
    if len(node.args) - 1 != need:
        usage = f'track("{tid}"{_example(names, need)})'
        raise ExprError(f"track '{tid}' is {_SCOPE_WORDS[scope]} (expected {usage})", node.pos, expected=usage)
    codes = [_code_arg(node, i, names, "delegation") for i in range(1, need + 1)]
    if need == 2 and codes[0] is not None and codes[0] == codes[1]:
        raise ExprError(f"track '{tid}' needs two different delegations (expected two different codes)",
                        node.args[2].pos, expected="two different codes")
    return "num"


def _inject(node: Call, i: int, names: Names, usage: str) -> None:
    iid = _id_arg(node, i, "inject id", usage)
    if iid not in names.injects:
        raise unknown("inject", iid, names.injects, node.args[i].pos)


def _chose(node: Call, names: Names) -> str:
    usage = FUNCTIONS["chose"][2]
    code = _code_arg(node, 0, names, "delegation")
    oid = _id_arg(node, 1, "option id", usage)
    allowed = names.options.get(code, frozenset()) if code else frozenset().union(*names.options.values())
    if oid not in allowed:
        raise unknown("option", oid, allowed, node.args[1].pos, owner=code)
    if len(node.args) == 3:
        _inject(node, 2, names, usage)
    return "bool"


def _inject_of_delegation(result: str) -> Callable[[Call, Names], str]:
    def check_fn(node: Call, names: Names) -> str:
        _inject(node, 0, names, FUNCTIONS[node.func][2])
        _code_arg(node, 1, names, "delegation")
        return result
    return check_fn


def _succeeded(node: Call, names: Names) -> str:
    """`succeeded("inject", DEL)`: DEL's move there succeeded, whatever it was; with a third
    argument, only if that move was this option (the two-argument form is a known trap)."""
    usage = FUNCTIONS["succeeded"][2]
    _inject(node, 0, names, usage)
    code = _code_arg(node, 1, names, "delegation")
    if len(node.args) == 3:
        oid = _id_arg(node, 2, "option id", usage)
        iid = node.args[0].value
        if code and names.inject_options:
            allowed, owner = names.inject_options.get((iid, code), frozenset()), f"{code} on '{iid}'"
        else:
            allowed = names.options.get(code, frozenset()) if code else frozenset().union(*names.options.values())
            owner = code
        if oid not in allowed:
            raise unknown("option", oid, allowed, node.args[2].pos, owner=owner)
    return "bool"


def _fired(node: Call, names: Names) -> str:
    _inject(node, 0, names, FUNCTIONS["fired"][2])
    return "bool"


def _responded(node: Call, names: Names) -> str:
    code = _code_arg(node, 0, names, "actor")
    rid = _id_arg(node, 1, "response id", FUNCTIONS["responded"][2])
    allowed = names.responses.get(code, frozenset()) if code else frozenset().union(*names.responses.values())
    if rid not in allowed:
        raise unknown("response", rid, allowed, node.args[1].pos, owner=code)
    return "bool"


def _numeric(node: Call, names: Names) -> str:
    for i, arg in enumerate(node.args):
        _want(arg, names, "num", f"argument {i + 1} of {node.func}() must be a number,")
    return "num"


def _if(node: Call, names: Names) -> str:
    _want(node.args[0], names, "bool", "the first argument of if() must be a condition,")
    then = _type(node.args[1], names)
    if then not in ("num", "bool"):
        raise mismatch(node.args[1], "num", then, "the values of if() must be numbers or conditions,")
    _want(node.args[2], names, then, "both values of if() must be of the same kind,")
    return then


def _count(node: Call, names: Names) -> str:
    for i, arg in enumerate(node.args):
        _want(arg, names, "bool", f"argument {i + 1} of count() must be a condition,")
    return "num"


#: name -> (min args, max args or None, usage shown in errors, checker)
FUNCTIONS: dict[str, tuple[int, int | None, str, Callable[[Call, Names], str]]] = {
    "track": (1, 3, 'track("id"), track("id", JPN) or track("id", JPN, KOR)', _track),
    "chose": (2, 3, 'chose(KOR, "option-id") or chose(KOR, "option-id", "inject-id")', _chose),
    "outcome": (2, 2, 'outcome("inject-id", JPN)', _inject_of_delegation("str")),
    "succeeded": (2, 3, 'succeeded("inject-id", JPN) or succeeded("inject-id", JPN, "option-id")', _succeeded),
    "fired": (1, 1, 'fired("inject-id")', _fired),
    "responded": (2, 2, 'responded(PRC, "response-id")', _responded),
    "min": (2, None, "min(a, b, ...)", _numeric),
    "max": (2, None, "max(a, b, ...)", _numeric),
    "abs": (1, 1, "abs(x)", _numeric),
    "clamp": (3, 3, "clamp(x, low, high)", _numeric),
    "if": (3, 3, "if(condition, value if true, value if false)", _if),
    "count": (1, None, "count(condition, condition, ...)", _count),
}

_CHECKS: dict[type, Callable[[Node, Names], str]] = {
    Num: lambda node, names: "num",
    Str: lambda node, names: "str",
    Bool: lambda node, names: "bool",
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

"""How large a checked expression's numbers can get, worked out at load time from the ranges of
what it reads (interval arithmetic).

Arithmetic saturates at ±MAX_VALUE during play (see compiler.py), so nothing can crash; this is
the load-time half: an expression that *can* go past the bound for some track values is almost
certainly a mistake (`(track("mda") + 1) * 999999999999999 * 999999999999999`), and `validate`
says so instead of letting play quietly saturate. Division by a quantity whose range contains or
approaches zero has no useful bound, so such a sub-expression is left to saturation.
"""

from __future__ import annotations

from wargame.model.limits import MAX_VALUE

from .parser import And, Bool, Call, Compare, Name, Neg, Node, Not, Num, Or, Product, Str, Sum

Range = tuple  # (lo, hi)


def overflow(node: Node, ranges: dict[str, Range]) -> tuple[int, Range] | None:
    """(position, range) of the first sub-expression that can go beyond ±MAX_VALUE, else None.

    `ranges` maps "turn", "var:<name>" and "track:<id>" to (lo, hi); anything not in it is unknown.
    """
    found: list = []
    _range(node, ranges, found)
    return found[0] if found else None


def _checked(node: Node, r: Range | None, found: list) -> Range | None:
    if r is None:
        return None
    if not (-MAX_VALUE <= r[0] and r[1] <= MAX_VALUE):
        found.append((node.pos, r))
        return None  # reported once, where it starts; the enclosing calculation is not repeated
    return r


def _range(node: Node, ranges: dict, found: list) -> Range | None:
    if isinstance(node, Num):
        return (node.value, node.value)
    if isinstance(node, (Str, Bool)):
        return None
    if isinstance(node, Name):
        key = "turn" if node.name == "turn" else f"var:{node.name}"
        return ranges.get(key)
    if isinstance(node, Neg):
        r = _range(node.operand, ranges, found)
        return None if r is None else (-r[1], -r[0])
    if isinstance(node, Not):
        _range(node.operand, ranges, found)
        return None
    if isinstance(node, (And, Or)):
        for item in node.items:
            _range(item, ranges, found)
        return None
    if isinstance(node, Compare):
        _range(node.left, ranges, found)
        _range(node.right, ranges, found)
        return None
    if isinstance(node, (Sum, Product)):
        return _arith(node, ranges, found)
    if isinstance(node, Call):
        return _call(node, ranges, found)
    return None  # pragma: no cover - every node kind is handled above


def _arith(node: Sum | Product, ranges: dict, found: list) -> Range | None:
    acc = _range(node.first, ranges, found)
    for op, item in node.rest:
        r = _range(item, ranges, found)
        if acc is None or r is None:
            acc = None
            continue
        (a, b), (c, d) = acc, r
        if op == "+":
            acc = (a + c, b + d)
        elif op == "-":
            acc = (a - d, b - c)
        elif op == "*":
            products = (a * c, a * d, b * c, b * d)
            acc = (min(products), max(products))
        elif c > 0 or d < 0:
            quotients = (a / c, a / d, b / c, b / d)
            acc = (min(quotients), max(quotients))
        else:
            acc = None  # the divisor can be zero or come arbitrarily close to it
        acc = _checked(item, acc, found)
    return acc


def _call(node: Call, ranges: dict, found: list) -> Range | None:
    args = [_range(a, ranges, found) for a in node.args]
    f = node.func
    if f == "track":
        first = node.args[0] if node.args else None
        return ranges.get(f"track:{first.value}") if isinstance(first, Str) else None
    if f == "count":
        return (0, len(node.args))
    if any(a is None for a in args) and f in ("min", "max", "abs", "clamp"):
        return None
    if f == "min":
        return (min(a[0] for a in args), min(a[1] for a in args))
    if f == "max":
        return (max(a[0] for a in args), max(a[1] for a in args))
    if f == "abs":
        (lo, hi), = args
        return (0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
    if f == "clamp":
        (xl, xh), (ll, lh), (hl, hh) = args
        return (max(ll, min(xl, hl)), max(lh, min(xh, hh)))
    if f == "if":
        a, b = args[1], args[2]
        if a is None or b is None:
            return None
        return (min(a[0], b[0]), max(a[1], b[1]))
    return None

"""Intervals: the abstract numbers of the lint's reachability analysis (ends open or closed)."""

from __future__ import annotations

import math

import attrs

INF = math.inf


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


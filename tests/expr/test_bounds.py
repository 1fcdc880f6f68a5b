"""Numbers in play stay finite and bounded: arithmetic saturates at ±MAX_VALUE, constant overflow is
a load error, and the load-time range analysis (bounds.py) is sound against a plain reference."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.expr import ExprError, compile_expr, parse
from wargame.expr.bounds import _range, overflow
from wargame.expr.parser import Call, Name, Neg, Num, Product, Str, Sum
from wargame.model.limits import MAX_VALUE

from .test_eval import NAMES, FakeCtx

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ESC = (0, 10)  # the range the analysis is told for track("escalation")
RANGES = {"turn": (1, 30), "var:roll": (1, 100), "track:escalation": ESC}

huge = st.sampled_from(["999999999999999", "123456789012345", "100000000000000", "99999999999999.9"])
small = st.sampled_from(["0", "1", "2", "0.5", "0.000001", "0.0000000000000001", "7"])
reads = st.sampled_from(["turn", "roll", 'track("escalation")'])
atoms = st.one_of(huge, small, reads)


def _grow(sub):
    return st.one_of(
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        sub.map(lambda s: f"-({s})"),
        st.tuples(st.sampled_from(["min", "max"]), sub, sub).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        sub.map(lambda s: f"abs({s})"),
        st.tuples(sub, sub, sub).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(sub, sub).map(lambda t: f"if(turn > 3, {t[0]}, {t[1]})"),
    )


sources = st.recursive(atoms, _grow, max_leaves=10).filter(lambda s: len(s) <= 1000)
contexts = st.builds(lambda turn, roll, esc: FakeCtx(turn=turn, variables={"roll": roll},
                                                     tracks={("escalation", None, None): esc}),
                     st.integers(*RANGES["turn"]), st.integers(*RANGES["var:roll"]),
                     st.one_of(st.integers(*ESC), st.floats(*ESC)))


def reference(node, ctx):
    """Plain, unbounded arithmetic over the tree (ints stay exact): what the author wrote, literally."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return ctx.turn if node.name == "turn" else ctx.variables[node.name]
    if isinstance(node, Neg):
        return -reference(node.operand, ctx)
    if isinstance(node, (Sum, Product)):
        value = reference(node.first, ctx)
        for op, item in node.rest:
            b = reference(item, ctx)
            if op == "+":
                value = value + b
            elif op == "-":
                value = value - b
            elif op == "*":
                value = value * b
            else:
                value = value / b if b else 0
        return value
    assert isinstance(node, Call)
    if node.func == "track":
        return ctx.tracks[(node.args[0].value, None, None)]
    if node.func == "if":
        return reference(node.args[1] if ctx.turn > 3 else node.args[2], ctx)
    args = [reference(a, ctx) for a in node.args]
    return {"min": min, "max": max, "abs": abs, "clamp": lambda x, lo, hi: max(lo, min(x, hi))}[node.func](*args)


@SETTINGS
@given(sources, contexts)
def test_arithmetic_with_huge_literals_never_crashes_and_stays_bounded(source, ctx):
    try:
        compiled = compile_expr(source, NAMES, "num")
    except ExprError as e:
        assert "too large" in e.message  # only a constant calculation beyond the bound is refused
        return
    value = compiled.evaluate(ctx)
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    assert math.isfinite(value)
    assert -MAX_VALUE <= value <= MAX_VALUE


@SETTINGS
@given(sources, contexts)
def test_range_analysis_is_sound(source, ctx):
    """Where the analysis finds a range and no overflow, the real value is inside it, and saturation
    never had to act (the saturating result equals plain arithmetic)."""
    try:
        compiled = compile_expr(source, NAMES, "num")
    except ExprError:
        return
    found: list = []
    r = _range(parse(source), RANGES, found)
    if found or r is None:
        return
    try:
        exact = reference(parse(source), ctx)
    except (OverflowError, ZeroDivisionError):  # pragma: no cover - excluded by a finite range
        pytest.fail(f"analysis gave {r} but plain arithmetic overflowed")
    tol = 1e-9 * max(1.0, abs(r[0]), abs(r[1]))
    assert r[0] - tol <= exact <= r[1] + tol
    assert compiled.evaluate(ctx) == pytest.approx(exact, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("source", [
    '(track("escalation") + 1) * 999999999999999 * 999999999999999',
    'track("escalation") * 999999999999999',
    "turn * 100000000000000",
    "roll * 999999999999999 + 1",
    'abs(-track("escalation") * 999999999999999)',
    'if(turn > 1, 1, track("escalation") * 999999999999999)',
    'track("escalation") > 999999999999999 * turn',
])
def test_calculations_that_can_overflow_are_found(source):
    pos, (lo, hi) = overflow(parse(source), RANGES)
    assert max(abs(lo), abs(hi)) > MAX_VALUE
    assert 0 <= pos < len(source)


@pytest.mark.parametrize("source", [
    'track("escalation") * 1000',
    "999999999999999 / turn",
    '10 / (track("escalation") - 5) * 999999999999999',  # no bound known: saturates in play instead
    "clamp(roll * 99999999999, 0, 5)",
    "count(turn > 1, turn > 2) * 100",
])
def test_bounded_or_unknowable_calculations_are_not_refused(source):
    assert overflow(parse(source), RANGES) is None


def test_saturation_instead_of_overflow_in_play():
    ctx = FakeCtx(turn=5, tracks={("escalation", None, None): 5})
    tiny = compile_expr('10 / (track("escalation") - 4.9999999999) * 999999999999999', NAMES, "num")
    assert tiny.evaluate(ctx) == MAX_VALUE
    neg = compile_expr('-10 / (track("escalation") - 4.9999999999) * 999999999999999 - 999999999999999', NAMES,
                       "num")
    assert neg.evaluate(ctx) == -MAX_VALUE
    ints = compile_expr('(track("escalation") + 1) * 999999999999999 * 999999999999999 / 3', NAMES, "num")
    assert ints.evaluate(ctx) == MAX_VALUE / 3


def test_constant_overflow_is_refused_at_compile_time():
    with pytest.raises(ExprError, match="too large.*1,000,000,000,000,000"):
        compile_expr("999999999999999 * 2", NAMES, "num")
    with pytest.raises(ExprError, match="too large"):
        compile_expr("1 / 0.0000000000000000000001", NAMES, "num")
    assert compile_expr("999999999999999 + 1", NAMES, "num").evaluate(None) == MAX_VALUE


def test_strings_do_not_get_a_range():
    assert _range(Str("x"), RANGES, []) is None

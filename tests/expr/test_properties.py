"""Property tests: hostile input only ever gives ExprError; arithmetic matches a reference; unparse round-trips."""

import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wargame.expr import FUNCTIONS, MAX_LENGTH, ExprError, compile_expr, parse, unparse
from wargame.expr.lexer import KEYWORDS
from wargame.expr.parser import And, Bool, Call, Compare, Name, Neg, Not, Num, Or, Product, Str, Sum

from .test_eval import NAMES, FakeCtx

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------------- never another exception

_GRAMMAR = [
    "turn", "roll", "target", "who", "KOR", "JPN", "PRC", "x", "__class__", "lambda", "AND", "True",
    "track", "chose", "outcome", "succeeded", "fired", "responded", "min", "max", "abs", "clamp",
    "and", "or", "not", "true", "false", "0", "1", "12", "0.25", "999999999999999",
    '"escalation"', '"trust"', '"join-patrol"', '"mda-offer"', '"success"', "'x'", '""', '"a\\"b"',
    "(", "(", ")", ")", ",", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=",
]
_JUNK = ["1.", ".5", "1e5", '"open', "=", "**", "&&", "!", ".", "[", "]", ";", "`", "\\", ":", "%", "\u00a0", "\x00"]
_TOKENS = _GRAMMAR + _JUNK

token_soup = st.lists(st.sampled_from(_TOKENS), max_size=40).flatmap(
    lambda toks: st.lists(st.sampled_from(["", " ", "\n"]), min_size=len(toks), max_size=len(toks)).map(
        lambda seps: "".join(t + s for t, s in zip(toks, seps))))


identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
# Either any tree at all (for the round-trip) or one over the test scenario's vocabulary (which
# then often type-checks, so mutations of it reach the checker and compiler too).
leaves = st.one_of(
    st.integers(0, 10**9).map(Num),
    st.builds(lambda n, k: Num(n / 10**k), st.integers(0, 10**9), st.integers(0, 6)),
    st.text(max_size=8).map(Str),
    st.booleans().map(Bool),
    identifiers.map(Name),
)


def _trees(sub, functions=identifiers):
    ops = lambda choices: st.lists(st.tuples(st.sampled_from(choices), sub), min_size=1, max_size=3).map(tuple)
    return st.one_of(
        sub.map(Neg), sub.map(Not),
        st.builds(Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), sub, sub),
        st.builds(Sum, sub, ops(["+", "-"])),
        st.builds(Product, sub, ops(["*", "/"])),
        st.lists(sub, min_size=2, max_size=3).map(lambda xs: And(tuple(xs))),
        st.lists(sub, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs))),
        st.builds(Call, functions, st.lists(sub, max_size=3).map(tuple)),
    )


vocabulary_leaves = st.one_of(
    st.sampled_from([t for t in _GRAMMAR if (t[0].isalnum() or t[0] in "_'\"") and t not in KEYWORDS]).map(parse),
    st.booleans().map(Bool),
    st.sampled_from(["escalation", "trust", "join-patrol", "mda-offer", "PRC", "success"]).map(Str),
)
any_trees = st.recursive(leaves, _trees, max_leaves=15)
vocabulary_trees = st.recursive(vocabulary_leaves, lambda sub: _trees(sub, st.sampled_from(sorted(FUNCTIONS))),
                                max_leaves=8)


@st.composite
def near_valid(draw):
    """Mostly-valid source: a rendered tree, half the time with one small span replaced by a token."""
    text = unparse(draw(vocabulary_trees))
    if draw(st.booleans()):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 3)))
        text = text[:i] + draw(st.sampled_from([""] + _TOKENS)) + text[j:]
    return text


def only_expr_errors(source):
    try:
        tree = parse(source)
    except ExprError as e:
        assert 0 <= e.offset <= max(len(source), MAX_LENGTH) and e.message
        return None
    for expect in ("bool", "num"):
        try:
            compile_expr(source, NAMES, expect)
        except ExprError as e:
            assert 0 <= e.offset <= len(source) and e.message
    return tree


@FAST
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_expr_error(source):
    only_expr_errors(source)


@FAST
@given(token_soup)
def test_token_soup_parses_or_raises_expr_error(source):
    only_expr_errors(source)


@FAST
@given(near_valid())
def test_near_valid_source_parses_or_raises_expr_error(source):
    only_expr_errors(source)


@pytest.mark.parametrize("source", [
    "(" * 1000, ")" * 1000, "(" * 500 + ")" * 500, "not " * 250, "-" * 999 + "1", "abs(" * 250,
    "f(" * 333 + "1", "[" * 1000, "1+" * 499 + "1", "(" * 64 + "1" + ")" * 64, "x" * 1000, "x" * 5000,
    '"' + "\\" * 998 + '"', "'" * 1000,
], ids=lambda s: f"{s[:12]!r}x{len(s)}")
def test_hostile_inputs(source):
    only_expr_errors(source)


def test_no_recursion_error_even_when_the_caller_is_deep():
    source = "(" * 64 + "turn" + ")" * 64 + " > 1"

    def nest(n):
        return nest(n - 1) if n else compile_expr(source, NAMES, "bool")

    depth = 0
    frame = sys._getframe()
    while frame:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 120)
    try:
        with pytest.raises(ExprError, match="nested too deeply"):
            nest(60)
    finally:
        sys.setrecursionlimit(old)
    assert compile_expr(source, NAMES, "bool").evaluate(FakeCtx(turn=2)) is True


# --------------------------------------------------------------- arithmetic equals a reference
# Generated as (text, precedence, value) triples; the value is computed here, in plain Python,
# independently of the parser, so a precedence or associativity slip shows up as a mismatch.

CTX_VALUES = {"turn": 7, "roll": 4.5, 'track("escalation")': 3, 'track("trust", JPN, KOR)': -2}
ATOM, UNARY, PROD, SUM = 4, 3, 2, 1


def _ref_div(a, b):
    return a / b if b else 0


_ARITH = {"+": (SUM, lambda a, b: a + b), "-": (SUM, lambda a, b: a - b),
          "*": (PROD, lambda a, b: a * b), "/": (PROD, _ref_div)}


def _paren(text, prec, needed, extra):
    return (f"({text})", ATOM) if needed or extra else (text, prec)


numbers = st.one_of(
    st.integers(0, 20).map(lambda n: (str(n), ATOM, n)),
    st.sampled_from(["0.25", "1.5", "0.1", "2.0", "0.0"]).map(lambda t: (t, ATOM, float(t))),
    st.sampled_from(sorted(CTX_VALUES)).map(lambda t: (t, ATOM, CTX_VALUES[t])),
)


@st.composite
def _binary(draw, sub):
    op = draw(st.sampled_from(sorted(_ARITH)))
    prec, fn = _ARITH[op]
    lt, lp, lv = draw(sub)
    rt, rp, rv = draw(sub)
    lt, _ = _paren(lt, lp, lp < prec, draw(st.booleans()))
    rt, _ = _paren(rt, rp, rp <= prec, draw(st.booleans()))  # left-associative: a - (b - c) needs them
    return f"{lt} {op} {rt}", prec, fn(lv, rv)


@st.composite
def _chain(draw, sub):
    # Long runs of one precedence level, which the compiler evaluates in a loop rather than nested closures;
    # operands after the first are leaves, a third of them read from the context so they are not folded away.
    ops = draw(st.lists(st.sampled_from(draw(st.sampled_from([["+", "-"], ["*", "/"]]))), min_size=3, max_size=7))
    prec = _ARITH[ops[0]][0]
    text, p, value = draw(sub)
    text, _ = _paren(text, p, p < prec, False)
    for op in ops:
        t, p, v = draw(numbers)
        t, _ = _paren(t, p, p <= prec, False)
        text, value = f"{text} {op} {t}", _ARITH[op][1](value, v)
    return text, prec, value


@st.composite
def _unary(draw, sub):
    t, p, v = draw(sub)
    t, _ = _paren(t, p, p < UNARY, draw(st.booleans()))
    return f"-{t}", UNARY, -v


@st.composite
def _function(draw, sub):
    name = draw(st.sampled_from(["min", "max", "abs", "clamp"]))
    n = {"abs": 1, "clamp": 3}.get(name) or draw(st.integers(2, 4))
    args = [draw(sub) for _ in range(n)]
    values = [v for _, _, v in args]
    value = {"min": min, "max": max, "abs": abs, "clamp": lambda x, lo, hi: max(lo, min(x, hi))}[name](*values)
    return f"{name}({', '.join(t for t, _, _ in args)})", ATOM, value


arithmetic = st.recursive(numbers, lambda sub: st.one_of(_binary(sub), _chain(sub), _unary(sub), _function(sub)),
                          max_leaves=12)
small_arithmetic = st.recursive(numbers, lambda sub: st.one_of(_binary(sub), _unary(sub)), max_leaves=4)


@st.composite
def conditions(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        (lt, _, lv), (rt, _, rv) = draw(small_arithmetic), draw(small_arithmetic)
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        value = {"==": lv == rv, "!=": lv != rv, "<": lv < rv, "<=": lv <= rv, ">": lv > rv, ">=": lv >= rv}[op]
        return f"{lt} {op} {rt}", value
    kind = draw(st.sampled_from(["and", "or", "not"]))
    lt, lv = draw(conditions(depth - 1))
    if kind == "not":
        return f"not ({lt})", not lv
    rt, rv = draw(conditions(depth - 1))
    return f"({lt}) {kind} ({rt})", (lv and rv) if kind == "and" else (lv or rv)


def _ctx():
    return FakeCtx(turn=7, variables={"roll": 4.5},
                   tracks={("escalation", None, None): 3, ("trust", "JPN", "KOR"): -2})


@FAST
@given(arithmetic)
def test_arithmetic_matches_reference(case):
    text, _, value = case
    assume(len(text) <= MAX_LENGTH)
    assert compile_expr(text, NAMES, "num").evaluate(_ctx()) == value


@FAST
@given(conditions())
def test_conditions_match_reference(case):
    text, value = case
    assume(len(text) <= MAX_LENGTH)
    assert compile_expr(text, NAMES, "bool").evaluate(_ctx()) is value


# --------------------------------------------------------------------------- unparse round-trip

def _roundtrips(tree):
    text = unparse(tree)
    assume(len(text) <= MAX_LENGTH)
    assert parse(text) == tree
    assert unparse(parse(text)) == text


@FAST
@given(st.one_of(token_soup, near_valid()))
def test_unparse_roundtrips_parsed_source(source):
    # Sources that do not parse are skipped rather than filtered out, which keeps this fast.
    try:
        tree = parse(source)
    except ExprError:
        return
    _roundtrips(tree)


@FAST
@given(arithmetic)
def test_unparse_roundtrips_arithmetic(case):
    assume(len(case[0]) <= MAX_LENGTH)
    _roundtrips(parse(case[0]))


@FAST
@given(any_trees)
def test_unparse_roundtrips_any_tree(tree):
    _roundtrips(tree)

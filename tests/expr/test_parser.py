"""Parser: grammar, precedence, located syntax errors, hostile-input limits and unparse."""

import pytest

from wargame.expr import MAX_DEPTH, MAX_LENGTH, ExprError, parse, unparse, walk
from wargame.expr.parser import And, Bool, Call, Compare, Name, Neg, Not, Num, Or, Product, Str, Sum

a, b, c = Name("a"), Name("b"), Name("c")


@pytest.mark.parametrize("source, tree", [
    ("12", Num(12)),
    ("0.25", Num(0.25)),
    ("007", Num(7)),
    ('"hi"', Str("hi")),
    ("'hi'", Str("hi")),
    (r'"a\"b\\c\'d"', Str("a\"b\\c'd")),
    ("''", Str("")),
    ("true", Bool(True)),
    ("false", Bool(False)),
    ("turn", Name("turn")),
    ("_x9", Name("_x9")),
    ("f()", Call("f", ())),
    ('track("trust", JPN, KOR)', Call("track", (Str("trust"), Name("JPN"), Name("KOR")))),
    ("((a))", a),
    ("  a\n\t", a),
])
def test_primaries(source, tree):
    assert parse(source) == tree


@pytest.mark.parametrize("source, tree", [
    ("a or b and c", Or((a, And((b, c))))),
    ("a and b or c", Or((And((a, b)), c))),
    ("a or b or c", Or((a, b, c))),
    ("(a or b) or c", Or((Or((a, b)), c))),
    ("not a and b", And((Not(a), b))),
    ("not a == b", Not(Compare("==", a, b))),
    ("not not a", Not(Not(a))),
    ("a + b * c", Sum(a, (("+", Product(b, (("*", c),))),))),
    ("(a + b) * c", Product(Sum(a, (("+", b),)), (("*", c),))),
    ("a - b - c", Sum(a, (("-", b), ("-", c)))),
    ("a - (b - c)", Sum(a, (("-", Sum(b, (("-", c),))),))),
    ("a / b * c", Product(a, (("/", b), ("*", c)))),
    ("-a * b", Product(Neg(a), (("*", b),))),
    ("-(a * b)", Neg(Product(a, (("*", b),)))),
    ("a * -b", Product(a, (("*", Neg(b)),))),
    ("--a", Neg(Neg(a))),
    ("a + 1 < b * 2", Compare("<", Sum(a, (("+", Num(1)),)), Product(b, (("*", Num(2)),)))),
    ("a < b and b < c", And((Compare("<", a, b), Compare("<", b, c)))),
    ("(a < b) == c", Compare("==", Compare("<", a, b), c)),
    ("-1", Neg(Num(1))),
])
def test_precedence(source, tree):
    assert parse(source) == tree


def test_positions_point_into_the_source():
    tree = parse('turn >= 3 and chose(KOR, "x")')
    cmp, call = tree.items
    assert (cmp.pos, cmp.op_pos, cmp.right.pos) == (0, 5, 8)
    assert (call.pos, call.args[0].pos, call.args[1].pos) == (14, 20, 25)


@pytest.mark.parametrize("source, message, offset", [
    ("", "the expression is empty (expected a value)", 0),
    ("   ", "the expression is empty (expected a value)", 0),
    ("(1 + )", "unexpected ')' (expected a value)", 5),
    ("1 +", "the expression ends too early (expected a value)", 3),
    ('"abc', 'unterminated string (expected a closing ")', 0),
    ("x == 'abc", "unterminated string (expected a closing ')", 5),
    ('"abc\\', 'unterminated string (expected a closing ")', 0),
    ("a < b < c", "chained comparison is not allowed (expected 'and' between comparisons)", 6),
    ("a == b != c", "chained comparison is not allowed (expected 'and' between comparisons)", 7),
    ("x = 3", "'=' is not an operator (expected '==')", 2),
    ("a && b", "'&&' is not an operator (expected 'and')", 2),
    ("a || b", "'||' is not an operator (expected 'or')", 2),
    ("!a", "'!' is not an operator (expected '!=' or 'not')", 0),
    ("2 ** 3", "'**' is not an operator (there is no power operator)", 2),
    ("a <> b", "'<>' is not an operator (expected '!=')", 2),
    ("7 % 2", "'%' is not an operator (there is no remainder operator)", 2),
    ("a.b", "unexpected character '.'", 1),
    ("x[1]", "unexpected character '['", 1),
    ("a; b", "unexpected character ';'", 1),
    ("`a`", "unexpected character '`'", 0),
    ("lambda x: x", "unexpected character ':'", 8),
    ("lambda x", "unexpected 'x' (expected an operator or the end of the expression)", 7),
    ("a\u00a0b", "unexpected character U+00A0", 1),
    ("1 2", "unexpected '2' (expected an operator or the end of the expression)", 2),
    ("1)", "unexpected ')' (there is no '(' for it to close)", 1),
    ("(1", "unclosed '(' (expected a matching ')')", 0),
    ("(1 2)", "unexpected '2' (expected ')' or an operator)", 3),
    ('chose(KOR, "x"', "unclosed chose(...) (expected a matching ')')", 5),
    ("f(1 2)", "unexpected '2' (expected ',' or ')')", 4),
    ("f(1,)", "unexpected ')' (expected a value)", 4),
    (".5", "a decimal number needs a digit before the '.' (expected '0.5')", 0),
    ("1.", "a decimal number needs a digit after the '.' (expected e.g. '1.0')", 1),
    ("1e5", "a number cannot be followed directly by 'e'", 1),
    ("1.2.3", "a number cannot be followed directly by '.'", 3),
    ("1234567890123456", "the number is too large (at most 15 digits before the decimal point)", 0),
    ("'a\\n'", "unknown escape '\\n' in text (expected \\\\, \\\" or \\')", 2),
    ("a AND b", "'AND' must be written in lower case (expected 'and')", 2),
    ("a == not b", "'not' cannot be used here (expected a value; put 'not ...' in parentheses)", 5),
    ("+1", "unexpected '+' (expected a value)", 0),
    ("true(1)", "unexpected '(' (expected an operator or the end of the expression)", 4),
    ('a "b"', 'unexpected text "b" (expected an operator or the end of the expression)', 2),
])
def test_syntax_errors_are_located_and_explained(source, message, offset):
    with pytest.raises(ExprError) as info:
        parse(source)
    assert (str(info.value), info.value.message, info.value.offset) == (message, message, offset)


def test_expected_is_given_separately():
    with pytest.raises(ExprError) as info:
        parse("x = 3")
    assert info.value.expected == "'=='"


def test_non_text_source_is_an_expr_error():
    with pytest.raises(ExprError, match="expected an expression written as text, got int"):
        parse(3)


def test_length_limit():
    ok = "1" + " " * (MAX_LENGTH - 1)
    assert parse(ok) == Num(1)
    with pytest.raises(ExprError, match="too long .1001 characters; the limit is 1000") as info:
        parse(ok + " ")
    assert info.value.offset == MAX_LENGTH


@pytest.mark.parametrize("make", [
    lambda n: "(" * n + "1" + ")" * n,
    lambda n: "not " * n + "true",
    lambda n: "-" * n + "1",
    lambda n: "abs(" * n + "1" + ")" * n,
    lambda n: "-(" * (n // 2) + "-" * (n % 2) + "1" + ")" * (n // 2),
    lambda n: "(" * (n - 1) + "not " + "x" + ")" * (n - 1),
])
def test_nesting_limit(make):
    parse(make(MAX_DEPTH))
    with pytest.raises(ExprError, match="nested too deeply .the limit is 64 levels"):
        parse(make(MAX_DEPTH + 1))


def test_long_flat_chains_are_not_nesting():
    tree = parse(" + ".join(["1"] * 250))
    assert isinstance(tree, Sum) and len(tree.rest) == 249


@pytest.mark.parametrize("source, text", [
    ("a+b*c", "a + b * c"),
    ("(a+b)*c", "(a + b) * c"),
    ("(a - b) - c", "(a - b) - c"),
    ("a - (b - c)", "a - (b - c)"),
    ("((a))", "a"),
    ("not(a)and(b)or c", "not a and b or c"),
    ("not (a and b)", "not (a and b)"),
    ("(not a) == b", "(not a) == b"),
    ("- -a", "--a"),
    ("-(a*b)", "-(a * b)"),
    ("0.250", "0.25"),
    ("'say \"hi\"'", "'say \"hi\"'"),
    ("'it\\'s'", '"it\'s"'),
    ("\"both ' and \\\"\"", '"both \' and \\""'),
    ("'back\\\\slash'", '"back\\\\slash"'),
    ('track( "trust" ,JPN,KOR )', 'track("trust", JPN, KOR)'),
    ("f()", "f()"),
])
def test_unparse(source, text):
    assert unparse(parse(source)) == text
    assert parse(text) == parse(source)


def test_unparse_numbers_never_use_exponents():
    assert unparse(Num(1e-7)) == "0.0000001"
    assert unparse(Num(123456789012345.0)) == "123456789012345.0"
    assert parse(unparse(Num(0.1 + 0.2))) == Num(0.1 + 0.2)


def test_walk_visits_every_node_parents_first():
    tree = parse('fired("x") and not chose(KOR, "y") or -a + 1 > 2')
    kinds = [type(n).__name__ for n in walk(tree)]
    assert kinds == ["Or", "And", "Call", "Str", "Not", "Call", "Name", "Str",
                     "Compare", "Sum", "Neg", "Name", "Num", "Num"]


def test_errors_survive_pickling():
    import pickle

    with pytest.raises(ExprError) as info:
        parse("a <")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (str(copy), copy.offset, copy.expected) == ("the expression ends too early (expected a value)", 3, "a value")

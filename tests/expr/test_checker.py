"""Checker: names, functions, argument kinds and ids are verified against the scenario's Names."""

import pytest

from wargame.expr import ExprError, Names, check, compile_expr, parse
from wargame.expr.parser import Neg

from .test_eval import NAMES


def error(source, expect="bool", names=NAMES):
    with pytest.raises(ExprError) as info:
        compile_expr(source, names, expect)
    return info.value


@pytest.mark.parametrize("source, type_", [
    ("turn", "num"), ("roll", "num"), ("who", "delegation"), ("KOR", "delegation"), ("PRC", "actor"),
    ("'x'", "str"), ("1.5", "num"), ("true", "bool"), ("-turn", "num"), ("not true", "bool"),
    ('track("escalation")', "num"), ('track("readiness", KOR)', "num"), ('track("trust", JPN, KOR)', "num"),
    ('chose(KOR, "join-patrol")', "bool"), ('chose(KOR, "join-patrol", "patrol-invite")', "bool"),
    ('outcome("mda-offer", JPN)', "str"), ('succeeded("mda-offer", JPN)', "bool"),
    ('fired("mda-offer")', "bool"), ('responded(PRC, "coast-guard-surge")', "bool"),
    ("min(1, turn)", "num"), ("max(1, 2, 3)", "num"), ("abs(roll)", "num"), ("clamp(roll, 1, 6)", "num"),
    ("1 + 2 * turn", "num"), ("1 < 2", "bool"), ("KOR == who", "bool"), ("true and false or true", "bool"),
])
def test_types(source, type_):
    assert check(parse(source), NAMES) == type_


@pytest.mark.parametrize("source, expect, message, offset", [
    # top-level kind
    ("turn + 1", "bool", "expected a condition (true/false) but this is a number", 0),
    ("turn > 1", "num", "expected a number but this is a condition (true/false)", 0),
    ('outcome("mda-offer", JPN)', "bool", "expected a condition (true/false) but this is text", 0),
    # names
    ("__class__", "bool", "unknown name '__class__' (expected one of: AUS, DPRK, GBR, JPN, KOR, PRC, USA, "
                          "roll, target, turn, who)", 0),
    ("trun > 1", "bool", "unknown name 'trun', did you mean 'turn'? (expected one of: AUS, DPRK, GBR, JPN, KOR, "
                         "PRC, USA, roll, target, turn, who)", 0),
    ("True", "bool", "unknown name 'True' (expected 'true', in lower case)", 0),
    ("track > 1", "bool", "'track' is a function (expected track(...))", 0),
    # operators
    ("turn and true", "bool", "'and' joins conditions (true/false), but this is a number", 0),
    ("true or 'x'", "bool", "'or' joins conditions (true/false), but this is text", 8),
    ("not turn", "bool", "'not' works on conditions (true/false), but this is a number", 4),
    ("-true", "num", "'-' works on numbers, but this is a condition (true/false)", 1),
    ("1 + KOR", "num", "'+' works on numbers, but this is a delegation code", 4),
    ("'a' * 2", "num", "'*' works on numbers, but this is text", 0),
    ("'a' < 'b'", "bool", "'<' compares numbers, but this is text", 0),
    ("turn == 'x'", "bool", "cannot compare a number with text (expected the same kind of value on both sides "
                            "of '=='", 5),
    ("KOR != PRC", "bool", "cannot compare a delegation code with an actor id (expected the same kind of value "
                           "on both sides of '!='", 4),
    # functions
    ("foo(1)", "bool", "unknown function 'foo' (expected one of: abs, chose, clamp, count, fired, if, max, min, outcome, "
                       "responded, succeeded, track)", 0),
    ('fird("mda-offer")', "bool", "unknown function 'fird', did you mean 'fired'?", 0),
    ("min(1)", "num", "min() takes 2 or more arguments, not 1 (expected min(a, b, ...))", 0),
    ("abs(1, 2)", "num", "abs() takes 1 argument, not 2 (expected abs(x))", 7),
    ("clamp(1, 2)", "num", "clamp() takes 3 arguments, not 2 (expected clamp(x, low, high))", 0),
    ("track()", "num", "track() takes 1 to 3 arguments, not 0", 0),
    ("min(1, 'a')", "num", "argument 2 of min() must be a number, but this is text", 7),
    # track
    ('track("deterence")', "num", "unknown track 'deterence', did you mean 'deterrence'? (expected one of: "
                                  "deterrence, escalation, readiness, trust)", 6),
    ("track(escalation)", "num", "the track id must be written in quotes (expected track(\"escalation\"))", 6),
    ('track("trust", JPN)', "num", "track 'trust' is a pair track, so it needs two delegations "
                                   "(expected track(\"trust\", AUS, GBR))", 0),
    ('track("escalation", JPN)', "num", "track 'escalation' is a global track, so it takes no delegation", 0),
    ('track("readiness")', "num", "track 'readiness' is a per-delegation track, so it needs one delegation", 0),
    ('track("trust", JPN, JPN)', "num", "track 'trust' needs two different delegations", 20),
    ('track("readiness", kor)', "num", "unknown delegation code 'kor', did you mean 'KOR'?", 19),
    ('track("readiness", PRC)', "num", "argument 2 of track() must be a delegation code, but this is an actor id", 19),
    ('track("readiness", turn)', "num", "argument 2 of track() must be a delegation code, but this is a number", 19),
    # chose
    ('chose(KOR, "join-patrl")', "bool", "unknown option 'join-patrl' for KOR, did you mean 'join-patrol'? "
                                         "(expected one of: decline, join-patrol)", 11),
    ('chose(KOR, "offer-mda")', "bool", "unknown option 'offer-mda' for KOR", 11),
    ('chose(AUS, "lead")', "bool", "unknown option 'lead' for AUS (there are none in this scenario)", 11),
    ('chose(who, "nope")', "bool", "unknown option 'nope' (expected one of: decline, join-patrol, lead, offer-mda)",
     11),
    ('chose(KOR, "decline", "mda")', "bool", "unknown inject 'mda'", 22),
    ('chose(KOR, join)', "bool", "the option id must be written in quotes", 11),
    ('chose("KOR", "decline")', "bool", "argument 1 of chose() must be a delegation code, but this is text", 6),
    # outcome / succeeded / fired / responded
    ('outcome("mda-offer", JPN) == "sucess"', "bool", "unknown outcome level 'sucess', did you mean 'success'? "
                                                      "(expected one of: critical-success, failure, partial, "
                                                      "success)", 29),
    ('"sucess" != outcome("mda-offer", JPN)', "bool", "unknown outcome level 'sucess'", 0),
    ('outcome("mdaoffer", JPN) == ""', "bool", "unknown inject 'mdaoffer', did you mean 'mda-offer'?", 8),
    ('succeeded("mda-offer")', "bool", "succeeded() takes 2 to 3 arguments, not 1", 0),
    ('fired(1)', "bool", "the inject id must be written in quotes (expected fired(\"inject-id\"))", 6),
    ('responded(PRC, "missile-test")', "bool", "unknown response 'missile-test' for PRC (expected one of: "
                                               "coast-guard-surge, economic-coercion)", 15),
    ('responded(KOR, "missile-test")', "bool", "argument 1 of responded() must be an actor id, but this is a "
                                               "delegation code", 10),
    ('responded(CHN, "x")', "bool", "unknown actor id 'CHN' (expected one of: DPRK, PRC)", 10),
])
def test_errors(source, expect, message, offset):
    e = error(source, expect)
    assert e.message.startswith(message)
    assert e.offset == offset


def test_outcome_literals_unchecked_without_levels():
    names = Names(delegations={"JPN"}, injects={"mda-offer"})
    assert check(parse('outcome("mda-offer", JPN) == "anything"'), names) == "bool"
    assert check(parse('outcome("mda-offer", JPN) == ""'), NAMES) == "bool"


def test_empty_names_say_so():
    e = error('track("escalation") > 1', names=Names())
    assert e.message == "unknown track 'escalation' (there are none in this scenario)"


def test_long_lists_are_cut():
    names = Names(injects={f"inject-{i:02}" for i in range(40)})
    e = error('fired("x")', names=names)
    assert e.message.endswith("inject-29, and 10 more)")
    assert e.expected.startswith("inject-00, inject-01")


def test_names_convert_and_validate():
    names = Names(delegations=["KOR"], options={"KOR": ["a", "a"]}, tracks={"t": "global"})
    assert names.delegations == frozenset({"KOR"}) and names.options == {"KOR": frozenset({"a"})}
    with pytest.raises(ValueError):
        Names(tracks={"t": "regional"})
    with pytest.raises(ValueError):
        Names(variables={"roll": "int"})


def test_check_recursion_is_contained():
    tree = parse("1")
    for _ in range(5000):  # deeper than the parser would ever build
        tree = Neg(tree)
    with pytest.raises(ExprError, match="nested too deeply"):
        check(tree, NAMES)


def test_succeeded_with_an_option_is_checked_against_the_delegations_options():
    from wargame.expr import ExprError, Names, compile_expr

    names = Names(delegations={"JPN", "KOR"}, injects={"offer"}, options={"JPN": {"join", "wait"}},
                  inject_options={("offer", "JPN"): {"join"}})
    assert compile_expr('succeeded("offer", JPN, "join")', names, "bool").type == "bool"
    with pytest.raises(ExprError, match="unknown option 'wait' for JPN on 'offer'"):
        compile_expr('succeeded("offer", JPN, "wait")', names, "bool")  # JPN's option, but not on this inject
    with pytest.raises(ExprError, match="the option id must be written in quotes"):
        compile_expr('succeeded("offer", JPN, join)', names, "bool")
    loose = Names(delegations={"JPN"}, injects={"offer"}, options={"JPN": {"join"}})
    assert compile_expr('succeeded("offer", JPN, "join")', loose, "bool").type == "bool"
    with pytest.raises(ExprError, match="unknown option 'jion' for JPN, did you mean 'join'"):
        compile_expr('succeeded("offer", JPN, "jion")', loose, "bool")

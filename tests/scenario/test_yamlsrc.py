"""Tests for wargame.scenario.yamlsrc: located errors, strict scalars, marks and hostile-input limits."""

from __future__ import annotations

import math
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.scenario import yamlsrc
from wargame.scenario.errors import InputError, Problem
from wargame.scenario.yamlsrc import YamlDoc, format_path, load_yaml_file, load_yaml_text

#: CPU seconds (of this process, so other load on the machine does not count) within which hostile
#: input must be refused: the cases below take 0.1-0.6 s, while the blow-ups they guard against
#: (recursion, quadratic scans, alias expansion) take minutes.
CPU_BOUND = 5.0

LOADERS = [pytest.param(None, id="default")] + [pytest.param(yamlsrc._PureStrictLoader, id="pure")]
needs_libyaml = pytest.mark.skipif(yamlsrc._StrictLoader is None, reason="messages are libyaml's")


def error_of(text, file="x.yaml", **kwargs) -> str:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, file, **kwargs)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


# --- format_path and the YamlDoc API -----------------------------------------------------


def test_format_path():
    assert format_path(("injects", 2, "options", "KOR", 0, "odds")) == "injects[2].options.KOR[0].odds"
    assert format_path(()) == ""
    assert format_path((3, "a")) == "[3].a"
    assert format_path(("teams", "Blue Team", "a.b")) == "teams['Blue Team']['a.b']"
    assert format_path(("x", True, None, 1.5)) == "x[True][None][1.5]"


SCENARIO = """\
title: Strait crisis
injects:
  - id: first
  - id: second
  - id: third
    options:
      KOR:
        - text: Patrol
          odds: 0.4
      "JPN": [a, {odds: 2}]
"""


def test_marks_for_nested_values_and_keys():
    doc = load_yaml_text(SCENARIO, "s.yaml")
    path = ("injects", 2, "options", "KOR", 0, "odds")
    assert doc.data["injects"][2]["options"]["KOR"][0]["odds"] == 0.4
    assert doc.mark(path) == (9, 17)
    assert doc.key_mark(path) == (9, 11)
    assert doc.mark(("injects",)) == (3, 3)
    assert doc.key_mark(("injects",)) == (2, 1)
    assert doc.mark(("injects", 2)) == (5, 5)
    assert doc.key_mark(("injects", 2)) == (5, 5)  # list items have no key: falls back to the value
    assert doc.mark(("injects", 2, "options", "JPN", 1, "odds")) == (10, 25)
    assert doc.key_mark(("injects", 2, "options", "JPN")) == (10, 7)  # the quote is the key's start
    assert doc.mark(("title",)) == (1, 8)


def test_mark_falls_back_to_nearest_ancestor():
    doc = load_yaml_text(SCENARIO, "s.yaml")
    assert doc.mark(()) == (1, 1)
    assert doc.mark(("injects", 2, "options", "nope", 3)) == doc.mark(("injects", 2, "options"))
    assert doc.mark(("injects", 9)) == (3, 3)
    assert doc.mark(("missing",)) == (1, 1)
    assert doc.key_mark(("injects", 2, "options", "nope")) == doc.mark(("injects", 2, "options"))
    assert doc.mark(("injects", ["unhashable"])) == (3, 3)
    assert doc.key_mark((["unhashable"],)) == (1, 1)


def test_problem_is_located_with_where():
    doc = load_yaml_text(SCENARIO, "s.yaml")
    path = ("injects", 2, "options", "KOR", 0, "odds")
    assert str(doc.problem(path, "odds must be below 0.3")) == (
        "s.yaml:9:17: injects[2].options.KOR[0].odds: odds must be below 0.3"
    )
    assert doc.problem(path, "unknown key 'odds'", at_key=True) == Problem(
        "s.yaml", 9, 11, "unknown key 'odds'", where="injects[2].options.KOR[0].odds"
    )
    assert str(doc.problem((), "missing title")) == "s.yaml:1:1: missing title"


def test_marks_count_characters_not_bytes():
    doc = load_yaml_text("é: [ü, ∆]\n".encode(), "u.yaml")
    assert doc.data == {"é": ["ü", "∆"]}
    assert doc.mark(("é", 1)) == (1, 8)


def test_marks_through_aliases():
    text = "base: &b\n  odds: 1\n  x: [1, 2]\nother: *b\nlist: [*b, 3]\n"
    doc = load_yaml_text(text, "a.yaml")
    assert doc.data["other"] is doc.data["base"]
    assert doc.mark(("other",)) == (4, 8)  # the alias itself
    assert doc.mark(("list", 0)) == (5, 8)
    assert doc.mark(("other", "odds")) == (2, 9)  # inside: where the value is written
    assert doc.key_mark(("other", "odds")) == (2, 3)
    assert doc.mark(("list", 0, "x", 1)) == (3, 10)


def test_yamldoc_can_be_built_directly():
    doc = YamlDoc("f.yaml", {"a": 1})
    assert doc.mark(("a",)) == (1, 1)
    assert doc.problem(("a",), "m").where == "a"


# --- 1. size -----------------------------------------------------------------------------


def test_fifty_megabyte_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        chunk = b"key: value\n" * 100_000
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    start = time.process_time()
    with pytest.raises(InputError) as info:
        load_yaml_file(big, display="big.yaml")
    assert str(info.value) == "big.yaml:1:1: file is larger than 2 MB (expected a scenario file under 2 MB)"
    assert time.process_time() - start < CPU_BOUND  # refused by its size, not parsed


def test_size_limit_is_exact_and_configurable(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes(b"a: " + b"x" * 97)  # exactly 100 bytes
    assert load_yaml_file(path, max_bytes=100).data == {"a": "x" * 97}
    with pytest.raises(InputError) as info:
        load_yaml_file(path, display="s.yaml", max_bytes=99)
    assert str(info.value) == "s.yaml:1:1: file is larger than 99 bytes (expected a scenario file under 99 bytes)"
    assert error_of("a: " + "é" * 60, max_bytes=100) == (
        "x.yaml:1:1: file is larger than 100 bytes (expected a scenario file under 100 bytes)"
    )
    assert error_of(b"a: bb", max_bytes=4) == (
        "x.yaml:1:1: file is larger than 4 bytes (expected a scenario file under 4 bytes)"
    )
    assert error_of(b"a: b" * 400, max_bytes=1500) == (
        "x.yaml:1:1: file is larger than 1.5 KB (expected a scenario file under 1.5 KB)"
    )


def test_load_yaml_file_reads_and_names_the_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: x\n", encoding="utf-8")
    doc = load_yaml_file(path)
    assert doc.file == str(path)
    assert doc.data == {"title": "x"}
    assert load_yaml_file(path, display="scenarios/s.yaml").file == "scenarios/s.yaml"


def test_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError) as info:
        load_yaml_file(tmp_path / "missing.yaml", display="missing.yaml")
    assert str(info.value) == "missing.yaml:1:1: cannot read file: No such file or directory (expected a readable file)"
    with pytest.raises(InputError) as info:
        load_yaml_file(tmp_path, display="dir")
    assert str(info.value) == "dir:1:1: cannot read file: Is a directory (expected a readable file)"


# --- 2. encoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\n\x00\x01\x02", "x.yaml:1:1: file is binary (expected UTF-8 text)"),
        ("a: 1".encode("utf-16"), "x.yaml:1:1: file is UTF-16 encoded (expected UTF-8)"),
        (b"\xfe\xff\x00a", "x.yaml:1:1: file is UTF-16 encoded (expected UTF-8)"),
        ("a: 1".encode("utf-32"), "x.yaml:1:1: file is UTF-32 encoded (expected UTF-8)"),
        (b"title: ok\nname: caf\xe9\n", "x.yaml:2:10: invalid UTF-8 byte 0xe9 (expected UTF-8 text)"),
        (b"a: \xc3\xa9\xc3\xa9 \xff\n", "x.yaml:1:7: invalid UTF-8 byte 0xff (expected UTF-8 text)"),
        ("a: b\x07\n".encode(), "x.yaml:1:5: control character U+0007 is not allowed (expected printable text)"),
    ],
)
def test_encoding_problems(raw, expected):
    assert error_of(raw) == expected


def test_utf8_bom_is_accepted():
    doc = load_yaml_text(b"\xef\xbb\xbftitle: x\n", "b.yaml")
    assert doc.data == {"title": "x"}
    assert doc.mark(("title",)) == (1, 8)
    assert load_yaml_text("\ufefftitle: x\n", "b.yaml").data == {"title": "x"}


def test_lone_surrogates_in_text_are_refused():
    assert error_of("a: 1\nb: x\ud800\n") == "x.yaml:2:5: invalid character U+D800 (expected UTF-8 text)"


@pytest.mark.parametrize("text", ["", b"", "   \n\n\t\n", "# only a comment\n  # another\n", "---\n", "--- # c\n...\n"])
def test_empty_files(text):
    assert error_of(text) == "x.yaml:1:1: file is empty (expected a YAML mapping)"


# --- 3. one document ---------------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS)
def test_second_document_is_refused_at_its_start(loader):
    text = "title: one\nturns: 3\n---\ntitle: two\n"
    assert error_of(text, _loader=loader) == (
        "x.yaml:3:1: found a second YAML document (expected one document per file)"
    )


# --- 4. syntax errors --------------------------------------------------------------------


@needs_libyaml
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb c\nd: 2\n", "x.yaml:3:1: could not find expected ':' (while scanning a simple key that started at line 2)"),
        ("a: b: c\n", "x.yaml:1:5: mapping values are not allowed in this context (expected valid YAML syntax)"),
        ("title: [a, b\n", "x.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1)"),
        ("a: @x\n", "x.yaml:1:4: found character '@' that cannot start any token (while scanning for the next token)"),
        ("a:\n\tb: 1\n", "x.yaml:2:1: found a tab character that cannot start any token (expected spaces for indentation)"),
        ('a: "open\n', "x.yaml:2:1: found unexpected end of stream (while scanning a quoted scalar that started at line 1)"),
    ],
)
def test_syntax_errors(text, expected):
    assert error_of(text) == expected


def test_syntax_errors_on_pure_loader_are_located_too():
    assert error_of("a: 1\nb c\nd: 2\n", _loader=yamlsrc._PureStrictLoader) == (
        "x.yaml:3:1: could not find expected ':' (while scanning a simple key that started at line 2)"
    )


# --- 5. strict scalars -------------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS)
def test_strict_scalar_resolution(loader):
    pairs = {
        "yes": "yes", "no": "no", "on": "on", "off": "off", "y": "y", "n": "n", "NO": "NO",
        "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
        "tRuE": "tRuE",
        "null": None, "Null": None, "NULL": None, "~": None, "": None, "nil": "nil",
        "10": 10, "010": 10, "-3": -3, "+5": 5, "0": 0, "0x1F": "0x1F", "0o17": "0o17", "1_000": "1_000",
        "1:20": "1:20", "1,000": "1,000",
        "1.5": 1.5, "-0.25": -0.25, ".5": 0.5, "1e3": 1000.0, "1.5e-3": 0.0015, "2.": 2.0, "+1.0": 1.0,
        ".inf": ".inf", "-.inf": "-.inf", ".nan": ".nan", "1e": "1e", ".": ".",
        "2027-03-01": "2027-03-01", "2027-03-01 10:00:00": "2027-03-01 10:00:00",
        "'010'": "010", '"true"': "true", "'1.5'": "1.5", "=": "=", "<<x": "<<x",
    }
    text = "".join(f"k{i}: {source}\n" for i, source in enumerate(pairs))
    data = load_yaml_text(text, "s.yaml", _loader=loader).data
    got = dict(zip(pairs, data.values()))
    assert got == pairs
    for source, value in pairs.items():
        assert type(got[source]) is type(value), source


# --- 6. tags and merge keys --------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("cmd: !!python/object/apply:os.system ['echo hi']\n", "1:6"),
        ("blob: !!binary aGVsbG8=\n", "1:7"),
        ("a: 1\nb: !custom thing\n", "2:4"),
        ("a: !!str 10\n", "1:4"),
        ("a: ! 10\n", "1:4"),
        ("a:\n  - !!map {b: 1}\n", "2:5"),
        ("a: !!set {b, c}\n", "1:4"),
        ("!!map\na: 1\n", "1:1"),
        ("? !!str k\n: v\n", "1:3"),
    ],
)
def test_tags_are_refused(loader, text, where):
    assert error_of(text, _loader=loader) == f"x.yaml:{where}: YAML tags are not allowed (expected plain values)"


@pytest.mark.parametrize("loader", LOADERS)
def test_merge_keys_are_refused(loader):
    text = "base: &b {odds: 1}\nplan:\n  <<: *b\n  extra: 2\n"
    assert error_of(text, _loader=loader) == (
        "x.yaml:3:3: merge keys are not supported (expected every key written out in full)"
    )
    assert load_yaml_text("'<<': quoted is just text\n", "x").data == {"<<": "quoted is just text"}


# --- 7. keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("loader", LOADERS)
def test_duplicate_keys(loader):
    assert error_of("title: A\nturns: 3\ntitle: B\n", _loader=loader) == (
        "x.yaml:3:1: duplicate key 'title' (first defined at line 1; expected each key once)"
    )
    nested = "a:\n  b: 1\n  c:\n    d: 1\n    e: 2\n    d: 3\n"
    assert error_of(nested, _loader=loader) == (
        "x.yaml:6:5: duplicate key 'd' (first defined at line 4; expected each key once)"
    )
    assert error_of("x: {a: 1, b: 2, a: 3}\n", _loader=loader) == (
        "x.yaml:1:17: duplicate key 'a' (first defined at line 1; expected each key once)"
    )
    # Keys that become equal Python values collide too.
    assert error_of("1: a\n01: b\n", _loader=loader) == (
        "x.yaml:2:1: duplicate key '01' (first defined at line 1; expected each key once)"
    )
    # Same key in different mappings is fine.
    assert load_yaml_text("a: {k: 1}\nb: {k: 2}\n", "x", _loader=loader).data == {"a": {"k": 1}, "b": {"k": 2}}


@pytest.mark.parametrize("loader", LOADERS)
def test_non_scalar_keys(loader):
    assert error_of("? [a, b]\n: 1\n", _loader=loader) == (
        "x.yaml:1:3: a mapping key cannot be a list (expected a plain text key)"
    )
    assert error_of("top:\n  {a: 1}: 2\n", _loader=loader) == (
        "x.yaml:2:3: a mapping key cannot be a mapping (expected a plain text key)"
    )
    assert error_of("a: &m {x: 1}\n*m : 2\n", _loader=loader) == (
        "x.yaml:2:1: a mapping key cannot be a mapping (expected a plain text key)"
    )


# --- 8. anchors and aliases --------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("loader", LOADERS)
def test_alias_bomb_is_refused_quickly(loader):
    text = billion_laughs()
    start = time.process_time()
    message = error_of(text, _loader=loader)
    assert message == (
        "x.yaml:5:63: document expands to more than 100000 values through aliases (expected no alias bombs)"
    )
    assert time.process_time() - start < CPU_BOUND


def test_aliases_are_allowed_and_shared():
    doc = load_yaml_text("a: &x [1, 2]\nb: *x\nc: &s text\nd: *s\n", "x")
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}
    # Just under the limit still loads: 10 + 100 + 1,000 + 10,000 list values after expansion.
    assert len(load_yaml_text(billion_laughs(3), "x").data["lol3"][9][9][9]) == 10


def test_expansion_counted_at_the_end_too():
    # The alias comes first; the lexical values that push the total over come after it.
    text = "a: &x [1]\nb: *x\nc: [" + ", ".join(["1"] * 100_001) + "]\n"
    assert error_of(text, max_bytes=10**7) == (
        "x.yaml:3:299978: document expands to more than 100000 values through aliases (expected no alias bombs)"
    )


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, *x]\n", "1:11: alias *x refers to a value that contains it (expected no recursive aliases)"),
        ("a: 1\nb: *nope\n", "2:4: alias *nope has no matching anchor (expected an anchor &nope defined earlier in the file)"),
        ("a: &x 1\nb: &x 2\n", "2:4: anchor &x is defined twice (first at line 1; expected each anchor name once)"),
    ],
)
def test_alias_errors(loader, text, expected):
    assert error_of(text, _loader=loader) == f"x.yaml:{expected}"


# --- 9. depth ----------------------------------------------------------------------------

DEEP = "nesting is deeper than 64 levels (expected at most 64 levels of lists and mappings)"


@pytest.mark.parametrize("loader", LOADERS)
def test_depth_limit(loader):
    ok = "a: " + "[" * 63 + "]" * 63 + "\n"  # the top mapping + 63 lists = 64 levels
    assert load_yaml_text(ok, "x", _loader=loader).data["a"] is not None
    too_deep = "a: " + "[" * 64 + "]" * 64 + "\n"
    assert error_of(too_deep, _loader=loader) == f"x.yaml:1:67: {DEEP}"
    block = "".join("  " * level + f"k{level}:\n" for level in range(70)) + "  " * 70 + "leaf\n"
    assert error_of(block, _loader=loader) == f"x.yaml:65:129: {DEEP}"


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("opener", ["[", "{", "a: [", "- "])
def test_hundred_thousand_openers_never_recurse(loader, opener):
    text = opener * 100_000
    start = time.process_time()
    message = error_of(text, max_bytes=10**7, _loader=loader)
    assert time.process_time() - start < CPU_BOUND
    assert message.endswith(DEEP)


def test_aliases_cannot_smuggle_depth():
    level_32 = "[" * 32 + "]" * 32
    text = f"a: &d {level_32}\nb: [[[[[*d]]]]]\nc: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*d]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    assert error_of(text) == f"x.yaml:3:36: {DEEP}"
    data = load_yaml_text(f"a: &d {level_32}\nb: [[[[[*d]]]]]\n", "x").data
    assert data["b"][0][0][0][0][0] is data["a"]


# --- 10. top level -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "where"),
    [
        ("- a\n- b\n", "a list", "1:1"),
        ("# header\n- a\n", "a list", "2:1"),
        ("just text\n", "a string", "1:1"),
        ("42\n", "a number", "1:1"),
        ("true\n", "a true/false value", "1:1"),
        ("null\n", "null", "1:1"),
    ],
)
def test_top_level_must_be_a_mapping(text, kind, where):
    assert error_of(text) == f"x.yaml:{where}: top level is {kind} (expected a mapping of keys to values)"


# --- the two loaders agree ---------------------------------------------------------------


def test_pure_loader_gives_same_data_and_marks():
    fast = load_yaml_text(SCENARIO, "s.yaml")
    pure = load_yaml_text(SCENARIO, "s.yaml", _loader=yamlsrc._PureStrictLoader)
    assert fast.data == pure.data
    assert fast._value_marks == pure._value_marks
    assert fast._key_marks == pure._key_marks


# --- properties --------------------------------------------------------------------------

YAMLISH = st.lists(
    st.sampled_from(
        list("ab1:-[]{}&*!|>'\"\n\t#?,.~%@`<=0\\x é\ufeff\x85")
        + ["\r\n", "  ", "---", "...", "<<", "&a", "*a", "!!", "? ", "- ", "\x00", "\udc80"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(YAMLISH, st.text(max_size=60), st.binary(max_size=60), YAMLISH.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_input_gives_a_doc_or_an_input_error(source):
    for loader in (None, yamlsrc._PureStrictLoader):
        try:
            doc = load_yaml_text(source, "f.yaml", _loader=loader)
        except InputError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file == "f.yaml" and problem.line >= 1 and problem.col >= 1
                assert problem.message.endswith(")")
                assert "could not read YAML" not in problem.message
        else:
            assert isinstance(doc.data, dict)


def _plain_text(value: str) -> bool:
    """True when our strict resolver reads `value`, written plain, back as a string."""
    resolvers = yamlsrc._StrictResolver.yaml_implicit_resolvers.get(value[:1], ())
    return not any(regexp.match(value) for _tag, regexp in resolvers)


# NEL/LS/PS are line breaks to YAML 1.1, and safe_dump(allow_unicode=True) writes them raw.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"), max_size=12).filter(_plain_text)
SCALARS = st.one_of(
    TEXT,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
DATA = st.dictionaries(
    TEXT,
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=20),
    max_size=6,
)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield prefix + (index,)
            yield from _paths(item, prefix + (index,))


@settings(max_examples=75, deadline=None)
@given(DATA, st.booleans(), st.booleans())
def test_safe_dump_round_trips(data, flow, unicode):
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    doc = load_yaml_text(text, "d.yaml")
    assert _same(doc.data, data)


@settings(max_examples=75, deadline=None)
@given(DATA.filter(bool), st.booleans())
def test_every_path_has_a_mark_inside_the_text(data, flow):
    text = yaml.safe_dump(data, default_flow_style=flow, sort_keys=False)
    doc = load_yaml_text(text, "d.yaml")
    lines = text.split("\n")
    for path in _paths(data):
        assert path in doc._value_marks, path
        for line, col in (doc.mark(path), doc.key_mark(path)):
            assert 1 <= line <= len(lines), (path, line)
            assert 1 <= col <= len(lines[line - 1]) + 1, (path, col)
        if isinstance(path[-1], str):
            assert path in doc._key_marks


def test_many_values_without_aliases_are_refused_quickly():
    import time

    from wargame.scenario.errors import InputError
    from wargame.scenario.yamlsrc import MAX_VALUES, load_yaml_text

    text = "k: [" + ",".join(["1"] * (MAX_VALUES + 10)) + "]\n"
    start = time.process_time()
    with pytest.raises(InputError) as exc:
        load_yaml_text(text, "big.yaml")
    assert time.process_time() - start < CPU_BOUND
    assert "more than 100000 values" in str(exc.value)

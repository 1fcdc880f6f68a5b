"""The shared number and date rules: what a person may type, and the calendar check."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.model.limits import MAX_NUMBER, date_problem, describe_number, number_problem, parse_change


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "Infinity", "1e999", "1e7", "-1000001", "9" * 5000,
                                  "0x10", "1_0", "\u0661\u0662", "", "   ", "+", "two", "1e99999"])
def test_unusable_changes_are_refused_with_a_message(text):
    with pytest.raises(ValueError) as e:
        parse_change(text)
    assert str(e.value) and len(str(e.value)) < 200


@pytest.mark.parametrize("text, value", [("+2", 2), ("-1", -1), ("0.5", 0.5), (" 3 ", 3), ("1e6", 1_000_000),
                                         ("-1000000", -1_000_000)])
def test_ordinary_changes_parse(text, value):
    assert parse_change(text) == value and type(parse_change(text)) is type(value)


def test_zero_only_where_allowed():
    with pytest.raises(ValueError, match="does nothing"):
        parse_change("0")
    assert parse_change("0", allow_zero=True) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_text_gives_a_bounded_finite_number_or_value_error(text):
    try:
        value = parse_change(text, allow_zero=True)
    except ValueError:
        return
    assert math.isfinite(value) and abs(value) <= MAX_NUMBER and number_problem(value) is None


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_every_real_date_is_accepted(d):
    assert date_problem(d.isoformat()) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_a_date_is_accepted_exactly_when_the_calendar_has_it(y, m, d):
    text = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        dt.date.fromisoformat(text)
        real = True
    except ValueError:
        real = False
    assert (date_problem(text) is None) is real


def test_long_numbers_are_described_not_printed():
    assert describe_number(10**3999) == "a number of 4,000 digits"
    assert describe_number(-(10**25)) == "a negative number of 26 digits"
    assert describe_number(12) == "12"

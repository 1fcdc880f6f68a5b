"""Bounds on every number the program accepts, and the calendar check for dates.

One place so the loader, the schema, the expression language, the engine and the dialogs where
Control types a number all agree. The bounds are far beyond anything a tabletop game needs; they
exist so that no number (`1e999`, a 4000-digit range, an expression multiplying large literals)
can become infinity, lose all precision, or make an integer too large to print.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import re

#: Largest magnitude of any number written in a scenario or ruleset file (track ranges, starts,
#: effect amounts, odds, weights ...) or typed by a person (an adjustment, a free-form effect).
MAX_NUMBER = 1_000_000

#: Expression arithmetic saturates here: `+ - * /` and `abs` never give a value beyond it, so
#: no calculation during play can overflow, become infinite or grow without limit. A constant
#: calculation that goes past it, or one that can for some track values, is refused at load.
MAX_VALUE = 10**15

#: `YYYY-MM-DD` for a real calendar date (leap years included), for the JSON Schema; the loader
#: checks with the calendar itself and says what is wrong.
DATE_PATTERN = (
    r"^(?:(?!0000)[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)

_CHANGE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?$")
_DATE_SHAPE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def number_problem(value: object) -> str | None:
    """Why `value` is not an acceptable number (None when it is): not finite, or too large."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "is not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{describe_number(value)} is not a finite number (expected -{MAX_NUMBER:,} to {MAX_NUMBER:,})"
    if not -MAX_NUMBER <= value <= MAX_NUMBER:
        return f"{describe_number(value)} is too large (expected -{MAX_NUMBER:,} to {MAX_NUMBER:,})"
    return None


def describe_number(value: int | float) -> str:
    """A number as a message may show it: long integers are shortened rather than printed whole."""
    if isinstance(value, float):
        return repr(value)
    try:
        text = str(value)
    except ValueError:  # beyond Python's own limit on printing integers
        return "a number of thousands of digits"
    if len(text.lstrip("-")) > 20:
        return f"{'a negative' if value < 0 else 'a'} number of {len(text.lstrip('-')):,} digits"
    return text


def parse_change(text: str, allow_zero: bool = False) -> int | float:
    """A change a person types (`+2`, `-1`, `0.5`): finite, within MAX_NUMBER, not zero.

    Raises ValueError with a message meant for the person.
    """
    text = text.strip()
    if not text:
        raise ValueError("type a change, e.g. +1 or -2")
    if len(text) > 32:
        raise ValueError(f"'{text[:20]}...' is not a usable number (expected e.g. +1 or -2)")
    # Plain decimal notation only: float() alone would also take '1_0', 'nan' and non-ASCII digits.
    if not _CHANGE.match(text):
        raise ValueError(f"'{text}' is not a number (e.g. +1 or -2)")
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(f"'{text}' is not a usable number (expected -{MAX_NUMBER:,} to {MAX_NUMBER:,})")
    if value == 0 and not allow_zero:
        raise ValueError("a change of 0 does nothing")
    return int(value) if value.is_integer() else value


def date_problem(text: str) -> str | None:
    """Why `text` is not a calendar date `YYYY-MM-DD` (None when it is one)."""
    m = _DATE_SHAPE.match(text)
    if not m:
        return f"{text!r} is not a date (expected YYYY-MM-DD, e.g. 2027-03-01)"
    year, month, day = (int(g) for g in m.groups())
    if year < 1:
        return f"{text!r} is not a date (expected a year from 0001)"
    if not 1 <= month <= 12:
        return f"{text!r} is not a date: there is no month {month} (expected 01 to 12)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days "
                f"(expected a day from 01 to {last})")
    return None


def add_months(d: _dt.date, months: int) -> _dt.date:
    """`d` moved by whole months, the day kept within the new month (31 Jan + 1 month = 28/29 Feb)."""
    y, mo = divmod(d.month - 1 + months, 12)
    year = d.year + y
    return d.replace(year=year, month=mo + 1, day=min(d.day, calendar.monthrange(year, mo + 1)[1]))

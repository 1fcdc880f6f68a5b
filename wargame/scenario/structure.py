"""Strict structuring of plain YAML data into the attrs model classes, collecting every problem.

Strict on purpose: YAML and cattrs both coerce quietly (`no` -> False, "3" -> 3), and a typo in a
scenario must never pass as a default, so unknown keys, wrong types and out-of-range numbers are
all located errors.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any, Literal

import attrs

from wargame.model.fields import yaml_key
from wargame.model.limits import date_problem, describe_number, number_problem

Path = tuple
Report = typing.Callable[[Path, str, bool], None]


class _Failed:
    """Marks a value that could not be structured (its problem is already reported)."""


FAILED = _Failed()

_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {describe_number(value)}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"the text {short!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def expected_words(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if tp in _TYPE_WORDS:
        return _TYPE_WORDS[tp]
    if origin is Literal:
        return "one of: " + ", ".join(str(a) for a in typing.get_args(tp))
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(expected_words(a) for a in typing.get_args(tp) if a is not type(None))
    if attrs.has(tp):
        return "a mapping"
    return str(tp)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def structure(tp: Any, value: Any, path: Path, report: Report) -> Any:
    """Structure `value` as `tp`, reporting each problem as (path, message, at_key)."""
    origin = typing.get_origin(tp)
    if attrs.has(tp):
        return _structure_class(tp, value, path, report)
    if origin in (typing.Union, types.UnionType):
        return _structure_union(tp, value, path, report)
    if origin is Literal:
        allowed = typing.get_args(tp)
        if isinstance(value, str) and value in allowed:
            return value
        report(path, f"{describe(value)} is not allowed (expected {expected_words(tp)})", False)
        return FAILED
    if origin is list:
        if not isinstance(value, list):
            report(path, f"got {describe(value)} (expected a list)", False)
            return FAILED
        (item_tp,) = typing.get_args(tp)
        out = [structure(item_tp, v, path + (i,), report) for i, v in enumerate(value)]
        return FAILED if any(v is FAILED for v in out) else out
    if origin is dict:
        if not isinstance(value, dict):
            report(path, f"got {describe(value)} (expected a mapping)", False)
            return FAILED
        key_tp, val_tp = typing.get_args(tp)
        out = {}
        ok = True
        for k, v in value.items():
            if structure(key_tp, k, path + (k,), lambda p, m, _k: report(p, "key " + m, True)) is FAILED:
                ok = False
                continue
            sv = structure(val_tp, v, path + (k,), report)
            ok = ok and sv is not FAILED
            out[k] = sv
        return out if ok else FAILED
    return _structure_scalar(tp, value, path, report)


def _structure_scalar(tp: Any, value: Any, path: Path, report: Report) -> Any:
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and number_problem(value) is None:
            value = float(value)
    elif tp is str:
        ok = isinstance(value, str)
    elif tp is type(None):
        ok = value is None
    else:  # pragma: no cover - a model class used a type this structurer does not know
        raise TypeError(f"unsupported model type {tp!r}")
    if not ok:
        hint = ""
        if tp is str and isinstance(value, (bool, int, float)) and value is not None:
            hint = "; put it in quotes if it is meant as text"
        report(path, f"got {describe(value)} (expected {expected_words(tp)}{hint})", False)
        return FAILED
    if tp in (int, float):
        # Every number, whatever the field: `1e999` is infinity and a 4000-digit range cannot be
        # printed or mixed with decimals, so both are refused here rather than crash play later.
        problem = number_problem(value)
        if problem:
            report(path, problem, False)
            return FAILED
    return value


def _structure_union(tp: Any, value: Any, path: Path, report: Report) -> Any:
    args = typing.get_args(tp)
    if value is None and type(None) in args:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (int in args or float in args):
        problem = number_problem(value)
        if problem:
            report(path, problem, False)
            return FAILED
    for arg in args:
        if arg is type(None):
            continue
        probe: list = []
        out = structure(arg, value, path, lambda p, m, k: probe.append((p, m, k)))
        if not probe:
            return out
    # Report against the most specific member (the one that matches the value's shape).
    for arg in args:
        origin = typing.get_origin(arg)
        if (origin is dict and isinstance(value, dict)) or (origin is list and isinstance(value, list)):
            return structure(arg, value, path, report)
    report(path, f"got {describe(value)} (expected {expected_words(tp)})", False)
    return FAILED


def _structure_class(cls: type, value: Any, path: Path, report: Report) -> Any:
    if not isinstance(value, dict):
        report(path, f"got {describe(value)} (expected a mapping with keys: {', '.join(_keys(cls))})", False)
        return FAILED
    hints = _hints(cls)
    fields = {yaml_key(a): a for a in attrs.fields(cls)}
    kwargs = {}
    ok = True
    for key in value:
        if key not in fields:
            near = _closest(str(key), list(fields))
            hint = f"did you mean '{near}'? " if near else ""
            report(path + (key,), f"unknown key '{key}' ({hint}expected one of: {', '.join(fields)})", True)
            ok = False
    for key, a in fields.items():
        if key not in value:
            if a.default is attrs.NOTHING:
                report(path, f"missing key '{key}' ({a.metadata.get('doc', '')})", False)
                ok = False
            continue
        sv = structure(hints[a.name], value[key], path + (key,), report)
        if sv is FAILED:
            ok = False
            continue
        if not _check_constraints(a, sv, path + (key,), report):
            ok = False
            continue
        kwargs[a.name] = sv
    if not ok:
        return FAILED
    return cls(**kwargs)


def _check_constraints(a: attrs.Attribute, value: Any, path: Path, report: Report) -> bool:
    meta = a.metadata
    lo, hi, pattern = meta.get("minimum"), meta.get("maximum"), meta.get("pattern")
    if isinstance(value, str) and meta.get("format") == "date":
        problem = date_problem(value)
        if problem:
            report(path, problem, False)
            return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if lo is not None and value < lo:
            report(path, f"{value} is below the minimum (expected at least {lo})", False)
            return False
        if hi is not None and value > hi:
            report(path, f"{value} is above the maximum (expected at most {hi})", False)
            return False
    if isinstance(value, str) and pattern and not re.match(pattern, value):
        report(path, f"{value!r} is not a valid {a.name} (expected text matching {pattern})", False)
        return False
    return True


def _keys(cls: type) -> list[str]:
    return [yaml_key(a) for a in attrs.fields(cls)]


def _closest(word: str, choices: list[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return hits[0] if hits else None

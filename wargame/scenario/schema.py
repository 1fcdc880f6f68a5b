"""JSON Schema (draft 2020-12) of the scenario and ruleset formats, generated from the model classes.

Like the Markdown reference (`reference.py`), the schema is derived from the attrs classes in
`wargame/model/` and their field metadata, so it cannot drift from what the loader accepts:

- every class becomes a `$defs` entry with `additionalProperties: false` and its required keys;
- every field carries its `doc` as `description` (plus a note when it is an expression);
- `minimum`, `maximum` and `pattern` come from the field metadata, `enum` from `Literal` types;
- simple defaults are included so editors can show them.

The schema is looser than the loader in one way only: cross-references (a track named in an effect,
an option named in `chose(...)`) and expressions are checked by `wargame validate`, not here.

    python -m wargame.scenario.schema docs/schema     # rewrite the committed schema files
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal

import attrs

from wargame.model.fields import yaml_key
from wargame.model.limits import MAX_NUMBER
from wargame.model.scenario import CITATION_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
_EXPR_NOTE = {"bool": "Expression (a condition), checked when the scenario loads.",
              "num": "Expression (a number), checked when the scenario loads."}


def _classes(root: type) -> list[type]:
    from wargame.scenario.reference import classes

    return classes(root)


def type_schema(tp: Any) -> dict:
    """The schema of a Python type annotation used in the model."""
    origin = typing.get_origin(tp)
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if tp in _SCALARS:
        if tp in (int, float):
            # The loader refuses any number beyond this, whatever the field (see model/limits.py).
            return {"type": _SCALARS[tp], "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
        return {"type": _SCALARS[tp]}
    if origin is Literal:
        values = list(typing.get_args(tp))
        return {"type": "string", "enum": values} if all(isinstance(v, str) for v in values) else {"enum": values}
    if origin is list:
        (item,) = typing.get_args(tp)
        return {"type": "array", "items": type_schema(item)}
    if origin is dict:
        key, value = typing.get_args(tp)
        out: dict = {"type": "object"}
        key_schema = type_schema(key)
        if "enum" in key_schema:
            out["propertyNames"] = {"enum": key_schema["enum"]}
        out["additionalProperties"] = type_schema(value)
        return out
    if origin in (typing.Union, types.UnionType):
        members = [type_schema(a) for a in typing.get_args(tp)]
        if all(set(m) <= {"type", "minimum", "maximum"} for m in members):
            names = [m["type"] for m in members]
            if "number" in names and "integer" in names:
                names.remove("integer")  # every integer is a number
            out = {"type": names[0] if len(names) == 1 else names}
            if any("minimum" in m for m in members):  # bounds apply to the numeric members only
                out.update(minimum=-MAX_NUMBER, maximum=MAX_NUMBER)
            return out
        return {"anyOf": members}
    raise TypeError(f"no JSON Schema for model type {tp!r}")  # pragma: no cover - a new model type


def _default(a: attrs.Attribute) -> tuple[bool, Any]:
    """(has a plain default, the default as JSON data)."""
    d = a.default
    if d is attrs.NOTHING:
        return False, None
    if isinstance(d, attrs.Factory):
        if d.takes_self:  # pragma: no cover - not used by the model
            return False, None
        d = d.factory()
        if attrs.has(type(d)):
            d = attrs.asdict(d)
    try:
        json.dumps(d)
    except TypeError:  # pragma: no cover - defensive
        return False, None
    return True, d


def field_schema(a: attrs.Attribute, tp: Any) -> dict:
    meta = a.metadata
    doc = (meta.get("doc") or "").strip()
    if meta.get("expr"):
        doc = f"{doc} {_EXPR_NOTE[meta['expr']]}".strip()
    out: dict = {"description": doc}
    out.update(type_schema(tp))
    if doc.startswith("Citations `doc-id#claim-id`") and out.get("type") == "array":
        # The loader checks every citation list against this pattern (see load._citations).
        out["items"] = {"type": "string", "pattern": CITATION_PATTERN}
    if meta.get("minimum") is not None:
        out["minimum"] = meta["minimum"]
    if meta.get("maximum") is not None:
        out["maximum"] = meta["maximum"]
    if meta.get("pattern"):
        out["pattern"] = meta["pattern"]
    if meta.get("format"):
        out["format"] = meta["format"]
    has_default, default = _default(a)
    if has_default:
        out["default"] = default
    return out


def class_schema(cls: type) -> dict:
    hints = typing.get_type_hints(cls)
    props = {yaml_key(a): field_schema(a, hints[a.name]) for a in attrs.fields(cls)}
    required = [yaml_key(a) for a in attrs.fields(cls) if a.default is attrs.NOTHING]
    out: dict = {"title": cls.__name__, "description": " ".join((cls.__doc__ or "").split()),
                 "type": "object", "properties": props}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def schema(root: type, name: str) -> dict:
    """A complete draft 2020-12 schema whose root is `root`, one `$defs` entry per model class."""
    defs = {cls.__name__: class_schema(cls) for cls in _classes(root)}
    return {
        "$schema": DIALECT,
        "title": f"wargame {name} file",
        "description": f"{' '.join((root.__doc__ or '').split())} Generated by `wargame schema` from the model "
                       f"classes; do not edit by hand.",
        "$ref": f"#/$defs/{root.__name__}",
        "$defs": defs,
    }


def scenario_schema() -> dict:
    from wargame.model.scenario import Scenario

    return schema(Scenario, "scenario")


def ruleset_schema() -> dict:
    from wargame.model.ruleset import Ruleset

    return schema(Ruleset, "ruleset")


def dumps(doc: dict) -> str:
    """The committed form: stable key order as generated, two-space indent, final newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


#: File name under docs/schema/ -> generator.
FILES = {"scenario.schema.json": scenario_schema, "ruleset.schema.json": ruleset_schema}


if __name__ == "__main__":  # python -m wargame.scenario.schema docs/schema
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")
    target.mkdir(parents=True, exist_ok=True)
    for file_name, make in FILES.items():
        (target / file_name).write_text(dumps(make()))

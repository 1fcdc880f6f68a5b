"""Field helpers shared by every model class.

The model classes are the single description of the file formats: the loader structures YAML
into them, and the JSON Schema is generated from them, so documentation lives in field metadata.
"""

from __future__ import annotations

from typing import Any

import attrs

NOTHING = attrs.NOTHING


def field(doc: str, *, default: Any = NOTHING, factory: Any = None, expr: str | None = None,
          minimum: float | None = None, maximum: float | None = None, pattern: str | None = None,
          key: str | None = None, format: str | None = None) -> Any:
    """An attrs field carrying the documentation and constraints the loader and schema use.

    expr: "bool" or "num" when the string is an expression of the project's language.
    key: the YAML key when it differs from the attribute name (e.g. a Python keyword).
    format: "date" for a calendar date `YYYY-MM-DD` (checked against the calendar, not only its shape).
    """
    meta = {"doc": doc, "expr": expr, "minimum": minimum, "maximum": maximum, "pattern": pattern, "key": key,
            "format": format}
    if factory is not None:
        return attrs.field(factory=factory, metadata=meta)
    return attrs.field(default=default, metadata=meta)


def yaml_key(a: attrs.Attribute) -> str:
    return a.metadata.get("key") or a.name

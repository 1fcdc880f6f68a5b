"""Markdown reference of the file formats, generated from the model classes (so docs can't drift)."""

from __future__ import annotations

import typing

import attrs

from wargame.model.fields import yaml_key
from wargame.scenario.structure import expected_words


def _type_words(tp) -> str:
    origin = typing.get_origin(tp)
    if attrs.has(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if origin is list:
        (item,) = typing.get_args(tp)
        return f"list of {_type_words(item)}"
    if origin is dict:
        k, v = typing.get_args(tp)
        return f"mapping of {_type_words(k)} to {_type_words(v)}"
    if origin in (typing.Union, __import__("types").UnionType):
        return " or ".join(_type_words(a) for a in typing.get_args(tp) if a is not type(None)) + \
            (" or null" if type(None) in typing.get_args(tp) else "")
    return expected_words(tp)


def classes(root: type) -> list[type]:
    """The root class and every model class it reaches, in first-seen order."""
    seen: list[type] = []

    def visit(tp):
        if attrs.has(tp):
            if tp in seen:
                return
            seen.append(tp)
            for t in typing.get_type_hints(tp).values():
                visit(t)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(root)
    return seen


def markdown(root: type) -> str:
    out = []
    for cls in classes(root):
        hints = typing.get_type_hints(cls)
        out += [f"### {cls.__name__}", "", (cls.__doc__ or "").strip(), "",
                "| key | type | required | meaning |", "| --- | --- | --- | --- |"]
        for a in attrs.fields(cls):
            required = "yes" if a.default is attrs.NOTHING else "no"
            doc = a.metadata.get("doc", "")
            if a.metadata.get("expr"):
                doc += f" *(expression: {'condition' if a.metadata['expr'] == 'bool' else 'number'})*"
            out.append(f"| `{yaml_key(a)}` | {_type_words(hints[a.name])} | {required} | {doc.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)


def render(document: str) -> str:
    """Refill the generated sections between `<!-- reference:X -->` and `<!-- /reference:X -->`."""
    import re

    from wargame.model.ruleset import Ruleset
    from wargame.model.scenario import Scenario

    for name, root in (("scenario", Scenario), ("ruleset", Ruleset)):
        pattern = re.compile(rf"(<!-- reference:{name} -->\n).*?(<!-- /reference:{name} -->)", re.S)
        document = pattern.sub(lambda m: m.group(1) + "\n" + markdown(root) + "\n" + m.group(2), document)
    return document


if __name__ == "__main__":  # python -m wargame.scenario.reference docs/scenario-format.md
    import sys
    from pathlib import Path

    target = Path(sys.argv[1])
    target.write_text(render(target.read_text()))

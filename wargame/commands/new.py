"""`wargame new NAME [--from TEMPLATE] [-o DIR]`: scaffold a valid, playable scenario to start from.

`--from` takes a template name (`wargame new --list`), a shipped scenario id or a scenario file;
the copy gets the new id and a `$schema` line pointing editors at the JSON Schema.
"""

from __future__ import annotations

import argparse
import sys

SCHEMA_LINE = "# yaml-language-server: $schema="
SCHEMA_FILE = "scenario.schema.json"


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("name", metavar="NAME", nargs="?", help="id of the new scenario, e.g. strait-crisis")
    p.add_argument("--from", dest="source", default="basic", metavar="TEMPLATE",
                   help="template name, shipped scenario id or scenario file to copy (default: basic)")
    p.add_argument("-o", "--output", default=".", metavar="DIR", help="folder to write NAME.yaml in (default: .)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--list", action="store_true", help="list the templates and exit")


def templates() -> dict:
    from importlib.resources import files

    folder = files("wargame.scenario") / "templates"
    return {p.name.rsplit(".", 1)[0]: p for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml")}


def slug(name: str) -> str:
    import re

    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", name.strip().lower())).strip("-")


def retarget(text: str, new_id: str, schema_ref: str) -> str:
    """The scenario text with its top-level id replaced and its `$schema` line pointing at `schema_ref`."""
    import re

    text, n = re.subn(r"(?m)^id:[ \t]*[^\s#]+", f"id: {new_id}", text, count=1)
    if n == 0:
        raise ValueError("the source has no top-level `id:` line to replace")
    lines = text.splitlines(keepends=True)
    schema = f"{SCHEMA_LINE}{schema_ref}\n"
    if lines and lines[0].startswith(SCHEMA_LINE):
        lines[0] = schema
    else:
        lines.insert(0, schema)
    return "".join(lines)


def run(args) -> int:
    from pathlib import Path

    from wargame.commands import fail
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import load_scenario, resolve_scenario

    found = templates()
    if args.list:
        for name, path in found.items():
            title = next((ln.split(":", 1)[1].strip().strip('"') for ln in path.read_text().splitlines()
                          if ln.startswith("title:")), "")
            print(f"{name:<16} {title}")
        return 0
    if not args.name:
        print("wargame new: name the new scenario, e.g. `wargame new strait-crisis`", file=sys.stderr)
        return 2
    new_id = slug(args.name)
    if not new_id:
        print(f"wargame new: '{args.name}' gives no usable id (use letters, digits and dashes)", file=sys.stderr)
        return 2
    if args.source in found:
        source = found[args.source]
    else:
        try:
            source = resolve_scenario(args.source)
        except InputError:
            return fail(f"wargame new: no template, shipped scenario or file '{args.source}' "
                        f"(templates: {', '.join(found)}; scenarios: see `wargame list`)")
    out_dir = Path(args.output)
    target = out_dir / f"{new_id}.yaml"
    if target.exists() and not args.force:
        return fail(f"{target}: already exists (choose another name or folder, or --force)")
    # The schema is written beside the scenario and named relatively, so the modeline resolves
    # wherever the file is created, and still does when both are moved together.
    from wargame.scenario.schema import dumps, scenario_schema

    schema = out_dir / SCHEMA_FILE
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        text = retarget(source.read_text(encoding="utf-8"), new_id, SCHEMA_FILE)
        target.write_text(text, encoding="utf-8")
        schema_text = dumps(scenario_schema())
        if not schema.exists() or schema.read_text(encoding="utf-8") != schema_text:
            schema.write_text(schema_text, encoding="utf-8")
    except ValueError as e:
        return fail(f"{source}: {e}")
    except OSError as e:
        return fail(f"{target}: cannot write: {e.strerror or e}")
    try:
        cs = load_scenario(target)
    except InputError as e:  # a copied scenario that does not load is still written, for fixing
        print(e, file=sys.stderr)
        return fail(f"{target}: written, but it does not validate (see above)")
    print(f"created {target}: '{cs.scenario.title}', {cs.scenario.turns.count} turns, "
          f"{len(cs.injects)} injects, delegations {' '.join(cs.delegations)}")
    print("next: edit it, then")
    for step in (f"wargame validate {target}", f"wargame lint {target}", f"wargame graph {target}",
                 f"wargame simulate {target} --games 500", f"wargame play {target}"):
        print(f"  {step}")
    return 0

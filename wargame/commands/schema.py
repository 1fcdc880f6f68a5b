"""`wargame schema [--ruleset] [-o FILE]`: JSON Schema of the scenario (or ruleset) format."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--ruleset", action="store_true", help="the ruleset format (rules/*.yaml) instead of scenarios")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    from pathlib import Path

    from wargame.commands import fail
    from wargame.scenario.schema import dumps, ruleset_schema, scenario_schema

    text = dumps(ruleset_schema() if args.ruleset else scenario_schema())
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        return fail(f"{out}: cannot write the schema: {e.strerror or e} (expected a writable path)")
    print(f"wrote {out}", file=sys.stderr)
    return 0

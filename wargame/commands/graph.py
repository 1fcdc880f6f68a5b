"""`wargame graph SCENARIO --format mermaid|dot [-o FILE]`: the inject flow of a scenario."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario id")
    p.add_argument("--format", "-f", choices=["mermaid", "dot"], default="mermaid",
                   help="mermaid (paste into Markdown) or dot (Graphviz: dot -Tsvg); default mermaid")
    p.add_argument("--track-edges", action="store_true",
                   help="also draw an edge from every inject whose options move a track value a trigger reads "
                        "(dense; by default each trigger's box lists the tracks it reads)")
    p.add_argument("--no-track-edges", action="store_true", help=argparse.SUPPRESS)  # the default now
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    from pathlib import Path

    from wargame.commands import fail
    from wargame.scenario.errors import InputError
    from wargame.scenario.flow import FORMATS, build
    from wargame.scenario.load import load_scenario, resolve_scenario

    try:
        cs = load_scenario(resolve_scenario(args.scenario))
    except InputError as e:
        return fail(str(e))
    text = FORMATS[args.format](build(cs, track_edges=args.track_edges and not args.no_track_edges))
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        return fail(f"{out}: cannot write the graph: {e.strerror or e} (expected a writable path)")
    print(f"wrote {out}", file=sys.stderr)
    return 0

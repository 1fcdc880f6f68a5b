"""`wargame list [--json]`: the shipped scenarios."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable details")
    p.add_argument("--dir", metavar="DIR", help="list the scenarios in DIR instead")


def describe(cs) -> dict:
    s = cs.scenario
    options = sum(len(v) for ci in cs.injects.values() for v in ci.options.values())
    from wargame.scenario.register import citations

    cites = {c.split("#")[0] for _where, c in citations(s)}
    return {
        "id": s.id, "path": cs.path, "title": s.title, "summary": s.summary, "purpose": s.purpose,
        "audience": s.audience, "duration_minutes": s.duration_minutes, "turns": s.turns.count,
        "time_step": s.turns.step, "injects": len(s.injects), "options": options,
        "delegations": list(s.delegations), "actors": list(s.actors),
        "learning_objectives": [lo.text for lo in s.learning_objectives],
        "sources": sorted(set(s.sources) | cites),
    }


def run(args) -> int:
    import json
    from pathlib import Path

    from wargame import paths
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import load_scenario, scenario_files

    folder = Path(args.dir) if args.dir else paths.SCENARIOS
    rows, bad = [], 0
    for f in scenario_files(folder):
        try:
            rows.append(describe(load_scenario(f)))
        except InputError as e:
            bad += 1
            print(e, file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['id']:<28} {r['turns']} turns x {r['time_step']:<9} {r['injects']:>3} injects  "
                  f"{'/'.join(r['delegations']):<20} {r['title']}")
    return 1 if bad else 0

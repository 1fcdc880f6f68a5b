"""`wargame register [FOLDER] [--update-readme | --check-readme]`: the source register at a glance.

Validates every register file of the folder (default: the project's `seeds/`), prints the claim
counts, and rewrites (or checks) the generated blocks of the folder's README.md.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("folder", nargs="?", metavar="FOLDER", help="register folder (default: the project's seeds/)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--update-readme", action="store_true", help="rewrite the generated blocks of FOLDER/README.md")
    g.add_argument("--check-readme", action="store_true",
                   help="exit 1 when FOLDER/README.md differs from what --update-readme would write")


def run(args) -> int:
    from pathlib import Path

    from wargame import paths
    from wargame.scenario.register_file import check_register
    from wargame.scenario.register_readme import blocks, missing_blocks, render

    folder = Path(args.folder) if args.folder else paths.SEEDS
    if not folder.is_dir():
        print(f"{folder}:1:1: no such folder (expected the source register, e.g. seeds/)", file=sys.stderr)
        return 1
    files = sorted(folder.glob("*.yaml"))
    problems = [p for f in files for p in check_register(f)]
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the register; the README was not touched", file=sys.stderr)
        return 1
    print(blocks(folder)["counts"])
    readme = folder / "README.md"
    if not (args.update_readme or args.check_readme):
        return 0
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as e:
        print(f"{readme}:1:1: cannot read: {e.strerror or e}", file=sys.stderr)
        return 1
    missing = missing_blocks(text)
    if missing:
        print(f"{readme}:1:1: no generated block {', '.join(missing)} (expected the BEGIN/END markers of "
              f"docs/authoring.md, step 1)", file=sys.stderr)
        return 1
    new = render(text, folder)
    if args.check_readme:
        if new != text:
            print(f"{readme}: out of date with the register files (run `wargame register --update-readme`)",
                  file=sys.stderr)
            return 1
        print(f"{readme}: up to date", file=sys.stderr)
        return 0
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print(f"{readme}: generated blocks rewritten", file=sys.stderr)
    else:
        print(f"{readme}: already up to date", file=sys.stderr)
    return 0

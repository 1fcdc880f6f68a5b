"""`wargame validate PATH...`: check scenario, rule and source-register files, all errors located.

A register file (`seeds/*.yaml`, or any file with top-level `claims:` and no `injects:`) is checked
as a register: ids, locations, kinds, actors, topics, duplicate ids and paraphrase length.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="scenario, rule or source-register files, or folders of them")
    p.add_argument("--strict", action="store_true", help="also run the lint; warnings fail the check")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def run(args) -> int:
    from pathlib import Path

    from wargame.paths import yaml_files
    from wargame.scenario.verdicts import known_valid, remember_valid

    failed = 0
    checked = 0
    for target in map(Path, args.paths):
        if not target.exists():
            from wargame.scenario.errors import Problem

            print(Problem(str(target), 1, 1, "no such file or folder (expected a scenario or rule file)"),
                  file=sys.stderr)
            checked += 1
            failed += 1
            continue
        for f in yaml_files(target):
            checked += 1
            from wargame.scenario.register_file import check_register, is_register

            if is_register(f):
                problems = check_register(f)
                for p in problems:
                    print(p, file=sys.stderr)
                if problems:
                    failed += 1
                elif not args.quiet:
                    print(f"{f}: ok (source register)")
                continue
            ruleset = _is_ruleset(f)
            # An unchanged file that validated before needs no loading at all (see verdicts.py).
            if not ruleset and not args.strict and known_valid(f):
                if not args.quiet:
                    print(f"{f}: ok")
                continue
            from wargame.scenario.errors import InputError
            from wargame.scenario.load import load_ruleset, load_scenario

            try:
                if ruleset:
                    load_ruleset(f)
                    if args.strict and _report_lint(_lint_ruleset(f)):
                        failed += 1
                        continue
                else:
                    cs = load_scenario(f)
                    remember_valid(f, Path(cs.ruleset_path))
                    if args.strict:
                        from wargame.scenario.lint import lint

                        if _report_lint(lint(cs)):
                            failed += 1
                            continue
            except InputError as e:
                failed += 1
                print(e, file=sys.stderr)
                continue
            if not args.quiet:
                print(f"{f}: ok")
    if not args.quiet:
        print(f"{checked - failed} of {checked} file(s) valid", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _lint_ruleset(path):
    from wargame.scenario.lint import lint_ruleset

    return lint_ruleset(path)


def _report_lint(found) -> bool:
    """Print lint findings; True when a warning (not merely an info) makes `--strict` fail."""
    from wargame.scenario.lint import render

    for p in found:
        print(render(p), file=sys.stderr)
    return any(p.severity == "warning" for p in found)


def _is_ruleset(path) -> bool:
    """Rule files live in a `rules` folder (scenarios never do)."""
    return path.parent.name == "rules"

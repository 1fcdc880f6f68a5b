"""`wargame lint PATH... [--strict] [--simulate N]`: validate, then warn about what will not play as meant.

Errors (the file does not load) always fail. Warnings are printed as
`file:line:col: warning[rule]: where: message` and fail only with `--strict`; infos never fail.
Every rule is described in docs/lint-rules.md (`--rules` lists them). `--library` adds the limits a
shipped scenario must meet (errors, `library-*` rules; docs/authoring.md, "Shipping a scenario").
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="scenario or rule files, or folders of them")
    p.add_argument("--strict", action="store_true", help="warnings fail the check (exit 1)")
    p.add_argument("--simulate", type=int, default=0, metavar="N",
                   help="also play N automatic games and warn about injects none of them reached")
    p.add_argument("--seed", type=int, default=1, help="seed of the simulated games (default: 1)")
    p.add_argument("--jobs", type=int, default=1, metavar="K", help="processes for --simulate (default: 1)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip a rule (repeatable)")
    p.add_argument("--no-info", action="store_true", help="hide informational findings")
    p.add_argument("--library", action="store_true",
                   help="also check the limits a shipped scenario must meet (size, menus, 200-game balance); "
                        "they fail the check")
    p.add_argument("--rules", action="store_true", help="list the rules and exit")


def run(args) -> int:
    from pathlib import Path

    from wargame.commands.validate import _is_ruleset
    from wargame.scenario.errors import InputError, Problem
    from wargame.scenario.lint import RULES, lint, lint_ruleset, render
    from wargame.scenario.load import load_ruleset, load_scenario, scenario_files

    if args.rules:
        for rule, (severity, summary) in RULES.items():
            print(f"{rule:<24} {severity:<8} {summary}")
        return 0
    if not args.paths:
        print("wargame lint: name at least one scenario or rule file (or --rules)", file=sys.stderr)
        return 2
    unknown = [r for r in args.ignore if r not in RULES]
    if unknown:
        print(f"wargame lint: unknown rule {', '.join(unknown)} (see wargame lint --rules)", file=sys.stderr)
        return 2
    if args.simulate < 0 or args.jobs < 1:
        print("wargame lint: --simulate takes N >= 0 and --jobs K >= 1", file=sys.stderr)
        return 2
    errors = warnings = infos = files = failed_rules = 0
    seen: set = set()
    for target in map(Path, args.paths):
        if not target.exists():
            print(Problem(str(target), 1, 1, "no such file or folder (expected a scenario or rule file)"),
                  file=sys.stderr)
            errors += 1
            continue
        for f in scenario_files(target):
            files += 1
            from wargame.scenario.register_file import check_register, is_register

            if is_register(f):
                problems = check_register(f)
                for p in problems:
                    print(p, file=sys.stderr)
                errors += bool(problems)
                continue
            try:
                if _is_ruleset(f):
                    load_ruleset(f)
                    found = lint_ruleset(f)
                else:
                    found = lint(load_scenario(f), simulate=args.simulate, seed=args.seed, jobs=args.jobs,
                                 library=args.library)
            except InputError as e:
                errors += 1
                print(e, file=sys.stderr)
                continue
            for p in found:
                if p in seen or p.rule in args.ignore or (args.no_info and p.severity == "info"):
                    continue
                seen.add(p)  # a ruleset's findings are reported once, however many scenarios use it
                print(render(p))
                if p.severity == "info":
                    infos += 1
                elif p.severity == "error":
                    failed_rules += 1
                else:
                    warnings += 1
    summary = f"{files} file(s): {errors} with errors, {warnings} warning(s), {infos} info"
    if args.library:
        summary += f", {failed_rules} library limit(s) not met"
    print(summary, file=sys.stderr)
    if errors or failed_rules:
        return 1
    return 1 if args.strict and warnings else 0

"""`wargame stats LOGS...`: choice, outcome, track and objective tables across many logged games.

Each log is verified (hash chain and replay) and read once; a log that does not verify is skipped
with its located problem. Folders are read for `*.jsonl`. Exit 1 only when no log is usable.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.description = ("Choice and outcome tables across many logged games, grouped by scenario version: how often "
                     "each option was chosen and how it turned out, final track distributions, objective met "
                     "rates and how far games diverge.")
    p.add_argument("logs", nargs="+", metavar="LOG", help="game logs, or folders of *.jsonl logs")
    p.add_argument("--format", "-f", choices=("text", "csv"), default="text",
                   help="text tables (default) or long-form CSV for analysis")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line and timing on standard error")


def _expand(items: list[str]) -> tuple[list, list[str]]:
    from pathlib import Path

    files, problems = [], []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(p.glob("*.jsonl"))
            if not found:
                problems.append(f"{p}: no *.jsonl logs in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            problems.append(f"{p}: no such log file or folder")
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def run(args) -> int:
    import time

    from wargame.commands import fail
    from wargame.report.model import ReportError, build
    from wargame.report.stats import CSV_FIELDS, Stats, format_text, long_rows

    start = time.perf_counter()
    files, problems = _expand(args.logs)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    stats = Stats()
    cache: dict = {}
    show = not args.quiet and sys.stderr.isatty() and len(files) > 5
    for n, f in enumerate(files, start=1):
        if show:
            print(f"\rreading {n}/{len(files)} {f.name[:40]:<40}", end="", file=sys.stderr, flush=True)
        try:
            report = build(f, cache=cache)
        except ReportError as e:
            first = str(e).splitlines()[0]
            stats.skipped.append(first)
            continue
        except OSError as e:
            stats.skipped.append(f"{f}:0: cannot read the log: {e.strerror}")
            continue
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        stats.add(report)
    if show:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
    for s in stats.skipped:
        print(f"warning: skipped (does not verify): {s}", file=sys.stderr)
    for w in stats.version_warnings():
        print(f"warning: {w}", file=sys.stderr)
    if not stats.used:
        return fail(f"wargame stats: no usable log among {len(files)} file(s)" if files
                    else "wargame stats: no log files given")
    if args.format == "csv":
        from wargame.report.export import to_csv

        body = to_csv(long_rows(stats), CSV_FIELDS)
    else:
        body = format_text(stats)
    if args.output:
        from pathlib import Path

        try:
            Path(args.output).write_text(body, encoding="utf-8", newline="")
        except OSError as e:
            return fail(f"{args.output}: cannot write: {e.strerror}")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(body if body.endswith("\n") else body + "\n")
    if not args.quiet:
        took = time.perf_counter() - start
        print(f"{stats.used} game(s) in {len(stats.groups)} scenario version(s), {len(stats.skipped)} skipped; "
              f"{took:.2f} s", file=sys.stderr)
    return 0

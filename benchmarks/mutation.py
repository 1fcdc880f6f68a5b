"""Mutation testing of the core: `make mutation` or `python -m benchmarks.mutation [engine log expr]`.

mutmut (configured in pyproject.toml, `[tool.mutmut]`) copies the tree into `mutants/`, mutates
every function of wargame/engine, wargame/log and wargame/expr, records which tests of
tests/{engine,log,expr} call each function, and runs each mutant against those tests only.
This script runs it one package at a time with bounded parallelism (`--jobs`, default 2), and
re-runs only what can have changed: mutants never run, and ones not yet killed (a new test may
kill them now). A killed mutant stays killed until its function's source changes (mutmut
forgets results of changed functions itself).

It then writes docs/mutation.md: per file the mutants, killed, survived and the score, and every
surviving mutant with its diff and the judgement recorded for it in
benchmarks/mutation_judgements.yaml (equivalent, or why the survivor is accepted). A survivor
without a judgement is listed as "not judged" so it cannot hide.

Score = detected / (mutants - equivalent), detected = killed by a test or by a timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["engine", "log", "expr"]
REPORT = ROOT / "docs" / "mutation.md"
JUDGEMENTS = ROOT / "benchmarks" / "mutation_judgements.yaml"
TARGET = 90.0

# mutmut's exit codes, grouped the way the report counts them.
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def _status(code: int | None) -> str:
    if code is None:
        return "not run"
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "suspicious"


def _sources(package: str) -> list[Path]:
    """The files of a package (`engine`), or one file of it (`expr/compiler`)."""
    if "/" in package:
        return [Path("wargame") / f"{package}.py"]
    return sorted(p.relative_to(ROOT) for p in (ROOT / "wargame" / package).glob("*.py"))


def _meta(src: Path) -> dict | None:
    path = ROOT / "mutants" / (str(src) + ".meta")
    for _ in range(20):  # mutmut may be rewriting it right now
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text())
        except json.JSONDecodeError:
            time.sleep(0.1)
    return None


def _selection(package: str, rerun_all: bool) -> list[str]:
    """mutmut run arguments: a whole file when it is new or changed, else its mutants not yet killed."""
    names: list[str] = []
    for src in _sources(package):
        module = str(src.with_suffix("")).replace(os.sep, ".")
        meta = _meta(src)
        copy = ROOT / "mutants" / src
        changed = meta is None or not copy.is_file() or copy.stat().st_mtime <= (ROOT / src).stat().st_mtime
        if rerun_all or changed:
            if meta is None or meta["exit_code_by_key"] or changed:
                names.append(f"{module}.*")
            continue
        names += [k for k, v in meta["exit_code_by_key"].items() if v not in KILLED]
    return names


def run_package(package: str, jobs: int, rerun_all: bool) -> None:
    names = _selection(package, rerun_all)
    if not names:
        print(f"wargame/{package}: every mutant already killed; nothing to run")
        return
    print(f"wargame/{package}: running {len(names)} selection(s) with {jobs} worker(s)", flush=True)
    cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *names]
    subprocess.run(cmd, cwd=ROOT, check=False)


def _diff(name: str, src: Path) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        diff = get_diff_for_mutant(name, path=src)
    except Exception as e:  # noqa: BLE001 - a report line, not a crash
        return f"(diff unavailable: {e})"
    finally:
        os.chdir(cwd)
    # keep the changed lines only: the report is for reading, the full diff is `mutmut show NAME`
    return "\n".join(line for line in diff.splitlines()[2:] if line[:1] in "+-")


def _by_pattern(patterns: list, diff: str) -> dict:
    """A judgement for a whole class of mutants (e.g. a codec name's case), matched on the added line."""
    added = "\n".join(line for line in diff.splitlines() if line.startswith("+"))
    for p in patterns:
        if re.search(p["added"], added):
            return p
    return {}


def _load_judgements() -> dict:
    if not JUDGEMENTS.is_file():
        return {}
    return yaml.safe_load(JUDGEMENTS.read_text()) or {}


def write_report(packages: list[str]) -> float:
    judgements = _load_judgements()
    rows, survivors = [], []
    totals: Counter = Counter()
    for package in packages:
        for src in _sources(package):
            meta = _meta(src)
            if not meta or not meta["exit_code_by_key"]:
                continue
            c: Counter = Counter()
            for name, code in sorted(meta["exit_code_by_key"].items()):
                status = _status(code)
                c[status] += 1
                if status in {"survived", "no tests", "suspicious"}:
                    diff = _diff(name, src)
                    j = judgements.get(name) or _by_pattern(judgements.get("patterns", []), diff)
                    verdict = j.get("verdict", "not judged")
                    if verdict == "equivalent":
                        c["equivalent"] += 1
                    survivors.append((str(src), name, status, verdict, j.get("why", ""), diff))
            c["mutants"] = len(meta["exit_code_by_key"])
            totals.update(c)
            rows.append((str(src), c))

    def score(c: Counter) -> float:
        run = c["mutants"] - c["not run"]
        denominator = run - c["equivalent"]
        return 100.0 * (c["killed"] + c["timeout"]) / denominator if denominator else 100.0

    out = ["# Mutation testing of the core", "",
           "Generated by `make mutation` (benchmarks/mutation.py; mutmut, configured in pyproject.toml).",
           "Each mutant of wargame/engine, wargame/log and wargame/expr runs against the tests of",
           "tests/engine, tests/log and tests/expr that reach its function, less the child-process and",
           "property suites left out for time (listed in pyproject.toml), so the score is a lower bound.",
           "",
           "Score = (killed + timeout) / (mutants run - equivalent). Every survivor is listed below with its",
           "judgement from benchmarks/mutation_judgements.yaml: *equivalent* (no observable behaviour",
           "changes) or *explained* (why no test pins it); *not judged* means nobody has looked yet.", "",
           "Run it with `make mutation` (all three packages) or `.venv/bin/python -m benchmarks.mutation engine`",
           "(a package, or one file: `expr/compiler`); `--report-only` rewrites this page from the results",
           "kept in `mutants/`. Results are cached: a rerun tries only mutants not yet killed and those of",
           "functions whose source changed. A full first run is long (about 4,200 mutants; expect an hour",
           "or more at two workers), so run the package you touched.", "",
           "| file | mutants | run | killed | timeout | survived | no tests | equivalent | score |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]

    def row(name: str, c: Counter) -> str:
        run = c["mutants"] - c["not run"]
        return (f"| {name} | {c['mutants']} | {run} | {c['killed']} | {c['timeout']} | {c['survived']} | "
                f"{c['no tests']} | {c['equivalent']} | {score(c):.1f}% |" if run else
                f"| {name} | {c['mutants']} | 0 | | | | | | not run |")
    for src, c in rows:
        out.append(row(src, c))
    total = score(totals)
    out.append(row("**total**", totals))
    if totals["not run"] or totals["suspicious"]:
        out += ["", f"Not run yet: {totals['not run']} mutants; suspicious: {totals['suspicious']} "
                    f"(counted as not killed)."]
    out += ["", f"Target: at least {TARGET:.0f}% of non-equivalent mutants killed.", "", "## Survivors", ""]
    current = None
    for src, name, status, verdict, why, diff in survivors:
        if src != current:
            out += [f"### {src}", ""]
            current = src
        out += [f"#### `{name.rpartition('.')[2]}` ({status}, {verdict})", ""]
        if why:
            out += [why.strip(), ""]
        out += ["```diff", diff, "```", ""]
    REPORT.write_text("\n".join(out).rstrip() + "\n")
    return total


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__.split("\n")[0])
    ap.add_argument("packages", nargs="*", metavar="PACKAGE",
                    help="engine, log and/or expr (default: all three), or one file of them, e.g. expr/compiler")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "2")),
                    help="parallel mutant workers (default 2; the machine is shared)")
    ap.add_argument("--all", action="store_true", help="re-run every mutant, killed ones included")
    ap.add_argument("--report-only", action="store_true", help="only rewrite docs/mutation.md")
    args = ap.parse_args(argv)
    packages = args.packages or PACKAGES
    unknown = sorted(p for p in packages if p.split("/")[0] not in PACKAGES
                     or ("/" in p and not (ROOT / "wargame" / f"{p}.py").is_file()))
    if unknown:
        ap.error(f"unknown package {unknown[0]!r} (expected one of: {', '.join(PACKAGES)}, or a file such as "
                 f"expr/compiler)")
    if not args.report_only:
        for package in packages:
            run_package(package, args.jobs, args.all)
    total = write_report(PACKAGES)
    print(f"mutation score {total:.1f}% (target {TARGET:.0f}%); report: {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

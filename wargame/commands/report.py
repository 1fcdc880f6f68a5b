"""`wargame report LOG --format md|html|csv|jsonl -o OUT`: after-action report or data export from a log.

The log is verified first (hash chain and replay); a log that does not verify is refused with the
located problem unless `--allow-unverified`, which reports it under a prominent banner.
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("md", "html", "csv", "jsonl")
_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".jsonl": "jsonl"}


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.description = ("After-action report (Markdown or a self-contained HTML file with charts) or a data export "
                     "(CSV or JSON Lines: OUT holds one row per move, OUT-tracks one row per track per turn).")
    p.add_argument("log", metavar="LOG", help="game log (JSON Lines)")
    p.add_argument("--format", "-f", choices=FORMATS,
                   help="md | html | csv | jsonl (default: from the suffix of OUT, else html)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="file to write (default: beside the log, e.g. game-report.html or game-moves.csv); "
                        "'-' writes a Markdown or HTML report to standard output")
    p.add_argument("--scenario", metavar="PATH", help="the scenario file, if it has moved since the game")
    p.add_argument("--allow-unverified", action="store_true",
                   help="report a log that fails verification anyway, under a prominent warning")
    p.add_argument("--no-appendices", action="store_true",
                   help="leave out the appendices (timeline, tracks, sources): the short report to print")


def run(args) -> int:
    import time
    from pathlib import Path

    from wargame.commands import fail

    start = time.perf_counter()
    fmt = args.format
    out = args.output
    if fmt is None:
        fmt = _SUFFIX.get(Path(out).suffix.lower(), "html") if out and out != "-" else "html"
    log = Path(args.log)
    if out is None:
        stem = log.stem
        out = str(log.with_name(f"{stem}-report.{fmt}" if fmt in ("md", "html") else f"{stem}-moves.{fmt}"))
    if out == "-" and fmt in ("csv", "jsonl"):
        print("wargame report: a data export writes two files; name OUT with -o", file=sys.stderr)
        return 2

    from wargame.report.model import ReportError, build

    if not log.is_file():
        return fail(f"{log}: no such log file")
    try:
        report = build(log, scenario=Path(args.scenario) if args.scenario else None,
                       allow_unverified=args.allow_unverified)
    except ReportError as e:
        msg = str(e)
        if not args.allow_unverified:
            msg += "\nThe log does not verify; nothing was written (use --allow-unverified to report it anyway)."
        return fail(msg)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if not report.verified:
        print(f"warning: UNVERIFIED LOG reported anyway: {report.problem}", file=sys.stderr)

    outp = None if out == "-" else Path(out)
    if outp is not None:
        targets = [outp]
        if fmt in ("csv", "jsonl"):
            from wargame.report.export import tracks_path

            targets.append(tracks_path(outp))
        if any(_same_file(t, log) for t in targets):
            return fail(f"{outp}: refusing to write over the game log itself (choose another -o)")
        if not outp.parent.is_dir():
            return fail(f"{outp.parent}: no such folder")

    try:
        written = _write(report, fmt, outp, appendices=not args.no_appendices)
    except OSError as e:
        return fail(f"{out}: cannot write: {e.strerror}")
    except Exception as e:  # noqa: BLE001 - only an unverified (possibly forged) tail can get here
        if report.verified:
            raise
        return fail(f"{args.log}: the unverified part of this log cannot be reported ({type(e).__name__}: {e})")
    took = time.perf_counter() - start
    for line in written:
        print(line, file=sys.stderr if outp is None else sys.stdout)
    if outp is not None:
        print(f"({report.records} records, {len(report.moves)} moves, {took:.2f} s)")
    return 0


def _same_file(a, b) -> bool:
    try:
        return a.exists() and a.resolve() == b.resolve()
    except OSError:
        return False


def _write(report, fmt: str, outp, *, appendices: bool = True) -> list[str]:
    from wargame.report.sources import load_register

    if fmt in ("csv", "jsonl"):
        from wargame.report.export import write

        moves, tracks, nm, nt = write(report, outp, fmt)
        return [f"wrote {moves} ({nm} moves)", f"wrote {tracks} ({nt} track values)"]
    register = load_register()
    if fmt == "html":
        from wargame.report.html import render

        html = render(report, register, appendices=appendices)
        if outp is None:
            sys.stdout.write(html)
            return []
        outp.write_text(html, encoding="utf-8")
        return [f"wrote {outp}"]
    from wargame.report.markdown import chart_files, render as render_md

    if outp is None:
        sys.stdout.write(render_md(report, register, []))
        return ["(charts are written only with -o OUT)"]
    files = chart_files(report, outp)
    lines = []
    for path, _title, svg in files:
        path.write_text(svg, encoding="utf-8")
    outp.write_text(render_md(report, register, [(p.name, t) for p, t, _s in files]), encoding="utf-8")
    lines.append(f"wrote {outp} and {len(files)} chart(s): {', '.join(p.name for p, _t, _s in files)}")
    return lines

"""`wargame sheet export|import`: a scenario's injects, options and responses as spreadsheets.

    wargame sheet export SCENARIO -o OUT.xlsx        (or -o FOLDER for three CSV files)
    wargame sheet import SCENARIO SHEETS -o NEW.yaml (SHEETS: the .xlsx, or the CSV folder)

Import keeps everything the sheets do not hold (tracks, delegations, debrief, ...) from SCENARIO
and writes nothing unless the result is a valid scenario; problems name the sheet, row and column.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    ex = sub.add_parser("export", help="write the sheets of a scenario (XLSX, or a folder of CSV files)")
    ex.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario id")
    ex.add_argument("-o", "--output", required=True, metavar="OUT", help="an .xlsx file, or a folder for CSV files")
    im = sub.add_parser("import", help="write a scenario with the injects, options and responses of edited sheets")
    im.add_argument("scenario", metavar="SCENARIO", help="the scenario the sheets were exported from")
    im.add_argument("sheets", metavar="SHEETS", help="the edited .xlsx, or the folder of CSV files")
    im.add_argument("-o", "--output", required=True, metavar="NEW", help="the scenario file to write")


def run(args) -> int:
    from pathlib import Path

    from wargame.commands import fail
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import resolve_scenario
    from wargame.scenario.sheets import export_sheets, import_sheets

    if args.action not in ("export", "import"):
        print("wargame sheet: choose export or import (see wargame sheet --help)", file=sys.stderr)
        return 2
    try:
        scenario = resolve_scenario(args.scenario)
        if args.action == "export":
            written = export_sheets(scenario, Path(args.output))
            print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
            return 0
        sheets = Path(args.sheets)
        if not sheets.exists():
            return fail(f"{sheets}:1:1: no such file or folder (expected the .xlsx or the folder of CSV files)")
        out = import_sheets(scenario, sheets, Path(args.output))
    except InputError as e:
        return fail(str(e))
    except OSError as e:
        return fail(f"{getattr(e, 'filename', None) or args.output}: {e.strerror or e}")
    print(f"wrote {out}", file=sys.stderr)
    return 0

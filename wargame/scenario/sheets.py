"""A scenario's injects, options and responses as spreadsheets (CSV or XLSX), and edits back.

Exercise planners keep a master events list in a spreadsheet; this module lets them edit the
inject list there. Three sheets, one row per item:

- `injects`: one row per inject (its options and responses are on the other sheets);
- `options`: one row per option, keyed by `inject` and `delegation`;
- `responses`: one row per non-player response, keyed by `inject` (empty: a standing response).

Columns are the model's keys. Text, whole numbers and numbers are plain cells; lists of ids
(`to`, `objectives`, `sources`) are comma-separated; anything nested (effects, modifiers,
outcomes, combined moves, expected actions) is a JSON cell. An empty cell leaves the key out.

Import starts from the scenario file and replaces its injects and standing responses with the
sheets' rows, so everything else (tracks, delegations, debrief...) is kept; export followed by
import gives the same scenario (a test checks it on every shipped scenario). Comments in the YAML
are not kept: the imported file is written anew.

Cells are data, never formulas: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage
return (or with `'`, so the rule can be undone) is written with a leading `'`, and that one quote
is removed on import. Problems are located as `file:row:column: sheet!CELL (column name): what`.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from wargame.scenario.errors import InputError, Problem

SHEETS = ("injects", "options", "responses")
#: columns in order; the first ones of options/responses are the keys of the row's owner
COLUMNS = {
    "injects": ("id", "turn", "earliest", "when", "title", "to", "objectives", "sources", "narrative",
                "control_notes", "expected_actions", "combined"),
    "options": ("inject", "delegation", "id", "label", "stance", "odds", "requires", "unmet", "description",
                "effects", "modifiers", "outcomes", "sources"),
    "responses": ("inject", "id", "actor", "label", "when", "effects", "narrative", "sources"),
}
#: how each column's cell is read: text, int, number, ids (comma-separated), json
KINDS = {
    "turn": "int", "earliest": "int", "odds": "number",
    "to": "ids", "objectives": "ids", "sources": "ids",
    "expected_actions": "json", "combined": "json", "effects": "json", "modifiers": "json", "outcomes": "json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


# ================================================================== cells

def neutralise(text: str) -> str:
    """A text cell that no spreadsheet will run as a formula (reversible: see `restore`)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def to_cell(column: str, value: Any) -> Any:
    """The cell for one value (None: empty)."""
    if value is None:
        return None
    kind = KINDS.get(column, "text")
    if kind == "ids" and isinstance(value, list) and all(isinstance(v, str) and "," not in v and v.strip() == v
                                                         and v for v in value):
        return neutralise(", ".join(value)) if value else None
    if kind in ("ids", "json") or isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return json.dumps(value)
    if isinstance(value, str):
        return neutralise(value)
    return value


class CellError(Exception):
    pass


def from_cell(column: str, cell: Any) -> Any:
    """The value of one cell (raises CellError with what was expected); `_EMPTY` for an empty cell."""
    if cell is None or cell == "":
        return _EMPTY
    kind = KINDS.get(column, "text")
    if isinstance(cell, str):
        text = restore(cell)
        if kind == "json" or (kind == "ids" and text.startswith("[")):
            try:
                return json.loads(text)
            except json.JSONDecodeError as e:
                raise CellError(f"not valid JSON: {e.msg} at character {e.pos + 1} (expected a JSON value such as "
                                f"{{\"success\": {{\"mda\": 1}}}})") from None
        if kind == "ids":
            return [x.strip() for x in text.split(",") if x.strip()]
        if kind == "int":
            if re.fullmatch(r"-?\d+", text.strip()):
                return int(text)
            raise CellError(f"'{text}' is not a whole number (expected e.g. 3)")
        if kind == "number":
            try:
                return float(text.strip())
            except ValueError:
                raise CellError(f"'{text}' is not a number (expected e.g. 0.6)") from None
        return text
    if isinstance(cell, bool):
        raise CellError(f"a true/false cell (expected {_KIND_WORDS[kind]})")
    if isinstance(cell, (int, float)):
        if kind == "int":
            if float(cell).is_integer():
                return int(cell)
            raise CellError(f"{cell} is not a whole number (expected e.g. 3)")
        if kind == "number":
            return cell
        if kind == "text":
            raise CellError(f"the number {cell} (expected text; type it with a leading ' to keep it as text)")
        raise CellError(f"the number {cell} (expected {_KIND_WORDS[kind]})")
    raise CellError(f"a {type(cell).__name__} cell (expected {_KIND_WORDS[kind]})")


_EMPTY = object()
_KIND_WORDS = {"text": "text", "int": "a whole number", "number": "a number",
               "ids": "comma-separated ids", "json": "a JSON value"}


# ================================================================== export

def rows(data: dict) -> dict[str, list[dict[str, Any]]]:
    """The three sheets of a scenario's raw data, as lists of {column: value}."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
    for inj in data.get("injects") or []:
        out["injects"].append({k: v for k, v in inj.items() if k not in ("options", "responses")})
        for d, opts in (inj.get("options") or {}).items():
            for o in opts or []:
                out["options"].append({"inject": inj.get("id"), "delegation": d, **o})
        for r in inj.get("responses") or []:
            out["responses"].append({"inject": inj.get("id"), **r})
    for r in data.get("responses") or []:
        out["responses"].append({"inject": None, **r})
    return out


def _header(sheet: str, items: list[dict]) -> list[str]:
    extra = [k for row in items for k in row if k not in COLUMNS[sheet]]
    return list(COLUMNS[sheet]) + list(dict.fromkeys(extra))


def table(sheet: str, items: list[dict]) -> list[list[Any]]:
    header = _header(sheet, items)
    return [header] + [[to_cell(c, row.get(c)) for c in header] for row in items]


def export_csv(data: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, items in rows(data).items():
        path = folder / f"{sheet}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            for row in table(sheet, items):
                w.writerow(["" if c is None else c for c in row])
        written.append(path)
    return written


def export_xlsx(data: dict, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, items in rows(data).items():
        ws = wb.create_sheet(sheet)
        for r, row in enumerate(table(sheet, items), start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula (neutralise() already made sure)
                if r == 1:
                    cell.font = Font(bold=True)
                else:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# ================================================================== import

class _Book:
    """The sheets as read: sheet -> (file shown in messages, header, rows of cells with their row numbers)."""

    def __init__(self):
        self.sheets: dict[str, tuple[str, list[str], list[tuple[int, list[Any]]]]] = {}


def read_csv(folder: Path) -> _Book:
    book = _Book()
    problems = []
    for sheet in SHEETS:
        path = folder / f"{sheet}.csv"
        if not path.is_file():
            problems.append(Problem(str(path), 1, 1, f"no {sheet}.csv (expected the three files injects.csv, "
                                                     f"options.csv and responses.csv)"))
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                table_ = list(csv.reader(f))
        except (UnicodeDecodeError, csv.Error) as e:
            problems.append(Problem(str(path), 1, 1, f"cannot read it as UTF-8 CSV: {e}"))
            continue
        header = table_[0] if table_ else []
        book.sheets[sheet] = (str(path), header, [(n, row) for n, row in enumerate(table_[1:], start=2)])
    if problems:
        raise InputError(problems)
    return book


def read_xlsx(path: Path) -> _Book:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, OSError, KeyError, ValueError) as e:
        raise InputError([Problem(str(path), 1, 1, f"cannot read it as an XLSX workbook: {e}")]) from None
    book = _Book()
    missing = [s for s in SHEETS if s not in wb.sheetnames]
    if missing:
        raise InputError([Problem(str(path), 1, 1, f"no sheet {', '.join(missing)} (expected sheets "
                                                   f"{', '.join(SHEETS)}; found {', '.join(wb.sheetnames)})")])
    for sheet in SHEETS:
        values = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
        header = [str(h) if h is not None else "" for h in (values[0] if values else [])]
        book.sheets[sheet] = (str(path), header, [(n, row) for n, row in enumerate(values[1:], start=2)])
    wb.close()
    return book


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def assemble(book: _Book, base: dict) -> tuple[dict, dict]:
    """The scenario data with the sheets' injects and responses; also where each item came from.

    Returns (data, origin) where origin maps a document path prefix such as ("injects", 2,
    "options", "KOR", 0) to (file, sheet, row, {column name: column number}).
    """
    problems: list[Problem] = []
    origin: dict[tuple, tuple] = {}
    parsed: dict[str, list[tuple[int, dict]]] = {}
    for sheet in SHEETS:
        file, header, body = book.sheets[sheet]
        cols = {h: j for j, h in enumerate(header, start=1) if h}
        where = lambda r, c, h: f"{sheet}!{col_letter(c)}{r} ({h})"  # noqa: E731
        for j, h in enumerate(header, start=1):
            if h and h not in COLUMNS[sheet] and h not in _MODEL_KEYS[sheet]:
                problems.append(Problem(file, 1, j, f"unknown column '{h}' (expected one of: "
                                                    f"{', '.join(COLUMNS[sheet])})", where=where(1, j, h)))
        for req in ("id",) + (("inject",) if sheet != "injects" else ()) + (("delegation",) if sheet == "options" else ()):
            if req not in cols:
                problems.append(Problem(file, 1, 1, f"no '{req}' column (expected a header row starting "
                                                    f"{', '.join(COLUMNS[sheet][:3])})", where=f"{sheet}!1"))
        out = []
        for r, cells in body:
            if all(c is None or c == "" for c in cells):
                continue
            item: dict[str, Any] = {}
            for h, j in cols.items():
                cell = cells[j - 1] if j - 1 < len(cells) else None
                try:
                    value = from_cell(h, cell)
                except CellError as e:
                    problems.append(Problem(file, r, j, str(e), where=where(r, j, h)))
                    continue
                if value is not _EMPTY:
                    item[h] = value
            item["__row__"] = (file, sheet, r, cols)
            out.append((r, item))
        parsed[sheet] = out
    if problems:
        raise InputError(problems)

    injects, index = [], {}
    for r, item in parsed["injects"]:
        meta = item.pop("__row__")
        iid = item.get("id")
        if iid in index:
            file, sheet, _r, cols = meta
            problems.append(Problem(file, r, cols.get("id", 1), f"inject '{iid}' again (first on row "
                                                                 f"{index[iid][1]})",
                                    where=f"injects!{col_letter(cols.get('id', 1))}{r} (id)"))
            continue
        index[iid] = (len(injects), r)
        origin[("injects", len(injects))] = meta
        injects.append(item)
    for sheet in ("options", "responses"):
        for r, item in parsed[sheet]:
            meta = item.pop("__row__")
            file, _s, _r, cols = meta
            iid = item.pop("inject", None)
            if iid is None and sheet == "responses":
                standing = base.setdefault("__standing__", [])
                origin[("responses", len(standing))] = meta
                standing.append(item)
                continue
            if iid not in index:
                near = _near(iid, index)
                problems.append(Problem(file, r, cols.get("inject", 1),
                                        f"no inject '{iid}' on the injects sheet{near}",
                                        where=f"{sheet}!{col_letter(cols.get('inject', 1))}{r} (inject)"))
                continue
            k = index[iid][0]
            inj = injects[k]
            if sheet == "options":
                d = item.pop("delegation", None)
                lst = inj.setdefault("options", {}).setdefault(d, [])
                origin[("injects", k, "options", d, len(lst))] = meta
            else:
                lst = inj.setdefault("responses", [])
                origin[("injects", k, "responses", len(lst))] = meta
            lst.append(item)
    if problems:
        raise InputError(problems)
    data = {k: v for k, v in base.items() if k != "__standing__"}
    standing = base.get("__standing__", [])
    data["injects"] = injects
    if standing or "responses" in data:
        data["responses"] = standing
    return data, origin


def _near(value, index) -> str:
    import difflib

    near = difflib.get_close_matches(str(value), [str(k) for k in index], n=1)
    return f", did you mean '{near[0]}'?" if near else ""


def _model_keys() -> dict[str, set[str]]:
    import attrs

    from wargame.model.fields import yaml_key
    from wargame.model.scenario import Inject, Option, Response

    return {"injects": {yaml_key(a) for a in attrs.fields(Inject)},
            "options": {yaml_key(a) for a in attrs.fields(Option)},
            "responses": {yaml_key(a) for a in attrs.fields(Response)}}


_MODEL_KEYS = _model_keys()


def locate(problem: Problem, origin: dict) -> Problem:
    """A loader problem about the assembled document, moved to the sheet cell it came from."""
    path = _parse_where(problem.where)
    for n in range(len(path), 0, -1):
        hit = origin.get(tuple(path[:n]))
        if hit is None:
            continue
        file, sheet, row, cols = hit
        rest = path[n:]
        column = rest[0] if rest and isinstance(rest[0], str) and rest[0] in cols else None
        if column is None and len(path) >= 4 and path[2] == "options":
            column = "delegation" if n == 4 else None
        j = cols.get(column, 1) if column else 1
        cell = f"{sheet}!{col_letter(j)}{row}" + (f" ({column})" if column else "")
        detail = ".".join(str(x) for x in rest[1:]) if column and len(rest) > 1 else ""
        return Problem(file, row, j, (f"{detail}: " if detail else "") + problem.message, where=cell)
    return problem


def _parse_where(where: str) -> list:
    out: list = []
    for m in re.finditer(r"\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\.?([\w-]+)", where or ""):
        if m.group(1) is not None:
            out.append(int(m.group(1)))
        elif m.group(2) is not None:
            out.append(m.group(2))
        else:
            out.append(m.group(3))
    return out


def import_sheets(scenario: Path, sheets: Path, output: Path) -> Path:
    """Write `output`: `scenario` with the injects and responses of `sheets` (a folder of CSV or an
    .xlsx); raise InputError with located problems, writing nothing, when they do not make a valid
    scenario."""
    import yaml

    from wargame.scenario.load import load_scenario
    from wargame.scenario.yamlsrc import load_yaml_file

    base = load_yaml_file(scenario).data
    if not isinstance(base, dict):
        raise InputError([Problem(str(scenario), 1, 1, "not a scenario (expected a mapping)")])
    book = read_xlsx(sheets) if sheets.suffix.lower() == ".xlsx" else read_csv(sheets)
    data, origin = assemble(book, dict(base))
    first = scenario.read_text(encoding="utf-8").splitlines()[:1]
    modeline = first[0] + "\n" if first and first[0].startswith("# yaml-language-server:") else ""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: ten times faster
    text = modeline + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(suffix=".yaml", dir=str(output.parent if output.parent.exists() else Path(".")))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            load_scenario(Path(tmp), display=str(output), ruleset_path=_ruleset_for(scenario))
        except InputError as e:
            raise InputError([locate(p, origin) for p in e.problems]) from None
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output


def _ruleset_for(scenario: Path) -> Path | None:
    from wargame.scenario.load import load_scenario

    try:
        return Path(load_scenario(scenario).ruleset_path)
    except InputError:
        return None


def export_sheets(scenario: Path, out: Path) -> list[Path]:
    """Write the sheets of `scenario`: an .xlsx workbook, or a folder of three CSV files."""
    from wargame.scenario.load import load_scenario
    from wargame.scenario.yamlsrc import load_yaml_file

    load_scenario(scenario)  # only a valid scenario is exported
    data = load_yaml_file(scenario).data
    if out.suffix.lower() == ".xlsx":
        return [export_xlsx(data, out)]
    return export_csv(data, out)


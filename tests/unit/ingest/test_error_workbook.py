"""The error workbook: every data row as read, bad cells highlighted with their messages, an
Errors sheet, and nothing a spreadsheet program would run."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from supplychain.ingest.error_workbook import safe_texts
from supplychain.ingest.pipeline import read_upload, write_error_workbook

HEADER = ["Supplier name", "Country", "Workers", "Notes"]
ROWS = [
    ["Acme Garments", "Viet Nam", 120, "ok"],
    ["Bad Country Ltd", "Atlantis", 40, "@SUM(1+1)"],
    ["", "Ghana", "many", None],
    ["Delta Cocoa", "Ghana", 12.5, "  spaced  "],
]


def _errors_workbook(xlsx, tmp_path: Path) -> tuple[object, object, list]:
    result = read_upload(xlsx([HEADER, *ROWS]))
    out = tmp_path / "errors.xlsx"
    write_error_workbook(result, out)
    wb = openpyxl.load_workbook(out)
    return wb["Data"], wb["Errors"], result.errors


def test_every_row_is_kept_as_text_with_its_source_row_number(xlsx, tmp_path: Path) -> None:
    data, _, _ = _errors_workbook(xlsx, tmp_path)
    rows = [list(r) for r in data.iter_rows(values_only=True)]
    assert rows[0] == ["row", *HEADER]
    assert [r[0] for r in rows[1:]] == [2, 3, 4, 5]
    assert rows[1][1:] == ["Acme Garments", "Viet Nam", "120", "ok"]
    assert rows[2][4] == "'@SUM(1+1)"  # shown as text, never a formula
    assert rows[3][1] is None and rows[3][3] == "many"
    assert rows[4][3:] == ["12.5", "spaced"]


def test_bad_cells_are_highlighted_and_carry_their_message(xlsx, tmp_path: Path) -> None:
    data, errors, issues = _errors_workbook(xlsx, tmp_path)
    bad = {(c.row, c.column) for row in data.iter_rows() for c in row if c.comment}
    expected = set()
    for issue in issues:
        column = ["row", *HEADER].index(issue.header) + 1
        expected.add((issue.row, column))  # source row n is sheet row n (header at 1)
    assert bad == expected and len(expected) >= 3
    country = data.cell(row=3, column=3)
    assert country.value == "Atlantis" and country.fill.fgColor.rgb.endswith("FFC7CE")
    assert "Atlantis" in country.comment.text or "country" in country.comment.text.lower()
    assert data.cell(row=2, column=3).comment is None
    listed = [list(r) for r in errors.iter_rows(min_row=2, values_only=True)]
    assert len(listed) == len(issues) and {r[1] for r in listed} == {3, 4, 5}


def test_text_is_made_once_per_distinct_value_without_merging_types() -> None:
    strings = pd.Series(["=1+1", None, "Ghana", "=1+1"], dtype="string")
    assert safe_texts(strings) == ["'=1+1", "", "Ghana", "'=1+1"]
    mixed = pd.Series([True, 1, 1.0, "x\x07"], dtype=object)
    assert safe_texts(mixed) == ["TRUE", "1", "1", "x"]

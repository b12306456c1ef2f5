"""A downloadable copy of the upload's data with bad cells highlighted, commented and listed.

The workbook is written new with xlsxwriter from the values read (never the original's parts),
with ``strings_to_formulas`` off and every string passed through ``safe_cell``. Rows are written
in order in xlsxwriter's ``constant_memory`` mode, and each distinct value of a column is turned
into text once, so a 100k-row file costs about what xlsxwriter needs to write its cells.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xlsxwriter

from supplychain.domain.safe_cell import safe_cell
from supplychain.ingest.normalise.text import as_text

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from supplychain.ingest.pipeline import IntakeResult

ISSUE_HEADERS = ("Sheet", "Row", "Column", "Header", "Value", "Message")
MAX_CELL = 32_767
OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
}


def write_error_workbook(result: IntakeResult, out: Path) -> None:
    with xlsxwriter.Workbook(str(out), OPTIONS) as wb:
        bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        bold = wb.add_format({"bold": True})
        _data_sheet(wb.add_worksheet("Data"), result, bad, bold)
        _issues_sheet(wb.add_worksheet("Errors"), result, bold)


def safe_texts(values: pd.Series) -> list[str]:
    """Each cell as cleaned, export-safe text ("" when empty)."""
    if isinstance(values.dtype, pd.StringDtype | pd.ArrowDtype) or values.dtype == "str":
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        texts = [_safe_text(v) for v in uniques] + [""]  # code -1 (missing) picks the last
        return np.asarray(texts, dtype=object)[codes].tolist()
    return [_safe_text(v) for v in values]  # mixed types: True and 1 must not be merged


def _safe_text(value: Any) -> str:
    return safe_cell(as_text(value, MAX_CELL).value or "")


def _data_sheet(ws: Worksheet, result: IntakeResult, bad: Format, bold: Format) -> None:
    headers = ["row", *result.raw_columns]
    for c, header in enumerate(headers):
        ws.write_string(0, c, safe_cell(str(header)), bold)
    columns = [safe_texts(values) for values in result.raw_columns.values()]
    marks = _bad_cells(result, headers)
    for r, row_number in enumerate(result.raw_rows):
        ws.write_number(r + 1, 0, row_number)
        notes = marks.get(row_number, {})
        for c, column in enumerate(columns, start=1):
            if c in notes:
                ws.write(r + 1, c, column[r] or None, bad)  # None: a blank, highlighted cell
                ws.write_comment(r + 1, c, safe_cell(notes[c])[:MAX_CELL])
            elif column[r]:
                ws.write_string(r + 1, c, column[r])
    ws.freeze_panes(1, 0)


def _bad_cells(result: IntakeResult, headers: list[str]) -> dict[int, dict[int, str]]:
    """{source row: {column index: message}} of the errors that point at one cell."""
    index = {h: i for i, h in enumerate(headers) if i}
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for issue in result.errors:
        c = index.get(issue.header)
        if c is not None and issue.row is not None:
            cell = marks[issue.row]
            cell[c] = f"{cell[c]}; {issue.message}" if c in cell else issue.message
    return marks


def _issues_sheet(ws: Worksheet, result: IntakeResult, bold: Format) -> None:
    for c, header in enumerate(ISSUE_HEADERS):
        ws.write_string(0, c, header, bold)
    for r, issue in enumerate(result.errors, start=1):
        for c, value in enumerate(
            (issue.sheet, issue.row, issue.column, issue.header, issue.value, issue.message)
        ):
            if isinstance(value, int):
                ws.write_number(r, c, value)
            elif value is not None:
                ws.write_string(r, c, safe_cell(str(value)))

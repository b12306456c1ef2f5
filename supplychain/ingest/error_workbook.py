"""A downloadable copy of the upload's data with bad cells highlighted, commented and listed.

The workbook is written new with xlsxwriter from the values read (never the original's parts),
with ``strings_to_formulas`` off and every string passed through ``safe_cell``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter

from supplychain.domain.safe_cell import safe_cell

if TYPE_CHECKING:
    from supplychain.ingest.pipeline import IntakeResult

ISSUE_HEADERS = ("Sheet", "Row", "Column", "Header", "Value", "Message")


def write_error_workbook(result: IntakeResult, out: Path) -> None:
    raw = result.raw
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": False,
    }
    with xlsxwriter.Workbook(str(out), options) as wb:
        bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        bold = wb.add_format({"bold": True})
        _data_sheet(wb.add_worksheet("Data"), raw, result, bad, bold)
        _issues_sheet(wb.add_worksheet("Errors"), result, bold)


def _data_sheet(ws, raw, result, bad, bold) -> None:
    headers = list(raw.columns)
    for c, header in enumerate(headers):
        ws.write_string(0, c, safe_cell(str(header)), bold)
    position = {int(r): i + 1 for i, r in enumerate(raw["row"])}
    column_of = {c.header: headers.index(c.header) for c in result.columns if c.header in headers}
    for r, values in enumerate(raw.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(r, c, safe_cell(value))
            else:
                ws.write_number(r, c, value)
    for issue in result.errors:
        r = position.get(issue.row)
        c = column_of.get(issue.header)
        if r is None or c is None:
            continue
        ws.write_string(r, c, safe_cell(str(raw.iat[r - 1, c])), bad)
        ws.write_comment(r, c, safe_cell(issue.message)[:30000])
    ws.freeze_panes(1, 0)


def _issues_sheet(ws, result, bold) -> None:
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

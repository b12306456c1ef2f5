"""Export the tables behind a dashboard to xlsx and csv, safe against formula injection.

Every string cell and every header goes through ``safe_cell`` (a leading ``= + - @ | %``, TAB,
CR or LF gets a ``'``); the xlsx is written with ``strings_to_formulas`` (and numbers, URLs)
turned off and ``write_string``/``write_number`` only, so the sheet XML holds no ``<f>`` at all.
Numbers stay numbers. Sheet and file names are generated, never taken from data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
import xlsxwriter

from supplychain.domain.safe_cell import safe_cell

Table = tuple[str, pd.DataFrame]  # (title, frame)
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": True,
}
MAX_SHEET_NAME = 31


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per table, with a bold header row and frozen panes."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        for number, (title, frame) in enumerate(tables, start=1):
            sheet = book.add_worksheet(_sheet_name(number, title))
            sheet.freeze_panes(1, 0)
            for col, name in enumerate(frame.columns):
                sheet.write_string(0, col, str(safe_cell(str(name))), header)
                sheet.set_column(col, col, max(12, min(48, len(str(name)) + 4)))
            for row, values in enumerate(_rows(frame), start=1):
                for col, value in enumerate(values):
                    _write(sheet, row, col, value, dates)
    return buffer.getvalue()


def to_csv(tables: Sequence[Table]) -> bytes:
    """UTF-8 (with BOM, for spreadsheet programs) CSV; several tables follow one another, each
    under a line with its title and separated by an empty line."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    several = len(tables) > 1
    for index, (title, frame) in enumerate(tables):
        if several:
            if index:
                writer.writerow([])
            writer.writerow([safe_cell(title)])
        writer.writerow([safe_cell(str(c)) for c in frame.columns])
        writer.writerows([_csv_value(v) for v in values] for values in _rows(frame))
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _write(sheet: Any, row: int, col: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value)
    elif isinstance(value, (date, datetime)):
        sheet.write_datetime(row, col, _naive(value), date_format)
    else:
        sheet.write_string(row, col, str(safe_cell(str(value))))


def _csv_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return "" if value is None else safe_cell(str(value))


def _naive(value: date | datetime) -> date | datetime:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def _sheet_name(number: int, title: str) -> str:
    """A generated name: the number and the title's letters, digits and spaces only."""
    clean = "".join(ch for ch in title if ch.isalnum() or ch == " ").strip()
    return f"{number} {clean}"[:MAX_SHEET_NAME].strip()


def file_name(dashboard: str, extension: str, today: date) -> str:
    return f"supplychain-{dashboard}-{today.isoformat()}.{extension}"

"""A deterministic, streaming xlsx writer for evidence packs (xlsxwriter, constant memory).

Every string passes through ``safe_cell`` and is written with ``write_string``: no cell of user data
can become a formula. Sheet names come from the code, never from data. The document's created date
is the pack's generation time and xlsxwriter fixes the zip timestamps, so the same rows at the same
time give the same bytes. A table longer than an Excel sheet continues on "<name> (2)", ...
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from supplychain.domain.safe_cell import safe_cell
from supplychain.evidence.chain import canonical_json

EXCEL_MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """A table of the workbook: a generated name and its columns."""

    name: str
    columns: tuple[Column, ...]


class PackWorkbook:
    """One workbook; add sheets in tab order, fill them in any order, then close."""

    def __init__(
        self, path: Path, created: datetime, title: str, *, max_rows: int = EXCEL_MAX_ROWS
    ) -> None:
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "tmpdir": str(path.parent),
            },
        )
        self.book.set_properties(
            {"title": safe_cell(title), "author": "supplychain", "created": utc_naive(created)}
        )
        self.max_rows = max_rows
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.formats = date_formats(self.book)

    def add(self, sheet: Sheet) -> SheetWriter:
        return SheetWriter(self, sheet)

    def close(self) -> None:
        self.book.close()


class SheetWriter:
    """Appends rows (mappings keyed by column key) to one table, starting new sheets as needed."""

    def __init__(self, workbook: PackWorkbook, sheet: Sheet) -> None:
        self.workbook, self.sheet = workbook, sheet
        self.rows = 0
        self._parts = 0
        self._start_part()

    def _start_part(self) -> None:
        self._parts += 1
        name = self.sheet.name if self._parts == 1 else f"{self.sheet.name} ({self._parts})"
        self._ws = self.workbook.book.add_worksheet(name)
        self._row = 0
        for c, column in enumerate(self.sheet.columns):
            self._ws.set_column(c, c, column.width)
            self._ws.write_string(0, c, safe_cell(column.header), self.workbook.header)
        self._ws.freeze_panes(1, 0)

    def append(self, values: Mapping[str, Any]) -> None:
        if self._row + 1 >= self.workbook.max_rows:
            self._finish_part()
            self._start_part()
        self._row += 1
        self.rows += 1
        for c, column in enumerate(self.sheet.columns):
            write_cell(self._ws, self._row, c, values.get(column.key), self.workbook.formats)

    def extend(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for values in rows:
            self.append(values)

    def _finish_part(self) -> None:
        last = len(self.sheet.columns) - 1
        self._ws.autofilter(0, 0, max(self._row, 1), last)

    def close(self) -> None:
        self._finish_part()


def date_formats(book: xlsxwriter.Workbook) -> tuple[Any, Any]:
    """The (date, date-time) cell formats of a workbook."""
    return (
        book.add_format({"num_format": "yyyy-mm-dd"}),
        book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
    )


def write_cell(ws: Any, row: int, col: int, value: Any, formats: tuple[Any, Any]) -> None:
    """Write one value as a number, a date or safe text; never as a formula."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "yes" if value else "no")
    elif isinstance(value, (int, float, Decimal)):
        number = float(value)
        if math.isfinite(number):
            ws.write_number(row, col, number)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, utc_naive(value), formats[1])
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), formats[0])
    else:
        text = value if isinstance(value, str) else _text(value)
        ws.write_string(row, col, safe_cell(text)[:MAX_CELL_CHARS])


def _text(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return canonical_json(value)
    return str(value)


def utc_naive(moment: datetime) -> datetime:
    """A UTC wall-clock time without tzinfo (what a spreadsheet cell holds)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment

"""From an upload to its header row and, on demand, its data columns.

Each format gets a Grid holding at least the rows where the header is looked for, plus a ``Body``
that reads the data under the header once the header is known: cell by cell from the Grid (xls,
ods, sheets with merged cells or mixed column types), by column with fastexcel (other xlsx
sheets), or record by record in chunks (CSV).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from supplychain.ingest.chunked import STR, text_columns
from supplychain.ingest.csv_reader import Record, head_grid, open_csv
from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.excel_reader import Workbook, head, load_grid, open_workbook, read_rows
from supplychain.ingest.fastsheet import NeedsCells, sheet_columns
from supplychain.ingest.grid import Grid
from supplychain.ingest.header import find_header, header_not_found
from supplychain.ingest.layout import columns_of, expand_merges, square
from supplychain.ingest.limits import Limits, too_wide
from supplychain.ingest.zipscan import prescan

Body = Callable[[int, int], tuple[dict[int, pd.Series], np.ndarray, list[Issue]]]
"""(header index, header width) -> data columns, their row numbers, issues found reading them."""
MACROS = "the workbook contains macros; only the data was read and the macros were discarded"


def _grid_body(grid: Grid) -> Body:
    """The data rows of a Grid that holds the whole sheet or file, cell by cell."""

    def body(index: int, header_width: int) -> tuple[dict[int, pd.Series], np.ndarray, list]:
        width = max(header_width, grid.width)
        expand_merges(grid, index + 1)
        pre = square(grid, index + 1, width) + grid.errors
        data, rows = columns_of(grid, index + 1, width)
        return data, rows, pre

    return body


def _sheet_body(wb: Workbook, grid: Grid, limits: Limits) -> Body:
    """The data rows of an xlsx sheet by column, or cell by cell when a column mixes types."""

    def body(index: int, header_width: int) -> tuple[dict[int, pd.Series], np.ndarray, list]:
        try:
            data, rows = sheet_columns(
                wb.path, wb.name, grid.sheet, index + 2, limits, grid.facts.date1904
            )
        except NeedsCells:
            rows_read = read_rows(wb, grid.sheet, limits)
            grid.rows, grid.row_numbers = rows_read, list(range(1, len(rows_read) + 1))
            return _grid_body(grid)(index, header_width)
        for i in range(max([header_width, *(k + 1 for k in data)])):
            if i not in data:  # a column with nothing in the sheet's used range
                data[i] = pd.Series(np.full(len(rows), np.nan), dtype=STR)
        return data, rows, list(grid.errors)

    return body


def _choose_sheet(
    wb: Workbook, sheet: str | None, limits: Limits, mapping: dict | None
) -> tuple[Grid, int, Body]:
    """The named sheet, or the first visible sheet with a recognisable header."""
    if sheet is not None and sheet not in wb.visible + wb.hidden:
        raise reject(
            wb.name,
            f"there is no sheet named {sheet!r}; the sheets are "
            f"{', '.join(wb.visible + wb.hidden)}",
        )
    candidates = [sheet] if sheet is not None else wb.visible
    for candidate in candidates:
        rows, whole = head(wb, candidate, limits)
        probe = Grid(candidate, rows, list(range(1, len(rows) + 1)))
        index = find_header(probe, limits.header_scan_rows, mapping)
        if index is not None:
            grid = load_grid(wb, candidate, rows)
            return grid, index, _grid_body(grid) if whole else _sheet_body(wb, grid, limits)
    looked = ", ".join(repr(s) for s in candidates) or "none visible"
    first = candidates[0] if candidates else None
    rows = head(wb, first, limits)[0] if first else []
    grid = Grid(first, rows, list(range(1, len(rows) + 1)))
    raise header_not_found(wb.name, f" of sheet {looked}", grid, limits.header_scan_rows)


def _csv_body(grid: Grid, records: Iterator[Record], name: str, limits: Limits) -> Body:
    """The data records of a CSV file, read on from where the header search stopped."""

    def body(index: int, header_width: int) -> tuple[dict[int, pd.Series], np.ndarray, list]:
        if header_width > limits.max_cols:
            raise too_wide(name, None, header_width, limits)
        head = zip(grid.row_numbers[index + 1 :], grid.rows[index + 1 :], strict=True)
        data, rows, pre = text_columns(itertools.chain(head, records), header_width)
        return data, rows, pre + grid.errors

    return body


def open_source(
    path: Path, name: str, fmt: str, sheet: str | None, limits: Limits, mapping: dict | None
) -> tuple[Grid, int, Body]:
    """The Grid to find the header in, the header's index in it, and the Body of the data."""
    if fmt == "csv":
        source = open_csv(path, name, limits)
        records = source.records()
        grid = head_grid(source, records, limits.header_scan_rows + 2)
        index = find_header(grid, limits.header_scan_rows, mapping)
        if index is None:
            raise header_not_found(name, "", grid, limits.header_scan_rows)
        return grid, index, _csv_body(grid, records, name, limits)
    report = prescan(path, name, limits) if fmt != "xls" else None
    wb = open_workbook(path, name, fmt, report.parts if report else {})
    grid, index, body = _choose_sheet(wb, sheet, limits, mapping)
    if report and report.has_macros:
        grid.warnings.insert(0, Issue(None, None, None, None, None, MACROS))
    return grid, index, body

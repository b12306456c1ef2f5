"""From a Grid and its header row to per-column raw data, with reading-level issues."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.ingest.cells import column_letter
from supplychain.ingest.errors import Issue
from supplychain.ingest.grid import Grid, is_blank
from supplychain.ingest.mapping import ColumnInfo
from supplychain.ingest.normalise.text import excel_error

UNCACHED = (
    "the cell contains a formula with no saved result; open the file in Excel and save "
    "it, or paste the values"
)


def expand_merges(grid: Grid, first_data: int) -> None:
    """Copy each merged range's top-left value into its other cells, with a warning."""
    for (r1, c1), (r2, c2) in grid.merges:
        if r2 < first_data:
            continue
        value = grid.rows[r1][c1] if r1 < len(grid.rows) and c1 < len(grid.rows[r1]) else ""
        for r in range(r1, min(r2, len(grid.rows) - 1) + 1):
            for c in range(c1, min(c2, len(grid.rows[r]) - 1) + 1):
                grid.rows[r][c] = value
        ref = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
        grid.warnings.append(
            Issue(
                grid.sheet,
                r1 + 1,
                column_letter(c1),
                None,
                None,
                f"merged cells {ref} were expanded",
            )
        )


def fit(record: list, width: int) -> tuple[list, str | None]:
    """``record`` padded or cut to ``width`` cells, and the error when filled cells do not fit.

    A record with extra cells that are all blank, or a single cell (a blank line), is only padded.
    """
    if len(record) == width:
        return record, None
    message = None
    if (len(record) > width and any(not is_blank(v) for v in record[width:])) or (
        1 < len(record) < width
    ):
        message = f"expected {width} fields, found {len(record)}"
    return (record + [""] * width)[:width], message


def square(grid: Grid, start: int, width: int, header: list | None = None) -> list[Issue]:
    """Give every data record ``width`` cells; a record with extra filled fields is an error.

    ``header`` is not needed any more and is accepted for existing callers.
    """
    issues = []
    for i in range(start, len(grid.rows)):
        grid.rows[i], message = fit(grid.rows[i], width)
        if message:
            issues.append(Issue(grid.sheet, grid.row_numbers[i], None, None, None, message))
    return issues


def columns_of(grid: Grid, start: int, width: int) -> tuple[dict[int, pd.Series], np.ndarray]:
    """Raw cells by column index for non-blank data rows, and their spreadsheet row numbers."""
    body = grid.rows[start:]
    numbers = np.asarray(grid.row_numbers[start:], dtype=np.int64)
    if not body:
        return {}, numbers
    matrix = np.empty((len(body), width), dtype=object)
    matrix[:] = body
    cols = [pd.Series(matrix[:, i]) for i in range(width)]
    blank = np.ones(len(body), dtype=bool)
    for col in cols:
        blank &= (col.isna() | col.eq("")).to_numpy(bool)
    keep = ~blank
    data = {i: col[keep].reset_index(drop=True) for i, col in enumerate(cols)}
    return data, numbers[keep]


def cell_issues(
    grid: Grid, columns: list[ColumnInfo], data: dict[int, pd.Series], rows: np.ndarray
) -> list[Issue]:
    """Errors found in the XML or layout: formula with no value, Excel errors, no header."""
    issues: list[Issue] = []
    by_index = {_index(c): c for c in columns}
    wanted = set(rows.tolist())
    for (row, col), text in sorted(grid.facts.errors.items()):
        if row in wanted and col in by_index:
            issues.append(_at(grid, by_index[col], row, text, excel_error(text)))
    for row, col in sorted(grid.facts.uncached):
        if row in wanted and col in by_index:
            issues.append(_at(grid, by_index[col], row, None, UNCACHED))
    for index, series in data.items():
        if index in by_index:
            continue
        for pos in np.flatnonzero(~(series.isna() | series.eq("")).to_numpy(bool)):
            letter = column_letter(index)
            issues.append(
                Issue(
                    grid.sheet,
                    int(rows[pos]),
                    letter,
                    None,
                    str(series.iloc[pos]),
                    f"value in column {letter} has no header",
                )
            )
    return issues


def _index(info: ColumnInfo) -> int:
    from supplychain.ingest.cells import column_index

    return column_index(info.column)


def _at(grid: Grid, info: ColumnInfo, row: int, value: str | None, message: str) -> Issue:
    return Issue(grid.sheet, row, info.column, info.header, value, message)


def scale_percent_cells(
    grid: Grid, columns: list[ColumnInfo], data: dict[int, pd.Series], rows: np.ndarray
) -> None:
    """45% stored as 0.45 in a cell formatted as a percentage -> 45."""
    targets = {_index(c) for c in columns if c.field == "migrant_workers_pct"}
    if not grid.facts.percent or not targets:
        return
    position = {int(r): i for i, r in enumerate(rows)}
    for row, col in grid.facts.percent:
        pos = position.get(row)
        if col in targets and pos is not None:
            value = data[col].iat[pos]
            if isinstance(value, int | float) and not isinstance(value, bool):
                data[col].iat[pos] = value * 100

"""read_upload: the one entry point from an uploaded file to a validated supplier frame."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from supplychain.ingest.chunked import STR, text_columns
from supplychain.ingest.csv_reader import Record, head_grid, open_csv
from supplychain.ingest.error_workbook import write_error_workbook as _write_error_workbook
from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.excel_reader import Workbook, head, load_grid, open_workbook, read_rows
from supplychain.ingest.fastsheet import NeedsCells, sheet_columns
from supplychain.ingest.grid import Grid
from supplychain.ingest.header import (
    check_single_header,
    describe_columns,
    expected_columns,
    find_header,
)
from supplychain.ingest.layout import (
    cell_issues,
    columns_of,
    expand_merges,
    scale_percent_cells,
    square,
)
from supplychain.ingest.limits import Limits
from supplychain.ingest.mapping import ColumnInfo, header_fingerprint, validate_override
from supplychain.ingest.normalise.text import as_text
from supplychain.ingest.sniff import sniff
from supplychain.ingest.validate import check
from supplychain.ingest.zipscan import prescan

__all__ = ["ColumnInfo", "FileInfo", "IntakeResult", "read_upload", "write_error_workbook"]
Body = Callable[[int, int], tuple[dict[int, pd.Series], np.ndarray, list[Issue]]]
"""(header index, header width) -> data columns, their row numbers, issues found reading them."""
MACROS = "the workbook contains macros; only the data was read and the macros were discarded"


@dataclass
class FileInfo:
    name: str
    sha256: str
    format: str
    sheet: str | None = None
    header_row: int | None = None
    encoding: str | None = None
    delimiter: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IntakeResult:
    """Everything intake learnt about one upload. ``frame`` holds the valid rows only."""

    file: FileInfo
    columns: list[ColumnInfo]
    frame: pd.DataFrame
    rows: int
    errors: list[Issue]
    warnings: list[Issue]
    invalid_rows: list[int]
    header_fingerprint: str
    raw_columns: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    raw_rows: list[int] = field(default_factory=list, repr=False)

    @property
    def raw(self) -> pd.DataFrame:
        """All data rows as read, as text, with ``row`` (built on demand: it is only for export)."""
        data = {h: [as_text(v, 32_767).value or "" for v in s] for h, s in self.raw_columns.items()}
        return pd.DataFrame({"row": self.raw_rows, **data})

    def report(self) -> dict:
        """The ``validate --json`` dict of INTERFACES.md."""
        invalid = len(self.invalid_rows)
        return {
            "file": self.file.to_dict(),
            "columns": [c.to_dict() for c in self.columns],
            "summary": {
                "rows": self.rows,
                "valid": self.rows - invalid,
                "invalid": invalid,
                "warnings": len(self.warnings),
            },
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
            data, rows = sheet_columns(wb.path, wb.name, grid.sheet, index + 2, limits)
        except NeedsCells:
            rows_read = read_rows(wb, grid.sheet, limits)
            grid.rows, grid.row_numbers = rows_read, list(range(1, len(rows_read) + 1))
            return _grid_body(grid)(index, header_width)
        for i in range(max([header_width, *(i + 1 for i in data)])):
            data.setdefault(i, pd.Series(np.full(len(rows), np.nan), dtype=STR))
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
    raise reject(
        wb.name,
        f"could not find the header row in the first {limits.header_scan_rows} "
        f"rows of sheet {looked}; {expected_columns()}",
    )


def _csv_body(grid: Grid, records: Iterator[Record]) -> Body:
    """The data records of a CSV file, read on from where the header search stopped."""

    def body(index: int, header_width: int) -> tuple[dict[int, pd.Series], np.ndarray, list]:
        head = zip(grid.row_numbers[index + 1 :], grid.rows[index + 1 :], strict=True)
        data, rows, pre = text_columns(itertools.chain(head, records), header_width)
        return data, rows, pre + grid.errors

    return body


def _open(
    path: Path, name: str, fmt: str, sheet: str | None, limits: Limits, mapping: dict | None
) -> tuple[Grid, int, Body]:
    if fmt == "csv":
        source = open_csv(path, name, limits)
        records = source.records()
        grid = head_grid(source, records, limits.header_scan_rows + 2)
        index = find_header(grid, limits.header_scan_rows, mapping)
        if index is None:
            raise reject(
                name,
                f"could not find the header row in the first "
                f"{limits.header_scan_rows} rows; {expected_columns()}",
            )
        return grid, index, _csv_body(grid, records)
    report = prescan(path, name, limits) if fmt != "xls" else None
    wb = open_workbook(path, name, fmt, report.parts if report else {})
    grid, index, body = _choose_sheet(wb, sheet, limits, mapping)
    if report and report.has_macros:
        grid.warnings.insert(0, Issue(None, None, None, None, None, MACROS))
    return grid, index, body


def read_upload(
    path: Path,
    *,
    name: str | None = None,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    limits: Limits = Limits(),  # noqa: B008 - frozen, immutable default
) -> IntakeResult:
    """Read, map and validate an upload; raise FileRejected when the file cannot be used."""
    path = Path(path)
    name = name or path.name
    if bad := validate_override(mapping):
        raise reject(name, f"the column mapping names unknown fields: {', '.join(bad)}")
    fmt = sniff(path, name, limits)
    grid, index, body = _open(path, name, fmt, sheet, limits, mapping)
    check_single_header(grid, index, name, mapping)
    header = grid.rows[index]
    columns = describe_columns(header, name, mapping)
    header_row = grid.row_numbers[index]
    data, rows, pre = body(index, len(header))
    if len(rows) == 0:
        raise reject(name, "no supplier rows found under the header; add at least one supplier")
    if len(rows) > limits.max_rows:
        raise reject(
            name, f"the file has {len(rows)} rows, over the limit of {limits.max_rows}; split it"
        )
    pre = cell_issues(grid, columns, data, rows) + [_locate(p, grid) for p in pre]
    scale_percent_cells(grid, columns, data, rows)
    checked = check(grid, data, rows, columns, limits.max_cell_chars, pre)
    info = FileInfo(name, _sha256(path), fmt, grid.sheet, header_row, grid.encoding, grid.delimiter)
    return IntakeResult(
        info,
        columns,
        checked.frame,
        checked.rows,
        checked.errors,
        grid.warnings + _unknown_columns(grid, columns) + checked.warnings,
        checked.invalid_rows,
        header_fingerprint([c.header for c in columns]),
        raw_columns={c.header: data[_col(c)] for c in columns if _col(c) in data},
        raw_rows=[int(r) for r in rows],
    )


def _col(info: ColumnInfo) -> int:
    from supplychain.ingest.cells import column_index

    return column_index(info.column)


def _locate(issue: Issue, grid: Grid) -> Issue:
    return (
        issue
        if issue.sheet or grid.sheet is None
        else Issue(grid.sheet, issue.row, issue.column, issue.header, issue.value, issue.message)
    )


def _unknown_columns(grid: Grid, columns: list[ColumnInfo]) -> list[Issue]:
    return [
        Issue(
            grid.sheet,
            None,
            c.column,
            c.header,
            None,
            f"column {c.column} ({c.header!r}) matches no field; kept as an extra attribute",
        )
        for c in columns
        if c.field is None
    ]


def write_error_workbook(result: IntakeResult, out: Path) -> None:
    """A new xlsx of the upload's data with bad cells highlighted and an Errors sheet."""
    _write_error_workbook(result, out)

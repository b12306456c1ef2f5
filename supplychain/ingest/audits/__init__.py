"""Audit-results spreadsheets: find the header, map the columns, check every row, group audits.

Reading reuses the supplier intake's public pieces (sniffing, the zip pre-scan, the csv and
workbook readers, merged-cell and ragged-row handling, value normalisers, issue locations). What
is audit-specific lives here: the column aliases, header detection over those aliases, severity
and ILO-indicator parsing, cross-column rules, and grouping rows into audits. Matching a row to a
stored supplier needs the database, so the caller passes ``match_supplier`` in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path

from supplychain.ingest.audits.columns import (
    COLUMNS,
    EXPECTED,
    SEVERITIES,
    describe_columns,
    find_header,
    indicator_table,
    parse_indicators,
)
from supplychain.ingest.audits.rows import (
    AuditRow,
    AuditSheet,
    FindingRow,
    SupplierMatcher,
    check_rows,
    group_audits,
)
from supplychain.ingest.csv_reader import read_csv
from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.excel_reader import load_grid, open_workbook, read_rows
from supplychain.ingest.grid import Grid
from supplychain.ingest.layout import cell_issues, columns_of, expand_merges, square
from supplychain.ingest.limits import Limits
from supplychain.ingest.pipeline import FileInfo
from supplychain.ingest.sniff import sniff
from supplychain.ingest.zipscan import prescan

__all__ = [
    "COLUMNS",
    "SEVERITIES",
    "AuditRow",
    "AuditSheet",
    "FindingRow",
    "SupplierMatcher",
    "group_audits",
    "indicator_table",
    "parse_indicators",
    "read_audits",
]


def read_audits(
    path: Path,
    *,
    indicators: Mapping[str, int],
    match_supplier: SupplierMatcher,
    today: dt.date,
    name: str | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
) -> AuditSheet:
    """Read and check an audit-results file; raise FileRejected when it cannot be used."""
    limits = limits or Limits()
    path = Path(path)
    name = name or path.name
    fmt = sniff(path, name, limits)
    grid, index = _open(path, name, fmt, sheet, limits)
    columns = describe_columns(grid.rows[index], name)
    width = max(len(grid.rows[index]), grid.width)
    expand_merges(grid, index + 1)
    pre = square(grid, index + 1, width, grid.rows[index]) + grid.errors
    data, rows = columns_of(grid, index + 1, width)
    if len(rows) == 0:
        raise reject(name, "no audit rows found under the header; add at least one audit")
    if len(rows) > limits.max_rows:
        raise reject(name, f"the file has {len(rows)} rows, over the limit of {limits.max_rows}")
    pre = [_in_sheet(i, grid) for i in pre + cell_issues(grid, columns, data, rows)]
    info = FileInfo(
        name, _sha256(path), fmt, grid.sheet, grid.row_numbers[index], grid.encoding, grid.delimiter
    )
    out = AuditSheet(info, columns, len(rows), errors=pre, warnings=list(grid.warnings))
    check_rows(out, grid, data, rows, indicators, match_supplier, today)
    return out


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _open(path: Path, name: str, fmt: str, sheet: str | None, limits: Limits) -> tuple[Grid, int]:
    if fmt == "csv":
        grid = read_csv(path, name, limits)
        return grid, _header_or_reject(grid, limits, name)
    report = prescan(path, name, limits) if fmt != "xls" else None
    wb = open_workbook(path, name, fmt, report.parts if report else {})
    if sheet is not None and sheet not in wb.visible + wb.hidden:
        raise reject(name, f"there is no sheet named {sheet!r}")
    for candidate in [sheet] if sheet else wb.visible:
        rows = read_rows(wb, candidate, limits)
        index = find_header(rows, limits.header_scan_rows)
        if index is not None:
            return load_grid(wb, candidate, rows), index
    raise reject(name, f"could not find the header row of the audit results; {EXPECTED}")


def _header_or_reject(grid: Grid, limits: Limits, name: str) -> int:
    index = find_header(grid.rows, limits.header_scan_rows)
    if index is None:
        raise reject(name, f"could not find the header row of the audit results; {EXPECTED}")
    return index


def _in_sheet(issue: Issue, grid: Grid) -> Issue:
    if issue.sheet or grid.sheet is None:
        return issue
    return Issue(grid.sheet, issue.row, issue.column, issue.header, issue.value, issue.message)

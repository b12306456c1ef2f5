"""read_upload: the one entry point from an uploaded file to a validated supplier frame."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from supplychain.ingest.error_workbook import write_error_workbook as _write_error_workbook
from supplychain.ingest.errors import Issue, reject
from supplychain.ingest.grid import Grid
from supplychain.ingest.header import check_single_header, describe_columns
from supplychain.ingest.layout import cell_issues, scale_percent_cells
from supplychain.ingest.limits import Limits
from supplychain.ingest.mapping import ColumnInfo, header_fingerprint, validate_override
from supplychain.ingest.sniff import sniff
from supplychain.ingest.sources import open_source
from supplychain.ingest.validate import check

__all__ = ["ColumnInfo", "FileInfo", "IntakeResult", "read_upload", "write_error_workbook"]


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

    def report(self, limit: int | None = None) -> dict:
        """The ``validate --json`` dict of INTERFACES.md; with ``limit``, at most that many
        errors and warnings are listed (the summary still counts them all)."""
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
            "errors": [e.to_dict() for e in self.errors[:limit]],
            "warnings": [w.to_dict() for w in self.warnings[:limit]],
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
    grid, index, body = open_source(path, name, fmt, sheet, limits, mapping)
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

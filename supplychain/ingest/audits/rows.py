"""Checking the data rows of an audit-results file and grouping them into audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from supplychain.ingest.audits.columns import (
    BY_NAME,
    FINDING_FIELDS,
    AuditColumn,
    parse_indicators,
    parse_severity,
)
from supplychain.ingest.cells import column_index
from supplychain.ingest.convert import normalise_column
from supplychain.ingest.errors import Issue
from supplychain.ingest.grid import Grid, is_blank
from supplychain.ingest.mapping import ColumnInfo
from supplychain.ingest.normalise.core import Column, by_unique
from supplychain.ingest.pipeline import FileInfo
from supplychain.ingest.validate import Located


@dataclass(frozen=True)
class FindingRow:
    title: str
    severity: str
    indicators: tuple[int, ...]
    description: str


@dataclass(frozen=True)
class AuditRow:
    """One valid row: the audit it belongs to and, optionally, one finding."""

    row: int
    supplier: int
    audit_date: dt.date
    standard: str | None
    result: str | None
    auditor: str | None
    reference: str | None
    finding: FindingRow | None

    @property
    def audit_key(self) -> tuple[Any, ...]:
        return (self.supplier, self.audit_date, self.standard, self.reference)


@dataclass
class AuditSheet:
    """What was read: the valid rows, and every error and warning located in the sheet."""

    file: FileInfo
    columns: list[ColumnInfo]
    rows: int
    records: list[AuditRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    invalid_rows: list[int] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """The ``validate --json`` shape of INTERFACES.md (file, columns, summary, issues)."""
        return {
            "file": self.file.to_dict(),
            "columns": [c.to_dict() for c in self.columns],
            "summary": {
                "rows": self.rows,
                "valid": len(self.records),
                "invalid": len(self.invalid_rows),
                "warnings": len(self.warnings),
            },
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }


SupplierMatcher = Callable[[str | None, str | None, str | None], "int | str"]


def _normalise(
    raw: pd.Series, col: AuditColumn, date1904: bool, indicators: Mapping[str, int]
) -> Column:
    if col.kind in ("severity", "indicators"):
        raw = raw.map(lambda v: None if is_blank(v) else v)
    if col.kind == "severity":
        return by_unique(raw, parse_severity)
    if col.kind == "indicators":
        return by_unique(raw, lambda v: parse_indicators(v, indicators))
    return normalise_column(raw, col.kind, date1904, col.max_chars)


def check_rows(
    out: AuditSheet,
    grid: Grid,
    data: dict[int, pd.Series],
    rows: np.ndarray,
    indicators: Mapping[str, int],
    match_supplier: SupplierMatcher,
    today: dt.date,
) -> None:
    loc = Located(grid.sheet, rows)
    by_field = {c.field: c for c in out.columns if c.field}
    values: dict[str, np.ndarray] = {}
    for name, info in by_field.items():
        raw = data[column_index(info.column)]
        result = _normalise(raw, BY_NAME[name], grid.facts.date1904, indicators)
        values[name] = result.values
        cells = raw.to_numpy(object)
        for pos in np.flatnonzero(result.errors != None):  # noqa: E711
            out.errors.append(loc.issue(int(pos), info, cells[pos], result.errors[pos]))
        for pos in np.flatnonzero(result.warnings != None):  # noqa: E711
            out.warnings.append(loc.issue(int(pos), info, cells[pos], result.warnings[pos]))
    out.errors += _future_dates(values.get("audit_date"), loc, by_field["audit_date"], today)
    failed: dict[int, set[str | None]] = {}
    for issue in out.errors:
        failed.setdefault(issue.row or 0, set()).add(issue.column)
    for pos, number in enumerate(rows.tolist()):
        get = _getter(values, pos)
        bad_cols = {f for f, c in by_field.items() if c.column in failed.get(number, ())}
        supplier, problems = _row_problems(get, by_field, bad_cols, match_supplier)
        out.errors += [
            loc.issue(pos, col, _cell(data, col, pos), message) for col, message in problems
        ]
        if problems or number in failed:
            out.invalid_rows.append(int(number))
        else:
            out.records.append(_record(int(number), supplier, get))


def _future_dates(
    dates: np.ndarray | None, loc: Located, col: ColumnInfo, today: dt.date
) -> list[Issue]:
    """pandera, lazily: every audit date after ``today`` is an error."""
    if dates is None:
        return []
    frame = pd.DataFrame({"audit_date": pd.to_datetime(pd.Series(dates, dtype=object))})
    schema = pa.DataFrameSchema(
        {
            "audit_date": pa.Column(
                nullable=True,
                checks=pa.Check.le(pd.Timestamp(today), error="the audit date is in the future"),
            )
        }
    )
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        return [
            loc.issue(int(i), col, v, "the audit date is in the future")
            for i, v in zip(cases["index"], cases["failure_case"], strict=True)
        ]
    return []


def _cell(data: dict[int, pd.Series], col: ColumnInfo | None, pos: int) -> Any:
    """The cell as the sheet holds it, for the error report's Value column."""
    return None if col is None else data[column_index(col.column)].iat[pos]


def _getter(values: dict[str, np.ndarray], pos: int) -> Callable[[str], Any]:
    return lambda name: values[name][pos] if name in values else None


def _row_problems(
    get: Callable[[str], Any],
    by_field: dict[str, ColumnInfo],
    bad_cols: set[str],
    match_supplier: SupplierMatcher,
) -> tuple[int, list[tuple[ColumnInfo | None, str]]]:
    """The matched supplier id and the cross-column problems of one row (cells that already
    have an error are not reported twice)."""
    problems: list[tuple[ColumnInfo | None, str]] = []
    if get("audit_date") is None and "audit_date" not in bad_cols:
        problems.append((by_field["audit_date"], "a value is required in this column"))
    filled = [f for f in FINDING_FIELDS if get(f) is not None or f in bad_cols]
    missing = [f for f in FINDING_FIELDS[:3] if get(f) is None and f not in bad_cols]
    if filled and missing:
        labels = ", ".join(BY_NAME[f].label for f in missing)
        problems.append(
            (
                by_field.get(missing[0]) or by_field.get(filled[0]),
                f"a finding needs {labels} as well",
            )
        )
    if bad_cols & {"supplier_id", "supplier_name", "country"}:
        return 0, problems
    matched = match_supplier(get("supplier_id"), get("supplier_name"), get("country"))
    if isinstance(matched, str):
        col = by_field.get("supplier_id") if get("supplier_id") else by_field.get("supplier_name")
        problems.append((col or by_field.get("country"), matched))
        return 0, problems
    return matched, problems


def _record(number: int, supplier: int, get: Callable[[str], Any]) -> AuditRow:
    finding = None
    if get("finding_title") is not None:
        finding = FindingRow(
            get("finding_title"), get("severity"), get("indicators"), get("description") or ""
        )
    return AuditRow(
        number,
        supplier,
        get("audit_date").date(),
        get("standard"),
        get("result"),
        get("auditor"),
        get("reference"),
        finding,
    )


def group_audits(records: Iterable[AuditRow]) -> list[list[AuditRow]]:
    """Rows of the same supplier, date, standard and reference form one audit (file order)."""
    groups: dict[tuple[Any, ...], list[AuditRow]] = {}
    for record in records:
        groups.setdefault(record.audit_key, []).append(record)
    return list(groups.values())

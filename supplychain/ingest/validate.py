"""Turn the data rows of a Grid into the canonical frame plus one Issue per bad cell."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from supplychain.domain.fields import FIELD_NAMES
from supplychain.ingest.cells import column_index
from supplychain.ingest.convert import empty_field, intake_kind, normalise_column
from supplychain.ingest.errors import Issue
from supplychain.ingest.grid import Grid
from supplychain.ingest.mapping import ColumnInfo
from supplychain.ingest.normalise.text import as_text
from supplychain.ingest.schema import failures


@dataclass
class Checked:
    """The outcome of validating the data rows."""

    frame: pd.DataFrame
    rows: int
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    invalid_rows: list[int] = field(default_factory=list)


class Located:
    """Builds Issues for the cells of one sheet."""

    def __init__(self, sheet: str | None, row_numbers: np.ndarray) -> None:
        self.sheet, self.row_numbers = sheet, row_numbers

    def issue(self, pos: int, col: ColumnInfo | None, value: object, message: str) -> Issue:
        if isinstance(value, np.generic):
            value = value.item()
        empty = value is None or value is pd.NA or (isinstance(value, float) and value != value)
        text = None if empty else str(as_text(value, 200).value or value)
        return Issue(
            self.sheet,
            int(self.row_numbers[pos]),
            col.column if col else None,
            col.header if col else None,
            text,
            message,
        )


def check(
    grid: Grid,
    data: dict[int, pd.Series],
    rows: np.ndarray,
    columns: list[ColumnInfo],
    max_chars: int,
    pre: list[Issue],
) -> Checked:
    """Normalise every mapped column, run the pandera checks, and split valid from invalid.

    ``data`` maps column index -> raw cells of the kept rows; ``pre`` holds errors found while
    reading (formulas with no value, Excel error cells, ragged records), which win over later
    errors on the same cell.
    """
    loc = Located(grid.sheet, rows)
    out = Checked(pd.DataFrame(index=pd.RangeIndex(len(rows))), len(rows), errors=list(pre))
    bad = np.zeros(len(rows), dtype=bool)
    taken = {(e.row, e.column) for e in pre}
    for info in columns:
        index = column_index(info.column)
        if info.field is None:
            continue
        kind = intake_kind(info.field)
        raw = data[index]
        result = normalise_column(raw, kind, grid.facts.date1904, max_chars, as_typed=True)
        for pos in np.flatnonzero(result.errors != None):  # noqa: E711
            if (int(rows[pos]), info.column) in taken:
                continue
            out.errors.append(loc.issue(pos, info, raw.iat[pos], result.errors[pos]))
            bad[pos] = True
        for pos in np.flatnonzero(result.warnings != None):  # noqa: E711
            out.warnings.append(loc.issue(pos, info, raw.iat[pos], result.warnings[pos]))
        out.frame[info.field] = result.values
    _add_missing_fields(out.frame)
    _schema_errors(out, loc, columns, {(e.row, e.column) for e in out.errors})
    out.frame["row"] = pd.array(rows, dtype="int64")
    out.frame["extra"] = _extras(data, columns, len(rows))
    _duplicates(out, loc, columns)
    return _finish(out, bad, rows)


def _add_missing_fields(frame: pd.DataFrame) -> None:
    for name in FIELD_NAMES:
        if name not in frame:
            frame[name] = empty_field(name, len(frame))


def _schema_errors(out: Checked, loc: Located, columns: list[ColumnInfo], taken: set) -> None:
    by_field = {c.field: c for c in columns if c.field}
    for pos, name, message, value in failures(out.frame[list(FIELD_NAMES)]):
        col = by_field.get(name)
        if (int(loc.row_numbers[pos]), col.column if col else None) in taken:
            continue  # the cell already has an error from reading or conversion
        out.errors.append(loc.issue(pos, col, None if pd.isna(value) else value, message))


def _extras(data: dict[int, pd.Series], columns: list[ColumnInfo], length: int) -> np.ndarray:
    extra_cols = [(c.header, data[column_index(c.column)]) for c in columns if c.field is None]
    out = np.empty(length, dtype=object)
    if not extra_cols:
        out[:] = [{} for _ in range(length)]
        return out
    texts = [(h, [as_text(x, 32_767).value for x in s.to_numpy(object)]) for h, s in extra_cols]
    out[:] = [{h: t[i] for h, t in texts if t[i] is not None} for i in range(length)]
    return out


def _duplicates(out: Checked, loc: Located, columns: list[ColumnInfo]) -> None:
    """Warn about rows that repeat a supplier ID, or a name in the same country (grouped in
    order of first appearance, then by row)."""
    by_field = {c.field: c for c in columns if c.field}
    frame = out.frame
    for keys in (["supplier_id"], ["supplier_name", "country"]):
        if not all(k in by_field for k in keys):
            continue
        sub = frame[keys].dropna()
        later = sub.duplicated(keep="first").to_numpy()
        if not later.any():
            continue
        group = sub.groupby(keys, sort=False).ngroup().to_numpy()
        pos = sub.index.to_numpy()
        first = pos[np.unique(group, return_index=True)[1]]  # first position of each group
        order = np.lexsort((pos[later], group[later]))
        values = frame[keys[0]].to_numpy(dtype=object)
        same = " and ".join(keys)
        for p, g in zip(pos[later][order], group[later][order], strict=True):
            first_row = int(loc.row_numbers[first[g]])
            out.warnings.append(
                loc.issue(
                    int(p),
                    by_field[keys[0]],
                    values[p],
                    f"duplicate of row {first_row} (same {same})",
                )
            )


def _finish(out: Checked, bad: np.ndarray, rows: np.ndarray) -> Checked:
    for issue in out.errors:
        pos = np.searchsorted(rows, issue.row) if issue.row is not None else len(rows)
        if pos < len(rows) and rows[pos] == issue.row:
            bad[pos] = True
    out.invalid_rows = [int(r) for r in rows[bad]]
    out.frame = out.frame.loc[~bad].reset_index(drop=True)
    columns = [*FIELD_NAMES, "row", "extra"]
    out.frame = out.frame[columns]
    return out

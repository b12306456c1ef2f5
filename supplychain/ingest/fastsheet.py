"""The data rows of an xlsx sheet as typed columns, read with fastexcel (calamine into Arrow).

This is the fast path for the common sheet, one type per column. A column that mixes types (a
number among text, a date among numbers) would be coerced by fastexcel and lose what the cell
was, so a strict load refuses it and the caller falls back to reading the sheet cell by cell with
python-calamine (``NeedsCells``); so does any other fastexcel error, which python-calamine then
reports as a damaged workbook if it is one. Values match what python-calamine gives: text, floats,
booleans, a ``time`` for a time of day alone, a ``date`` at midnight and a ``datetime`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa

from supplychain.ingest.chunked import STR
from supplychain.ingest.limits import Limits, too_long, too_wide

# fastexcel warns on stderr for every column with no typed cell ("falling back to string"): that
# is how an empty column reads, not something to tell a person running `supplychain validate`.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


class NeedsCells(Exception):
    """The sheet cannot be read column by column; read it cell by cell instead."""


def sheet_columns(
    path: Path, name: str, sheet: str, first_row: int, limits: Limits, date1904: bool = False
) -> tuple[dict[int, pd.Series], np.ndarray]:
    """Cells of the non-blank rows from ``first_row`` (1-based) on, by column index (A = 0),
    and the rows' numbers. Raises NeedsCells when a column mixes types. ``date1904``: the
    workbook counts dates from 1904 (its day 0 is then 1904-01-01, not 1899-12-31)."""
    try:
        ws = fastexcel.read_excel(str(path)).load_sheet(
            sheet,
            header_row=None,
            skip_rows=first_row - 1,
            n_rows=limits.max_rows + 1,
            schema_sample_rows=None,
            dtype_coercion="strict",
        )
        batch = ws.to_arrow()
    except fastexcel.FastExcelError as exc:  # mixed types, or anything calamine should explain
        raise NeedsCells(str(exc)) from exc
    if ws.total_height > first_row + limits.max_rows:
        raise too_long(name, limits)
    indexes = [c.absolute_index for c in ws.available_columns()]
    if indexes and max(indexes) + 1 > limits.max_cols:
        raise too_wide(name, sheet, max(indexes) + 1, limits)
    day0 = pd.Timestamp(1904, 1, 1) if date1904 else pd.Timestamp(1899, 12, 31)
    cols = {i: _series(batch.column(k), day0) for k, i in enumerate(indexes)}
    blank = np.ones(batch.num_rows, dtype=bool)
    for series in cols.values():
        blank &= (series.isna() | series.eq("")).to_numpy(bool)
    keep = ~blank
    numbers = np.arange(first_row, first_row + batch.num_rows, dtype=np.int64)[keep]
    data = {i: s[keep].reset_index(drop=True) for i, s in cols.items()}
    return data, numbers


def _series(col: pa.Array, day0: pd.Timestamp) -> pd.Series:
    kind = col.type
    if pa.types.is_null(kind):
        col, kind = col.cast(pa.string()), pa.string()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pd.Series(pd.arrays.ArrowStringArray(col, dtype=STR))
    if pa.types.is_floating(kind):
        return pd.Series(col.to_numpy(zero_copy_only=False), dtype=np.float64)
    if pa.types.is_boolean(kind):
        return pd.Series(np.array(col.to_pylist(), dtype=object))
    if pa.types.is_timestamp(kind):
        return _dates(pd.Series(col.to_pandas()), day0)
    raise NeedsCells(f"column type {kind}")


def _dates(stamps: pd.Series, day0: pd.Timestamp) -> pd.Series:
    """Timestamps as python-calamine gives them (see ``_moment``), converted once per value and
    kept as Python objects (pandas would turn a column of datetimes into Timestamps and NaT)."""
    codes, uniques = pd.factorize(stamps)
    lookup = np.array([*(_moment(u, day0) for u in uniques), None], dtype=object)
    return pd.Series(lookup[codes], dtype=object)


def _moment(stamp: pd.Timestamp, day0: pd.Timestamp) -> dt.date | dt.time:
    """A ``time`` for a serial under 1 (a time of day alone, on the workbook's day 0), a ``date``
    at midnight, else a ``datetime``."""
    if stamp.normalize() == day0:
        return stamp.time()
    return stamp.date() if stamp == stamp.normalize() else stamp.to_pydatetime()

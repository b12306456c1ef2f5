"""Text records to per-column string Series, built in chunks so that memory stays bounded.

A million records held as Python lists cost about 800 MB; the same cells as Arrow string arrays
cost about a sixth of that, so records are gathered only ``CHUNK_RECORDS`` at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa

from supplychain.ingest.errors import Issue
from supplychain.ingest.layout import fit

CHUNK_RECORDS: Final = 100_000
STR: Final = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default string dtype


def text_columns(
    records: Iterable[tuple[int, list[str]]], width: int, chunk: int = CHUNK_RECORDS
) -> tuple[dict[int, pd.Series], np.ndarray, list[Issue]]:
    """Cells of the non-blank records by column index, their record numbers, and the records
    whose filled cells do not fit ``width`` (as in ``layout.square``)."""
    chunks: list[list[pa.Array]] = [[] for _ in range(width)]
    numbers = array("q")
    issues: list[Issue] = []
    batch: list[list[str]] = []
    for number, record in records:
        if len(record) != width:
            record, message = fit(record, width)
            if message:
                issues.append(Issue(None, number, None, None, None, message))
        if not any(record):
            continue  # a blank record is skipped; the numbers of the others are kept
        batch.append(record)
        numbers.append(number)
        if len(batch) == chunk:
            _flush(batch, chunks)
            batch = []
    _flush(batch, chunks)
    data = {
        i: pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(c, pa.string()), dtype=STR))
        for i, c in enumerate(chunks)
    }
    return data, np.frombuffer(numbers, dtype=np.int64).copy(), issues


def _flush(batch: list[list[str]], chunks: list[list[pa.Array]]) -> None:
    if not batch:
        return
    for index, cells in enumerate(zip(*batch, strict=True)):
        chunks[index].append(pa.array(cells, type=pa.string()))

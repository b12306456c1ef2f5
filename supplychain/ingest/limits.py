"""Size caps applied to every upload before and while it is read."""

from __future__ import annotations

from dataclasses import dataclass

from supplychain.ingest.errors import FileRejected, reject

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on an upload. Defaults let a ~100k-row supplier workbook through."""

    max_bytes: int = 10 * MB
    max_uncompressed: int = 200 * MB
    max_ratio: float = 100.0
    max_entries: int = 1000
    max_rows: int = 200_000
    max_cols: int = 200
    max_cell_chars: int = 32_767
    header_scan_rows: int = 30


def too_wide(name: str, sheet: str | None, width: int, limits: Limits) -> FileRejected:
    where = f"sheet {sheet!r}" if sheet else "the file"
    return reject(
        name,
        f"{where} has {width} columns, over the limit of {limits.max_cols}; remove unused columns",
    )


def too_long(name: str, limits: Limits) -> FileRejected:
    return reject(name, f"the file has more than {limits.max_rows} rows; split it")

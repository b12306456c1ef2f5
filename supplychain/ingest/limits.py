"""Size caps applied to every upload before and while it is read."""

from __future__ import annotations

from dataclasses import dataclass

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

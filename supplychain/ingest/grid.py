"""The sheet as read: raw cell values by spreadsheet row, before any mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supplychain.ingest.errors import Issue
from supplychain.ingest.sheetxml import SheetFacts


@dataclass
class Grid:
    """Rows of raw values. ``rows[i]`` is spreadsheet row ``row_numbers[i]``; column 0 is A."""

    sheet: str | None
    rows: list[list[Any]]
    row_numbers: list[int]
    encoding: str | None = None
    delimiter: str | None = None
    facts: SheetFacts = field(default_factory=SheetFacts)
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def is_blank(value: Any) -> bool:
    """True for a cell with nothing in it (None, '' or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


def blank_row(row: list[Any]) -> bool:
    return all(is_blank(v) for v in row)

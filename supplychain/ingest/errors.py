"""Errors and issues raised or collected while reading a supplier upload."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class FileRejected(Exception):
    """The whole upload is refused; ``reason`` is one sentence a person can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class HeaderNotFound(FileRejected):
    """No row names the required columns. ``columns`` holds the first filled row's cells as
    (header, column letter) and ``examples`` a few values under each, so a person can say by
    hand which column is which; ``sheet`` is where that row is (None for CSV)."""

    def __init__(
        self,
        reason: str,
        sheet: str | None = None,
        columns: list[tuple[str, str]] | None = None,
        examples: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(reason)
        self.sheet, self.columns, self.examples = sheet, columns or [], examples or {}


@dataclass(frozen=True, slots=True)
class Issue:
    """One error or warning, located as a person sees it in the spreadsheet."""

    sheet: str | None
    row: int | None
    column: str | None
    header: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


def reject(name: str, problem: str) -> FileRejected:
    """Build a FileRejected whose reason starts with the file name."""
    return FileRejected(f"{name}: {problem}")

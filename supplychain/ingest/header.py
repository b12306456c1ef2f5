"""Find the header row (under any title block) and describe the columns it names."""

from __future__ import annotations

from supplychain.domain.fields import FIELDS_BY_NAME, REQUIRED_FIELDS
from supplychain.ingest.cells import column_letter
from supplychain.ingest.errors import HeaderNotFound, reject
from supplychain.ingest.grid import Grid, blank_row, is_blank
from supplychain.ingest.mapping import ColumnInfo, field_for, normalise_header
from supplychain.ingest.normalise.text import as_text

MIN_RECOGNISED = 2
EXAMPLE_ROWS = 3
EXAMPLE_CHARS = 200
SHOWN_HEADERS = 6


def recognised(row: list, override: dict[str, str] | None) -> int:
    """How many cells of ``row`` name a known field."""
    return sum(1 for v in row if isinstance(v, str) and field_for(v, override))


def find_header(grid: Grid, scan_rows: int, override: dict[str, str] | None) -> int | None:
    """Index in ``grid.rows`` of the first row naming at least two fields, or None."""
    for index, row in enumerate(grid.rows[:scan_rows]):
        if recognised(row, override) >= MIN_RECOGNISED:
            return index
    return None


def header_not_found(name: str, where: str, grid: Grid, scan_rows: int) -> HeaderNotFound:
    """The rejection of a sheet whose header is not recognised, carrying its first row with
    two or more filled cells as the header a person can map by hand."""
    reason = (
        f"{name}: could not find the header row in the first {scan_rows} rows{where}; "
        f"{expected_columns()}"
    )
    rows = grid.rows[:scan_rows]
    first = next((i for i, row in enumerate(rows) if _filled(row) >= MIN_RECOGNISED), None)
    if first is None:
        return HeaderNotFound(reason)
    cells = [(i, _text(v)) for i, v in enumerate(rows[first]) if not is_blank(v)]
    reason += _what_to_do(grid, grid.row_numbers[first], [text for _, text in cells])
    below = [row for row in grid.rows[first + 1 :] if not blank_row(row)][:EXAMPLE_ROWS]
    examples = {
        text: [_text(row[i]) for row in below if i < len(row) and not is_blank(row[i])]
        for i, text in cells
    }
    columns = [(text, column_letter(i)) for i, text in cells]
    return HeaderNotFound(reason, grid.sheet, columns, examples)


def _what_to_do(grid: Grid, row: int, texts: list[str]) -> str:
    """What the row a person may have meant as the header holds, and how to make it usable."""
    named = ", ".join(repr(text[:40]) for text in texts[:SHOWN_HEADERS])
    more = f" and {len(texts) - SHOWN_HEADERS} more" if len(texts) > SHOWN_HEADERS else ""
    hint = (
        f"; row {row} holds {named}{more}: rename the supplier name and country columns, "
        "or map the columns by hand when uploading in the browser"
    )
    if grid.encoding == "cp1252":
        hint += (
            " (the file was read as Windows-1252; if that text looks wrong, save it as 'CSV UTF-8')"
        )
    return hint


def _text(value: object) -> str:
    return (as_text(value, 32_767).value or "")[:EXAMPLE_CHARS]


def _filled(row: list) -> int:
    return sum(1 for v in row if not is_blank(v))


def expected_columns() -> str:
    required = ", ".join(FIELDS_BY_NAME[f].label for f in REQUIRED_FIELDS)
    return f"required columns: {required}"


def check_single_header(grid: Grid, index: int, name: str, override: dict | None) -> None:
    """Reject a second header row directly under the first (two-level headers)."""
    for nxt in range(index + 1, min(index + 3, len(grid.rows))):
        row = grid.rows[nxt]
        if blank_row(row):
            continue
        filled = sum(1 for v in row if not is_blank(v))
        hits = recognised(row, override)
        if hits >= MIN_RECOGNISED and hits * 2 >= filled:
            raise reject(
                name,
                f"the sheet has two header rows ({grid.row_numbers[index]} and "
                f"{grid.row_numbers[nxt]}); the template expects one header row",
            )
        return


def describe_columns(header: list, name: str, override: dict | None) -> list[ColumnInfo]:
    """ColumnInfo per non-empty header; duplicate headers or fields reject the file."""
    columns: list[ColumnInfo] = []
    seen_header: dict[str, ColumnInfo] = {}
    seen_field: dict[str, ColumnInfo] = {}
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        text = str(value).strip()
        info = ColumnInfo(text, column_letter(index), field_for(text, override))
        key = normalise_header(text)
        for seen, what in (
            (seen_header.get(key), "the same header"),
            (seen_field.get(info.field or ""), f"the field {info.field}"),
        ):
            if seen is not None:
                raise reject(
                    name,
                    f"columns {seen.column} ({seen.header!r}) and {info.column} "
                    f"({text!r}) both hold {what}; rename or remove one of them",
                )
        seen_header[key] = info
        if info.field:
            seen_field[info.field] = info
        columns.append(info)
    missing = [f for f in REQUIRED_FIELDS if f not in seen_field]
    if missing:
        labels = ", ".join(FIELDS_BY_NAME[f].label for f in missing)
        raise reject(name, f"the required column {labels} is missing; {expected_columns()}")
    return columns

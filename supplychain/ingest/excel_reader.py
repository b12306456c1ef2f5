"""Read workbooks (xlsx, xlsm, xls, ods) with python-calamine, after the safety checks."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import python_calamine as pc

from supplychain.ingest.cells import column_letter
from supplychain.ingest.errors import FileRejected, Issue, reject
from supplychain.ingest.grid import Grid
from supplychain.ingest.headrows import head_rows
from supplychain.ingest.limits import Limits, too_long, too_wide
from supplychain.ingest.sheetxml import SheetFacts, read_facts, sheet_part
from supplychain.ingest.sniff import PASSWORD
from supplychain.ingest.zipscan import PartFacts

SHOWN_SPANS: Final = 10


@dataclass
class Workbook:
    """An open workbook: its visible and hidden sheet names and the calamine handle."""

    name: str
    path: Path
    fmt: str
    book: Any
    visible: list[str]
    hidden: list[str]
    parts: dict[str, PartFacts]
    merges: dict[str, list] = field(default_factory=dict)

    def part_of(self, sheet: str) -> str | None:
        """The zip path of an xlsx sheet (None when it cannot be resolved)."""
        with zipfile.ZipFile(self.path) as zf:
            return sheet_part(zf, sheet)


def _fail(name: str, exc: Exception) -> FileRejected:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return reject(name, PASSWORD)
    return reject(
        name,
        "the workbook is damaged or could not be read; open it in Excel, "
        "save it as .xlsx and upload it again",
    )


def _malformed(name: str) -> FileRejected:
    return reject(name, "the file contains unsafe or malformed XML; save it again from Excel")


def open_workbook(path: Path, name: str, fmt: str, parts: dict[str, PartFacts]) -> Workbook:
    """Open ``path`` with calamine; library errors become one clear FileRejected."""
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
        meta = [m for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    except Exception as exc:  # calamine raises several private error types
        raise _fail(name, exc) from exc
    visible = [m.name for m in meta if str(m.visible).endswith(".Visible")]
    hidden = [m.name for m in meta if m.name not in visible]
    return Workbook(name, path, fmt, book, visible, hidden, parts)


def read_rows(wb: Workbook, sheet: str, limits: Limits) -> list[list]:
    """Rows of ``sheet`` from A1, at most the row cap plus the header scan plus one."""
    cap = limits.max_rows + limits.header_scan_rows + 1
    try:
        ws = wb.book.get_sheet_by_name(sheet)
        wb.merges[sheet] = list(ws.merged_cell_ranges or [])
        if ws.width > limits.max_cols:
            raise too_wide(wb.name, sheet, ws.width, limits)
        if ws.end and ws.end[0] + 1 > cap:
            raise too_long(wb.name, limits)
        return ws.to_python(skip_empty_area=False, nrows=cap)
    except FileRejected:
        raise
    except Exception as exc:
        raise _fail(wb.name, exc) from exc


def head(wb: Workbook, sheet: str, limits: Limits) -> tuple[list[list], bool]:
    """The rows to look for the header in, and whether they are the whole sheet.

    An xlsx sheet without merged cells gets only its first rows, read from the XML; the data rows
    are then read by column (``fastsheet``). Other sheets are read whole, cell by cell.
    """
    if wb.fmt in {"xlsx", "xlsm"}:
        try:
            part = wb.part_of(sheet)
            if part in wb.parts and not wb.parts[part].merges:
                return head_rows(wb.path, part, limits.header_scan_rows + 2), False
        except Exception as exc:  # defusedxml refusal or malformed XML
            raise _malformed(wb.name) from exc
    return read_rows(wb, sheet, limits), True


def _spans(kind: str, spans: list[tuple[int, int]], name: Callable[[int], str], sep: str) -> str:
    """'row 8 is', 'rows 3-5, 8 are', 'columns C, E:F are'; at most SHOWN_SPANS spans listed."""
    shown = [name(a) if a == b else f"{name(a)}{sep}{name(b)}" for a, b in spans[:SHOWN_SPANS]]
    more = f" and {len(spans) - SHOWN_SPANS} more" if len(spans) > SHOWN_SPANS else ""
    one = len(spans) == 1 and spans[0][0] == spans[0][1]
    return f"{kind} {shown[0]} is" if one else f"{kind}s {', '.join(shown)}{more} are"


def _runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (inclusive) joined where they touch or overlap: (3,3), (4,5), (8,8) -> (3,5), (8,8)."""
    runs: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if runs and low <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], high))
        else:
            runs.append((low, high))
    return runs


def _letter(number: int) -> str:
    return column_letter(number - 1)  # the XML counts columns from 1


def hidden_warnings(sheet: str, facts: SheetFacts) -> list[Issue]:
    """Hidden rows and columns are data like any other; say that they were read."""
    found = []
    if facts.hidden_rows:
        found.append(_spans("row", _runs([(r, r) for r in facts.hidden_rows]), str, "-"))
    if facts.hidden_cols:
        found.append(_spans("column", _runs(facts.hidden_cols), _letter, ":"))
    return [
        Issue(sheet, None, None, None, None, f"{what} hidden in Excel; read as data like the rest")
        for what in found
    ]


def load_grid(wb: Workbook, sheet: str, rows: list[list]) -> Grid:
    """The sheet's rows as a Grid, with xlsx facts (epoch, formulas, percent, errors, merges)."""
    facts = SheetFacts()
    if wb.fmt in {"xlsx", "xlsm"}:
        try:
            facts = read_facts(wb.path, sheet, wb.parts)
        except Exception as exc:  # defusedxml refusal or malformed XML
            raise _malformed(wb.name) from exc
    grid = Grid(sheet, rows, list(range(1, len(rows) + 1)), facts=facts)
    grid.merges = wb.merges.get(sheet, [])
    grid.warnings.extend(hidden_warnings(sheet, facts))
    for hidden in wb.hidden:
        grid.warnings.append(
            Issue(hidden, None, None, None, None, f"hidden sheet {hidden!r} was ignored")
        )
    return grid

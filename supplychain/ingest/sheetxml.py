"""Facts about an xlsx that calamine does not report, read from the XML with defusedxml.

- the date system (``date1904`` in workbook.xml);
- which XML part holds a named sheet;
- formula cells with no saved value (calamine silently drops them);
- cells styled as a percentage (calamine returns 0.45 for 45%);
- hidden rows and columns (still data, but a person may not know they are there).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from defusedxml import ElementTree as SafeET

from supplychain.ingest.cells import parse_ref
from supplychain.ingest.zipscan import PartFacts

_MAIN_NS: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_PERCENT: Final = frozenset({9, 10})
_QUOTED: Final = re.compile(r'"[^"]*"|\\.')
_HIDDEN_LINE: Final = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_HIDDEN_ATTR: Final = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER: Final = re.compile(rb'\br="(\d+)"')
_COL_MIN: Final = re.compile(rb'\bmin="(\d+)"')
_COL_MAX: Final = re.compile(rb'\bmax="(\d+)"')


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(zf: zipfile.ZipFile, part: str):
    with zf.open(part) as fh:
        return SafeET.parse(fh).getroot()


def is_date1904(zf: zipfile.ZipFile) -> bool:
    """True when the workbook uses the 1904 date system."""
    root = _parse(zf, "xl/workbook.xml")
    for el in root.iter():
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "").lower() in {"1", "true"}
    return False


def _rel_path(target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path)


def sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of the worksheet named ``sheet`` (None when it cannot be resolved)."""
    root = _parse(zf, "xl/workbook.xml")
    rid = next(
        (
            el.get(f"{_REL_NS}id")
            for el in root.iter()
            if _local(el.tag) == "sheet" and el.get("name") == sheet
        ),
        None,
    )
    rels = _parse(zf, "xl/_rels/workbook.xml.rels")
    target = next((el.get("Target") for el in rels.iter() if el.get("Id") == rid), None)
    return _rel_path(target) if target else None


def shared_strings_part(zf: zipfile.ZipFile) -> str | None:
    """The zip path of the shared-string table, if the workbook has one."""
    rels = _parse(zf, "xl/_rels/workbook.xml.rels")
    target = next(
        (el.get("Target") for el in rels.iter() if el.get("Type", "").endswith("/sharedStrings")),
        None,
    )
    return _rel_path(target) if target else None


def uncached_formulas(fh: IO[bytes]) -> list[tuple[int, int]]:
    """(row as shown, column index) of formula cells that have no saved value."""
    found: list[tuple[int, int]] = []
    for _event, el in SafeET.iterparse(fh, events=("end",)):
        if _local(el.tag) != "c":
            continue
        kids = {_local(k.tag): k for k in el}
        has_value = kids.get("v") is not None and (kids["v"].text or "").strip()
        if "f" in kids and not has_value and "is" not in kids:
            found.append(parse_ref(el.get("r", "A1")))
        el.clear()
    return found


def percent_styles(zf: zipfile.ZipFile) -> set[str]:
    """Indices (as strings) of cell formats that display a percentage."""
    if "xl/styles.xml" not in zf.namelist():
        return set()
    root = _parse(zf, "xl/styles.xml")
    custom: set[int] = set()
    for el in root.iter(f"{_MAIN_NS}numFmt"):
        if "%" in _QUOTED.sub("", el.get("formatCode", "")):
            custom.add(int(el.get("numFmtId", "0")))
    percent = _BUILTIN_PERCENT | custom
    xfs = next(root.iter(f"{_MAIN_NS}cellXfs"), None)
    if xfs is None:
        return set()
    return {str(i) for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in percent}


def percent_cells(data: bytes, styles: set[str]) -> set[tuple[int, int]]:
    """Cells of the sheet XML ``data`` whose style is one of ``styles``."""
    if not styles:
        return set()
    alternation = "|".join(sorted(styles))
    pattern = re.compile(rf'<(?:\w+:)?c\b[^>]*?\bs="(?:{alternation})"[^>]*>'.encode())
    ref = re.compile(rb'\br="([A-Z]+\d+)"')
    cells = set()
    for match in pattern.finditer(data):
        found = ref.search(match.group(0))
        if found:
            cells.add(parse_ref(found.group(1).decode()))
    return cells


def error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """Cells typed as Excel errors (``t="e"``) with their error text, e.g. ``#REF!``."""
    pattern = re.compile(rb'<(?:\w+:)?c\b([^>]*\bt="e"[^>]*)>.*?<(?:\w+:)?v>([^<]*)<', re.S)
    ref = re.compile(rb'\br="([A-Z]+\d+)"')
    cells = {}
    for match in pattern.finditer(data):
        found = ref.search(match.group(1))
        if found:
            cells[parse_ref(found.group(1).decode())] = match.group(2).decode(errors="replace")
    return cells


def hidden_lines(data: bytes) -> tuple[list[int], list[tuple[int, int]]]:
    """Rows (as shown) and column spans (1-based, inclusive) marked hidden in the sheet XML."""
    rows, cols = [], []
    for match in _HIDDEN_LINE.finditer(data):
        tag, attrs = match.group(1), match.group(2)
        if not _HIDDEN_ATTR.search(attrs):
            continue
        if tag == b"row" and (number := _ROW_NUMBER.search(attrs)):
            rows.append(int(number.group(1)))
        elif tag == b"col" and (low := _COL_MIN.search(attrs)) and (high := _COL_MAX.search(attrs)):
            cols.append((int(low.group(1)), int(high.group(1))))
    return rows, cols


@dataclass
class SheetFacts:
    """What the XML says about one worksheet beyond its values."""

    date1904: bool = False
    uncached: list[tuple[int, int]] = field(default_factory=list)
    percent: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)


def read_facts(path: Path, sheet: str, parts: dict[str, PartFacts]) -> SheetFacts:
    """Facts for ``sheet`` of the xlsx at ``path``; ``parts`` is the pre-scan's byte scan."""
    with zipfile.ZipFile(path) as zf:
        facts = SheetFacts(date1904=is_date1904(zf))
        part = sheet_part(zf, sheet)
        if part is None or part not in parts:
            return facts
        if parts[part].formulas:
            with zf.open(part) as fh:
                facts.uncached = uncached_formulas(fh)
        styles = percent_styles(zf)
        if styles or parts[part].errors or parts[part].hidden:
            data = zf.read(part)
            facts.percent = percent_cells(data, styles)
            facts.errors = error_cells(data) if parts[part].errors else {}
            if parts[part].hidden:
                facts.hidden_rows, facts.hidden_cols = hidden_lines(data)
        return facts

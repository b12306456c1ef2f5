"""The first rows of an xlsx worksheet, read straight from its XML.

Finding the header needs only the first few rows, but calamine parses a whole sheet before it
returns any; this reads the worksheet XML as a stream, stops after ``count`` rows, and looks up
only the shared strings those rows use.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from supplychain.ingest.cells import parse_ref
from supplychain.ingest.sheetxml import shared_strings_part

Cell = tuple[str, str]  # (cell type attribute, raw text)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rich_text(el: Any) -> str:
    """Text of a shared or inline string: its ``t`` and its runs' ``t``, not phonetic hints."""
    parts = []
    for kid in el:
        name = _local(kid.tag)
        if name == "t":
            parts.append(kid.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in kid if _local(t.tag) == "t")
    return "".join(parts)


def _cell(el: Any) -> Cell:
    kind = el.get("t", "n")
    for kid in el:
        name = _local(kid.tag)
        if name == "is":
            return kind, _rich_text(kid)
        if name == "v":
            return kind, kid.text or ""
    return kind, ""


def _cells(zf: zipfile.ZipFile, part: str, count: int) -> dict[tuple[int, int], Cell]:
    """(row index, column index) -> cell of the first ``count`` rows (0-based positions)."""
    cells: dict[tuple[int, int], Cell] = {}
    row, col = 0, -1
    with zf.open(part) as fh:
        for event, el in SafeET.iterparse(fh, events=("start", "end")):
            name = _local(el.tag)
            if event == "start":
                if name == "row":
                    row = int(el.get("r") or row + 1)
                    if row > count:
                        break
                    col = -1
                continue
            if name == "c":
                ref = el.get("r")
                col = parse_ref(ref)[1] if ref else col + 1
                cells[(row - 1, col)] = _cell(el)
            elif name == "row":
                el.clear()
    return cells


def _shared(zf: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings at the ``wanted`` indices, reading the table only as far as needed."""
    part = shared_strings_part(zf) if wanted else None
    if part is None or part not in zf.namelist():
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    with zf.open(part) as fh:
        index = 0
        for _event, el in SafeET.iterparse(fh, events=("end",)):
            if _local(el.tag) != "si":
                continue
            if index in wanted:
                found[index] = _rich_text(el)
            el.clear()
            index += 1
            if index > last:
                break
    return found


def _value(cell: Cell, strings: dict[int, str]) -> Any:
    """The cell as calamine gives it for a header: text, a number or a boolean."""
    kind, text = cell
    if kind == "s":
        return strings.get(int(text), "") if text.isdigit() else ""
    if kind == "b":
        return text == "1"
    if kind in ("n", "") and text:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def head_rows(path: Path, part: str, count: int) -> list[list[Any]]:
    """The first ``count`` rows of the worksheet ``part`` from A1, '' for an empty cell."""
    with zipfile.ZipFile(path) as zf:
        cells = _cells(zf, part, count)
        wanted = {int(t) for k, t in cells.values() if k == "s" and t.isdigit()}
        strings = _shared(zf, wanted)
    if not cells:
        return []
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    rows: list[list[Any]] = [[""] * width for _ in range(height)]
    for (r, c), cell in cells.items():
        rows[r][c] = _value(cell, strings)
    return rows

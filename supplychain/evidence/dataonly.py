"""Macro-bearing uploads: detect them, and re-generate a data-only xlsx of their cell values.

A pack never carries a workbook with macros (RELIABILITY #15): the values of every worksheet are
read with calamine, after the same zip pre-scan as intake, and written to a new workbook with
generated sheet names and an index of the original names.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

import olefile
import python_calamine as pc
import xlsxwriter

from supplychain.domain.safe_cell import safe_cell
from supplychain.evidence.workbook import date_formats, utc_naive, write_cell
from supplychain.ingest.limits import Limits
from supplychain.ingest.zipscan import prescan

OLE_MACRO_STORAGES = ("_VBA_PROJECT_CUR", "Macros", "_VBA_PROJECT")


class CannotRegenerate(Exception):
    """The workbook's data cannot be read safely; the message says why."""


@dataclass(frozen=True)
class Regenerated:
    sheets: int
    rows: int


def has_macros(path: Path) -> bool:
    """True for a zip workbook with a VBA project part or an OLE workbook with VBA storage."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
        if olefile.isOleFile(str(path)):
            with olefile.OleFileIO(str(path)) as ole:
                return any(ole.exists(name) for name in OLE_MACRO_STORAGES)
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return False


def regenerate(source: Path, out: Path, created: datetime, limits: Limits) -> Regenerated:
    """Write the cell values of every worksheet of ``source`` to ``out`` (a new xlsx)."""
    if zipfile.is_zipfile(source):
        try:
            prescan(source, "upload", limits)
        except Exception as exc:  # FileRejected and anything the scan trips on
            raise CannotRegenerate(str(getattr(exc, "reason", exc))) from exc
    try:
        book = pc.CalamineWorkbook.from_path(str(source))
        names = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    except Exception as exc:  # calamine raises several private error types
        raise CannotRegenerate("the workbook could not be read") from exc
    return _write(book, names, out, created, limits)


def _write(
    book: pc.CalamineWorkbook, names: list[str], out: Path, created: datetime, limits: Limits
) -> Regenerated:
    wb = xlsxwriter.Workbook(
        str(out), {"constant_memory": True, "strings_to_formulas": False, "tmpdir": str(out.parent)}
    )
    wb.set_properties(
        {"title": "Data-only copy", "author": "supplychain", "created": utc_naive(created)}
    )
    formats, bold = date_formats(wb), wb.add_format({"bold": True})
    index = wb.add_worksheet("Index")
    index.write_string(0, 0, "Sheet in this copy", bold)
    index.write_string(0, 1, "Sheet name in the uploaded workbook", bold)
    rows = 0
    try:
        for number, name in enumerate(names, start=1):
            index.write_string(number, 0, f"Sheet{number}")
            index.write_string(number, 1, safe_cell(name))
            rows += _copy_sheet(book, name, wb.add_worksheet(f"Sheet{number}"), formats, limits)
    except CannotRegenerate:
        wb.close()
        raise
    except Exception as exc:
        wb.close()
        raise CannotRegenerate("a worksheet could not be read") from exc
    wb.close()
    return Regenerated(len(names), rows)


def _copy_sheet(
    book: pc.CalamineWorkbook, name: str, ws: object, formats: tuple, limits: Limits
) -> int:
    sheet = book.get_sheet_by_name(name)
    if sheet.width > limits.max_cols:
        raise CannotRegenerate(f"a worksheet has {sheet.width} columns (limit {limits.max_cols})")
    cap = limits.max_rows + limits.header_scan_rows
    rows = sheet.to_python(skip_empty_area=False, nrows=cap + 1)
    if len(rows) > cap:
        raise CannotRegenerate(f"a worksheet has more than {limits.max_rows} rows")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                write_cell(ws, r, c, _plain(value), formats)
    return len(rows)


def _plain(value: object) -> object:
    if isinstance(value, (time, timedelta)):
        return str(value)
    return value

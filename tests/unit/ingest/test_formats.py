"""Workbook formats and cell formats: encrypted containers, .ods, the 1904 date system, percent."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from supplychain.ingest.errors import FileRejected
from supplychain.ingest.pipeline import read_upload
from tests.unit.ingest.ole import compound_file

HEADER = ["Supplier name", "Country", "Audit date", "Migrant workers %"]


def rejected(path: Path) -> str:
    with pytest.raises(FileRejected) as info:
        read_upload(path)
    return info.value.reason


def test_b14_encrypted_ooxml_is_refused_as_password_protected(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER[:2])
    wb.active.append(["Acme", "Viet Nam"])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    path = tmp_path / "locked.xlsx"
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    reason = rejected(path)
    assert "password-protected" in reason and reason.startswith("locked.xlsx: ")


def _biff_record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def test_b14_encrypted_legacy_xls_is_refused_as_password_protected(tmp_path):
    bof = _biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    filepass = _biff_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x00" * 48)
    workbook = (bof + filepass).ljust(4096, b"\x00")
    path = tmp_path / "locked.xls"
    path.write_bytes(compound_file({"Workbook": workbook}))
    assert "password-protected" in rejected(path)


def test_b14_office_container_without_a_workbook(tmp_path):
    path = tmp_path / "letter.xls"
    path.write_bytes(compound_file({"WordDocument": b"\x00" * 4096}))
    assert "not an Excel workbook" in rejected(path)


def test_b16_ods_is_read(tmp_path):
    path = tmp_path / "suppliers.ods"
    frame = pd.DataFrame(
        {
            "Supplier name": ["Acme", "Beta"],
            "Country": ["Viet Nam", "Ivory Coast"],
            "Workers": [120, 35],
            "Audit date": ["2024-03-05", "2023-11-30"],
        }
    )
    frame.to_excel(path, engine="odf", index=False, sheet_name="Suppliers")
    result = read_upload(path)
    assert (result.file.format, result.file.sheet, result.file.header_row) == (
        "ods",
        "Suppliers",
        1,
    )
    assert result.errors == []
    assert list(result.frame["country"]) == ["VN", "CI"]
    assert list(result.frame["workers"]) == [120, 35]
    assert [d.date() for d in result.frame["audit_date"]] == [
        dt.date(2024, 3, 5),
        dt.date(2023, 11, 30),
    ]


def _workbook_1904(path: Path, rows: list[list]) -> Path:
    with xlsxwriter.Workbook(str(path), {"date_1904": True}) as wb:
        ws = wb.add_worksheet("Suppliers")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write_row(0, 0, HEADER[:3])
        for r, (name, country, when) in enumerate(rows, start=1):
            ws.write_string(r, 0, name)
            ws.write_string(r, 1, country)
            if isinstance(when, dt.datetime):
                ws.write_datetime(r, 2, when, date)
            else:
                ws.write_number(r, 2, when)  # a plain serial number, no date format
    with zipfile.ZipFile(path) as zf:
        assert b'date1904="1"' in zf.read("xl/workbook.xml")
    return path


@pytest.mark.parametrize(
    "dates",
    [
        [dt.datetime(2023, 5, 17), 43000, dt.datetime(1999, 12, 31)],  # mixed: read cell by cell
        [dt.datetime(2023, 5, 17), dt.datetime(1999, 12, 31)],  # date cells only: by column
        [43000, 1],  # serial numbers only: by column
    ],
)
def test_d33_date_system_1904(tmp_path, dates):
    rows = [[f"S{i}", "Viet Nam", d] for i, d in enumerate(dates)]
    result = read_upload(_workbook_1904(tmp_path / "mac.xlsx", rows))
    assert result.errors == []
    expected = [
        d.date() if isinstance(d, dt.datetime) else dt.date(1904, 1, 1) + dt.timedelta(days=d)
        for d in dates
    ]
    assert [d.date() for d in result.frame["audit_date"]] == expected


@pytest.mark.parametrize("mixed", [False, True])
def test_d38_percent_formatted_cells(tmp_path, mixed):
    path = tmp_path / "pct.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet()
        percent = wb.add_format({"num_format": "0%"})
        custom = wb.add_format({"num_format": '0.0"%"'})  # '%' in quotes: literal, not a percent
        ws.write_row(0, 0, ["Supplier name", "Country", "Migrant workers %"])
        cells = [(0.45, percent), (0.075, wb.add_format({"num_format": "0.00%"})), (45, None)]
        cells.append(("12%", None) if mixed else (12, custom))
        for r, (value, fmt) in enumerate(cells, start=1):
            ws.write_row(r, 0, [f"S{r}", "DE"])
            ws.write(r, 2, value, fmt)
    result = read_upload(path)
    assert result.errors == []
    assert list(result.frame["migrant_workers_pct"]) == pytest.approx([45.0, 7.5, 45.0, 12.0])

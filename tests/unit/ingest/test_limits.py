"""Caps on size: a zip directory that lies, and the row, column and cell-length limits."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from supplychain.ingest.errors import FileRejected
from supplychain.ingest.limits import Limits
from supplychain.ingest.pipeline import read_upload

HEADER = ["Supplier name", "Country", "Supplier ID", "Workers"]
SHEET = "xl/worksheets/sheet1.xml"


def rejected(path: Path, **kw) -> str:
    with pytest.raises(FileRejected) as info:
        read_upload(path, **kw)
    return info.value.reason


def _declare(path: Path, part: str, size: int, crc: int) -> None:
    """Rewrite the sizes and CRC that the local header and central directory give for ``part``."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(part).header_offset
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, size)
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        (length,) = struct.unpack_from("<H", data, pos + 28)
        if data[pos + 46 : pos + 46 + length] == part.encode():
            struct.pack_into("<I", data, pos + 16, crc)
            struct.pack_into("<I", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("size", "forge_crc", "expected"),
    [
        (1000, False, "more or less data than the archive declares"),  # understated
        (None, False, "more or less data than the archive declares"),  # overstated by 1 KB
        # understated, with the CRC of the first 1000 bytes: the whole stream fails that CRC
        (1000, True, "damaged or incomplete"),
    ],
)
def test_b11_directory_that_lies_about_a_size(xlsx, size, forge_crc, expected):
    path = xlsx([HEADER, *([f"Supplier {i}", "Viet Nam", str(i), i] for i in range(300))])
    with zipfile.ZipFile(path) as zf:
        real = zf.read(SHEET)
    declared = len(real) + 1024 if size is None else size
    crc = zlib.crc32(real[:declared]) if forge_crc else zlib.crc32(real)
    _declare(path, SHEET, declared, crc)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(SHEET).file_size == declared
    assert expected in rejected(path)


def _rows(count: int, mixed: bool) -> list[list]:
    """Data rows; ``mixed`` puts text among the numbers of Workers (read cell by cell)."""
    return [[f"S{i}", "DE", str(i), "n/a" if mixed and i == 0 else i] for i in range(count)]


@pytest.mark.parametrize("mixed", [False, True])
def test_c10_row_cap_counts_rows_past_a_gap(xlsx, mixed):
    limits = Limits(max_rows=5, header_scan_rows=2)
    ok = xlsx([HEADER, *_rows(5, mixed)])
    assert read_upload(ok, limits=limits).rows == 5
    # five rows, a gap of blank rows, and a sixth row far below: not silently dropped
    gap = xlsx([HEADER, *_rows(5, mixed), *[[None] * 4] * 10, ["S9", "DE", "9", 9]], name="g.xlsx")
    assert "more than 5 rows" in rejected(gap, limits=limits)
    six = xlsx([HEADER, *_rows(6, mixed)], name="six.xlsx")
    reason = rejected(six, limits=limits)
    assert "more than 5 rows" in reason or "over the limit of 5" in reason


def test_c10_row_cap_csv(text_file):
    body = "".join(f"S{i},DE\n" for i in range(6)).encode()
    limits = Limits(max_rows=5)
    assert "over the limit of 5" in rejected(text_file(b"name,country\n" + body), limits=limits)
    long = b"name,country\n" + b"".join(f"S{i},DE\n".encode() for i in range(50))
    assert "more than 5 rows" in rejected(text_file(long, "long.csv"), limits=limits)


@pytest.mark.parametrize("mixed", [False, True])
def test_c29_column_cap_xlsx(xlsx, mixed):
    reason = rejected(xlsx([HEADER, *_rows(3, mixed)]), limits=Limits(max_cols=3))
    assert "4 columns, over the limit of 3" in reason


def test_c29_column_cap_csv(text_file):
    reason = rejected(text_file(b"name,country,id,workers\nA,DE,1,2\n"), limits=Limits(max_cols=3))
    assert "the file has 4 columns, over the limit of 3" in reason


@pytest.mark.parametrize("mixed", [False, True])
def test_c29_cell_length_cap(xlsx, text_file, mixed):
    limits = Limits(max_cell_chars=10)
    long_name = "A very long supplier name"
    path = xlsx([HEADER, [long_name, "DE", "1", "x" if mixed else 1], ["Short", "DE", "2", 2]])
    csv = text_file(f"name,country\n{long_name},DE\nShort,DE\n".encode())
    for result in (read_upload(path, limits=limits), read_upload(csv, limits=limits)):
        too_long = [e for e in result.errors if "too long" in e.message]
        assert [(e.row, e.column) for e in too_long] == [(2, "A")]
        assert "25 characters, limit 10" in too_long[0].message
        assert list(result.frame["supplier_name"]) == ["Short"]

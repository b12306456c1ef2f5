"""A workbook with macros never enters a pack: a data-only copy of its values does (RELIABILITY
#15), and when its data cannot be read safely the pack says so instead."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from supplychain.evidence.pack import build_pack
from supplychain.evidence.uploads import UploadSource
from supplychain.evidence.verify import INTACT, verify_pack
from tests.unit.evidence.packs import KEY, audit_chain, make_data, members, sha256


def macro_workbook(path: Path, *, inside: bool = True) -> Path:
    """An .xlsm-style workbook: two sheets of data plus a VBA project part."""
    plain = path.with_suffix(".plain.xlsx")
    with xlsxwriter.Workbook(str(plain)) as book:
        first = book.add_worksheet("=Suppliers (2025)")
        first.write_row(0, 0, ["Supplier Name", "Country", "Workers"])
        first.write_string(1, 0, '=HYPERLINK("http://evil.example")')
        first.write_string(1, 1, "CN")
        first.write_number(1, 2, 120)
        first.write_formula(2, 2, "=C2*2", None, 240)
        book.add_worksheet("Notes").write_string(0, 0, "@SUM(1)")
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        if inside:
            dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA project")
    return path


def pack_with(tmp_path: Path, source: Path, name: str, fmt: str | None) -> tuple[Path, tuple]:
    data = make_data(tmp_path / "in")
    upload = UploadSource(9, sha256(source.read_bytes()), source, name, fmt)
    data.uploads = [upload]
    data.audit = audit_chain({upload.upload_id: upload.sha256})
    out = tmp_path / "pack.zip"
    return out, build_pack(data, out, key=KEY).notes


def test_an_xlsm_is_replaced_by_a_data_only_copy(tmp_path: Path) -> None:
    source = macro_workbook(tmp_path / "list.xlsm")
    pack, notes = pack_with(tmp_path, source, "list.xlsm", "xlsm")
    files = members(pack)
    assert "uploads/9.data-only.xlsx" in files and "uploads/9.xlsm" not in files
    assert any("contained macros" in n for n in notes)
    assert verify_pack(pack, KEY).status == INTACT
    copy = files["uploads/9.data-only.xlsx"]
    with zipfile.ZipFile(io.BytesIO(copy)) as book:
        assert not any("vba" in n.lower() for n in book.namelist())
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in book.read(name).decode()
    wb = openpyxl.load_workbook(io.BytesIO(copy), read_only=True)
    assert wb.sheetnames == ["Index", "Sheet1", "Sheet2"]
    index = list(wb["Index"].iter_rows(values_only=True))
    assert index[1:] == [("Sheet1", "'=Suppliers (2025)"), ("Sheet2", "Notes")]
    rows = list(wb["Sheet1"].iter_rows(values_only=True))
    assert rows[1][:3] == ('\'=HYPERLINK("http://evil.example")', "CN", 120)
    assert rows[2][2] == 240, "a formula's cached value is kept, the formula is not"
    assert next(wb["Sheet2"].iter_rows(values_only=True))[0] == "'@SUM(1)"
    uploads_sheet = openpyxl.load_workbook(
        io.BytesIO(files["evidence-workbook.xlsx"]), read_only=True
    )["Uploads"]
    row = next(uploads_sheet.iter_rows(min_row=2, values_only=True))
    assert row[2] == "uploads/9.data-only.xlsx" and "data-only copy" in row[12]


def test_an_xlsx_carrying_a_vba_part_is_treated_the_same(tmp_path: Path) -> None:
    source = macro_workbook(tmp_path / "innocent.xlsx")
    pack, _ = pack_with(tmp_path, source, "innocent.xlsx", "xlsx")
    assert "uploads/9.xlsx" not in members(pack)
    assert "uploads/9.data-only.xlsx" in members(pack)


def test_a_macro_workbook_that_cannot_be_read_safely_is_left_out(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsm"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>")
        zf.writestr("xl/vbaProject.bin", b"fake")
    pack, notes = pack_with(tmp_path, bomb, "bomb.xlsm", None)
    assert not any(n.startswith("uploads/") for n in members(pack))
    assert any("could not be read safely" in n for n in notes)
    assert verify_pack(pack, KEY).status == INTACT


def test_a_plain_workbook_is_copied_unchanged(tmp_path: Path) -> None:
    source = macro_workbook(tmp_path / "plain.xlsx", inside=False)
    pack, notes = pack_with(tmp_path, source, "plain.xlsx", "xlsx")
    assert members(pack)["uploads/9.xlsx"] == source.read_bytes()
    assert notes == ()

"""Intake against generated bad files: one case per RELIABILITY.md item where it applies."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from supplychain.ingest.errors import FileRejected, HeaderNotFound
from supplychain.ingest.pipeline import read_upload, write_error_workbook

GOOD = [["Supplier name", "Country", "Supplier ID"], ["Acme", "Viet Nam", "001"]]


def rejected(path: Path, **kw) -> str:
    with pytest.raises(FileRejected) as info:
        read_upload(path, **kw)
    return info.value.reason


def test_a3_extension_not_allowed(xlsx):
    assert "not accepted" in rejected(xlsx(GOOD, name="a.xls.php"))


def test_a4_csv_named_xlsx(text_file):
    assert "not an Excel" in rejected(text_file(b"name,country\nA,VN\n", "a.xlsx"))


def test_a4_zip_not_workbook(text_file):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hi")
    assert "ZIP archive" in rejected(text_file(buf.getvalue(), "a.xlsx"))


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage"])
def test_a5_empty_or_truncated(text_file, data):
    reason = rejected(text_file(data, "a.xlsx"))
    assert "empty" in reason or "damaged" in reason
    assert "BadZip" not in reason


def _bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * size + b"</a>")
    return path


def test_b9_zip_bomb_rejected_fast(tmp_path):
    bomb = _bomb(tmp_path / "b.xlsx", 300 * 1024 * 1024)
    start = time.perf_counter()
    reason = rejected(bomb)
    assert "decompression bomb" in reason or "expands" in reason
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "decl",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>',
        b'<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_b12_b13_unsafe_xml(xlsx, tmp_path, decl):
    src = xlsx(GOOD)
    out = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?>' + decl + data.split(b"?>", 1)[-1]
            zout.writestr(item, data)
    assert "unsafe XML" in rejected(out)


def test_b14_encrypted_ole(tmp_path):
    path = tmp_path / "enc.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    reason = rejected(path)
    assert "damaged" in reason or "password" in reason


def test_b15_macros_data_only(xlsx, tmp_path):
    src = xlsx(GOOD)
    out = tmp_path / "m.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("xl/vbaProject.bin", b"\x00" * 10)
    result = read_upload(out)
    assert result.file.format == "xlsm"
    assert any("macros" in w.message for w in result.warnings)


def test_c20_c22_c23_title_hidden_blank(tmp_path):
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Old"
    hidden.append(GOOD[0])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("Data")
    ws.append(["Supplier list 2024"])
    ws.append([])
    ws.append(GOOD[0])
    ws.append(GOOD[1])
    ws.append([])
    ws.append(["Beta", "Burma", "002"])
    wb.save(tmp_path / "t.xlsx")
    result = read_upload(tmp_path / "t.xlsx")
    assert (result.file.sheet, result.file.header_row) == ("Data", 3)
    assert list(result.frame["row"]) == [4, 6]
    assert list(result.frame["country"]) == ["VN", "MM"]
    assert any("hidden sheet" in w.message for w in result.warnings)


def test_c24_duplicate_headers(xlsx):
    reason = rejected(xlsx([["Supplier name", "Country", "Country"], ["A", "VN", "VN"]]))
    assert "columns B" in reason and "C" in reason


def test_c26_missing_required(xlsx):
    assert "Country" in rejected(xlsx([["Supplier name", "Supplier ID"], ["A", "1"]]))


def test_c28_no_rows(xlsx):
    assert "no supplier rows" in rejected(xlsx([GOOD[0]]))


def test_c30_two_header_rows(xlsx):
    assert "two header rows" in rejected(xlsx([GOOD[0], ["Name", "Pays", "ID"], GOOD[1]]))


def test_c27_merged_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [GOOD[0], ["A", "China", "1"], [None, "China", "2"]]:
        ws.append(row)
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "m.xlsx")
    result = read_upload(tmp_path / "m.xlsx")
    assert list(result.frame["supplier_name"]) == ["A", "A"]
    assert any("merged cells A2:A3" in w.message for w in result.warnings)


def test_d31_d32_formula_without_value_and_error_cell(xlsx):
    result = read_upload(
        xlsx([GOOD[0] + ["Workers"], ["A", "VN", "1", "=1+1"], ["B", "VN", "2", "#REF!"]])
    )
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "formula with no saved result" in messages[(2, "D")]
    assert "#REF!" in messages[(3, "D")]


def test_d33_d34_dates(xlsx):
    rows = [
        GOOD[0] + ["Audit date"],
        ["A", "VN", "1", 45000],
        ["B", "VN", "2", 60],
        ["C", "VN", "3", "01/02/2024"],
        ["D", "VN", "4", "2024-03-05"],
        ["E", "VN", "5", dt.datetime(2023, 1, 2)],
    ]
    result = read_upload(xlsx(rows))
    bad = {e.row: e.message for e in result.errors}
    assert set(bad) == {3, 4} and "ambiguous" in bad[4]
    assert [d.date().isoformat() for d in result.frame["audit_date"]] == [
        "2023-03-15",
        "2024-03-05",
        "2023-01-02",
    ]


def test_d35_d36_identifiers(xlsx):
    result = read_upload(xlsx([GOOD[0], ["A", "VN", "0901"], ["B", "VN", 1234567890123456789]]))
    assert list(result.frame["supplier_id"]) == ["0901"]
    assert "lost precision" in result.errors[0].message


def test_d37_d38_mixed_numbers_percent(xlsx):
    rows = [
        GOOD[0] + ["Workers", "Migrant workers %"],
        ["A", "VN", "1", 10, "45%"],
        ["B", "VN", "2", "x", 45],
        ["C", "VN", "3", "1,5", 0.5],
    ]
    result = read_upload(xlsx(rows))
    assert {(e.row, e.column) for e in result.errors} == {(3, "D"), (4, "D")}
    assert "whole number" in result.errors[0].message
    assert list(result.frame["migrant_workers_pct"]) == [45.0]


def test_d39_countries_with_suggestion(xlsx):
    result = read_upload(xlsx([GOOD[0], ["A", "Germny", "1"], ["B", "Ivory Coast", "2"]]))
    assert "Germany" in result.errors[0].message
    assert list(result.frame["country"]) == ["CI"]


def test_d41_d43_control_chars_and_url(text_file):
    data = b"name,country,id,website\nA\x01b,VN,1,javascript:alert(1)\nC,VN,2,https://x.org\n"
    result = read_upload(text_file(data))
    assert any("control characters" in w.message for w in result.warnings)
    assert "http" in result.errors[0].message and result.errors[0].column == "D"


def test_e44_e45_multiline_bom(text_file):
    data = '\ufeffname,country\n"Line1\nLine2",VN\nB,UK\n'.encode()
    result = read_upload(text_file(data))
    assert result.file.encoding == "utf-8-sig"
    assert list(result.frame["row"]) == [2, 3]
    assert list(result.frame["country"]) == ["VN", "GB"]


def test_e46_cp1252_preview(text_file):
    result = read_upload(text_file("name;country\nSão Paulo Têxtil;Brasil\n".encode("cp1252")))
    assert result.file.encoding == "cp1252" and result.file.delimiter == ";"
    assert "São" in result.warnings[0].message
    assert result.frame["supplier_name"][0] == "São Paulo Têxtil"


def test_e47_utf16_tab(text_file):
    result = read_upload(text_file("name\tcountry\nA\tVN\n".encode("utf-16"), "u.txt"))
    assert (result.file.encoding, result.file.delimiter) == ("utf-16", "\t")


def test_e48_pipe(text_file):
    assert read_upload(text_file(b"name|country\nA|VN\n")).file.delimiter == "|"


def test_e49_ragged_and_unclosed_quote(text_file):
    result = read_upload(text_file(b"name,country\nA,VN,x,y\nB,VN\n"))
    assert "expected 2 fields, found 4" in result.errors[0].message
    assert "record 3" in rejected(text_file(b'name,country\nA,VN\n"B,VN\n'))


def test_e50_field_too_long(text_file):
    data = b"name,country\n" + b"x" * 140_000 + b",VN\nB,VN\n"
    result = read_upload(text_file(data))
    assert "too long" in result.errors[0].message and len(result.frame) == 1


def test_error_workbook_is_safe(xlsx, tmp_path):
    result = read_upload(xlsx([GOOD[0], ['=HYPERLINK("x")', "Nowhere", "1"]]))
    out = tmp_path / "errors.xlsx"
    write_error_workbook(result, out)
    with zipfile.ZipFile(out) as zf:
        assert not any(b"<f>" in zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
    assert "Errors" in openpyxl.load_workbook(out).sheetnames


def test_unrecognised_header_is_offered_for_mapping_by_hand(xlsx):
    path = xlsx([["Vendor register 2026"], [], ["Lieferant", "Staat", "Nr"], ["Acme", "Ghana", 7]])
    with pytest.raises(HeaderNotFound) as info:
        read_upload(path)
    found = info.value
    assert "could not find the header row" in found.reason and found.sheet == "Suppliers"
    assert found.reason.endswith(
        "row 3 holds 'Lieferant', 'Staat', 'Nr': rename the supplier name and country columns, "
        "or map the columns by hand when uploading in the browser"
    )
    assert found.columns == [("Lieferant", "A"), ("Staat", "B"), ("Nr", "C")]
    assert found.examples == {"Lieferant": ["Acme"], "Staat": ["Ghana"], "Nr": ["7"]}
    mapped = read_upload(path, mapping={"Lieferant": "supplier_name", "Staat": "country"})
    assert mapped.frame["supplier_name"].tolist() == ["Acme"]

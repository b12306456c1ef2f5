"""More RELIABILITY.md items on generated files: names, container limits, external formulas,
inflated and hidden rows, stray columns, header spellings, formula-like text, bidi controls."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from supplychain.ingest.errors import FileRejected, HeaderNotFound
from supplychain.ingest.limits import MB, Limits
from supplychain.ingest.pipeline import read_upload

GOOD = [["Supplier name", "Country"], ["Acme", "Viet Nam"]]


def rejected(path: Path, **kw) -> str:
    with pytest.raises(FileRejected) as info:
        read_upload(path, **kw)
    return info.value.reason


def rebuild(src: Path, out: Path, change: Callable[[str, bytes], bytes], extra: dict) -> Path:
    """Copy the workbook ``src`` part by part through ``change``, adding the ``extra`` parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item)))
        for part, data in extra.items():
            zout.writestr(part, data)
    return out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("suppliers.exe", "files of type .exe are not accepted"),
        ("suppliers.html", "files of type .html are not accepted"),
        ("a.php\x00.xlsx", "the file name contains invalid characters"),
    ],
)
def test_a3_names_outside_the_allow_list(text_file, name, expected):
    path = text_file(b"Supplier name,Country\nAcme,VN\n")
    assert expected in rejected(path, name=name)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({f"xl/media/{i}.xml": b"<a/>" for i in range(1100)}, "parts, over the limit of 1000"),
        ({"xl/media/pad.xml": b" " * 5_000_000}, "expands 1"),  # ratio over 100:1
    ],
)
def test_b9_entry_count_and_ratio_are_checked_before_parsing(xlsx, tmp_path, extra, expected):
    out = rebuild(xlsx(GOOD), tmp_path / "odd.xlsx", lambda _, d: d, extra)
    assert expected in rejected(out)


def test_b9_total_uncompressed_size_cap(xlsx, tmp_path):
    parts = {f"xl/media/{i}.bin": bytes(range(256)) * 4000 for i in range(3)}  # 3 MB, 1:1
    out = rebuild(xlsx(GOOD), tmp_path / "big.xlsx", lambda _, d: d, parts)
    assert "expands to 3 MB, over the limit of 2 MB" in rejected(
        out, limits=Limits(max_uncompressed=2 * MB)
    )


@pytest.mark.parametrize(
    "part", ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
)
def test_b12_entity_declarations_in_any_part(tmp_path, part):
    src = tmp_path / "s.xlsx"
    with xlsxwriter.Workbook(str(src)) as wb:
        ws = wb.add_worksheet()
        for r, row in enumerate(GOOD):
            ws.write_row(r, 0, row)
    decl = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def change(name: str, data: bytes) -> bytes:
        return b'<?xml version="1.0"?>' + decl + data.split(b"?>", 1)[-1] if name == part else data

    reason = rejected(rebuild(src, tmp_path / "evil.xlsx", change, {}))
    assert f"unsafe XML (a DOCTYPE or ENTITY declaration in {part})" in reason


def test_b16_xlsb_is_refused_with_what_to_do(xlsx, tmp_path):
    out = rebuild(xlsx(GOOD), tmp_path / "binary.xlsx", lambda _, d: d, {"xl/workbook.bin": b"0"})
    assert "binary .xlsb workbooks are not accepted; save it as .xlsx" in rejected(out)
    assert "not accepted" in rejected(out, name="binary.xlsb")


def test_b18_external_and_webservice_formulas_give_their_saved_value_only(tmp_path):
    path = tmp_path / "links.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet("Suppliers")
        ws.write_row(0, 0, ["Supplier name", "Country", "Notes"])
        ws.write_row(1, 0, ["Acme", "VN"])
        ws.write_formula(1, 2, '=WEBSERVICE("http://169.254.169.254/")', None, "saved text")
        ws.write_row(2, 0, ["Beta", "DE"])
        ws.write_formula(2, 2, "=[1]Sheet1!A1", None, "from another file")
    result = read_upload(path)
    assert result.errors == []
    assert list(result.frame["notes"]) == ["saved text", "from another file"]


def test_c19_formatting_down_to_the_last_row_is_not_rows(tmp_path):
    path = tmp_path / "formatted.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet("Suppliers")
        fill = wb.add_format({"bg_color": "yellow"})
        for r, row in enumerate(GOOD):
            ws.write_row(r, 0, row)
        for r in range(2, 50_000):
            ws.write_blank(r, 0, None, fill)
        ws.set_row(1_048_575, 15, fill)
    result = read_upload(path)
    assert (result.rows, list(result.frame["row"])) == (1, [2])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_c21_empty_trailing_columns_and_a_value_without_header(xlsx, text_file, kind):
    if kind == "csv":
        path = text_file(b"Supplier name,Country,,\nAcme,VN,,stray\nBeta,DE,,\n")
    else:
        path = xlsx([["Supplier name", "Country", None, None], ["Acme", "VN", None, "stray"]])
        wb = openpyxl.load_workbook(path)
        wb.active.cell(row=2, column=1025).number_format = "0.00"  # used range out to AMK
        wb.active.append(["Beta", "DE"])
        wb.save(path)
    result = read_upload(path)
    assert [c.column for c in result.columns] == ["A", "B"]
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (2, "D", "stray", "value in column D has no header")
    ]
    assert list(result.frame["supplier_name"]) == ["Beta"]


def test_c22_hidden_rows_and_columns_are_read_and_reported(xlsx):
    path = xlsx([["Supplier name", "Country", "Notes"], *([f"S{i}", "VN", "n"] for i in range(9))])
    wb = openpyxl.load_workbook(path)
    for row in (3, 4, 5, 8):
        wb.active.row_dimensions[row].hidden = True
    wb.active.column_dimensions["C"].hidden = True
    wb.save(path)
    result = read_upload(path)
    assert result.rows == 9 and result.errors == []
    assert [w.message for w in result.warnings] == [
        "rows 3-5, 8 are hidden in Excel; read as data like the rest",
        "column C is hidden in Excel; read as data like the rest",
    ]
    assert {w.sheet for w in result.warnings} == {"Suppliers"}


def test_c22_hidden_columns_side_by_side_are_one_span(xlsx):
    path = xlsx([["Supplier name", "Country", "Notes", "X", "Y"], ["Acme", "VN", "n", "x", "y"]])
    wb = openpyxl.load_workbook(path)
    for letter in "CDE":
        wb.active.column_dimensions[letter].hidden = True
    wb.active.column_dimensions["D"].width = 30  # kept as a <col> element of its own
    wb.save(path)
    hidden = [w.message for w in read_upload(path).warnings if "hidden" in w.message]
    assert hidden == ["columns C:E are hidden in Excel; read as data like the rest"]


def test_c25_header_spellings_and_unknown_columns(text_file):
    header = "\ufeffNom\u00a0du\u00a0fournisseur ,\u200bPAYS,供应商编号,Farbe\n"
    result = read_upload(text_file((header + "Acme,Allemagne,007,rot\n").encode()))
    assert [(c.column, c.field) for c in result.columns] == [
        ("A", "supplier_name"),
        ("B", "country"),
        ("C", "supplier_id"),
        ("D", None),
    ]
    assert result.frame["supplier_id"][0] == "007" and result.frame["country"][0] == "DE"
    assert [w.message for w in result.warnings] == [
        "column D ('Farbe') matches no field; kept as an extra attribute"
    ]
    assert result.frame["extra"][0] == {"Farbe": "rot"}


def test_d40_formula_like_text_is_stored_as_the_text_it_is(text_file):
    data = (
        "Supplier name,Country,Notes\n"
        "=cmd|' /C calc'!A0,VN,+1+1\n"
        "@SUM(1),DE,-2+3\n"
        '"=HYPERLINK(""http://x"")",FR,%0A\n'
    )
    result = read_upload(text_file(data.encode()))
    assert result.errors == []
    assert list(result.frame["supplier_name"]) == [
        "=cmd|' /C calc'!A0",
        "@SUM(1)",
        '=HYPERLINK("http://x")',
    ]
    assert list(result.frame["notes"]) == ["+1+1", "-2+3", "%0A"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_d42_bidi_controls_removed_and_width_forms_folded(xlsx, text_file, kind):
    rows = [["Supplier name", "Country"], ["Acme\u202etxt.exe", "VN"], ["Ｂｅｔａ 😀", "DE"]]
    if kind == "csv":
        path = text_file("".join(",".join(r) + "\n" for r in rows).encode())
    else:
        path = xlsx(rows)
    result = read_upload(path)
    assert list(result.frame["supplier_name"]) == ["Acmetxt.exe", "Beta 😀"]
    control, folded = result.warnings
    assert (control.row, control.column, control.message) == (
        2,
        "A",
        "control characters were removed",
    )
    assert (folded.row, folded.column, folded.value) == (3, "A", "Beta 😀")  # as stored
    assert folded.message.startswith("special character forms were replaced by plain ones")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_d42_a_cell_left_empty_by_cleaning_gets_no_warning(xlsx, text_file, kind):
    rows = [
        ["Supplier name", "Country", "Region"],
        ["Acme", "VN", "\u00a0"],
        ["Beta", "DE", "\u202e"],
    ]
    if kind == "csv":
        path = text_file("".join(",".join(r) + "\n" for r in rows).encode())
    else:
        path = xlsx(rows)
    result = read_upload(path)
    assert result.frame["region"].isna().all()
    assert result.warnings == []


def test_e48_one_column_file_names_the_missing_column(text_file):
    with pytest.raises(HeaderNotFound) as info:
        read_upload(text_file(b"Supplier name\nAcme\nBeta\n"))
    assert "required columns: Supplier name, Country" in info.value.reason


def test_c22_first_visible_sheet_with_a_header_or_the_one_named(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Instructions"
    wb.active.append(["Fill in the Suppliers sheet, one supplier per row"])
    for title, rows in [("Suppliers", [["Acme", "Ghana"]]), ("Last year", [["Old Co", "Peru"]])]:
        ws = wb.create_sheet(title)
        for row in [GOOD[0], *rows]:
            ws.append(row)
    path = tmp_path / "cover.xlsx"
    wb.save(path)
    chosen = read_upload(path)
    assert (chosen.file.sheet, chosen.file.header_row) == ("Suppliers", 1)
    assert list(chosen.frame["country"]) == ["GH"]
    named = read_upload(path, sheet="Last year")
    assert (named.file.sheet, list(named.frame["country"])) == ("Last year", ["PE"])
    assert rejected(path, sheet="Nope") == (
        "cover.xlsx: there is no sheet named 'Nope'; the sheets are Instructions, Suppliers, "
        "Last year"
    )
    assert "of sheet 'Instructions'" in rejected(path, sheet="Instructions")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_c23_header_found_under_29_title_rows_not_30(xlsx, text_file, kind):
    def upload(titles: int) -> Path:
        rows = [[f"title line {i}", None] for i in range(titles)] + GOOD
        if kind == "xlsx":
            return xlsx(rows, name=f"t{titles}.xlsx")
        text = "".join(",".join(v or "" for v in row) + "\n" for row in rows)
        return text_file(text.encode(), f"t{titles}.csv")

    assert read_upload(upload(29)).file.header_row == 30
    assert "could not find the header row in the first 30 rows" in rejected(upload(30))


def test_a4_workbook_named_csv_is_refused_with_the_right_extension(xlsx, tmp_path):
    renamed = tmp_path / "suppliers.csv"
    renamed.write_bytes(xlsx(GOOD).read_bytes())
    assert rejected(renamed) == (
        "suppliers.csv: this is an Excel workbook named .csv; rename it to .xlsx"
    )


def test_d34_text_dates_iso_or_unambiguous_only(text_file):
    data = (
        "Supplier name,Country,Audit date\n"
        "A,VN,2024-13-01\n"
        "B,VN,2024-02-30\n"
        "C,VN,13/02/2024\n"
        "D,VN,05/05/2024\n"
        "E,VN,03/04/2024\n"
        "F,VN,last spring\n"
    )
    result = read_upload(text_file(data.encode()))
    errors = {e.row: e.message for e in result.errors}
    assert set(errors) == {2, 3, 6, 7}
    assert errors[2].startswith("not a valid date") and errors[3].startswith("not a valid date")
    assert errors[6].startswith("ambiguous date") and errors[7].startswith("not a date")
    assert [d.date().isoformat() for d in result.frame["audit_date"]] == [
        "2024-02-13",
        "2024-05-05",
    ]


def test_b13_external_entity_in_an_ods_is_refused(tmp_path):
    src = tmp_path / "plain.ods"
    pd.DataFrame({"Supplier name": ["Acme"], "Country": ["VN"]}).to_excel(
        src, engine="odf", index=False
    )
    decl = b'<!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>'

    def change(name: str, data: bytes) -> bytes:
        if name != "content.xml":
            return data
        return b'<?xml version="1.0"?>' + decl + data.split(b"?>", 1)[-1]

    reason = rejected(rebuild(src, tmp_path / "evil.ods", change, {}))
    assert "unsafe XML (a DOCTYPE or ENTITY declaration in content.xml)" in reason

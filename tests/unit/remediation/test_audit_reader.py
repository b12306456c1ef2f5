"""The audit-results reader on real files, with an in-memory supplier matcher (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from supplychain.ingest.audits import group_audits, indicator_table, read_audits
from supplychain.ingest.errors import FileRejected

TODAY = date(2026, 11, 27)
INDICATORS = indicator_table(
    [
        (3, "Restriction of movement"),
        (7, "Retention of identity documents"),
        (11, "Excessive overtime"),
    ]
)
KNOWN = {"S-1": 101, "S-2": 102}


def match(ref, name, country):
    if ref is not None:
        return KNOWN.get(ref, f"unknown supplier ID {ref!r}")
    return 103 if (name, country) == ("Lotus Knitwear", "VN") else f"unknown supplier {name!r}"


def read(path: Path, **kwargs):
    return read_audits(path, indicators=INDICATORS, match_supplier=match, today=TODAY, **kwargs)


def test_csv_with_bom_semicolons_and_names(tmp_path: Path) -> None:
    path = tmp_path / "audits.csv"
    path.write_bytes(
        "\ufeffSupplier name;Country;Audit date;Result;Finding;Severity;ILO indicators\n"
        "Lotus Knitwear;Viet Nam;2026-03-02;Failed;Exits locked;Critical;3\n"
        "Lotus Knitwear;Viet Nam;2026-03-02;Failed;Passports kept;major;Retention of identity "
        "documents\n".encode()
    )
    sheet = read(path)
    assert sheet.file.delimiter == ";" and sheet.errors == []
    assert [
        (r.supplier, r.result, r.finding.severity, r.finding.indicators) for r in sheet.records
    ] == [(103, "failed", "critical", (3,)), (103, "failed", "major", (7,))]
    assert len(group_audits(sheet.records)) == 1


def _xlsx(path: Path, rows: list[list], *, merge: str | None = None, hidden: bool = False) -> Path:
    book = openpyxl.Workbook()
    if hidden:
        secret = book.active
        secret.title, secret.sheet_state = "Old", "hidden"
        secret.append(["Supplier ID", "Audit date"])
        ws = book.create_sheet("Audits")
    else:
        ws = book.active
        ws.title = "Audits"
    ws.append(["Quarterly audit results"])
    ws.append([])
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    book.save(path)
    return path


HEAD = ["Supplier ID", "Audit date", "Standard", "Finding", "Severity", "ILO indicators"]


def test_workbook_with_title_block_merged_supplier_cells_and_hidden_sheet(tmp_path) -> None:
    rows = [
        HEAD,
        ["S-1", date(2026, 6, 1), "SA8000", "Overtime", "minor", 11],
        [None, date(2026, 6, 1), "SA8000", "Exit locks", "major", "3"],
    ]
    sheet = read(_xlsx(tmp_path / "a.xlsx", rows, merge="A4:A5", hidden=True))
    assert sheet.file.sheet == "Audits" and sheet.file.header_row == 3
    assert [r.supplier for r in sheet.records] == [101, 101]
    messages = [w.message for w in sheet.warnings]
    assert any("merged cells A4:A5" in m for m in messages)
    assert any("hidden sheet 'Old'" in m for m in messages)


def test_every_bad_cell_is_located(tmp_path: Path) -> None:
    rows = [
        HEAD,
        ["S-9", date(2026, 6, 1), "SA8000", "", "", ""],
        ["S-2", "01/02/2026", "SA8000", "Overtime", "", "11"],
        ["S-2", date(2027, 6, 1), "SA8000", "Debt", "major", "Slavery"],
    ]
    sheet = read(_xlsx(tmp_path / "b.xlsx", rows))
    located = {(e.sheet, e.row, e.column, e.header): e.message for e in sheet.errors}
    assert "unknown supplier ID 'S-9'" in located[("Audits", 4, "A", "Supplier ID")]
    assert "ambiguous date" in located[("Audits", 5, "B", "Audit date")]
    assert "needs Severity" in located[("Audits", 5, "E", "Severity")]
    assert "in the future" in located[("Audits", 6, "B", "Audit date")]
    assert "'Slavery' is not one of" in located[("Audits", 6, "F", "ILO indicators")]
    assert sheet.invalid_rows == [4, 5, 6] and sheet.records == []


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([["Supplier ID", "Finding"], ["S-1", "x"]], "Audit date is missing"),
        ([["Finding", "Audit date"], ["x", date(2026, 1, 1)]], "Supplier ID column"),
        ([["Supplier ID", "Audit date", "Supplier code"]], "both hold supplier_id"),
        ([HEAD], "no audit rows"),
        ([["Name", "Amount"], ["x", 1]], "could not find the header"),
    ],
)
def test_files_that_cannot_be_used_are_rejected(tmp_path, rows, problem) -> None:
    with pytest.raises(FileRejected, match=problem):
        read(_xlsx(tmp_path / "c.xlsx", rows))


def test_executable_named_xlsx_is_rejected_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "audits.xlsx"
    path.write_bytes(b"MZ" + bytes(300))
    with pytest.raises(FileRejected, match="Windows program"):
        read(path)
